//! Frame cost of the real app (docs/performance.md), driven headless through egui_kittest.
//!
//! Budget: CPU per frame of the full ephemeral form with a decoded token showing < 0.5 ms;
//! one filter keystroke with 1,000 presets < 1 frame (16.7 ms at 60 Hz).
//!
//! Each scenario is measured three ways:
//! - `step`: `Harness::step()`, what the issue names. It includes kittest's own work: the
//!   AccessKit tree egui builds for it and kittest's copy of that tree.
//! - `ui`: the app's own `App::ui` alone (the widgets, their layout and shapes), timed inside
//!   the frame by a wrapper around `App`.
//! - `pass+tessellate`: what the real window spends on the CPU before the GPU: one egui pass
//!   with AccessKit off (as on a desktop with no screen reader) plus tessellation.
//!
//! Figures are thread CPU time (benches/support). Run:
//! `cargo bench --bench frame -- --warm-up-time 1 --measurement-time 3`

use anam_studio::store::preset;
use anam_studio::ui::{App, AppConfig};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::Path;
use std::time::{Duration, Instant};
use support::ThreadCpu;

mod support;

/// The size of the real window (src/ui/mod.rs).
const SIZE: egui::Vec2 = egui::vec2(1360.0, 860.0);

/// The preset with every section of the ephemeral form filled.
const FULL: &str = "elevenlabs-v2-sales-demo";

/// The app, with the time spent in its own `ui()` added up.
struct Timed {
    app: App,
    ui_time: Duration,
}

impl eframe::App for Timed {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        eframe::App::logic(&mut self.app, ctx, frame);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let started = support::now();
        eframe::App::ui(&mut self.app, ui, frame);
        self.ui_time += support::now() - started;
    }
}

/// The app on `dir`: presets in `dir/presets`, the in-process sandbox, a mock keychain.
fn harness(dir: &Path) -> Harness<'static, Timed> {
    let config = AppConfig {
        mint_timeout: Duration::from_secs(10),
        ..AppConfig::isolated(dir)
    };
    Harness::builder()
        .with_size(SIZE)
        .with_max_steps(200)
        .build_eframe(move |cc| Timed {
            app: App::new(cc, config),
            ui_time: Duration::ZERO,
        })
}

/// Steps frames until `done` (the worker answers on its own thread), or panics after 10 s.
fn step_until(h: &mut Harness<'_, Timed>, what: &str, done: impl Fn(&App) -> bool) {
    let started = Instant::now();
    while !done(&h.state().app) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_ok();
}

/// The app with the full ephemeral form showing, and a freshly minted token if `token`.
fn full_form(dir: &Path, token: bool) -> Harness<'static, Timed> {
    let mut h = harness(dir);
    step_until(&mut h, "the first preset", |app| {
        app.current_preset().is_some()
    });
    h.get_by_label(FULL).click();
    h.run_ok();
    step_until(&mut h, FULL, |app| app.current_preset() == Some(FULL));
    assert_eq!(h.state().app.draft().error_count(), 0);
    if token {
        h.get_by_label("Mint").click();
        h.run_ok();
        step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    }
    h
}

/// `step`, then `ui`, then `pass+tessellate` for one app state.
fn bench_three_ways(c: &mut Criterion<ThreadCpu>, name: &str, mut h: Harness<'static, Timed>) {
    let mut g = c.benchmark_group(name);
    g.bench_function("step", |b| b.iter(|| h.step()));
    g.bench_function("ui", |b| {
        b.iter_custom(|iters| {
            let before = h.state().ui_time;
            for _ in 0..iters {
                h.step();
            }
            h.state().ui_time - before
        })
    });
    let ctx = h.ctx.clone();
    let mut app = h.into_state();
    ctx.disable_accesskit();
    let mut frame = eframe::Frame::_new_kittest();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        ..Default::default()
    };
    // Settle the layout after the switch.
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| eframe::App::ui(&mut app, ui, &mut frame));
    }
    g.bench_function("pass+tessellate", |b| {
        b.iter(|| {
            let out = ctx.run_ui(input(), |ui| eframe::App::ui(&mut app, ui, &mut frame));
            ctx.tessellate(out.shapes, out.pixels_per_point)
        })
    });
    g.finish();
}

fn form(c: &mut Criterion<ThreadCpu>) {
    let dir = tempfile::tempdir().unwrap();
    bench_three_ways(c, "form", full_form(dir.path(), false));
}

