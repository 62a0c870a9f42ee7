//! Team presets: two clones of one team folder change, commit, push, pull and compare presets
//! from the window, by label; a conflict keeps both versions in view. Real repositories in a
//! temp folder: a bare "remote" and two clones, each opened in its own app.

use crate::common::git;
use crate::harness::{App, Settle, Setup, step_until};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use std::fs;
use std::path::{Path, PathBuf};

/// A bare remote holding `presets/` with two shipped presets, and clones for `who`, each with
/// its own identity.
fn team(tmp: &Path, who: &[&str]) -> Vec<PathBuf> {
    let seed = tmp.join("seed");
    fs::create_dir_all(seed.join("presets")).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    for name in ["cartesia-calm-support.json", "fish-audio-french-tutor.json"] {
        fs::copy(shipped.join(name), seed.join("presets").join(name)).unwrap();
    }
    // The app's own files beside the presets stay out of the team's repository.
    fs::write(seed.join(".gitignore"), "/config/\n/cache/\n/sdk/\n").unwrap();
    git(&seed, &["init", "-q", "-b", "main"]);
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "-q", "-m", "first"]);
    let remote = tmp.join("remote.git");
    git(
        tmp,
        &[
            "clone",
            "-q",
            "--bare",
            seed.to_str().unwrap(),
            remote.to_str().unwrap(),
        ],
    );
    (who.iter())
        .map(|name| {
            let clone = tmp.join(name);
            git(
                tmp,
                &[
                    "clone",
                    "-q",
                    remote.to_str().unwrap(),
                    clone.to_str().unwrap(),
                ],
            );
            git(&clone, &["config", "user.name", name]);
            git(&clone, &["config", "user.email", "team@example.com"]);
            clone
        })
        .collect()
}

/// The app on a clone (its presets folder is the clone's `presets/`), once git has answered.
fn app_on(clone: &Path) -> Harness<'static, App> {
    let mut h = Setup::new(clone).build();
    step_until(&mut h, "git's status", |_| true);
    wait_for_label(&mut h, "Git: main");
    h
}

