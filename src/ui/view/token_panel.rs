//! The token panel: the JWT, Copy, decoded header and claims, times and a live countdown, and
//! this run's history. Tokens live in memory only.

use crate::core::jwt::{self, DecodedJwt};
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::feedback::Feedback;
use crate::ui::state::tokens::{TokenEntry, Tokens};
use crate::ui::style;
use chrono::{DateTime, Utc};
use egui::{RichText, Ui};
use serde_json::Value;
use std::time::Duration;

pub fn ui(
    ui: &mut Ui,
    tokens: &mut Tokens,
    environment: &str,
    feedback: &mut Feedback,
    tx: &CommandSender,
) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Session token");
        super::feedback::toast(ui, feedback);
    });
    let Some(entry) = tokens.current().cloned() else {
        ui.add_space(8.0);
        let keys = (UiCommand::Mint.shortcut()).map(|s| ui.ctx().format_shortcut(&s));
        ui.label(format!(
            "No token yet. Press Mint ({}) to mint one against {environment}.",
            keys.unwrap_or_default()
        ));
        ui.weak("Tokens are kept in memory for this run only.");
        // Fill the panel: a panel measures itself by what it holds, and would otherwise
        // shrink to these two lines and stay that small once a token arrives.
        ui.allocate_space(ui.available_size());
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false; 2])
        .show(ui, |ui| {
            token_ui(ui, tokens, &entry, tx);
            ui.add_space(6.0);
            history_ui(ui, tokens, tx);
        });
}

