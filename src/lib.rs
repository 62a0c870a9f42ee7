//! anam-studio: a desktop configurator and token minter for Anam AI avatar sessions.
//!
//! The pure core knows nothing of egui or the network: [`contract`] (the request model and the
//! field-spec table), [`validate`], [`preset`], [`jwt`], [`catalog`] (the pickers' items and their
//! disk cache). Adapters sit around it: [`api`] (HTTP),
//! [`secrets`] (the key type), [`sandbox`] (the fake Anam server). [`cli`] is the command line.

pub mod api;
pub mod catalog;
pub mod cli;
pub mod contract;
pub mod demo;
pub mod draft;
pub mod environment;
pub mod history;
pub mod jwt;
pub mod keychain;
pub mod preset;
pub mod sandbox;
pub mod secrets;
pub mod ui;
pub mod validate;
pub mod worker;