/// Steps until a widget whose label contains `text` shows (git answers on the worker).
fn wait_for_label(h: &mut Harness<'static, App>, text: &str) {
    let started = std::time::Instant::now();
    while h.query_by_label_contains(text).is_none() {
        assert!(
            started.elapsed() < crate::common::DEADLINE,
            "timed out waiting for {text:?}; the banner: {:?}; the notice: {:?}",
            h.state().banner().map(|b| &b.sentence),
            h.state().notice()
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.settle();
}

/// Steps until git has answered `what` in a line of news, and checks the line.
fn notice_is(h: &mut Harness<'static, App>, what: &str, starts: &str) {
    let started = std::time::Instant::now();
    // The line it asks for, or a banner (a failure, said at once).
    let said = |a: &App| {
        let banner = a.banner().map(|b| b.sentence.clone());
        let notice = a
            .notice()
            .filter(|n| n.starts_with(starts))
            .map(str::to_string);
        (!a.git_busy()).then(|| notice.or(banner))?
    };
    while said(h.state()).is_none() {
        let state = h.state();
        assert!(
            started.elapsed() < crate::common::DEADLINE,
            "timed out waiting for {what}: git busy {}, a dialog open {}",
            state.git_busy(),
            state.dialog_open()
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let said = said(h.state()).unwrap_or_default();
    assert!(said.starts_with(starts), "{what}: {said}");
    h.settle();
}

#[test]
fn two_clones_commit_push_pull_and_compare_presets_from_the_window() {
    let tmp = tempfile::tempdir().unwrap();
    let clones = team(tmp.path(), &["ana", "ben"]);
    let (ana, ben) = (&clones[0], &clones[1]);
    let calm = "presets/cartesia-calm-support.json";

    // Ana changes a preset (as another editor would) and adds one.
    let edited = fs::read_to_string(ana.join(calm))
        .unwrap()
        .replace("Leo", "Leona");
    fs::write(ana.join(calm), &edited).unwrap();
    fs::write(
        ana.join("presets/new one.json"),
        "{\"personaConfig\": {\"personaId\": \"p-1\"}}\n",
    )
    .unwrap();
    let mut a = app_on(ana);
    a.get_by_label_contains("Git: main, up to date with origin/main");
    a.get_by_label("cartesia-calm-support · changed");
    a.get_by_label("new one · new");
    a.get_by_label("fish-audio-french-tutor");
    assert!(
        a.get_by_role_and_label(Role::Button, "Push")
            .accesskit_node()
            .is_disabled(),
        "nothing to push yet"
    );

    // Compare with last commit: the draft (the file as changed) beside the committed one.
    a.get_by_label("cartesia-calm-support · changed").click();
    a.settle();
    a.get_by_role_and_label(Role::Button, "Compare with last commit")
        .click();
    wait_for_label(&mut a, "Last commit");
    a.get_by_label_contains("\"Leo\"");
    a.get_by_label_contains("\"Leona\"");

    // Commit only the changed preset: untick the new one.
    a.get_by_role_and_label(Role::Button, "Commit…").click();
    a.settle();
    a.get_by_label("new one (new)").click();
    a.settle();
    a.get_by_role_and_label(Role::TextInput, "Message").focus();
    a.settle();
    a.get_by_role_and_label(Role::TextInput, "Message")
        .type_text("Leona, not Leo");
    a.settle();
    a.get_by_role_and_label(Role::Button, "Commit").click();
    notice_is(&mut a, "the commit", "Committed as ");
    wait_for_label(&mut a, "1 ahead of origin/main");
    a.get_by_label("cartesia-calm-support");
    a.get_by_label("new one · new");
    assert_eq!(
        git(ana, &["log", "-1", "--format=%s%n%an"]),
        "Leona, not Leo\nana\n"
    );
    let files = git(ana, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), calm);

    a.get_by_role_and_label(Role::Button, "Push").click();
    notice_is(&mut a, "the push", "Pushed.");
    wait_for_label(&mut a, "up to date with origin/main");

    // Ben pulls it; the preset open in his window changed on disk: he is asked.
    let mut b = app_on(ben);
    b.get_by_label("cartesia-calm-support").click();
    b.settle();
    b.get_by_role_and_label(Role::Button, "Pull").click();
    notice_is(&mut b, "the pull", "Pulled the upstream's commits.");
    assert_eq!(fs::read_to_string(ben.join(calm)).unwrap(), edited);
    b.get_by_label_contains("was changed on disk since you opened it");
}

#[test]
fn a_conflict_keeps_both_versions_in_view() {
    let tmp = tempfile::tempdir().unwrap();
    let clones = team(tmp.path(), &["ana", "ben"]);
    let (ana, ben) = (&clones[0], &clones[1]);
    let calm = "presets/cartesia-calm-support.json";
    let original = fs::read_to_string(ana.join(calm)).unwrap();
    for (clone, name) in [(ana, "Ana-Leo"), (ben, "Ben-Leo")] {
        fs::write(clone.join(calm), original.replace("Leo", name)).unwrap();
        git(clone, &["commit", "-q", "-am", name]);
    }
    git(ana, &["push", "-q"]);

    let mut b = app_on(ben);
    b.get_by_role_and_label(Role::Button, "Pull").click();
    step_until(&mut b, "the pull", |a| {
        !a.git_busy() && a.banner().is_some()
    });
    let banner = b.state().banner().unwrap().sentence.clone();
    assert!(
        banner.starts_with("The pull stopped: cartesia-calm-support.json changed both upstream and in your commits. Nothing is lost"),
        "{banner}"
    );
    // The open preset's file now holds git's markers: the window asks, and keeps Ben's version
    // on screen if he says so.
    wait_for_label(&mut b, "was changed on disk since you opened it");
    b.get_by_role_and_label(Role::Button, "Keep my version")
        .click();
    b.settle();
    assert!(b.state().draft().text().contains("Ben-Leo"));
    wait_for_label(&mut b, "cartesia-calm-support (in conflict)");
    b.get_by_role_and_label(Role::Button, "Both versions of cartesia-calm-support")
        .click();
    wait_for_label(&mut b, "Upstream (already pushed)");
    b.get_by_label("Yours (your commit)");
    // Both texts, whole, and the file on disk still holds both.
    let texts: Vec<String> = (b.query_all_by_role(Role::MultilineTextInput))
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    for side in ["\"name\": \"Ana-Leo\"", "\"name\": \"Ben-Leo\""] {
        assert!(
            texts.iter().any(|t| t.contains(side)),
            "{side} in {texts:?}"
        );
    }
    let on_disk = fs::read_to_string(ben.join(calm)).unwrap();
    assert!(
        on_disk.contains("Ana-Leo") && on_disk.contains("Ben-Leo"),
        "{on_disk}"
    );
}

#[test]
fn a_folder_outside_git_shows_nothing_of_git() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = Setup::new(tmp.path()).build();
    step_until(&mut h, "the presets", |a| a.current_preset().is_some());
    assert!(h.query_by_label_contains("Git:").is_none());
    assert!(h.query_by_label("Commit…").is_none());
    assert!(h.query_by_label("Compare with last commit").is_none());
}

#[test]
fn any_folder_is_the_presets_folder_once_chosen_in_settings() {
    let tmp = tempfile::tempdir().unwrap();
    let clones = team(tmp.path(), &["ana"]);
    let team_presets = clones[0].join("presets");
    let home = tmp.path().join("home");
    let mut h = Setup::new(&home).build();
    step_until(&mut h, "the app's own presets", |a| {
        a.current_preset().is_some()
    });
    assert!(h.query_by_label_contains("Git:").is_none());

    h.get_by_label("Settings…").click();
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Folder")
        .set_text_value_accesskit(team_presets.to_str().unwrap());
    h.settle();
    h.get_by_label("Use this folder").click();
    h.settle();
    wait_for_label(&mut h, "Git: main, up to date with origin/main");
    assert_eq!(h.state().presets_dir(), team_presets);
    h.get_by_label("fish-audio-french-tutor");
    assert!(
        h.query_by_label("elevenlabs-v2-sales-demo").is_none(),
        "the team folder only"
    );
    let config = fs::read_to_string(crate::harness::config_file(&home)).unwrap();
    assert!(config.contains("\"presetsFolder\""), "{config}");

    // Default folder goes back to the app's own.
    h.get_by_label("Default folder").click();
    h.settle();
    step_until(&mut h, "the app's own folder", |a| {
        a.presets_dir() == home.join("presets")
    });
    wait_for_label(&mut h, "elevenlabs-v2-sales-demo");
    assert!(h.query_by_label_contains("Git:").is_none());
}
