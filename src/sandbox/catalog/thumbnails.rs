//! The avatars' thumbnails, drawn in code once (no image files in the repository).

use super::THUMBNAIL_SIZE;
use super::data::AVATARS;
use crate::sandbox::message;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The thumbnails, drawn once.
pub(super) static THUMBNAILS: LazyLock<HashMap<&'static str, Vec<u8>>> = LazyLock::new(|| {
    AVATARS
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, thumbnail_png(a.hue, i)))
        .collect()
});

/// `GET /thumbnails/{id}.png`: no key needed, as images on a CDN.
pub async fn thumbnail(Path(file): Path<String>) -> Response {
    let png = file.strip_suffix(".png").and_then(|id| THUMBNAILS.get(id));
    match png {
        Some(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes.clone(),
        )
            .into_response(),
        None => message(StatusCode::NOT_FOUND, "No such thumbnail"),
    }
}

fn hsv(h: f32, s: f32, v: f32) -> [f32; 3] {
    let h = h.rem_euclid(360.0) / 60.0;
    let c = v * s;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = v - c;
    [r + m, g + m, b + m]
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// A head-and-shoulders silhouette on a diagonal gradient of `hue`, as a PNG. `variant` varies
/// the hair and the shirt so avatars of one hue still differ.
fn thumbnail_png(hue: f32, variant: usize) -> Vec<u8> {
    let size = THUMBNAIL_SIZE as f32;
    let top = hsv(hue, 0.35, 0.95);
    let bottom = hsv(hue + 25.0, 0.75, 0.55);
    let skin = hsv(
        25.0 + (variant % 4) as f32 * 4.0,
        0.30 + (variant % 3) as f32 * 0.12,
        0.92 - (variant % 5) as f32 * 0.08,
    );
    let hair = hsv(
        20.0 + (variant % 6) as f32 * 9.0,
        0.55,
        0.12 + (variant % 4) as f32 * 0.1,
    );
    let shirt = hsv(hue + 180.0, 0.45, 0.45 + (variant % 3) as f32 * 0.12);
    // Coverage of a shape whose signed distance is `d` (negative inside), smoothed over a pixel.
    let cover = |d: f32| (0.5 - d).clamp(0.0, 1.0);
    let image = image::RgbImage::from_fn(THUMBNAIL_SIZE, THUMBNAIL_SIZE, |x, y| {
        let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
        let mut c = mix(top, bottom, (px + py) / (2.0 * size));
        // Shoulders: an ellipse rising from the bottom edge.
        let (ex, ey, rx, ry) = (size * 0.5, size * 1.02, size * 0.40, size * 0.30);
        let e = (((px - ex) / rx).powi(2) + ((py - ey) / ry).powi(2)).sqrt();
        c = mix(c, shirt, cover((e - 1.0) * rx.min(ry)));
        // Neck.
        let neck = (px - size * 0.5).abs() - size * 0.07;
        let neck = neck.max(py - size * 0.78).max(size * 0.55 - py);
        c = mix(c, skin, cover(neck));
        // Hair behind the head, then the face.
        let (hx, hy, r) = (size * 0.5, size * 0.42, size * 0.19);
        let d = ((px - hx).powi(2) + (py - hy).powi(2)).sqrt();
        c = mix(c, hair, cover(d - (r + size * 0.035)));
        let face = ((px - hx).powi(2) + ((py - hy - size * 0.025) * 1.08).powi(2)).sqrt() - r;
        c = mix(c, skin, cover(face));
        // A fringe on some avatars.
        if variant.is_multiple_of(2) {
            let fringe = ((px - hx).powi(2) + (py - (hy - size * 0.13)).powi(2)).sqrt() - r * 0.85;
            c = mix(c, hair, cover(fringe.max(py - (hy - size * 0.06))));
        }
        image::Rgb(c.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8))
    });
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encoding a small PNG in memory cannot fail");
    bytes
}