/// The full form with every newer section in use and open: two tools, director notes, a
/// video size (the shipped preset has none of them, so its Tools and Director notes are folded).
fn form_with_tools(c: &mut Criterion<ThreadCpu>) {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    let text = preset::SHIPPED
        .iter()
        .find(|(name, _)| *name == FULL)
        .unwrap()
        .1;
    let mut body: serde_json::Value = serde_json::from_str(text).unwrap();
    let persona = &mut body["personaConfig"];
    persona["avatarModel"] = "cara-4".into();
    persona["directorNotes"] = serde_json::json!({"presetStyle": "warm", "expressivity": 0.6});
    persona["zeroDataRetention"] = true.into();
    persona["tools"] = serde_json::json!([
        {"type": "client", "name": "open_product_page", "description": "Opens a product page.",
         "parameters": {"type": "object", "properties": {"sku": {"type": "string"}},
                        "required": ["sku"]},
         "awaitResult": true},
        {"type": "server", "subtype": "webhook", "name": "check_order_status",
         "description": "Looks up an order.", "url": "https://shop.example.com/orders",
         "method": "GET", "awaitResponse": true, "disableInterruptions": false}
    ]);
    body["sessionOptions"]["videoWidth"] = 1152.into();
    body["sessionOptions"]["videoHeight"] = 768.into();
    std::fs::write(
        presets.join("full-with-tools.json"),
        serde_json::to_string_pretty(&body).unwrap(),
    )
    .unwrap();
    let mut h = harness(dir.path());
    step_until(&mut h, "the preset", |app| {
        app.current_preset() == Some("full-with-tools")
    });
    assert_eq!(h.state().app.draft().error_count(), 0);
    h.get_by_label("Client tool");
    bench_three_ways(c, "form_with_tools", h);
}

fn form_with_token(c: &mut Criterion<ThreadCpu>) {
    let dir = tempfile::tempdir().unwrap();
    let h = full_form(dir.path(), true);
    assert!(h.state().app.tokens().current().is_some());
    bench_three_ways(c, "form+token", h);
}

/// Writes `count` presets (copies of the shipped ones) into `dir`.
fn write_presets(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        let (name, text) = preset::SHIPPED[i % preset::SHIPPED.len()];
        std::fs::write(preset::path_for(dir, &format!("{name}-{i:04}")), text).unwrap();
    }
}

/// 1,000 presets in the sidebar: an idle frame, and one keystroke in the filter.
fn thousand_presets(c: &mut Criterion<ThreadCpu>) {
    let dir = tempfile::tempdir().unwrap();
    write_presets(&dir.path().join("presets"), 1000);
    let mut h = harness(dir.path());
    step_until(&mut h, "the first preset", |app| {
        app.current_preset().is_some()
    });
    let filter = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == Role::TextInput && n.placeholder() == Some("Filter presets")
    };
    h.get_by(filter).click();
    h.run_ok();
    assert!(h.get_by(filter).is_focused());

    let mut g = c.benchmark_group("presets_1000");
    g.bench_function("idle_step", |b| b.iter(|| h.step()));
    // One character typed into the filter, then (untimed) deleted again. Every preset name
    // contains "s", so the list stays full: the worst case. "9" leaves about a quarter.
    for key in ["s", "9"] {
        g.bench_function(format!("filter_keystroke_{key}/step"), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    h.event(egui::Event::Text(key.into()));
                    let started = support::now();
                    h.step();
                    spent += support::now() - started;
                    h.key_press(egui::Key::Backspace);
                    h.step();
                }
                spent
            })
        });
        g.bench_function(format!("filter_keystroke_{key}/ui"), |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    h.event(egui::Event::Text(key.into()));
                    let before = h.state().ui_time;
                    h.step();
                    spent += h.state().ui_time - before;
                    h.key_press(egui::Key::Backspace);
                    h.step();
                }
                spent
            })
        });
    }
    g.finish();
}

/// Start-up work on the main thread: `App::new` and the frames until the first preset is
/// open (the folder is seeded, read and the preset loaded on the worker), with the 4 shipped
/// presets and with 1,000. The difference is the extra start-up of a large presets folder
/// (budget < 100 ms).
fn startup(c: &mut Criterion<ThreadCpu>) {
    let few = tempfile::tempdir().unwrap();
    drop(harness(few.path())); // seeds the 4 shipped presets
    let many = tempfile::tempdir().unwrap();
    write_presets(&many.path().join("presets"), 1000);
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    let started = |dir: &Path| {
        let mut h = harness(dir);
        step_until(&mut h, "the first preset", |app| {
            app.current_preset().is_some()
        });
        h
    };
    g.bench_function("presets_4", |b| {
        b.iter_with_large_drop(|| started(few.path()))
    });
    g.bench_function("presets_1000", |b| {
        b.iter_with_large_drop(|| started(many.path()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = {
        eprintln!("clock: {}", support::describe());
        Criterion::default().with_measurement(ThreadCpu::default())
    };
    targets = form, form_with_token, form_with_tools, thousand_presets, startup
}
criterion_main!(benches);
