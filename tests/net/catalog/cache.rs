//! The disk cache: it round-trips and says how old it is, a broken one is ignored, and offline
//! the cached catalog stays usable.

use super::{block, client, key, sandbox};
use crate::common::closed_port;
use anam_studio::core::catalog::{Catalog, describe_age};
use anam_studio::sandbox::{Config, Fault, Sandbox};
use anam_studio::store::catalog_cache;
use serde_json::json;

#[test]
fn the_cache_round_trips_and_says_how_old_it_is() {
    let sandbox = sandbox();
    let fetched = block(client(&sandbox.base_url()).catalog(&key())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = catalog_cache::cache_path(dir.path(), "http://127.0.0.1:8787");
    assert_eq!(catalog_cache::load_cache(&path), None, "nothing cached yet");
    catalog_cache::save_cache(&path, &fetched).unwrap();
    let loaded: Catalog = catalog_cache::load_cache(&path).unwrap();
    assert_eq!(loaded, fetched);
    let later = fetched.fetched_at + chrono::Duration::minutes(5);
    assert_eq!(describe_age(loaded.fetched_at, later), "updated 5 min ago");
    assert_eq!(
        describe_age(loaded.fetched_at, loaded.fetched_at),
        "updated just now"
    );
    // Only the cache file is left in the folder (no temporary files).
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // Another account has its own file; a nested, missing folder is created.
    let other = catalog_cache::cache_path(&dir.path().join("a/b"), "https://api.anam.ai");
    catalog_cache::save_cache(&other, &fetched).unwrap();
    assert_ne!(other.file_name(), path.file_name());
    assert!(catalog_cache::load_cache(&other).is_some());
}

#[test]
fn a_broken_cache_is_ignored_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    for bad in [
        "",
        "{",
        "[]",
        r#"{"version": 99, "catalog": {}}"#,
        r#"{"version": 1, "catalog": {"avatars": []}}"#,
    ] {
        std::fs::write(&path, bad).unwrap();
        assert_eq!(catalog_cache::load_cache(&path), None, "{bad}");
    }
    assert_eq!(catalog_cache::load_cache(dir.path()), None, "a folder");
}

#[test]
fn offline_the_cache_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let account = "http://127.0.0.1:1";
    let path = catalog_cache::cache_path(dir.path(), account);
    let cached = {
        let sandbox = sandbox();
        block(client(&sandbox.base_url()).catalog(&key())).unwrap()
    };
    catalog_cache::save_cache(&path, &cached).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    // The server is gone: the fetch fails with a sentence...
    let base = format!("http://127.0.0.1:{}", closed_port());
    let err = block(client(&base).catalog(&key())).unwrap_err();
    assert!(
        err.to_string().contains("the connection was refused"),
        "{err}"
    );
    // ...and the cache is untouched and still loads, for the pickers to use.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(catalog_cache::load_cache(&path), Some(cached.clone()));
    // A server that fails mid-way leaves it untouched too.
    let config = Config::default();
    config.catalog_faults.push(Fault::json(500, json!({})));
    let sandbox = Sandbox::start(config).unwrap();
    assert!(block(client(&sandbox.base_url()).catalog(&key())).is_err());
    assert_eq!(catalog_cache::load_cache(&path), Some(cached));
}
