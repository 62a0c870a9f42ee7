//! The form's collapsible sections: each counts the errors of the fields it shows in its title,
//! and opens itself when a problem jump targets one of them.

use super::field::{self, Form};
use crate::core::draft::Draft;
use crate::ui::style;
use egui::Ui;

/// A collapsible section of rows. `paths` are the field paths (or path prefixes) it shows: its
/// title counts their errors, and it opens itself when a jump targets one of them.
pub fn section(
    ui: &mut Ui,
    draft: &mut Draft,
    form: &mut Form,
    title: &str,
    paths: &[&str],
    add: impl FnOnce(&mut Ui, &mut Draft, &mut Form),
) {
    collapsing(ui, draft, form, title, paths, (title, true), true, add);
}

/// A section of settings most bodies leave out (director notes, tools): folded while the body
/// has none of `paths`, open once it has one. Folded or open is remembered apart for the two
/// cases, so a preset that uses them opens them, and one that does not stays short.
pub fn optional_section(
    ui: &mut Ui,
    draft: &mut Draft,
    form: &mut Form,
    title: &str,
    paths: &[&str],
    add: impl FnOnce(&mut Ui, &mut Draft, &mut Form),
) {
    let set = paths.iter().any(|p| draft.get(p).is_some());
    let first = paths.first().copied().unwrap_or(title);
    collapsing(ui, draft, form, title, paths, (first, set), set, add);
}

/// A collapsible section: its title counts the errors under `paths`, and it opens itself when
/// a jump targets one of them.
#[allow(clippy::too_many_arguments)]
fn collapsing(
    ui: &mut Ui,
    draft: &mut Draft,
    form: &mut Form,
    title: &str,
    paths: &[&str],
    id: (&str, bool),
    default_open: bool,
    add: impl FnOnce(&mut Ui, &mut Draft, &mut Form),
) {
    let errors = draft
        .problems()
        .iter()
        .filter(|p| p.is_error() && paths.iter().any(|prefix| p.path.starts_with(prefix)))
        .count();
    let open = paths.iter().any(|p| form.wants(p)).then_some(true);
    egui::CollapsingHeader::new(style::section_title(title, errors))
        .id_salt(id)
        .default_open(default_open)
        .open(open)
        .show(ui, |ui| add(ui, draft, form));
    ui.add_space(4.0);
}

/// A section made of plain rows, one per path.
pub fn rows_section(ui: &mut Ui, draft: &mut Draft, form: &mut Form, title: &str, paths: &[&str]) {
    section(ui, draft, form, title, paths, |ui, draft, form| {
        field::grid(ui, title, |ui| field::rows(ui, draft, form, paths));
    });
}
