//! Preset folders as they really are (docs/reliability.md, "Hostile files"): names that differ
//! only by a space, files another program creates meanwhile, named pipes, folders and link loops
//! where presets should be, huge files. Nothing is acted on by the wrong path, nothing is
//! overwritten, nothing blocks.

use crate::common;
use crate::common::mkfifo;

use crate::harness::{App, Setup};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn body(label: &str) -> String {
    format!("{{\n  \"clientLabel\": \"{label}\"\n}}\n")
}

/// The app on a presets folder that already holds `files` (so nothing is seeded).
fn app_with(dir: &Path, files: &[(&str, String)]) -> Harness<'static, App> {
    let presets = dir.join("presets");
    fs::create_dir_all(&presets).unwrap();
    for (name, text) in files {
        fs::write(presets.join(name), text).unwrap();
    }
    Setup::new(dir).build()
}

/// If the test is still running after a generous delay, opens `fifo` for writing and closes
/// it, so a reader blocked on it wakes (and reads nothing) instead of hanging the suite; the
/// returned flag says whether that happened, which the test then treats as a failure.
fn unblock_later(fifo: PathBuf) -> (Arc<AtomicBool>, Arc<AtomicBool>) {
    let (done, fired) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let (d, f) = (done.clone(), fired.clone());
    std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if d.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        f.store(true, Ordering::SeqCst);
        // Non-blocking for the writer too: it fails at once when nobody reads.
        use std::os::unix::fs::OpenOptionsExt;
        for _ in 0..100 {
            let _ = fs::OpenOptions::new()
                .write(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&fifo);
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    (done, fired)
}

/// Steps frames until a label containing `text` shows, failing after 20 s.
fn step_until_label(h: &mut Harness<'_, App>, text: &str) {
    let started = Instant::now();
    while h.query_by_label_contains(text).is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "timed out waiting for \"{text}\""
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_ok();
}

// ----- item 1: a found entry is acted on by the path it was found at -----

#[test]
fn gui_a_name_with_a_trailing_space_is_saved_and_deleted_at_its_own_path() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    let mut h = app_with(
        dir.path(),
        &[("foo.json", body("plain")), ("foo .json", body("spaced"))],
    );
    h.get_by_label("foo·").click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("foo "));
    assert_eq!(
        h.state().draft().get("clientLabel"),
        Some(&serde_json::json!("spaced"))
    );
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("spaced-edited");
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert!(
        h.query_by_label("Changed by another program").is_none(),
        "no false prompt"
    );
    assert_eq!(
        fs::read_to_string(presets.join("foo .json")).unwrap(),
        body("spaced-edited")
    );
    assert_eq!(
        fs::read_to_string(presets.join("foo.json")).unwrap(),
        body("plain")
    );

    h.get_by_label("Delete").click();
    h.run_ok();
    h.get_by_label("Delete preset").click();
    h.run_ok();
    assert!(!presets.join("foo .json").exists(), "the spaced file went");
    assert_eq!(
        fs::read_to_string(presets.join("foo.json")).unwrap(),
        body("plain"),
        "the other file is untouched"
    );
}

// ----- item 2: Save as, Duplicate and Rename never replace a file that appeared -----

#[test]
fn gui_save_as_duplicate_and_rename_never_overwrite_a_file_that_appeared() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    let mut h = app_with(dir.path(), &[("mine.json", body("mine"))]);
    assert_eq!(h.state().current_preset(), Some("mine"));
    // Another program writes "theirs.json" after the folder was read.
    fs::write(presets.join("theirs.json"), "written by another program").unwrap();
    for action in ["Save as…", "Duplicate", "Rename"] {
        h.get_by_label(action).click();
        h.run_ok();
        h.get_by_role_and_label(Role::TextInput, "Preset name")
            .set_text_value_accesskit("theirs");
        h.run_ok();
        h.get_by_label("OK").click();
        h.run_ok();
        assert!(
            h.query_all_by_label_contains("\"theirs.json\" appeared in the presets folder")
                .next()
                .is_some(),
            "{action}: no word about the name being taken"
        );
        assert_eq!(
            fs::read_to_string(presets.join("theirs.json")).unwrap(),
            "written by another program",
            "{action} overwrote it"
        );
        assert_eq!(
            fs::read_to_string(presets.join("mine.json")).unwrap(),
            body("mine")
        );
        h.get_by_label("Cancel").click();
        h.run_ok();
    }
    let mut names: Vec<String> = fs::read_dir(&presets)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["mine.json", "theirs.json"],
        "no temporary file left"
    );
}

// ----- item 3: named pipes never block -----

#[test]
fn cli_validate_and_mint_refuse_a_named_pipe_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p.json");
    mkfifo(&fifo);
    let (done, fired) = unblock_later(fifo.clone());
    let file = fifo.to_str().unwrap();
    let port = common::closed_port().to_string();
    let base = format!("http://127.0.0.1:{port}");
    for args in [
        vec!["validate", file],
        vec!["mint", "--preset", file, "--base-url", &base],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_anam-studio"))
            .args(&args)
            .env("ANAM_API_KEY", "demo")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            !fired.load(Ordering::SeqCst),
            "{args:?} blocked on the pipe"
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = common::text(&out.stderr);
        assert!(
            stderr.contains(&format!("{file} is a named pipe (FIFO), not a preset file")),
            "{args:?}: {stderr}"
        );
    }
    done.store(true, Ordering::SeqCst);
}

