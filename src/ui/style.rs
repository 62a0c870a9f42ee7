//! Shared look: sizes, spacing and small formatting helpers.

use egui::{Color32, RichText, Theme, Visuals};
use egui_extras::syntax_highlighting::{CodeTheme, TokenType};

/// Width of text fields in the form.
pub const FIELD_WIDTH: f32 = 360.0;

/// Below this window width the token panel moves under the form.
pub const NARROW: f32 = 1180.0;

/// The width the form's rows need (a label column, a field or a slider with its value box,
/// and what follows it: "not set", a picker). The token panel beside it never takes this
/// away (tests/app/messages.rs measures the rows against it after mints).
pub const FORM_MIN_WIDTH: f32 = 640.0;

/// The token panel's narrowest and widest.
pub const TOKEN_PANEL_WIDTH: std::ops::RangeInclusive<f32> = 300.0..=700.0;

/// Spacing a little looser than egui's default, for a form people read, and text colours that
/// reach WCAG AA (4.5:1) on every background they are drawn on, in both themes (egui's own
/// light error, warning, weak and link colours do not; tests/app/contrast.rs computes the ratios).
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 22.0;
        style.spacing.slider_width = 220.0;
    });
    ctx.style_mut_of(Theme::Light, |style| readable(&mut style.visuals));
    ctx.style_mut_of(Theme::Dark, |style| readable(&mut style.visuals));
}

/// The text colours of one theme, each checked against its backgrounds.
fn readable(v: &mut Visuals) {
    if v.dark_mode {
        v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(185);
        v.weak_text_color = Some(Color32::from_gray(140));
        v.error_fg_color = Color32::from_rgb(255, 120, 120);
        v.warn_fg_color = Color32::from_rgb(255, 160, 40);
        v.hyperlink_color = Color32::from_rgb(120, 180, 255);
    } else {
        v.weak_text_color = Some(Color32::from_gray(100));
        v.error_fg_color = Color32::from_rgb(180, 0, 0);
        v.warn_fg_color = Color32::from_rgb(150, 75, 0);
        v.hyperlink_color = Color32::from_rgb(0, 85, 170);
    }
}

/// The Body tab's and the claims' JSON colours, readable on the text field's background.
pub fn code_theme(style: &egui::Style) -> CodeTheme {
    let mut theme = CodeTheme::from_style(style);
    let colours: [(TokenType, Color32); 6] = if style.visuals.dark_mode {
        [
            (TokenType::Comment, Color32::from_gray(150)),
            (TokenType::Function, Color32::from_rgb(220, 190, 110)),
            (TokenType::Keyword, Color32::from_rgb(255, 120, 120)),
            (TokenType::Literal, Color32::from_rgb(110, 190, 196)),
            (TokenType::StringLiteral, Color32::from_rgb(130, 165, 235)),
            (TokenType::Punctuation, Color32::from_gray(200)),
        ]
    } else {
        [
            (TokenType::Comment, Color32::from_gray(100)),
            (TokenType::Function, Color32::from_rgb(140, 85, 0)),
            (TokenType::Keyword, Color32::from_rgb(180, 0, 0)),
            (TokenType::Literal, Color32::from_rgb(90, 60, 200)),
            (TokenType::StringLiteral, Color32::from_rgb(0, 115, 45)),
            (TokenType::Punctuation, Color32::from_gray(70)),
        ]
    };
    for (token, colour) in colours {
        theme.format_mut(token).color = colour;
    }
    theme
}

/// The colour for good news in `visuals`' theme.
pub fn ok_color_of(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(120, 200, 120)
    } else {
        Color32::from_rgb(20, 115, 40)
    }
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
    ok_color_of(ui.visuals())
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
