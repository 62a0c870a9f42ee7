//! The sandbox catalog's own checks.

use super::thumbnails::THUMBNAILS;
use super::*;
use std::collections::HashSet;

#[test]
fn the_catalog_is_big_enough_and_ids_are_unique() {
    assert!(AVATARS.len() >= 12);
    assert_eq!(VOICES.len(), 40);
    assert_eq!(LLMS.len(), 6);
    assert_eq!(PERSONAS.len(), 8);
    for provider in [CARTESIA, ELEVENLABS, FISH_AUDIO, OPENAI] {
        assert!(VOICES.iter().filter(|v| v.provider == provider).count() >= 6);
    }
    let ids: Vec<&str> = AVATARS
        .iter()
        .map(|a| a.id)
        .chain(VOICES.iter().map(|v| v.id))
        .chain(LLMS.iter().map(|l| l.0))
        .chain(PERSONAS.iter().map(|p| p.id))
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    assert!(
        ids.iter().all(|id| uuid::Uuid::parse_str(id).is_ok()),
        "UUID-like ids"
    );
    assert_eq!(LLMS.iter().filter(|l| l.0 == DEFAULT_LLM).count(), 1);
    for p in PERSONAS {
        assert!(p.avatar.is_none_or(|id| AVATARS.iter().any(|a| a.id == id)));
        assert!(p.voice.is_none_or(|id| VOICES.iter().any(|v| v.id == id)));
        assert!(LLMS.iter().any(|l| l.0 == p.llm));
    }
}

#[test]
fn thumbnails_are_distinct_pngs() {
    let pngs: HashSet<&Vec<u8>> = THUMBNAILS.values().collect();
    assert_eq!(pngs.len(), AVATARS.len());
    for png in pngs {
        let image = image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap();
        assert_eq!(
            (image.width(), image.height()),
            (THUMBNAIL_SIZE, THUMBNAIL_SIZE)
        );
        assert!(png.len() < 64 * 1024);
    }
}

#[test]
fn provider_voice_ids_look_like_the_providers() {
    let by = |p| VOICES.iter().find(|v| v.provider == p).unwrap();
    assert_eq!(provider_voice_id(by(ELEVENLABS)).len(), 20);
    assert_eq!(provider_voice_id(by(FISH_AUDIO)).len(), 32);
    assert!(uuid::Uuid::parse_str(&provider_voice_id(by(CARTESIA))).is_ok());
    assert_eq!(provider_voice_id(by(OPENAI)), "alloy");
}

#[test]
fn the_host_header_is_only_trusted_when_it_looks_like_one() {
    let mut h = HeaderMap::new();
    assert_eq!(origin(&h), "http://127.0.0.1");
    h.insert(header::HOST, "127.0.0.1:8787".parse().unwrap());
    assert_eq!(origin(&h), "http://127.0.0.1:8787");
    h.insert(header::HOST, "[::1]:9".parse().unwrap());
    assert_eq!(origin(&h), "http://[::1]:9");
    h.insert(header::HOST, "evil.com/x?<script>".parse().unwrap());
    assert_eq!(origin(&h), "http://127.0.0.1");
}
