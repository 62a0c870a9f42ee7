//! anam-studio: a desktop configurator and token minter for Anam AI avatar sessions.
//!
//! The layers, each using only those above it in this list:
//! - [`core`]: pure (no disk, no network, no egui): the request contract and its field table,
//!   validation, the draft being edited with its undo history, JWTs, the catalog and
//!   environment models, the key type.
//! - [`store`]: the disk and the keychain: presets (atomic writes), the config file, the catalog
//!   cache, API keys; [`store::Op`] is every blocking call the app makes, run off the UI thread.
//! - [`api`]: the Anam API over HTTP: the client, its errors (one sentence each), catalog calls.
//! - [`serve`]: an axum router served on a loopback listener with an idle timeout and a cap on
//!   open connections (the sandbox's and the demo page server's accept loop).
//! - [`sandbox`]: a fake Anam API on loopback that signs real tokens.
//! - [`worker`]: a tokio runtime on its own thread: requests in, events out.
//! - [`demo`]: Launch demo: the page server on loopback, the Anam SDK fetched and verified.
//! - [`cli`] and [`ui`]: the command line and the desktop app, on top of the same layers.
//! - [`console`]: where the console differs by system (Windows GUI program, message boxes).

pub mod api;
pub mod cli;
pub mod console;
pub mod core;
pub mod demo;
// A check of the source text (it reads src/): run where the suite builds, not again under Wine.
#[cfg(all(test, not(windows)))]
mod layers;
pub mod sandbox;
pub mod serve;
pub mod store;
pub mod ui;
pub mod worker;
