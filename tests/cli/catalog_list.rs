//! `anam-studio list`, as a process, against the sandbox over loopback: an aligned table, JSON
//! and search, and each failure in one sentence.

use crate::common::{assert_no_key, cli, text};
use anam_studio::core::catalog::Avatar;
use anam_studio::sandbox::{Config, Fault, Sandbox};
use serde_json::{Value, json};

const KEY: &str = "sk-test-catalog-0123456789";

fn sandbox() -> Sandbox {
    Sandbox::start(Config::default()).unwrap()
}

fn list_args<'a>(what: &'a str, base: &'a str) -> Vec<&'a str> {
    vec!["list", what, "--base-url", base]
}

#[test]
fn cli_list_prints_an_aligned_table() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let out = cli(&list_args("voices", &base), Some(KEY), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 41, "{stdout}");
    assert!(lines[0].starts_with("ID "), "{}", lines[0]);
    let name_col = lines[0].find("NAME").unwrap();
    let details_col = lines[0].find("PROVIDER · GENDER · COUNTRY").unwrap();
    let calm = lines
        .iter()
        .find(|l| l.starts_with("8b4e2f6a-1c3d-4e5f-9a7b-0c2d4e6f8a1b"))
        .unwrap();
    assert_eq!(calm.find("Calm Leo"), Some(name_col));
    // Columns line up in characters (names may hold accents).
    let chars = |l: &str, s: &str| l[..l.find(s).unwrap()].chars().count();
    assert_eq!(
        chars(calm, "Cartesia · male · US"),
        lines[0][..details_col].chars().count()
    );
    let elodie = lines.iter().find(|l| l.contains("Élodie")).unwrap();
    assert_eq!(
        chars(elodie, "Cartesia · female · FR"),
        chars(calm, "Cartesia · male · US")
    );
    assert!(lines.iter().all(|l| !l.ends_with(' ')));
    assert_no_key(&text(&out.stderr), KEY, "stderr");

    for (what, rows, needle) in [
        ("avatars", 15, "Window desk"),
        ("llms", 6, "gpt-4.1-mini · default"),
        ("personas", 8, "Walks prospects through the product"),
    ] {
        let out = cli(&list_args(what, &base), Some(KEY), None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(stdout.lines().count(), rows + 1, "{what}: {stdout}");
        assert!(stdout.contains(needle), "{what}: {stdout}");
    }
}

#[test]
fn cli_list_json_and_search() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let mut args = list_args("avatars", &base);
    args.extend(["--search", "cara", "--json"]);
    let out = cli(&args, Some(KEY), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let items: Vec<Avatar> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|a| a.display_name == "Cara"));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json[0]["imageUrl"].as_str().unwrap().starts_with(&base));

    // Nothing matches: an empty table says so on stderr; JSON is [].
    let mut args = list_args("llms", &base);
    args.extend(["--search", "nothing like this"]);
    let out = cli(&args, Some(KEY), None);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).contains("No LLMs match \"nothing like this\"."));
    args.push("--json");
    let out = cli(&args, Some(KEY), None);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([])
    );
}

#[test]
fn cli_list_tools_shows_name_kind_and_description_and_searches() {
    use anam_studio::sandbox::tools::{CHECK_ORDER_STATUS, SEARCH_HELP_CENTER};
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let out = cli(&list_args("tools", &base), Some(KEY), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    let header = lines[0];
    assert!(header.starts_with("ID "), "{header}");
    let (name_col, details_col) = (
        header.find("NAME").unwrap(),
        header.find("TYPE · DESCRIPTION").unwrap(),
    );
    let row = lines
        .iter()
        .find(|l| l.starts_with(CHECK_ORDER_STATUS))
        .unwrap();
    assert_eq!(row.find("check_order_status"), Some(name_col));
    assert_eq!(
        row.find("Webhook · Looks up the status of an order"),
        Some(details_col),
        "{stdout}"
    );
    for (name, kind) in [
        ("open_product_page", "Client · "),
        ("search_help_center", "Knowledge · "),
        ("change_language", "System · "),
    ] {
        let line = lines.iter().find(|l| l.contains(name)).unwrap();
        assert!(line.contains(kind), "{line}");
    }

    // The server's search (name or description), as JSON: the API's tool objects.
    let mut args = list_args("tools", &base);
    args.extend(["--search", "help-center", "--json"]);
    let out = cli(&args, Some(KEY), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json[0]["id"], SEARCH_HELP_CENTER);
    assert_eq!(json[0]["type"], "SERVER_RAG");
    assert!(json[0]["config"]["documentFolderIds"].is_array());

    let mut args = list_args("tools", &base);
    args.extend(["--search", "nothing like this"]);
    let out = cli(&args, Some(KEY), None);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).contains("No tools match \"nothing like this\"."));
}

#[test]
fn cli_list_failures_are_one_sentence() {
    let fail = |out: std::process::Output, sentence: &str| {
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert_eq!(text(&out.stdout), "");
        assert!(stderr.contains(sentence), "expected {sentence:?}: {stderr}");
        assert_no_key(&stderr, KEY, "stderr");
    };
    let sandbox = Sandbox::start(Config {
        required_key: Some("sk-right".into()),
        ..Config::default()
    })
    .unwrap();
    let base = sandbox.base_url();
    fail(
        cli(&list_args("voices", &base), Some(KEY), None),
        "anam-studio: The API key was rejected (401)",
    );
    fail(
        cli(&list_args("voices", &base), None, None),
        "no API key: set ANAM_API_KEY",
    );
    let config = Config::default();
    config
        .catalog_faults
        .push(Fault::json(500, json!({"error": "database on fire"})));
    let sandbox = Sandbox::start(config).unwrap();
    fail(
        cli(&list_args("personas", &sandbox.base_url()), Some(KEY), None),
        "anam-studio: The server failed (500): database on fire: try again later.",
    );
    fail(
        cli(&list_args("avatars", "http://api.anam.ai"), Some(KEY), None),
        "Refusing to send the API key over plain http://",
    );
    let out = cli(&["list", "faces", "--base-url", &base], Some(KEY), None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("avatars, voices, llms, personas, tools"),
        "{}",
        text(&out.stderr)
    );
}