#[test]
fn gui_a_preset_replaced_by_a_named_pipe_never_blocks_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    let mut h = app_with(dir.path(), &[("a.json", body("a"))]);
    assert_eq!(h.state().current_preset(), Some("a"));
    let path = presets.join("a.json");
    fs::remove_file(&path).unwrap();
    mkfifo(&path);
    let (done, fired) = unblock_later(path.clone());
    // Before a save: the check does not wait for a writer.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    h.get_by_label_contains("was changed on disk since you opened it");
    h.get_by_label("Reload from disk").click();
    h.run_ok();
    assert_eq!(
        h.state().banner().map(|b| b.sentence.clone()),
        Some(format!(
            "{} is a named pipe (FIFO), not a preset file",
            path.display()
        ))
    );
    // When the window regains focus: on another thread, the answer a few frames later.
    h.event(egui::Event::WindowFocused(true));
    step_until_label(&mut h, "was changed on disk since you opened it");
    h.get_by_label("Keep my version").click();
    h.run_ok();
    assert!(
        !fired.load(Ordering::SeqCst),
        "the window blocked on the pipe"
    );
    done.store(true, Ordering::SeqCst);
    assert!(
        h.state().draft().is_dirty(),
        "the edits are kept, to be saved"
    );
}

// ----- item 7: every *.json-like entry is listed, with its reason -----

#[test]
fn gui_the_sidebar_lists_odd_entries_with_their_reason_and_shows_look_alikes_apart() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    let long = "l".repeat(200);
    let mut h = {
        fs::create_dir_all(presets.join("folder.json")).unwrap();
        mkfifo(&presets.join("pipe.json"));
        std::os::unix::fs::symlink(presets.join("loop.json"), presets.join("loop.json")).unwrap();
        use std::os::unix::ffi::OsStrExt;
        fs::write(
            presets.join(std::ffi::OsStr::from_bytes(b"caf\xe9.json")),
            body("latin1"),
        )
        .unwrap();
        app_with(
            dir.path(),
            &[
                ("a.json", body("a")),
                ("UPPER.JSON", body("upper")),
                ("foo.json", body("plain")),
                ("foo .json", body("space")),
                ("foo\n.json", body("newline")),
                ("fo\u{200B}o.json", body("zero-width")),
                ("caf\u{E9}.json", body("nfc")),
                ("cafe\u{301}.json", body("nfd")),
                (&format!("{long}.json"), body("long")),
            ],
        )
    };
    for label in [
        "a",
        "UPPER.JSON",
        "foo",
        "foo·",
        "foo\\n",
        "fo\\u{200B}o",
        "café",
        "cafe\\u{301}",
        long.as_str(),
        "folder (unreadable)",
        "pipe (unreadable)",
        "loop (unreadable)",
        // The name's own escape, with its backslash shown as `\\` like any other.
        "caf\\\\xE9.json (unreadable)",
    ] {
        assert!(
            h.query_by_label(label).is_some(),
            "\"{label}\" is not listed"
        );
    }
    // Each reason is what the entry is.
    h.get_by_label("pipe (unreadable)").click();
    h.run_ok();
    h.get_by_label_contains("pipe.json is a named pipe (FIFO), not a preset file");
    h.get_by_label("loop (unreadable)").click();
    h.run_ok();
    h.get_by_label_contains("a symbolic link that leads back to itself (a loop)");
    h.get_by_label("folder (unreadable)").click();
    h.run_ok();
    h.get_by_label_contains("folder.json is a folder, not a preset file");
    // An upper-case extension is a preset like any other, saved where it was found.
    h.get_by_label("UPPER.JSON").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("upper-edited");
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert_eq!(
        fs::read_to_string(presets.join("UPPER.JSON")).unwrap(),
        body("upper-edited")
    );
    assert!(!presets.join("UPPER.JSON.json").exists());
}

// ----- item 9: a presets folder that is a link loop -----

#[test]
fn gui_a_presets_folder_that_is_a_link_loop_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::os::unix::fs::symlink(&presets, &presets).unwrap();
    let h = Setup::new(dir.path()).build();
    h.get_by_label(&format!(
        "Could not create the presets folder {}: it is a symbolic link that leads back to itself (a loop)",
        presets.display()
    ));
    h.get_by_label(&format!(
        "Could not read the presets folder {}: it is a symbolic link that leads back to itself (a loop)",
        presets.display()
    ));
    assert!(h.query_by_label_contains("os error").is_none());
}

// ----- item 5: large bodies cost what is shown -----

#[test]
fn gui_a_huge_preset_opens_read_only_in_the_body_tab_and_summed_up_in_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    fs::create_dir_all(&presets).unwrap();
    let prompt = "x".repeat(7 * 1000 * 1000);
    fs::write(
        presets.join("huge.json"),
        format!(
            "{{\n  \"clientLabel\": \"huge\",\n  \"personaConfig\": {{\n    \"name\": \"Big\",\n    \"systemPrompt\": \"{prompt}\",\n    \"llmId\": [{}]\n  }}\n}}\n",
            vec!["1"; 1000].join(", ")
        ),
    )
    .unwrap();
    let mut h = Setup::new(dir.path()).build();
    assert_eq!(h.state().current_preset(), Some("huge"));
    h.get_by_label(
        "A text of 7.0 MB: too long to edit here. It is kept and sent as it is; edit it in a text editor.",
    );
    h.get_by_label("An array of 1000 items: not editable here (see the Body tab).");
    h.get_by_label("Body").click();
    h.run_ok();
    h.get_by_label_contains(
        "This body is 7.0 MB: too large to edit here, so it is shown read-only",
    );
    // The whole body is still what would be sent and saved.
    assert!(h.state().draft().text().contains(&prompt));
}
