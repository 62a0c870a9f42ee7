//! Against a real OS keychain (Secret Service on Linux). Ignored by default because it needs a
//! running, unlocked keychain; `.ci/run` runs it inside a throwaway D-Bus session with
//! gnome-keyring (see the README for the command).

use crate::common::{cli, preset, text};
use anam_studio::core::secrets::ApiKey;
use anam_studio::sandbox::{Config, Sandbox};
use anam_studio::store::keychain::{Keychain, Stored, account_for};

fn os_keychain() -> Keychain {
    let k = Keychain::os();
    if let Some(reason) = k.unavailable_reason() {
        panic!("this test needs an unlocked keychain: {reason}");
    }
    k
}

#[test]
#[ignore = "needs an unlocked Secret Service; run by .ci/run"]
fn stores_reads_and_deletes_a_key() {
    let k = os_keychain();
    let account = format!("https://keychain-test-{}.example.com", std::process::id());
    let key = ApiKey::new("sk-keychain-integration").unwrap();
    assert_eq!(k.set(&account, &key).unwrap(), Stored::Keychain);
    // A second handle (as a second run would) reads it back.
    assert_eq!(
        os_keychain().get(&account).unwrap(),
        Some((key, Stored::Keychain))
    );
    assert!(k.delete(&account).unwrap());
    assert_eq!(k.get(&account).unwrap(), None);
}

#[test]
#[ignore = "needs an unlocked Secret Service; run by .ci/run"]
fn cli_mints_with_the_key_only_in_the_keychain() {
    const KEY: &str = "sk-only-in-the-keychain";
    let sandbox = Sandbox::start(Config {
        required_key: Some(KEY.into()),
        ..Config::default()
    })
    .unwrap();
    let base = sandbox.base_url();
    let set = cli(
        &["key", "set", "--base-url", &base],
        None,
        Some(&format!("{KEY}\n")),
    );
    assert!(set.status.success(), "{}", text(&set.stderr));
    let status = cli(&["key", "status", "--base-url", &base], None, None);
    assert!(
        text(&status.stdout).contains("a key is stored in the keychain"),
        "{}",
        text(&status.stdout)
    );
    assert!(!text(&status.stdout).contains(KEY));

    let p = preset("stateful-persona.json");
    let out = cli(
        &["mint", "--preset", p.to_str().unwrap(), "--base-url", &base],
        None,
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim().split('.').count(), 3);

    let del = cli(&["key", "delete", "--base-url", &base], None, None);
    assert!(del.status.success());
    assert!(os_keychain().get(&account_for(&base)).unwrap().is_none());
    let out = cli(
        &["mint", "--preset", p.to_str().unwrap(), "--base-url", &base],
        None,
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains(
        "no API key: set ANAM_API_KEY to your Anam API key, or store one with `anam-studio key set"
    ));
}

/// `key set` and `mint`/`list` name the same keychain entry however the base URL is spelled:
/// an upper-case host, a trailing slash, the scheme's default port.
#[test]
#[ignore = "needs an unlocked Secret Service; run by .ci/run"]
fn every_spelling_of_a_base_url_finds_the_same_key() {
    const KEY: &str = "sk-one-spelling";
    let sandbox = Sandbox::start(Config {
        required_key: Some(KEY.into()),
        ..Config::default()
    })
    .unwrap();
    let port = sandbox.base_url().rsplit(':').next().unwrap().to_string();
    let stored_as = format!("http://LOCALHOST:{port}/");
    let set = cli(
        &["key", "set", "--base-url", &stored_as],
        None,
        Some(&format!("{KEY}\n")),
    );
    assert!(set.status.success(), "{}", text(&set.stderr));

    let p = preset("stateful-persona.json");
    for spelling in [
        format!("http://localhost:{port}"),
        format!("http://LocalHost:{port}/"),
        format!("  http://localhost:{port}/  "),
    ] {
        let out = cli(
            &[
                "mint",
                "--preset",
                p.to_str().unwrap(),
                "--base-url",
                &spelling,
            ],
            None,
            None,
        );
        assert!(out.status.success(), "{spelling}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout).trim().split('.').count(), 3);
        let list = cli(&["list", "llms", "--base-url", &spelling], None, None);
        assert!(list.status.success(), "{spelling}: {}", text(&list.stderr));
        assert!(
            text(&list.stdout).contains("GPT-4o"),
            "{}",
            text(&list.stdout)
        );
    }

    // The default port and case of the real API's URL name one entry too.
    let account = format!(
        "https://keychain-spelling-{}.example.com",
        std::process::id()
    );
    let upper = format!(
        "https://KEYCHAIN-SPELLING-{}.example.com:443/",
        std::process::id()
    );
    let set = cli(
        &["key", "set", "--base-url", &upper],
        None,
        Some(&format!("{KEY}\n")),
    );
    assert!(set.status.success(), "{}", text(&set.stderr));
    let status = cli(&["key", "status", "--base-url", &account], None, None);
    assert!(
        text(&status.stdout).contains("a key is stored in the keychain"),
        "{}",
        text(&status.stdout)
    );
    assert!(os_keychain().get(&account_for(&upper)).unwrap().is_some());
    assert!(
        cli(&["key", "delete", "--base-url", &account], None, None)
            .status
            .success()
    );
    assert!(
        cli(&["key", "delete", "--base-url", &stored_as], None, None)
            .status
            .success()
    );
    assert!(os_keychain().get(&account).unwrap().is_none());
}
