//! The sandbox's lists: `page` and `perPage`, paging out of range refused by name, search that
//! ignores case, and a realistic catalog that knows the shipped presets' ids.

use super::{block, client, get, ids, key, sandbox};
use crate::common::preset;
use anam_studio::core::catalog::{Avatar, Llm, PersonaSummary, Voice};
use serde_json::{Value, json};
use std::collections::HashSet;

#[test]
fn sandbox_lists_honour_page_and_per_page() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let mut paged = Vec::new();
    for page in 1..=3 {
        let (status, reply) = get(&format!("{base}/v1/voices?page={page}&perPage=15"));
        assert_eq!(status, 200);
        let meta = &reply["meta"];
        assert_eq!(meta["total"], 40);
        assert_eq!(meta["lastPage"], 3);
        assert_eq!(meta["currentPage"], page);
        assert_eq!(meta["perPage"], 15);
        assert_eq!(
            meta["prev"],
            if page == 1 {
                Value::Null
            } else {
                json!(page - 1)
            }
        );
        assert_eq!(
            meta["next"],
            if page == 3 {
                Value::Null
            } else {
                json!(page + 1)
            }
        );
        assert_eq!(
            reply["data"].as_array().unwrap().len(),
            if page == 3 { 10 } else { 15 }
        );
        paged.extend(ids(&reply["data"]));
    }
    // Past the last page: empty, and no next.
    let (_, reply) = get(&format!("{base}/v1/voices?page=4&perPage=15"));
    assert_eq!(reply["data"], json!([]));
    assert_eq!(reply["meta"]["next"], Value::Null);
    // The pages add up to the whole list, in order, each voice once.
    let all: Vec<Voice> = block(client(&base).list(&key(), "v1/voices", None)).unwrap();
    let all: Vec<String> = all.into_iter().map(|v| v.id).collect();
    assert_eq!(paged, all);
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), 40);
    // Without paging parameters: the first 10.
    let (_, reply) = get(&format!("{base}/v1/avatars"));
    assert_eq!(reply["data"].as_array().unwrap().len(), 10);
    assert_eq!(reply["meta"]["perPage"], 10);
}

#[test]
fn sandbox_refuses_paging_out_of_range_naming_the_parameter() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    for (query, name) in [
        ("perPage=0", "perPage"),
        ("perPage=101", "perPage"),
        ("perPage=ten", "perPage"),
        ("page=0", "page"),
        ("page=-1", "page"),
    ] {
        let (status, reply) = get(&format!("{base}/v1/llms?{query}"));
        assert_eq!(status, 400, "{query}");
        let message = reply["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("{name} must be")), "{message}");
    }
    let (status, _) = get(&format!("{base}/v1/llms?perPage=100&page=1"));
    assert_eq!(status, 200);
}

#[test]
fn sandbox_search_is_case_insensitive_on_names() {
    let sandbox = sandbox();
    let c = client(&sandbox.base_url());
    let avatars: Vec<Avatar> = block(c.list(&key(), "v1/avatars", Some("cARA"))).unwrap();
    assert_eq!(avatars.len(), 2);
    assert!(avatars.iter().all(|a| a.display_name == "Cara"));
    let avatars: Vec<Avatar> = block(c.list(&key(), "v1/avatars", Some("kitchen"))).unwrap();
    assert_eq!(avatars.len(), 1, "the variant name is searched too");
    let voices: Vec<Voice> = block(c.list(&key(), "v1/voices", Some("AMÉLIE"))).unwrap();
    assert_eq!(
        voices.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["f2e4d6c8-a0b1-4c3d-9e5f-7a8b9c0d1e2f"]
    );
    let llms: Vec<Llm> = block(c.list(&key(), "v1/llms", Some("gpt"))).unwrap();
    assert_eq!(llms.len(), 2);
    let personas: Vec<PersonaSummary> =
        block(c.list(&key(), "v1/personas", Some(" Tutor "))).unwrap();
    assert_eq!(personas.len(), 1);
    // Nothing matches: an empty page 1 of 1.
    let none: Vec<Voice> = block(c.list(&key(), "v1/voices", Some("zzz"))).unwrap();
    assert!(none.is_empty());
    let (_, reply) = get(&format!("{}/v1/voices?search=zzz", sandbox.base_url()));
    assert_eq!(
        reply["meta"],
        json!({"total": 0, "lastPage": 1, "currentPage": 1, "perPage": 10, "prev": null, "next": null})
    );
    // The search is sent URL-encoded.
    let (_, reply) = get(&format!(
        "{}/v1/personas?search=dr.%20sophie",
        sandbox.base_url()
    ));
    assert_eq!(reply["meta"]["total"], 1);
}

#[test]
fn the_sandbox_catalog_is_realistic_and_knows_the_presets_ids() {
    let sandbox = sandbox();
    let catalog = block(client(&sandbox.base_url()).catalog(&key())).unwrap();
    assert!(catalog.avatars.len() >= 12, "{}", catalog.avatars.len());
    assert_eq!(catalog.voices.len(), 40);
    assert_eq!(catalog.llms.len(), 6);
    assert_eq!(catalog.personas.len(), 8);
    for provider in [
        "CARTESIA",
        "ELEVENLABS",
        "FISH_AUDIO",
        "OPENAI_ADVANCED_VOICE",
    ] {
        assert!(
            catalog
                .voices
                .iter()
                .any(|v| v.provider.as_deref() == Some(provider)),
            "{provider}"
        );
    }
    assert_eq!(
        catalog
            .llms
            .iter()
            .filter(|l| l.is_default == Some(true))
            .count(),
        1
    );
    for a in &catalog.avatars {
        assert_eq!(
            a.image_url.as_deref(),
            Some(format!("{}/thumbnails/{}.png", sandbox.base_url(), a.id).as_str())
        );
        assert!(!a.secondary().is_empty());
    }
    assert!(
        catalog
            .voices
            .iter()
            .all(|v| v.secondary().split(" · ").count() == 3)
    );
    assert!(catalog.personas.iter().any(|p| p.avatar.is_none()));
    assert!((chrono::Utc::now() - catalog.fetched_at).num_seconds() < 60);

    // The shipped presets' ids are all in the catalog.
    for name in [
        "cartesia-calm-support.json",
        "elevenlabs-v2-sales-demo.json",
        "fish-audio-french-tutor.json",
        "stateful-persona.json",
    ] {
        let body = anam_studio::store::preset::load(&preset(name)).unwrap();
        let id = |path: &str| body.get(path).and_then(Value::as_str).map(str::to_string);
        if let Some(persona) = id("personaConfig.personaId") {
            assert!(catalog.persona(&persona).is_some(), "{name}: {persona}");
            continue;
        }
        let avatar = id("personaConfig.avatarId").unwrap();
        let voice = id("personaConfig.voiceId").unwrap();
        let llm = id("personaConfig.llmId").unwrap();
        assert!(catalog.avatar(&avatar).is_some(), "{name}: {avatar}");
        assert!(catalog.llm(&llm).is_some(), "{name}: {llm}");
        // ...and the preset's voice options fit its voice's provider.
        let voice = catalog
            .voice(&voice)
            .unwrap_or_else(|| panic!("{name}: {voice}"));
        let fits = body.voice_providers();
        assert!(
            voice.providers().iter().any(|p| fits.contains(*p)),
            "{name}: {:?} vs {fits:?}",
            voice.providers()
        );
    }
}
