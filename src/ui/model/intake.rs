//! A request read from a paste or a file, and what the window offers after it.

use crate::core::environment::Environment;
use crate::core::intake::Request;
use crate::core::secrets::ApiKey;
use std::path::PathBuf;

/// A request read from pasted text or a file, waiting to replace the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub request: Request,
    /// The file it was imported from; `None` when it was pasted.
    pub from: Option<PathBuf>,
    /// The file a `-d @file` named, read for its body.
    pub body_file: Option<PathBuf>,
}

/// What the window offers after a paste: to add the command's base URL as an environment, and
/// to put the key it carried into the keychain. The key lives only here (zeroed when dropped).
#[derive(Debug, Default)]
pub struct Offer {
    /// A base URL no environment has (its one spelling).
    pub base_url: Option<String>,
    /// The environment the command is for, once one has its base URL.
    pub env: Option<Environment>,
    pub key: Option<ApiKey>,
    /// What became of the key once "Save key in keychain" was answered.
    pub key_said: Option<(String, bool)>,
}
