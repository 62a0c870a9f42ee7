//! A file chooser that fails to open (issue 23): Import… and Export… say so, and offer the typed
//! path, through the real app and by label.

use crate::harness::{App, Setup, step_until};
use anam_studio::ui::{ChooserFailed, Chosen, FileDialogs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use std::path::Path;

/// A chooser that never opens, as the desktop's does when it fails to start.
struct FailingDialogs;

impl FileDialogs for FailingDialogs {
    fn open_body(&mut self) -> Chosen {
        Err(ChooserFailed)
    }
    fn save_body(&mut self, _suggested: &str) -> Chosen {
        Err(ChooserFailed)
    }
}

fn app(dir: &Path) -> Harness<'static, App> {
    let mut h = Setup::new(dir).dialogs(FailingDialogs).build();
    step_until(&mut h, "the first preset to open", |app| {
        app.current_preset().is_some()
    });
    h
}

/// Types `path` into the path dialog and presses its `verb` button.
fn type_path(h: &mut Harness<'_, App>, path: &Path, verb: &str) {
    h.get_by_role_and_label(Role::TextInput, "File path")
        .set_text_value_accesskit(path.to_str().unwrap());
    h.run_ok();
    h.get_by_role_and_label(Role::Button, verb).click();
    h.run_ok();
}

const FAILED: &str = "The file chooser could not open: type the file's path instead.";

#[test]
fn import_with_a_failing_file_chooser_says_so_and_takes_a_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let body = dir.path().join("in.json");
    std::fs::write(&body, r#"{"personaConfig": {"personaId": "typed-in"}}"#).unwrap();
    h.get_by_role_and_label(Role::Button, "Import…").click();
    h.run_ok();
    h.get_by_label("Import a request body");
    h.get_by_label(FAILED);
    type_path(&mut h, &body, "Import");
    step_until(&mut h, "the imported body", |app| {
        app.draft().get("personaConfig.personaId") == Some(&json!("typed-in"))
    });
}

#[test]
fn export_with_a_failing_file_chooser_says_so_and_takes_a_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let out = dir.path().join("out.json");
    h.get_by_role_and_label(Role::Button, "Export…").click();
    h.run_ok();
    h.get_by_label("Export the request body");
    h.get_by_label(FAILED);
    type_path(&mut h, &out, "Export");
    step_until(&mut h, "the exported file", |_| out.exists());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        h.state().draft().text()
    );
}
