//! `anam-studio presets status` over a real repository made in a temp folder: each preset's
//! state against the last commit, whether it validates, and the exit code a CI check reads.

use crate::common::{cli_env, git, text};
use std::fs;
use std::path::Path;

#[test]
fn each_preset_has_its_state_and_validity_and_an_invalid_one_fails_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    let presets = tmp.path().join("team/presets");
    fs::create_dir_all(&presets).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    for name in ["cartesia-calm-support.json", "stateful-persona.json"] {
        fs::copy(shipped.join(name), presets.join(name)).unwrap();
    }
    fs::write(presets.join("old one.json"), "{\"clientLabel\": \"x\"}\n").unwrap();
    git(&presets, &["init", "-q", "-b", "main"]);
    git(&presets, &["add", "-A"]);
    git(&presets, &["commit", "-q", "-m", "first"]);
    let status = |envs: &[(&str, &str)]| {
        let dir = presets.to_str().unwrap();
        cli_env(&["presets", "status", dir], envs)
    };

    let out = status(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("git: main (no upstream)"),
        "{}",
        text(&out.stderr)
    );

    // A change, a new valid preset, a new invalid one, a deletion.
    let calm = presets.join("cartesia-calm-support.json");
    let edited = fs::read_to_string(&calm).unwrap().replace("Leo", "Leona");
    fs::write(&calm, edited).unwrap();
    fs::write(
        presets.join("new.json"),
        "{\"personaConfig\": {\"personaId\": \"p-1\"}}\n",
    )
    .unwrap();
    fs::write(
        presets.join("broken.json"),
        "{\"personaConfig\": {\"avatarId\": 5}}\n",
    )
    .unwrap();
    fs::remove_file(presets.join("old one.json")).unwrap();
    let out = status(&[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an invalid preset fails the check"
    );
    assert_eq!(
        text(&out.stdout),
        "new\tbroken\tinvalid: 1 error (anam-studio validate shows them)\n\
         changed\tcartesia-calm-support\tvalid\n\
         new\tnew\tvalid\n\
         unchanged\tstateful-persona\tvalid\n\
         deleted\told one\t-\n"
    );

    // Outside git: no state, the same check.
    fs::remove_file(presets.join("broken.json")).unwrap();
    fs::remove_dir_all(presets.join(".git")).unwrap();
    let out = status(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("not in a git work tree"));
    assert!(text(&out.stdout).starts_with("-\tcartesia-calm-support\tvalid\n"));

    // No git on the machine, in a work tree: said in one sentence, the check still runs.
    fs::create_dir(presets.join(".git")).unwrap();
    let out = status(&[("PATH", "/nonexistent")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).starts_with("anam-studio: git is not installed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_folder_chosen_in_settings_is_the_default() {
    let tmp = tempfile::tempdir().unwrap();
    let chosen = tmp.path().join("chosen");
    fs::create_dir(&chosen).unwrap();
    fs::write(
        chosen.join("only.json"),
        "{\"personaConfig\": {\"personaId\": \"p\"}}\n",
    )
    .unwrap();
    let config = tmp.path().join("config.json");
    let body = serde_json::json!({ "presetsFolder": chosen });
    fs::write(&config, body.to_string()).unwrap();
    let config = config.to_str().unwrap();
    let out = cli_env(&["presets", "status"], &[("ANAM_STUDIO_CONFIG", config)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "-\tonly\tvalid\n");
    // ANAM_STUDIO_PRESETS wins.
    let other = tmp.path().join("other");
    fs::create_dir(&other).unwrap();
    let envs = [
        ("ANAM_STUDIO_CONFIG", config),
        ("ANAM_STUDIO_PRESETS", other.to_str().unwrap()),
    ];
    let out = cli_env(&["presets", "status"], &envs);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
}
