//! The pure core: no disk, no network, no egui. Everything here is a value and functions of it,
//! tested on its own.

pub mod base_url;
pub mod catalog;
pub mod compare;
pub mod contract;
pub mod draft;
pub mod environment;
pub mod git_status;
pub mod intake;
pub mod item_id;
pub mod jwt;
pub mod label;
pub mod legacy;
pub mod persona;
pub mod secrets;
pub mod session;
pub mod shown;
pub mod snippet;
pub mod tools;
pub mod validate;
