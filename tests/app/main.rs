//! The real app, driven through egui_kittest by label as a person would: every test that opens
//! the window is here, built by the one harness in tests/common/harness.rs (`Setup`), so this
//! binary links egui_kittest once for all of them. Some files also check the CLI or the store on
//! the same faults (reliability_*, hostile_files).

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/harness.rs"]
mod harness;

mod actions;
mod contrast;
mod demo;
mod document;
mod file_chooser;
mod form;
mod hostile_files;
mod intake;
mod messages;
mod mint;
mod personas;
mod pickers;
mod presets;
mod reliability_files;
mod reliability_network;
mod reliability_secrets;
mod session_resolved;
mod settings;
mod team_presets;
mod tools;
mod ui_thread;
mod window;
mod worker_panic;
