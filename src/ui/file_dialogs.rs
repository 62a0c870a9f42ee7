//! File dialogs (import, export), behind a trait so tests can stand in for them.

use std::path::PathBuf;

/// File dialogs, behind a trait so tests can stand in for them.
pub trait FileDialogs {
    fn open_body(&mut self) -> Option<PathBuf>;
    fn save_body(&mut self, suggested_name: &str) -> Option<PathBuf>;
}

/// The platform's dialogs (`rfd`).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_body(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import a request body")
            .add_filter("JSON", &["json"])
            .pick_file()
    }

    fn save_body(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export the request body")
            .add_filter("JSON", &["json"])
            .set_file_name(format!("{suggested_name}.json"))
            .save_file()
    }
}

/// File dialogs that are always cancelled.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open_body(&mut self) -> Option<PathBuf> {
        None
    }
    fn save_body(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
}
