//! Settings: a custom environment whose key is tested, saved in the keychain, used to mint and
//! deleted; and, without a keychain, a key held in memory for the run, which says so.

use crate::common;
use crate::harness::{App, Settle, Setup, config_file, mock_keychain, step_until};
use anam_studio::sandbox;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Opens Settings, adds an environment for `url`, and selects it in the settings window.
fn add_environment(h: &mut Harness<'_, App>, name: &str, url: &str) {
    h.get_by_label("Settings…").click();
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Environment name")
        .set_text_value_accesskit(name);
    h.get_by_role_and_label(Role::TextInput, "Base URL")
        .set_text_value_accesskit(url);
    h.settle();
    h.get_by_label("Add environment").click();
    h.settle();
}

fn test_key_and_wait(h: &mut Harness<'_, App>, expect: &str) {
    h.get_by_label("Test key").click();
    let started = Instant::now();
    while h.query_by_label_contains(expect).is_none() {
        assert!(
            started.elapsed() < common::DEADLINE,
            "timed out waiting for {expect:?}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_custom_environment_with_a_key_in_the_keychain() {
    const RIGHT: &str = "sk-right-key-42";
    let server = anam_studio::sandbox::Sandbox::start(sandbox::Config {
        required_key: Some(RIGHT.into()),
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keychain = mock_keychain();
    let mut h = Setup::new(dir.path()).keychain(keychain.clone()).build();
    add_environment(&mut h, "Staging", &server.base_url());
    let config = std::fs::read_to_string(config_file(dir.path())).unwrap();
    assert!(
        config.contains("\"Staging\"") && config.contains(&server.base_url()),
        "{config}"
    );
    h.get_by_label("API key for Staging");
    assert_eq!(
        h.get_all_by_label("no key").count(),
        2,
        "Production and Staging"
    );

    // The key field is masked.
    let field = h.get_by_role_and_label(Role::PasswordInput, "API key");
    field.set_text_value_accesskit("sk-wrong");
    h.settle();
    test_key_and_wait(&mut h, "rejected (401)");

    h.get_by_role_and_label(Role::PasswordInput, "API key")
        .set_text_value_accesskit(&format!("  {RIGHT}\n"));
    h.settle();
    test_key_and_wait(&mut h, "valid: the API accepted this key");
    h.get_by_label("Save key").click();
    h.settle();
    h.get_by_label("Saved the key for Staging in the keychain.");
    h.get_by_label("set (keychain)");
    let account = anam_studio::store::keychain::account_for(&server.base_url());
    let (stored, _) = keychain.get(&account).unwrap().unwrap();
    assert_eq!(stored.expose(), RIGHT, "trimmed before it is stored");
    assert!(
        !config.contains(RIGHT)
            && !std::fs::read_to_string(config_file(dir.path()))
                .unwrap()
                .contains(RIGHT)
    );

    // Pick it and mint with the stored key.
    h.get_by_label("Close settings").click();
    h.settle();
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.settle();
    h.get_by_role_and_label(Role::Button, "Staging").click();
    h.settle();
    assert_eq!(h.state().environment().name, "Staging");
    h.get_by_label("Mint").click();
    step_until(&mut h, "a token from Staging", |app| {
        app.tokens().current().is_some() || app.banner().is_some()
    });
    assert!(h.state().banner().is_none(), "{:?}", h.state().banner());
    assert_eq!(h.state().tokens().current().unwrap().environment, "Staging");

    // Deleting the key: the next mint asks for one.
    h.get_by_label("Settings…").click();
    h.settle();
    h.get_by_label("API key for Staging");
    h.get_by_label("Delete key").click();
    h.settle();
    assert!(keychain.get(&account).unwrap().is_none());
    h.get_by_label("Mint").click();
    h.settle();
    assert!(
        h.state()
            .banner()
            .unwrap()
            .sentence
            .starts_with("No API key for Staging: add one in Settings")
    );
}

#[test]
fn without_a_keychain_keys_are_held_in_memory_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path())
        .no_keychain("no Secret Service is running")
        .build();
    h.get_by_label("Settings…").click();
    h.settle();
    h.get_by_label_contains("No keychain is available (no Secret Service is running)");
    h.get_by_role_and_label(Role::Button, "Production").click();
    h.settle();
    h.get_by_role_and_label(Role::PasswordInput, "API key")
        .set_text_value_accesskit("sk-prod");
    h.settle();
    h.get_by_label("Save key").click();
    h.settle();
    h.get_by_label("Holding the key for Production in memory for this run (no keychain).");
    h.get_by_label("set (this run only)");
    let files: Vec<_> = walk(dir.path());
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("sk-prod"),
            "{} holds the key",
            f.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}
