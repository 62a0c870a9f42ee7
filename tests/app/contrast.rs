//! Every text colour the app draws reaches WCAG AA (4.5:1) against each background it is drawn
//! on, in both themes. The colours are read from the running app's own styles (after its
//! `style::apply`), and from the code theme the Body tab and the claims use.

use crate::harness::Setup;
use anam_studio::ui::style;
use egui::{Color32, Theme};
use egui_extras::syntax_highlighting::TokenType;

/// WCAG 2 relative luminance of an opaque colour.
fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

fn ratio(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `top` (premultiplied, as egui keeps colours) drawn over the opaque `bottom`.
fn over(top: Color32, bottom: Color32) -> Color32 {
    let a = f32::from(top.a()) / 255.0;
    let mix = |t: u8, b: u8| (f32::from(t) + f32::from(b) * (1.0 - a)).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(top.r(), bottom.r()),
        mix(top.g(), bottom.g()),
        mix(top.b(), bottom.b()),
    )
}

#[test]
fn every_text_colour_reaches_wcag_aa_in_both_themes() {
    let dir = tempfile::tempdir().unwrap();
    let h = Setup::new(dir.path()).build();
    let mut failures = Vec::new();
    for theme in [Theme::Light, Theme::Dark] {
        let s = h.ctx.style_of(theme);
        let v = &s.visuals;
        let panel = v.panel_fill;
        let window = v.window_fill;
        let field = v.extreme_bg_color;
        let banner = over(v.error_fg_color.gamma_multiply(0.15), panel);
        let mut pairs: Vec<(String, Color32, Color32)> = Vec::new();
        for (bg_name, bg) in [("panel", panel), ("window", window), ("text field", field)] {
            for (name, fg) in [
                ("text", v.text_color()),
                ("weak text", v.weak_text_color()),
                ("error", v.error_fg_color),
                ("warning", v.warn_fg_color),
                ("link", v.hyperlink_color),
                ("good news", style::ok_color_of(v)),
            ] {
                pairs.push((format!("{name} on {bg_name}"), fg, bg));
            }
        }
        pairs.push(("error on the banner".into(), v.error_fg_color, banner));
        for (name, w) in [
            ("button", &v.widgets.inactive),
            ("hovered button", &v.widgets.hovered),
            ("pressed button", &v.widgets.active),
        ] {
            pairs.push((
                format!("{name} text"),
                w.fg_stroke.color,
                over(w.weak_bg_fill, panel),
            ));
        }
        pairs.push((
            "selected label".into(),
            v.selection.stroke.color,
            over(v.selection.bg_fill, panel),
        ));
        let code = style::code_theme(&s);
        for token in [
            TokenType::Comment,
            TokenType::Function,
            TokenType::Keyword,
            TokenType::Literal,
            TokenType::StringLiteral,
            TokenType::Punctuation,
        ] {
            pairs.push((
                format!("JSON {token:?} in the Body tab"),
                code.format(token).color,
                field,
            ));
        }
        for (name, fg, bg) in pairs {
            // A translucent text colour is seen as drawn over its background.
            let fg = over(fg, bg);
            let r = ratio(fg, bg);
            if r < 4.5 {
                failures.push(format!("{theme:?}: {name}: {r:.2}:1 ({fg:?} on {bg:?})"));
            }
        }
    }
    assert!(failures.is_empty(), "below 4.5:1:\n{}", failures.join("\n"));
}

#[test]
fn the_ratio_is_computed_as_wcag_defines_it() {
    assert!((ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
    assert!((ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
    // #767676 on white is the well-known 4.54:1.
    let grey = ratio(Color32::from_gray(0x76), Color32::WHITE);
    assert!((grey - 4.54).abs() < 0.01, "{grey}");
}
