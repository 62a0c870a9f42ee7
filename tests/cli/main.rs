//! The `anam-studio` binary run as a process: its commands against the sandbox over real
//! loopback HTTP, hostile and large input, its manners, personas and sessions, and (ignored
//! unless a keychain runs: `.ci/keychain-tests`) the real OS keychain.
//!
//! `.ci/windows` builds this binary for Windows and runs it under Wine: there only `commands`
//! runs (it was tests/cli.rs, the CLI tests Windows ran before the test files were grouped); the
//! other modules are built for unix only.

#[path = "../common/mod.rs"]
mod common;

#[cfg(unix)]
mod catalog_list;
mod commands;
#[cfg(unix)]
mod handoff;
#[cfg(unix)]
mod hostile;
#[cfg(unix)]
mod hostile_values;
#[cfg(unix)]
mod keychain;
#[cfg(unix)]
mod large;
#[cfg(unix)]
mod manners;
#[cfg(unix)]
mod personas;
#[cfg(unix)]
mod presets_status;
#[cfg(unix)]
mod sessions;
