//! Shared look: sizes, spacing and small formatting helpers.

use egui::{Color32, RichText};

/// Width of text fields in the form.
pub const FIELD_WIDTH: f32 = 360.0;

/// Below this window width the token panel moves under the form.
pub const NARROW: f32 = 1180.0;

/// Spacing a little looser than egui's default, for a form people read.
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 22.0;
        style.spacing.slider_width = 220.0;
    });
}

/// "= 10 min" / "= 1 h 30 min" for a number of seconds.
pub fn minutes(secs: f64) -> String {
    let total = secs.round() as i64;
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    let mut out = String::from("= ");
    if h > 0 {
        out.push_str(&format!("{h} h "));
    }
    if m > 0 || h == 0 {
        out.push_str(&format!("{m} min"));
    }
    if s > 0 {
        out.push_str(&format!(" {s} s"));
    }
    out.trim_end().to_string()
}

/// A section heading with an optional problem count.
pub fn section_title(title: &str, errors: usize) -> RichText {
    if errors == 0 {
        RichText::new(title).strong()
    } else {
        let plural = if errors == 1 { "" } else { "s" };
        RichText::new(format!("{title}  ({errors} error{plural})")).strong()
    }
}

/// The colour for good news (a valid body, a live token).
pub fn ok_color(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(120, 200, 120)
    } else {
        Color32::from_rgb(30, 130, 50)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn minutes_read_naturally() {
        assert_eq!(super::minutes(600.0), "= 10 min");
        assert_eq!(super::minutes(5400.0), "= 1 h 30 min");
        assert_eq!(super::minutes(3600.0), "= 1 h");
        assert_eq!(super::minutes(90.0), "= 1 min 30 s");
    }
}
