//! The disk and the keychain: preset files (atomic writes, read as they really are), the config
//! file, the catalog cache, API keys in the OS keychain. Every call may block, so the app makes
//! them on the worker, never on the UI thread.

pub mod catalog_cache;
pub mod config;
pub mod git;
pub mod keychain;
pub mod ops;
pub mod paths;
pub mod preset;

pub use ops::{DiskChange, DiskStore, Op, Reply, SaveError, Store};
