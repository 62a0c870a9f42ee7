//! Unit tests of `preset`.

use super::*;

#[test]
fn save_then_load_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    let text = "{\n  \"clientLabel\": \"x\",\n  \"z\": 1\n}\n";
    let body = RequestBody::parse(text.as_bytes()).unwrap();
    save(&path, &body).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert_eq!(load(&path).unwrap(), body);
    // No temporary files are left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn broken_json_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    fs::write(&path, "{\n  \"clientLabel\": \"x\",\n}\n").unwrap();
    let err = load(&path).unwrap_err().to_string();
    assert_eq!(err, format!("{}:3:1: trailing comma", path.display()));
}

#[test]
fn missing_file_is_an_io_error() {
    let err = load(Path::new("/nonexistent/p.json")).unwrap_err();
    assert!(matches!(err, PresetError::Io { .. }));
    assert!(err.to_string().starts_with("/nonexistent/p.json: "));
}

#[test]
fn scan_lists_json_files_with_their_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("b.json"), "{}").unwrap();
    fs::write(dir.path().join("A.json"), "{").unwrap();
    fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let entries = scan(dir.path()).unwrap();
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["A", "b"]);
    assert!(entries[0].status.is_err());
    assert!(entries[1].status.is_ok());
}

#[test]
fn seeding_happens_once_with_every_shipped_preset() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    assert!(seed(&presets).unwrap());
    assert_eq!(scan(&presets).unwrap().len(), SHIPPED.len());
    fs::remove_file(path_for(&presets, SHIPPED[0].0)).unwrap();
    assert!(!seed(&presets).unwrap(), "a user's deletions are respected");
    assert_eq!(scan(&presets).unwrap().len(), SHIPPED.len() - 1);
}

#[test]
fn names_are_checked() {
    assert!(check_name("Demo — Cara (fr)").is_ok());
    assert!(check_name("  ").is_err());
    assert!(check_name("a/b").is_err());
    assert!(check_name(".hidden").is_err());
}

#[test]
fn save_new_never_replaces_a_file_that_appeared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.json");
    fs::write(&path, "written by another program").unwrap();
    let err = save_new(&path, &RequestBody::new()).unwrap_err();
    assert!(is_taken(&err), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "written by another program"
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp file");
    let fresh = dir.path().join("mine.json");
    save_new(&fresh, &RequestBody::new()).unwrap();
    assert_eq!(fs::read_to_string(&fresh).unwrap(), "{}\n");
}

#[cfg(unix)]
#[test]
fn a_presets_folder_that_is_a_link_loop_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let looped = dir.path().join("presets");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let err = seed(&looped).unwrap_err().to_string();
    assert_eq!(
        err,
        "it is a symbolic link that leads back to itself (a loop)"
    );
    let dangling = dir.path().join("elsewhere");
    std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
    let err = seed(&dangling).unwrap_err().to_string();
    assert!(err.ends_with("gone, which does not exist"), "{err}");
}

#[test]
fn names_windows_refuses_are_refused_everywhere() {
    for name in [
        "CON",
        "con",
        "Prn",
        "aux",
        "NUL",
        "COM1",
        "com9",
        "LPT1",
        "lpt9",
        "nul.backup",
        "CON .x",
        "trailing.",
        "a<b",
        "a>b",
        "a:b",
        "a\"b",
        "a|b",
        "a?b",
        "a*b",
        "a\u{7}b",
    ] {
        assert!(check_name(name).is_err(), "{name:?} is refused");
    }
    assert_eq!(
        check_name("con.old").unwrap_err(),
        "\"con\" is a device name on Windows, so a preset cannot be called that"
    );
    for name in [
        "CONSOLE",
        "COM10",
        "LPT0",
        "com",
        "nullable",
        "a.b",
        "Demo — Cara (fr)",
    ] {
        assert!(check_name(name).is_ok(), "{name:?} is fine");
    }
}

#[test]
fn a_crlf_preset_keeps_its_line_endings_and_every_byte_outside_the_edit() {
    let lf =
        "{\n  \"clientLabel\": \"x\",\n  \"personaConfig\": {\n    \"name\": \"Leo\"\n  }\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    let mut body = RequestBody::parse(crlf.as_bytes()).unwrap();
    body.set("personaConfig.name", serde_json::json!("Mia"));
    assert_eq!(
        text_like(&body, Some(crlf.as_bytes())),
        crlf.replace("Leo", "Mia")
    );
    assert_eq!(
        text_like(&body, Some(lf.as_bytes())),
        lf.replace("Leo", "Mia")
    );
    assert_eq!(text_like(&body, None), lf.replace("Leo", "Mia"));
}
