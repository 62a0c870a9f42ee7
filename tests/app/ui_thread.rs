//! The UI thread never touches the disk or the keychain: every such call goes through the store,
//! which the worker runs on its own threads. A store that records the thread of each call is
//! driven through the real app: open, edit, save, save as, rename, delete, a key saved, Settings
//! left open, a mint, a pasted command whose body is in a file.

use crate::harness::{App, Setup, step_until};
use anam_studio::store::keychain::Keychain;
use anam_studio::store::{DiskStore, Op, Reply, Store};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};

/// The real store, recording what each call was doing and on which thread.
struct Recording {
    inner: DiskStore,
    calls: Mutex<Vec<(&'static str, ThreadId)>>,
}

impl Store for Recording {
    fn run(&self, op: Op) -> Reply {
        let doing = op.doing();
        self.calls
            .lock()
            .unwrap()
            .push((doing, thread::current().id()));
        self.inner.run(op)
    }
}

impl Recording {
    fn calls(&self) -> Vec<(&'static str, ThreadId)> {
        self.calls.lock().unwrap().clone()
    }

    fn count(&self, doing: &str) -> usize {
        self.calls().iter().filter(|(d, _)| *d == doing).count()
    }
}

fn answer_name(h: &mut Harness<'_, App>, name: &str) {
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit(name);
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "OK").click();
    h.run_ok();
}

#[test]
fn every_disk_and_keychain_call_runs_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::with_store(keyring_core::mock::Store::new().unwrap());
    let store = Arc::new(Recording {
        inner: DiskStore::new(Some(Arc::new(keychain))),
        calls: Mutex::default(),
    });
    let ui_thread = thread::current().id();
    let mut h = Setup::new(dir.path()).store(store.clone()).build();
    step_until(&mut h, "the first preset to open", |app| {
        app.current_preset().is_some()
    });
    let presets = dir.path().join("presets");

    // Edit and save over the file; save as a new name; rename; delete.
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("thread-test");
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run_ok();
    assert!(!h.state().draft().is_dirty(), "saved");
    h.get_by_role_and_label(Role::Button, "Save as…").click();
    h.run_ok();
    answer_name(&mut h, "thread one");
    assert!(presets.join("thread one.json").is_file());
    h.get_by_role_and_label(Role::Button, "Rename").click();
    h.run_ok();
    answer_name(&mut h, "thread two");
    assert!(presets.join("thread two.json").is_file());
    assert!(!presets.join("thread one.json").exists());
    h.get_by_role_and_label(Role::Button, "Delete").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Delete preset")
        .click();
    h.run_ok();
    assert!(!presets.join("thread two.json").exists());

    // A key saved in Settings; then Settings stays open with an empty key field.
    h.get_by_role_and_label(Role::Button, "Settings…").click();
    h.run_ok();
    h.get_by_role_and_label(Role::PasswordInput, "API key")
        .set_text_value_accesskit("sk-thread-test-key-0123456789");
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Save key").click();
    h.run_ok();
    h.get_by_label("Saved the key for Sandbox in the keychain.");
    let reads = store.count("reading the keychain");
    for _ in 0..30 {
        h.step();
    }
    assert_eq!(
        store.count("reading the keychain"),
        reads,
        "an open Settings window with an empty key field asks the keychain nothing per frame"
    );
    h.get_by_role_and_label(Role::Button, "Close settings")
        .click();
    h.run_ok();

    // A mint: its key is looked up through the store.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run_ok();
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());

    // A pasted command whose body is in a file (-d @file): the file is read on the worker.
    let body = dir.path().join("pasted-body.json");
    std::fs::write(&body, r#"{"personaConfig": {"personaId": "from-a-file"}}"#).unwrap();
    let line = format!(
        "curl https://api.anam.ai/v1/auth/session-token -d @{}",
        body.display()
    );
    h.event(egui::Event::Paste(line));
    h.run_ok();
    step_until(&mut h, "the file's body, or the question", |app| {
        app.dialog_open() || app.draft().get("personaConfig.personaId").is_some()
    });
    if h.state().dialog_open() {
        h.get_by_role_and_label(Role::Button, "Discard changes")
            .click();
        h.run_ok();
    }
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&serde_json::json!("from-a-file"))
    );

    let calls = store.calls();
    for doing in [
        "reading the presets folder and the config",
        "listing the presets folder",
        "reading a preset",
        "writing a preset",
        "renaming a preset",
        "deleting a preset",
        "writing the keychain",
        "reading the keychain",
        "reading a file",
    ] {
        assert!(
            calls.iter().any(|(d, _)| *d == doing),
            "no call was {doing}: {calls:?}"
        );
    }
    let on_ui: Vec<_> = calls.iter().filter(|(_, t)| *t == ui_thread).collect();
    assert!(on_ui.is_empty(), "calls on the UI thread: {on_ui:?}");
}
