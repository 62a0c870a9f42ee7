//! Anam's browser SDK without a CDN: the pinned `@anam-ai/js-sdk` fetched once from the npm
//! registry, its tarball checked against the published integrity hash (and the hash pinned
//! here), `package/dist/umd/anam.js` taken out of it and kept in the cache folder. A local copy
//! ([`SDK_FILE_ENV`] or the app's setting) is used as it is, for machines with no internet.

use crate::store::preset::files;
use base64::Engine;
use sha2::{Digest, Sha512};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The package and the version the page is written against.
pub const SDK_PACKAGE: &str = "@anam-ai/js-sdk";
pub const SDK_VERSION: &str = "4.27.0";
/// The npm registry's published integrity of the 4.27.0 tarball (`npm view
/// @anam-ai/js-sdk@4.27.0 dist.integrity`): the registry must still publish this, and the
/// tarball must match it.
pub const SDK_INTEGRITY: &str = "sha512-oU0izvlv1Q+25gL/EoW7QYUFxSNEY48/G/efmL1f24AYuI0WU16albNIpbNDEivqJAFFsdHa52mWQXciAi13Hg==";
/// The bundle inside the tarball (UMD, global `anam`).
pub const SDK_PATH_IN_TARBALL: &str = "package/dist/umd/anam.js";
pub const NPM_REGISTRY: &str = "https://registry.npmjs.org";
/// A local `anam.js` to use instead of fetching (overrides the app's setting).
pub const SDK_FILE_ENV: &str = "ANAM_STUDIO_SDK_FILE";

/// Bounds on what is read from the registry and the tarball.
const MAX_METADATA_BYTES: usize = 1024 * 1024;
const MAX_TARBALL_BYTES: usize = 16 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
const MAX_SDK_BYTES: u64 = 8 * 1024 * 1024;

/// Where the SDK comes from and where it is kept.
#[derive(Debug, Clone)]
pub struct SdkOptions {
    /// A local `anam.js` (from [`SDK_FILE_ENV`] or a setting): used as it is, nothing fetched.
    pub local_file: Option<PathBuf>,
    /// The folder the fetched `anam.js` is kept in (`None`: fetched every time).
    pub cache_dir: Option<PathBuf>,
    /// The registry's base URL (https, or http on loopback).
    pub registry: String,
    pub package: String,
    pub version: String,
    /// The integrity the registry must publish (`None`: whatever it publishes, still checked
    /// against the tarball).
    pub pinned_integrity: Option<String>,
    pub timeout: Duration,
}

impl SdkOptions {
    /// The pinned SDK from the npm registry, kept in `cache_dir`; `setting` is the app's "SDK
    /// file" setting, which [`SDK_FILE_ENV`] overrides.
    pub fn pinned(cache_dir: Option<PathBuf>, setting: Option<PathBuf>) -> SdkOptions {
        let env = std::env::var_os(SDK_FILE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        SdkOptions {
            local_file: env.or(setting),
            cache_dir,
            registry: NPM_REGISTRY.into(),
            package: SDK_PACKAGE.into(),
            version: SDK_VERSION.into(),
            pinned_integrity: Some(SDK_INTEGRITY.into()),
            timeout: Duration::from_secs(60),
        }
    }

    /// The app's cache folder for the SDK (`~/.cache/anam-studio/sdk` on Linux).
    pub fn default_cache_dir() -> Option<PathBuf> {
        crate::store::paths::cache_dir("sdk")
    }

    fn cache_file(&self) -> Option<PathBuf> {
        let name = self.package.trim_start_matches('@').replace('/', "-");
        self.cache_dir
            .as_ref()
            .map(|d| d.join(format!("{name}-{}-anam.js", self.version)))
    }
}

/// Where the served SDK came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SdkOrigin {
    /// A local copy named by the user.
    LocalFile(PathBuf),
    /// Fetched and verified earlier, read from the cache.
    Cache(PathBuf),
    /// Fetched and verified now (and cached, if the cache could be written).
    Registry { tarball: String },
}

/// The SDK's JavaScript, ready to serve.
#[derive(Debug, Clone)]
pub struct Sdk {
    pub script: Arc<[u8]>,
    pub origin: SdkOrigin,
}

