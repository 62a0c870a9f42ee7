//! Images: the sandbox's thumbnails are PNGs served without a key; an image follows the URL
//! rules, its size bound and redirects.

use super::{Stub, block, client, key, sandbox};
use crate::common::closed_port;
use anam_studio::api;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use std::collections::HashSet;
use std::time::Duration;

#[test]
fn thumbnails_are_pngs_served_without_a_key() {
    let sandbox = sandbox();
    let catalog = block(client(&sandbox.base_url()).catalog(&key())).unwrap();
    let mut seen = HashSet::new();
    for a in &catalog.avatars {
        let url = a.image_url.as_deref().unwrap();
        // Through the worker's path: no API client, no key.
        let bytes = block(api::fetch_image(url, Duration::from_secs(10))).unwrap();
        let image = image::load_from_memory(&bytes).unwrap();
        assert_eq!((image.width(), image.height()), (96, 96));
        assert!(
            seen.insert(bytes),
            "{} has the same picture as another",
            a.id
        );
    }
    let missing = format!("{}/thumbnails/nope.png", sandbox.base_url());
    assert_eq!(
        block(api::fetch_image(&missing, Duration::from_secs(10)))
            .unwrap_err()
            .to_string(),
        format!("Could not load the image {missing}: the server answered 404.")
    );
}

#[test]
fn images_follow_the_url_rules_size_bound_and_redirects() {
    let sandbox = sandbox();
    let thumb = format!(
        "{}/thumbnails/071b0286-4cce-4808-bee2-e642f1062de3.png",
        sandbox.base_url()
    );
    let target = thumb.clone();
    let stub = Stub::start(move |path, _| match path {
        "/big.png" => (StatusCode::OK, vec![0u8; api::MAX_IMAGE_BYTES + 1]).into_response(),
        "/moved.png" => (StatusCode::FOUND, [("location", target.clone())]).into_response(),
        "/away.png" => (
            StatusCode::FOUND,
            [("location", "http://example.com/x.png")],
        )
            .into_response(),
        "/loop.png" => (StatusCode::FOUND, [("location", "/loop.png")]).into_response(),
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    });
    let fetch = |path: &str| {
        block(api::fetch_image(
            &format!("{}{path}", stub.base),
            Duration::from_secs(10),
        ))
    };
    assert_eq!(
        fetch("/big.png").unwrap_err().to_string(),
        format!(
            "Could not load the image {}/big.png: it is larger than {} KiB.",
            stub.base,
            api::MAX_IMAGE_BYTES / 1024
        )
    );
    assert_eq!(
        fetch("/moved.png").unwrap(),
        block(api::fetch_image(&thumb, Duration::from_secs(10))).unwrap()
    );
    assert_eq!(
        fetch("/away.png").unwrap_err().to_string(),
        "Could not load the image http://example.com/x.png: plain http:// is only allowed for localhost."
    );
    assert!(
        fetch("/loop.png")
            .unwrap_err()
            .to_string()
            .contains("redirected more than 3 times")
    );
    assert!(
        fetch("/error.png")
            .unwrap_err()
            .to_string()
            .ends_with("the server answered 500.")
    );
    // Refused before any connection.
    let before = stub.seen().len();
    assert!(
        block(api::fetch_image(
            "http://example.com/a.png",
            Duration::from_secs(1)
        ))
        .is_err()
    );
    assert!(
        block(api::fetch_image(
            "file:///etc/passwd",
            Duration::from_secs(1)
        ))
        .is_err()
    );
    assert_eq!(stub.seen().len(), before);
    // Nothing listening: the usual network sentence.
    let closed = format!("http://127.0.0.1:{}/a.png", closed_port());
    assert!(
        block(api::fetch_image(&closed, Duration::from_secs(5)))
            .unwrap_err()
            .to_string()
            .contains("the connection was refused")
    );
}
