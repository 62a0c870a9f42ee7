//! Launch demo in the window, by label: beside Mint, disabled with its reason while nothing can
//! be shown, minting first when there is no live token, then showing the page's address (which
//! serves the page) with Copy; a second launch reuses the live token.

use crate::harness::{App, Setup, copied, step_until};
use anam_studio::demo::SdkOptions;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use std::io::{Read, Write};
use std::path::Path;

fn app(dir: &Path) -> Harness<'static, App> {
    // A stand-in for the browser SDK: nothing is fetched from the npm registry here.
    let double = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/fake-anam.js");
    Setup::new(dir)
        .sdk(SdkOptions::pinned(Some(dir.join("sdk")), Some(double)))
        .build()
}

/// `GET url` over plain HTTP on loopback: the status line and the body.
fn get(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").expect("an http:// address");
    let (host, path) = rest.split_once('/').expect("a path");
    let mut stream = std::net::TcpStream::connect(host).expect("the page server is listening");
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.lines().next().unwrap_or_default().to_string();
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or_default();
    (status, body.to_string())
}

#[test]
fn launch_demo_is_disabled_with_a_reason_while_the_body_cannot_be_minted_and_no_token_exists() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    step_until(&mut h, "a preset to open", |app| {
        app.current_preset().is_some()
    });
    let button = h.get_by_role_and_label(Role::Button, "Launch demo");
    assert!(
        !button.accesskit_node().is_disabled(),
        "a valid body can be minted"
    );
    h.get_by_label("Body").click();
    h.run_ok();
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit("{\"personaConfig\": ");
    h.run_ok();
    let button = h.get_by_role_and_label(Role::Button, "Launch demo");
    assert!(
        button.accesskit_node().is_disabled(),
        "no token, and text that is not JSON cannot be minted"
    );
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit("{\"personaConfig\": {\"avatarId\": 5}}");
    h.run_ok();
    assert!(h.state().draft().error_count() > 0);
    let button = h.get_by_role_and_label(Role::Button, "Launch demo");
    assert!(
        button.accesskit_node().is_disabled(),
        "a body with problems"
    );
}

#[test]
fn launch_demo_mints_then_shows_the_page_address_and_a_second_launch_reuses_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    step_until(&mut h, "a preset to open", |app| {
        app.current_preset().is_some()
    });
    h.get_by_role_and_label(Role::Button, "Launch demo").click();
    h.run_ok();
    step_until(&mut h, "the demo page", |app| {
        app.tokens().current().is_some_and(|t| t.demo_url.is_some())
    });
    assert!(!h.state().is_launching_demo());
    let entry = h.state().tokens().current().unwrap().clone();
    let url = entry.demo_url.clone().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(
        h.state().tokens().history().len(),
        1,
        "one token was minted"
    );

    // The window shows the address, and Copy copies it.
    let shown = h.get_by_role_and_label(Role::TextInput, "Demo page");
    assert_eq!(
        shown.accesskit_node().value().as_deref(),
        Some(url.as_str())
    );
    h.get_by_role_and_label(Role::Button, "Copy address")
        .click();
    h.run_ok();
    assert_eq!(copied(&h).last(), Some(&url));

    // The address serves the page, and its session holds exactly the minted token.
    let (status, page) = get(&url);
    assert!(status.contains("200"), "{status}");
    assert!(page.contains("<video"), "the demo page: {page}");
    let (status, session) = get(&format!("{url}session.json"));
    assert!(status.contains("200"), "{status}");
    let session: serde_json::Value = serde_json::from_str(&session).unwrap();
    assert_eq!(session["token"].as_str(), Some(entry.token.as_str()));

    // Ctrl+D again: the live token is used, nothing is minted, a new page is served.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    h.run_ok();
    step_until(&mut h, "the second page", |app| {
        !app.is_launching_demo()
            && app.tokens().current().and_then(|t| t.demo_url.as_ref()) != Some(&url)
    });
    assert_eq!(h.state().tokens().history().len(), 1, "no second token");
    let second = h
        .state()
        .tokens()
        .current()
        .unwrap()
        .demo_url
        .clone()
        .unwrap();
    assert_ne!(second, url, "each launch has its own unguessable path");
}