impl Sdk {
    /// A script served as the SDK (a test double, or bytes from elsewhere).
    pub fn from_bytes(script: impl Into<Arc<[u8]>>, origin: SdkOrigin) -> Sdk {
        Sdk {
            script: script.into(),
            origin,
        }
    }
}

/// Why there is no SDK to serve: one sentence each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SdkError {
    #[error("Could not read the Anam SDK file {path} (set by {from}): {reason}.")]
    LocalFile {
        path: String,
        from: &'static str,
        reason: String,
    },
    #[error(
        "Could not download the Anam SDK {version} from {url}: {reason}; without internet, set {SDK_FILE_ENV} (or the SDK file setting) to a copy of dist/umd/anam.js from `npm pack @anam-ai/js-sdk@{version}`."
    )]
    Fetch {
        version: String,
        url: String,
        reason: String,
    },
    #[error(
        "Refused the Anam SDK {version} from {url}: {reason}, so it may have been altered; nothing was saved or served."
    )]
    Integrity {
        version: String,
        url: String,
        reason: String,
    },
    #[error("The Anam SDK {version} package from {url} is not usable: {reason}.")]
    Package {
        version: String,
        url: String,
        reason: String,
    },
}

/// The SDK to serve: the local file if one is set, else the cached copy, else fetched,
/// verified and cached.
pub async fn ensure(options: &SdkOptions) -> Result<Sdk, SdkError> {
    if let Some(path) = &options.local_file {
        let from = if std::env::var_os(SDK_FILE_ENV).is_some_and(|v| path.as_os_str() == v) {
            SDK_FILE_ENV
        } else {
            "the SDK file setting"
        };
        let script = read_local(path).map_err(|reason| SdkError::LocalFile {
            path: path.display().to_string(),
            from,
            reason,
        })?;
        return Ok(Sdk::from_bytes(script, SdkOrigin::LocalFile(path.clone())));
    }
    if let Some(cached) = options.cache_file()
        && let Ok(script) = read_local(&cached)
    {
        return Ok(Sdk::from_bytes(script, SdkOrigin::Cache(cached)));
    }
    let (script, tarball) = fetch(options).await?;
    if let Some(cached) = options.cache_file()
        && let Err(e) = write_atomically(&cached, &script)
    {
        tracing::warn!("could not cache the SDK at {}: {e}", cached.display());
    }
    Ok(Sdk::from_bytes(script, SdkOrigin::Registry { tarball }))
}

