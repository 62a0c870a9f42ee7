//! The catalog cache: one file per environment, so the pickers work offline.

use crate::core::catalog::Catalog;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The cache file for one environment: `catalog-<readable part>-<hash>.json` in `cache_dir`.
/// `account` is the environment's key account (its base URL, or `sandbox`); the readable part
/// keeps only ASCII letters and digits, and the hash keeps accounts that read alike apart.
pub fn cache_path(cache_dir: &Path, account: &str) -> PathBuf {
    let account = account.trim();
    let mut slug = String::new();
    for c in account
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .chars()
    {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "default" } else { slug };
    cache_dir.join(format!("catalog-{slug}-{:016x}.json", fnv1a(account)))
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms (unlike `DefaultHasher`).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The version of the cache file's layout; a file of another version is ignored.
const CACHE_VERSION: u32 = 1;
/// A cache file larger than this is not read.
const MAX_CACHE_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    catalog: Catalog,
}

/// The cached catalog at `path`, or `None` when there is none or it cannot be used (unreadable,
/// corrupt, too large, or written by another version).
pub fn load_cache(path: &Path) -> Option<Catalog> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_CACHE_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.len() as u64 > MAX_CACHE_BYTES {
        return None;
    }
    match serde_json::from_slice::<CacheFile>(&bytes) {
        Ok(file) if file.version == CACHE_VERSION => Some(file.catalog),
        Ok(_) => None,
        Err(e) => {
            tracing::warn!("ignoring the catalog cache {}: {e}", path.display());
            None
        }
    }
}

/// Writes the catalog to `path` atomically (creating the folder): the old cache stays whole
/// until the new one is complete.
pub fn save_cache(path: &Path, catalog: &Catalog) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let file = CacheFile {
        version: CACHE_VERSION,
        catalog: catalog.clone(),
    };
    let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
    crate::store::preset::write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_files_are_named_safely_per_account() {
        let dir = Path::new("/cache");
        let a = cache_path(dir, "https://api.anam.ai");
        assert_eq!(a.parent(), Some(dir));
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("catalog-api-anam-ai-"), "{name}");
        assert!(name.ends_with(".json"));
        assert_ne!(a, cache_path(dir, "https://api.anam.ai/"));
        assert_ne!(a, cache_path(dir, "https://api-anam.ai"));
        assert_eq!(a, cache_path(dir, "https://api.anam.ai"));
        let evil = cache_path(dir, "../../etc/passwd\0/..");
        assert_eq!(evil.parent(), Some(dir));
        let name = evil.file_name().unwrap().to_str().unwrap();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.".contains(c)),
            "{name}"
        );
        let long = cache_path(dir, &"x".repeat(500));
        assert!(long.file_name().unwrap().len() < 80);
        assert!(
            cache_path(dir, "")
                .to_str()
                .unwrap()
                .contains("catalog-default-")
        );
    }
}
