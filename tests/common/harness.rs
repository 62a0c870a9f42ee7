//! Helpers for driving the real app in egui_kittest.

use anam_studio::ui::StudioApp;
use egui_kittest::Harness;
use std::time::{Duration, Instant};

/// Records what the app copies to the clipboard (`harness.output()` keeps only the last frame).
#[derive(Default)]
pub struct ClipSpy(pub Vec<String>);

impl egui::Plugin for ClipSpy {
    fn debug_name(&self) -> &'static str {
        "ClipSpy"
    }
    fn output_hook(&mut self, _ctx: &egui::Context, out: &mut egui::FullOutput) {
        for c in &out.platform_output.commands {
            if let egui::OutputCommand::CopyText(t) = c {
                self.0.push(t.clone());
            }
        }
    }
}

/// Everything copied so far (the harness must have been built with a [`ClipSpy`]).
pub fn copied(h: &Harness<'_, StudioApp>) -> Vec<String> {
    h.ctx
        .with_plugin(|p: &mut ClipSpy| p.0.clone())
        .unwrap_or_default()
}

/// Steps frames (the UI stays live while the worker answers on its own thread) until `done`,
/// or fails after [`crate::common::DEADLINE`], then runs to rest. Returns the number of frames stepped.
/// While a request is still out, use [`step_while_busy`]: its spinner never rests.
pub fn step_until(
    h: &mut Harness<'_, StudioApp>,
    what: &str,
    done: impl Fn(&StudioApp) -> bool,
) -> usize {
    let frames = step_to(h, what, done);
    h.run_ok();
    frames
}

/// Like [`step_until`], for a state in which a request is still out: after `done` it draws two
/// frames instead of running to rest. The spinner repaints every frame, so `run` would step all
/// of [`super::MAX_STEPS`]: seconds on a slow machine, long enough for the request to time out
/// under the test.
pub fn step_while_busy(
    h: &mut Harness<'_, StudioApp>,
    what: &str,
    done: impl Fn(&StudioApp) -> bool,
) -> usize {
    let frames = step_to(h, what, done);
    h.run_steps(2);
    frames
}

fn step_to(h: &mut Harness<'_, StudioApp>, what: &str, done: impl Fn(&StudioApp) -> bool) -> usize {
    let started = Instant::now();
    let mut frames = 0;
    while !done(h.state()) {
        assert!(
            started.elapsed() < crate::common::DEADLINE,
            "timed out waiting for {what}"
        );
        h.step();
        frames += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    frames
}