/// The file at `path`, read as presets are: never blocking (a named pipe is refused, not
/// waited on), its type checked on the open handle, at most [`MAX_SDK_BYTES`].
fn read_local(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = files::read_regular(path, MAX_SDK_BYTES).map_err(|e| match e {
        files::ReadError::Io(e) => files::describe(&e),
        files::ReadError::NotAFile(what) => format!("it is {what}, not a file"),
        files::ReadError::TooLarge(_) => {
            format!("it is larger than {} MiB", MAX_SDK_BYTES / 1024 / 1024)
        }
    })?;
    if bytes.is_empty() {
        return Err("it is empty".into());
    }
    Ok(bytes)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Fetches the version's metadata, then its tarball; checks the tarball against the published
/// integrity (and the pinned one); returns the bundle and the tarball's address.
pub async fn fetch(options: &SdkOptions) -> Result<(Vec<u8>, String), SdkError> {
    let registry = options.registry.trim_end_matches('/');
    let meta_url = format!("{registry}/{}/{}", options.package, options.version);
    let fetch_err = |url: &str, reason: String| SdkError::Fetch {
        version: options.version.clone(),
        url: url.to_string(),
        reason,
    };
    let http = client(options.timeout).map_err(|e| fetch_err(&meta_url, e))?;
    let meta = get(&http, &meta_url, MAX_METADATA_BYTES)
        .await
        .map_err(|e| fetch_err(&meta_url, e))?;
    let package_err = |url: &str, reason: &str| SdkError::Package {
        version: options.version.clone(),
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let meta: serde_json::Value = serde_json::from_slice(&meta)
        .map_err(|_| package_err(&meta_url, "its metadata is not JSON"))?;
    let dist = |key: &str| {
        meta.pointer(&format!("/dist/{key}"))
            .and_then(|v| v.as_str())
    };
    let tarball = dist("tarball")
        .ok_or_else(|| package_err(&meta_url, "its metadata names no tarball"))?
        .to_string();
    let integrity = dist("integrity")
        .ok_or_else(|| package_err(&meta_url, "its metadata publishes no integrity hash"))?;
    let expected = sha512_of_integrity(integrity).ok_or_else(|| {
        package_err(
            &meta_url,
            "its metadata publishes no sha512 integrity hash (only sha512 is accepted)",
        )
    })?;
    let integrity_err = |url: &str, reason: String| SdkError::Integrity {
        version: options.version.clone(),
        url: url.to_string(),
        reason,
    };
    if let Some(pinned) = &options.pinned_integrity
        && sha512_of_integrity(pinned).as_ref() != Some(&expected)
    {
        return Err(integrity_err(
            &meta_url,
            "the registry publishes a different integrity hash than the one this app was built with".into(),
        ));
    }
    crate::api::check_base_url(&tarball)
        .map_err(|_| package_err(&tarball, "the tarball's address is not https"))?;
    let bytes = get(&http, &tarball, MAX_TARBALL_BYTES)
        .await
        .map_err(|e| fetch_err(&tarball, e))?;
    let actual: [u8; 64] = Sha512::digest(&bytes).into();
    if actual != expected {
        return Err(integrity_err(
            &tarball,
            "the tarball does not match the registry's sha512 integrity hash".into(),
        ));
    }
    let script =
        extract(&bytes, SDK_PATH_IN_TARBALL).map_err(|reason| package_err(&tarball, &reason))?;
    Ok((script, tarball))
}

/// The sha512 digest in a Subresource Integrity string (`sha512-<base64>`, maybe among others).
pub fn sha512_of_integrity(integrity: &str) -> Option<[u8; 64]> {
    integrity.split_whitespace().find_map(|part| {
        let b64 = part.strip_prefix("sha512-")?;
        let b64 = b64.split('?').next()?;
        let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
        bytes.try_into().ok()
    })
}

/// One file out of a gzipped tarball, reading at most [`MAX_UNPACKED_BYTES`] of it.
pub fn extract(tgz: &[u8], wanted: &str) -> Result<Vec<u8>, String> {
    let gz = flate2::read::GzDecoder::new(tgz).take(MAX_UNPACKED_BYTES);
    let mut archive = tar::Archive::new(gz);
    let entries = archive
        .entries()
        .map_err(|e| format!("the tarball cannot be read ({e})"))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("the tarball cannot be read ({e})"))?;
        let is_it = entry
            .path()
            .map(|p| p.to_str() == Some(wanted))
            .unwrap_or(false);
        if !is_it || !entry.header().entry_type().is_file() {
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .take(MAX_SDK_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{wanted} cannot be read ({e})"))?;
        if bytes.len() as u64 > MAX_SDK_BYTES || bytes.is_empty() {
            return Err(format!("{wanted} is empty or too large"));
        }
        return Ok(bytes);
    }
    Err(format!("the tarball has no {wanted}"))
}

fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    crate::api::install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(concat!("anam-studio/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .build()
        .map_err(|e| e.to_string())
}

/// A GET that must answer 200 within `max` bytes; a failure is a short reason.
async fn get(http: &reqwest::Client, url: &str, max: usize) -> Result<Vec<u8>, String> {
    let mut response = http.get(url).send().await.map_err(|e| transport(&e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the server answered HTTP {}", status.as_u16()));
    }
    if response.content_length().is_some_and(|n| n > max as u64) {
        return Err(format!(
            "the reply is larger than {} MiB",
            max / 1024 / 1024
        ));
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(&e))? {
        if bytes.len() + chunk.len() > max {
            return Err(format!(
                "the reply is larger than {} MiB",
                max / 1024 / 1024
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn transport(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    if e.is_timeout() {
        return "it did not answer in time".into();
    }
    let mut reason = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        if crate::api::is_plain_http_reply(s) {
            return "it answered in plain HTTP, not HTTPS".into();
        }
        reason = s.to_string();
        source = s.source();
    }
    if reason.contains("dns error") || reason.contains("failed to lookup address") {
        return "the registry's name could not be resolved (no internet?)".into();
    }
    if reason.contains("Connection refused") {
        return "the connection was refused".into();
    }
    reason
}
