//! Frame and keystroke cost against the size of the open body (docs/performance.md, "Large
//! bodies"). Prints one line per size: the Form tab's idle frame, the Body tab's idle frame, and
//! one keystroke in the Body tab's text box (none when the body is shown read-only).
//!
//! `cargo bench --bench large_body` (release), or `cargo test --bench large_body` (the dev
//! profile, as the figures in docs/performance.md). `ONE_STRING=1` uses one long string instead
//! of an array of short ones.

use anam_studio::ui::{App, AppConfig};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::time::{Duration, Instant};

const FRAMES: u32 = 50;

fn preset_text(kb: usize) -> String {
    if std::env::var_os("ONE_STRING").is_some() {
        return format!(
            "{{\n  \"clientLabel\": \"big\",\n  \"extra\": \"{}\"\n}}\n",
            "x".repeat(kb * 850)
        );
    }
    // Many short strings: the worst case for highlighting and layout.
    let items: Vec<String> = (0..kb * 1000 / 40)
        .map(|i| format!("\"item-{i:08}-abcdefghijkl\""))
        .collect();
    format!(
        "{{\n  \"clientLabel\": \"big\",\n  \"extra\": [\n    {}\n  ]\n}}\n",
        items.join(",\n    ")
    )
}

fn idle(h: &mut Harness<'_, App>) -> Duration {
    let t = Instant::now();
    for _ in 0..FRAMES {
        h.step();
    }
    t.elapsed() / FRAMES
}

fn main() {
    for kb in [4usize, 16, 37, 40, 1024, 9000] {
        let dir = tempfile::tempdir().unwrap();
        let presets = dir.path().join("presets");
        std::fs::create_dir_all(&presets).unwrap();
        std::fs::write(presets.join("big.json"), preset_text(kb)).unwrap();
        let config = AppConfig::isolated(dir.path());
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 1000.0))
            .with_max_steps(50)
            .build_eframe(move |cc| App::new(cc, config));
        h.run_ok();
        let len = h.state().draft().text().len();
        let form = idle(&mut h);
        h.get_by_label("Body").click();
        h.run_ok();
        let body = idle(&mut h);
        let label = "Request body (JSON)";
        let key = match h.query_by_role_and_label(Role::MultilineTextInput, label) {
            Some(node) => {
                node.focus();
                h.step();
                let t = Instant::now();
                h.get_by_role_and_label(Role::MultilineTextInput, label)
                    .type_text(" ");
                h.step();
                format!("{:.1} ms", t.elapsed().as_secs_f64() * 1000.0)
            }
            None => "read-only".into(),
        };
        println!(
            "{len:>9} bytes: Form idle {:.1} ms, Body idle {:.1} ms, keystroke {key}",
            form.as_secs_f64() * 1000.0,
            body.as_secs_f64() * 1000.0
        );
    }
}
