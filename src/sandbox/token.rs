//! The sandbox's tokens: HS256 JWTs, signed and checked with `jsonwebtoken` (claims, expiry,
//! leeway) over its own HS256-only crypto provider on RustCrypto's `hmac` and `sha2`.
//!
//! Why not `jsonwebtoken`'s `rust_crypto` feature: it builds RSA, P-256, P-384 and Ed25519 (with
//! their bignum and curve crates) for a sandbox that only ever signs HS256; leaving them out
//! shortens the first build (docs/performance.md, Build times). `CryptoProvider` is the
//! extension point `jsonwebtoken` documents for this; any other algorithm is refused with
//! `InvalidAlgorithm`, never a panic.

use hmac::{Hmac, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{Error, ErrorKind, Result};
use jsonwebtoken::signature::{self, Signer, Verifier};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, EncodingKey, Header, Validation};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Signs `claims` as an HS256 JWT with `secret`.
pub fn sign(secret: &[u8], claims: &impl Serialize) -> Result<String> {
    install();
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
}

/// Checks an HS256 JWT's signature against `secret` and its `exp` (no leeway), and returns
/// its claims.
pub fn verify<T: DeserializeOwned>(secret: &[u8], token: &str) -> Result<T> {
    install();
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    jsonwebtoken::decode(token, &DecodingKey::from_secret(secret), &validation).map(|t| t.claims)
}

/// Makes [`PROVIDER`] the process's provider (jsonwebtoken keeps it in a `OnceLock`, so a
/// second call, or one after another provider was installed, changes nothing).
fn install() {
    let _ = PROVIDER.install_default();
}

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: |algorithm, key| {
        let mac = hs256(algorithm, key.family(), key.as_bytes())?;
        Ok(Box::new(Hs256(mac)) as Box<dyn JwtSigner>)
    },
    verifier_factory: |algorithm, key| {
        let mac = hs256(algorithm, key.family(), key.try_get_as_bytes()?)?;
        Ok(Box::new(Hs256(mac)) as Box<dyn JwtVerifier>)
    },
    // JWKs are never built from these keys.
    key_utils: KeyUtils::new_unimplemented(),
};

fn hs256(algorithm: &Algorithm, family: AlgorithmFamily, secret: &[u8]) -> Result<HmacSha256> {
    if *algorithm != Algorithm::HS256 {
        return Err(Error::from(ErrorKind::InvalidAlgorithm));
    }
    if family != AlgorithmFamily::Hmac {
        return Err(Error::from(ErrorKind::InvalidKeyFormat));
    }
    HmacSha256::new_from_slice(secret).map_err(|_| Error::from(ErrorKind::InvalidKeyFormat))
}

struct Hs256(HmacSha256);

impl Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl Verifier<Vec<u8>> for Hs256 {
    fn verify(&self, message: &[u8], tag: &Vec<u8>) -> std::result::Result<(), signature::Error> {
        let mut mac = self.0.clone();
        mac.update(message);
        // Constant time.
        mac.verify_slice(tag).map_err(|_| signature::Error::new())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn a_signed_token_verifies_with_its_secret_and_not_another() {
        let claims = json!({ "type": "ephemeral", "exp": now() + 60 });
        let token = sign(b"secret", &claims).unwrap();
        let got: Value = verify(b"secret", &token).unwrap();
        assert_eq!(got, claims);
        let err = verify::<Value>(b"other", &token).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidSignature);
    }

    #[test]
    fn the_signature_is_rfc_7515s_hmac_sha256() {
        // RFC 7515, appendix A.1: the JWS signing input, key and signature.
        install();
        let input = b"eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let secret = base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        )
        .unwrap();
        let signature =
            jsonwebtoken::crypto::sign(input, &EncodingKey::from_secret(&secret), Algorithm::HS256)
                .unwrap();
        assert_eq!(signature, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    #[test]
    fn an_expired_or_tampered_token_is_refused() {
        let expired = sign(b"s", &json!({ "exp": now() - 1 })).unwrap();
        let err = verify::<Value>(b"s", &expired).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::ExpiredSignature);

        let token = sign(b"s", &json!({ "exp": now() + 60, "type": "ephemeral" })).unwrap();
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = sign(b"s", &json!({ "exp": now() + 60, "type": "stateful" })).unwrap();
        parts[1] = forged.split('.').nth(1).unwrap();
        let err = verify::<Value>(b"s", &parts.join(".")).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidSignature);
    }

    #[test]
    fn other_algorithms_are_refused_not_a_panic() {
        install();
        let key = EncodingKey::from_secret(b"s");
        for algorithm in [
            Algorithm::HS384,
            Algorithm::HS512,
            Algorithm::RS256,
            Algorithm::ES256,
        ] {
            let err = jsonwebtoken::crypto::sign(b"m", &key, algorithm).unwrap_err();
            assert_eq!(err.kind(), &ErrorKind::InvalidAlgorithm, "{algorithm:?}");
        }
        // A token whose header says HS512 does not pass an HS256 check.
        let mut header = Header::new(Algorithm::HS512);
        header.typ = Some("JWT".into());
        let err = jsonwebtoken::encode(&header, &json!({}), &key).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidAlgorithm);
    }
}
