//! Decoding session tokens (JWTs) for display. The signature is NOT verified: the signing secret is
//! Anam's. Every malformed input is an error, never a panic.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use chrono::{DateTime, Local, TimeZone, Utc};
use serde_json::{Map, Value};
use std::fmt;

/// Tokens longer than this are refused before decoding.
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

/// Said wherever decoded claims are shown.
pub const UNVERIFIED_NOTE: &str =
    "Decoded without verifying the signature: only Anam holds the signing key.";

const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Claims,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Header => "header",
            Part::Claims => "claims",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("the token is empty")]
    Empty,
    #[error("the token is {len} bytes long; a session token is at most {MAX_TOKEN_LEN}")]
    TooLong { len: usize },
    #[error("a JWT has three parts separated by dots, this has {found}")]
    PartCount { found: usize },
    #[error("the {part} is not valid base64url")]
    Base64 { part: Part },
    #[error("the {part} is not JSON: {message}")]
    NotJson { part: Part, message: String },
    #[error("the {part} is not a JSON object")]
    NotObject { part: Part },
}

/// A decoded (unverified) JWT.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedJwt {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

/// Decodes a compact JWT. Surrounding whitespace is ignored.
pub fn decode(token: &str) -> Result<DecodedJwt, JwtError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(JwtError::Empty);
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::TooLong { len: token.len() });
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(JwtError::PartCount { found: parts.len() });
    }
    Ok(DecodedJwt {
        header: decode_part(parts[0], Part::Header)?,
        claims: decode_part(parts[1], Part::Claims)?,
    })
}

fn decode_part(text: &str, part: Part) -> Result<Map<String, Value>, JwtError> {
    let bytes = BASE64URL
        .decode(text)
        .map_err(|_| JwtError::Base64 { part })?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(JwtError::NotObject { part }),
        Err(e) => Err(JwtError::NotJson {
            part,
            message: e.to_string(),
        }),
    }
}

impl DecodedJwt {
    /// `{"header": …, "claims": …}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({ "header": self.header, "claims": self.claims })
    }

    fn time_claim(&self, name: &str) -> Option<DateTime<Utc>> {
        let secs = self.claims.get(name)?.as_f64()?;
        if !secs.is_finite() {
            return None;
        }
        Utc.timestamp_opt(secs.trunc() as i64, 0).single()
    }

    pub fn issued_at(&self) -> Option<DateTime<Utc>> {
        self.time_claim("iat")
    }

    pub fn not_before(&self) -> Option<DateTime<Utc>> {
        self.time_claim("nbf")
    }

    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.time_claim("exp")
    }

    /// Seconds until expiry at `now` (negative once expired).
    pub fn seconds_left(&self, now: DateTime<Utc>) -> Option<i64> {
        Some((self.expires_at()? - now).num_seconds())
    }

    /// "expires in 59 min 12 s", "expired 3 min ago", or "no expiry".
    pub fn describe_expiry(&self, now: DateTime<Utc>) -> String {
        match self.seconds_left(now) {
            Some(secs) => describe_seconds_left(secs),
            None => "no expiry (exp) claim".to_string(),
        }
    }
}

/// "expires in 59 min 12 s" for positive seconds, "expired 3 min ago" for zero or fewer.
pub fn describe_seconds_left(secs: i64) -> String {
    if secs > 0 {
        format!("expires in {}", span(secs))
    } else {
        format!("expired {} ago", span(-secs))
    }
}

/// A duration in words, to the second under an hour and to the minute above.
pub fn span(secs: i64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) => format!("{m} min {s} s"),
        (h, 0) if h < 48 => format!("{h} h"),
        (h, _) if h < 48 => format!("{h} h {m} min"),
        _ => format!("{} days", h / 24),
    }
}

/// `2026-11-28 14:03:07 UTC`.
pub fn format_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// `2026-11-28 15:03:07 +01:00` in the machine's time zone.
pub fn format_local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    fn token(header: &str, claims: &str) -> String {
        format!("{}.{}.sig", b64(header), b64(claims))
    }

    #[test]
    fn decodes_the_contract_example() {
        let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZXNzaW9uSWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAifQ.signature";
        let jwt = decode(t).unwrap();
        assert_eq!(jwt.header["alg"], "HS256");
        assert_eq!(
            jwt.claims["sessionId"],
            "00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(jwt.expires_at(), None);
        assert_eq!(jwt.describe_expiry(Utc::now()), "no expiry (exp) claim");
    }

    #[test]
    fn times_and_expiry() {
        let jwt = decode(&token(
            r#"{"alg":"HS256"}"#,
            r#"{"iat":1700000000,"exp":1700003600}"#,
        ))
        .unwrap();
        assert_eq!(
            format_utc(jwt.issued_at().unwrap()),
            "2023-11-14 22:13:20 UTC"
        );
        let now = Utc.timestamp_opt(1_700_000_048, 0).unwrap();
        assert_eq!(jwt.seconds_left(now), Some(3552));
        assert_eq!(jwt.describe_expiry(now), "expires in 59 min 12 s");
        let later = Utc.timestamp_opt(1_700_003_600 + 185, 0).unwrap();
        assert_eq!(jwt.describe_expiry(later), "expired 3 min 5 s ago");
        assert_eq!(describe_seconds_left(0), "expired 0 s ago");
        assert_eq!(span(7260), "2 h 1 min");
    }

    #[test]
    fn malformed_tokens_are_errors() {
        assert_eq!(decode("  "), Err(JwtError::Empty));
        assert_eq!(decode("a.b"), Err(JwtError::PartCount { found: 2 }));
        assert_eq!(decode("a.b.c.d"), Err(JwtError::PartCount { found: 4 }));
        assert_eq!(
            decode("!!!.e30.x"),
            Err(JwtError::Base64 { part: Part::Header })
        );
        assert!(matches!(
            decode(&format!("{}.e30.x", b64("nope"))),
            Err(JwtError::NotJson {
                part: Part::Header,
                ..
            })
        ));
        assert_eq!(
            decode(&format!("e30.{}.x", b64("[1]"))),
            Err(JwtError::NotObject { part: Part::Claims })
        );
        let huge = "a".repeat(MAX_TOKEN_LEN + 1);
        assert_eq!(
            decode(&huge),
            Err(JwtError::TooLong {
                len: MAX_TOKEN_LEN + 1
            })
        );
        // Padded base64 is accepted too.
        assert!(decode("eyJhIjoxfQ==.e30.").is_ok());
    }

    #[test]
    fn odd_time_claims_do_not_panic() {
        let jwt = decode(&token("{}", r#"{"exp":1e300,"iat":"soon","nbf":-1e20}"#)).unwrap();
        assert_eq!(jwt.expires_at(), None);
        assert_eq!(jwt.issued_at(), None);
        assert_eq!(jwt.not_before(), None);
    }
}