fn token_ui(ui: &mut Ui, tokens: &Tokens, entry: &TokenEntry, tx: &CommandSender) {
    let label = entry
        .label
        .as_deref()
        .map(|l| format!(" · {l}"))
        .unwrap_or_default();
    ui.weak(format!("{} · {}{label}", entry.preset, entry.environment));
    ui.add_space(2.0);
    let mut token = entry.token.as_str();
    let field_label = ui.label("JWT");
    ui.add(
        egui::TextEdit::multiline(&mut token)
            .font(egui::TextStyle::Monospace)
            .desired_rows(4)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(field_label.id);
    let live = entry.is_live(Utc::now());
    ui.horizontal(|ui| {
        tx.button(ui, UiCommand::CopyToken);
        let demo = ui
            .add_enabled(live, egui::Button::new(UiCommand::LaunchDemo.label()))
            .on_hover_text("Open a live session with this token in the browser")
            .on_disabled_hover_text("This token has expired: mint a new one for a demo.");
        if demo.clicked() {
            tx.send(UiCommand::LaunchDemoAt(
                tokens.selected().unwrap_or_default(),
            ));
        }
    });
    if let Some(url) = &entry.demo_url {
        demo_address(ui, url, tx);
    }
    ui.add_space(4.0);
    times_ui(ui, &entry.jwt);
    ui.add_space(4.0);
    ui.weak(jwt::UNVERIFIED_NOTE);
    ui.add_space(4.0);
    ui.strong("Claims");
    map_grid(ui, "claims", &entry.jwt.claims);
    ui.add_space(4.0);
    ui.strong("Header");
    map_grid(ui, "header", &entry.jwt.header);
    egui::CollapsingHeader::new("Raw JSON")
        .default_open(false)
        .show(ui, |ui| {
            let text = serde_json::to_string_pretty(&entry.jwt.to_json()).unwrap_or_default();
            let theme = crate::ui::style::code_theme(ui.style());
            // Long lines scroll sideways rather than widen the panel.
            egui::ScrollArea::horizontal().show(ui, |ui| {
                egui_extras::syntax_highlighting::code_view_ui(ui, &theme, &text, "json")
            });
        });
}

/// One token of the history: when, which preset and environment, its expiry, and actions.
/// True when its title was clicked (it is then the one shown).
fn history_row(
    ui: &mut Ui,
    (i, entry): (usize, &TokenEntry),
    selected: bool,
    now: DateTime<Utc>,
    tx: &CommandSender,
) -> bool {
    let when = entry
        .minted_at
        .with_timezone(&chrono::Local)
        .format("%H:%M:%S");
    // A long label (a template's) is only on hover, so the row fits.
    let title = match &entry.label {
        Some(l) if l.chars().count() <= 24 => {
            format!("{when}  {} · {l} · {}", entry.preset, entry.environment)
        }
        _ => format!("{when}  {} · {}", entry.preset, entry.environment),
    };
    let hover = match &entry.label {
        Some(l) => format!("Client label: {l}"),
        None => "No client label".to_string(),
    };
    let picked = ui
        .selectable_label(selected, title)
        .on_hover_text(hover)
        .clicked();
    ui.weak(entry.jwt.describe_expiry(now));
    if ui
        .small_button("Copy")
        .accessible_name(format!("Copy token {}", i + 1))
        .clicked()
    {
        tx.send(UiCommand::CopyTokenAt(i));
    }
    if ui
        .add_enabled(entry.is_live(now), egui::Button::new("Demo").small())
        .accessible_name(format!("Launch demo with token {}", i + 1))
        .on_hover_text("Open a live session with this token in the browser")
        .on_disabled_hover_text("This token has expired.")
        .clicked()
    {
        tx.send(UiCommand::LaunchDemoAt(i));
    }
    let session = UiCommand::ShowSession(i);
    if ui
        .small_button(session.label())
        .accessible_name(format!("Session of token {}", i + 1))
        .on_hover_text(session.tooltip())
        .clicked()
    {
        tx.send(session);
    }
    picked
}

fn history_ui(ui: &mut Ui, tokens: &mut Tokens, tx: &CommandSender) {
    let count = tokens.history().len();
    egui::CollapsingHeader::new(format!("History ({count})"))
        .id_salt("token-history")
        .default_open(true)
        .show(ui, |ui| {
            let now = Utc::now();
            // A row wraps rather than widening the panel, which never takes the form's room.
            let shown = tokens.selected();
            let mut picked = None;
            for (i, entry) in tokens.history().iter().enumerate().rev() {
                let selected = Some(i) == shown;
                let row = |ui: &mut Ui| history_row(ui, (i, entry), selected, now, tx);
                if ui.horizontal_wrapped(row).inner {
                    picked = Some(i);
                }
            }
            if let Some(i) = picked {
                tokens.select(i);
            }
        });
}

/// The demo page's address, to copy (another browser on this machine) or open again.
fn demo_address(ui: &mut Ui, url: &str, tx: &CommandSender) {
    let label = ui
        .horizontal(|ui| {
            let label = ui.label("Demo page");
            tx.button(ui, UiCommand::CopyDemoAddress(url.to_string()));
            tx.button(ui, UiCommand::OpenDemoAddress(url.to_string()));
            label
        })
        .inner;
    // The whole address, on a line of its own: it is long, and every character counts.
    let mut shown = url;
    ui.add(
        egui::TextEdit::singleline(&mut shown)
            .font(egui::TextStyle::Monospace)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}

/// Issued / expires / a countdown that repaints once a second while the token is live.
fn times_ui(ui: &mut Ui, jwt: &DecodedJwt) {
    let now = Utc::now();
    egui::Grid::new("token-times")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            if let Some(t) = jwt.issued_at() {
                ui.label("Issued");
                ui.label(jwt::format_local(t))
                    .on_hover_text(jwt::format_utc(t));
                ui.end_row();
            }
            if let Some(t) = jwt.expires_at() {
                ui.label("Expires");
                ui.label(jwt::format_local(t))
                    .on_hover_text(jwt::format_utc(t));
                ui.end_row();
            }
            ui.label("Status");
            match jwt.seconds_left(now) {
                Some(left) if left > 0 => {
                    ui.label(
                        RichText::new(jwt::describe_seconds_left(left))
                            .color(style::ok_color(ui))
                            .strong(),
                    );
                    // Tick on the next whole second, and not before.
                    let ms = 1000 - u64::from(now.timestamp_subsec_millis()).min(999);
                    ui.ctx().request_repaint_after(Duration::from_millis(ms));
                }
                Some(left) => {
                    ui.label(
                        RichText::new(jwt::describe_seconds_left(left))
                            .color(ui.visuals().error_fg_color)
                            .strong(),
                    );
                    // "expired N min ago" changes once a minute.
                    ui.ctx().request_repaint_after(Duration::from_secs(60));
                }
                None => {
                    ui.label("no expiry (exp) claim");
                }
            }
            ui.end_row();
        });
}

/// Claims or header as a two-column grid; times also shown in local time.
fn map_grid(ui: &mut Ui, id: &str, map: &serde_json::Map<String, Value>) {
    egui::Grid::new(id)
        .num_columns(2)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (key, value) in map {
                ui.monospace(key);
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let mut r = ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
                if matches!(key.as_str(), "iat" | "exp" | "nbf")
                    && let Some(t) = value
                        .as_i64()
                        .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0))
                {
                    r = r.on_hover_text(jwt::format_local(t));
                }
                let _ = r;
                ui.end_row();
            }
        });
}
