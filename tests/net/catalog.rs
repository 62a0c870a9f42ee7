//! The catalog over real loopback HTTP: the sandbox's lists (paging, search, auth), the client's
//! walk through pages (against a stub server that can lie), tolerant items, errors as sentences,
//! persona details into ephemeral bodies, thumbnails, the disk cache, and `anam-studio list`.

use crate::common::{assert_no_key, cli, closed_port, preset, text};
use anam_studio::api::{self, ApiError, Client, MAX_PAGES};
use anam_studio::core::catalog::{
    Avatar, Catalog, Llm, PersonaDetail, PersonaSummary, Voice, describe_age,
};
use anam_studio::core::contract::{RequestBody, VoiceProvider, infer_provider};
use anam_studio::core::secrets::ApiKey;
use anam_studio::core::validate;
use anam_studio::sandbox::{Config, Fault, Sandbox};
use anam_studio::store::catalog_cache;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const KEY: &str = "sk-test-catalog-0123456789";

fn block<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn key() -> ApiKey {
    ApiKey::new(KEY).unwrap()
}

fn client(base: &str) -> Client {
    Client::new(base, Duration::from_secs(10)).unwrap()
}

fn sandbox() -> Sandbox {
    Sandbox::start(Config::default()).unwrap()
}

/// A raw GET with the key: the status and the JSON reply.
fn get(url: &str) -> (u16, Value) {
    anam_studio::api::install_crypto_provider();
    block(async {
        let response = reqwest::Client::new()
            .get(url)
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    })
}

fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The sandbox's lists.

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

#[test]
fn every_sandbox_persona_starts_a_valid_ephemeral_body() {
    let sandbox = sandbox();
    let c = client(&sandbox.base_url());
    let catalog = block(c.catalog(&key())).unwrap();
    for summary in &catalog.personas {
        let detail: PersonaDetail = block(c.persona(&key(), &summary.id)).unwrap();
        assert_eq!(detail.summary, *summary);
        assert!(detail.llm_id.is_some() && detail.avatar_model.is_some());
        assert!(
            detail
                .brain
                .as_ref()
                .and_then(|b| b.system_prompt.as_ref())
                .is_some()
        );
        let body: RequestBody = detail.to_ephemeral_body();
        let problems = validate::validate(&body.to_value());
        assert!(
            !validate::has_errors(&problems),
            "{}: {problems:?}",
            summary.name
        );
        assert_eq!(
            body.get("personaConfig.avatarId").and_then(Value::as_str),
            summary.avatar.as_ref().map(|a| a.id.as_str())
        );
        assert_eq!(
            body.get("personaConfig.llmId").and_then(Value::as_str),
            detail.llm_id.as_deref()
        );
        assert!(catalog.llm(detail.llm_id.as_deref().unwrap()).is_some());
        // The voice options fit the voice's provider family, and a voice without providers (an
        // OpenAI one) has none.
        let voice = detail.summary.voice.as_ref().unwrap();
        match detail.voice_generation_options.as_ref() {
            Some(options) => {
                let fits = infer_provider(options.as_object().unwrap());
                assert!(
                    voice.providers().iter().any(|p| fits.contains(*p)),
                    "{}: {fits:?} vs {:?}",
                    summary.name,
                    voice.providers()
                );
            }
            None => assert!(voice.providers().is_empty(), "{}", summary.name),
        }
    }
    // The demo persona in full.
    let cara = block(c.persona(&key(), "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21")).unwrap();
    let body = cara.to_ephemeral_body();
    assert_eq!(
        body.voice_providers().single(),
        Some(VoiceProvider::ElevenLabsV2)
    );
    assert_eq!(
        body.get("personaConfig.avatarModel"),
        Some(&json!("cara-3"))
    );
}

#[test]
fn persona_detail_errors_read_as_sentences() {
    let sandbox = sandbox();
    let c = client(&sandbox.base_url());
    let err = block(c.persona(&key(), "no-such-persona")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "No persona has the id \"no-such-persona\" (404): it may have been deleted, or belong to another account."
    );
    assert_eq!(err.status(), Some(404));
    // The id is one path segment, whatever it holds.
    let err = block(c.persona(&key(), "../avatars")).unwrap_err();
    assert!(
        matches!(err, ApiError::NoSuchPersona { ref id, .. } if id == "../avatars"),
        "{err}"
    );
    let err = block(c.persona(&key(), "a/b?c#d")).unwrap_err();
    assert!(matches!(err, ApiError::NoSuchPersona { .. }), "{err}");
    // An id that names no single persona is refused before anything is sent.
    for id in ["  ", "..", ".", "a\nb"] {
        let err = block(c.persona(&key(), id)).unwrap_err();
        assert!(matches!(err, ApiError::BadId(_)), "{id:?}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors on a list.

#[test]
fn a_wrong_key_on_a_list_is_a_401_sentence() {
    let sandbox = Sandbox::start(Config {
        required_key: Some("sk-right".into()),
        ..Config::default()
    })
    .unwrap();
    let c = client(&sandbox.base_url());
    let err = block(c.list::<Voice>(&key(), "v1/voices", None)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The API key was rejected (401): check that it is right for this environment."
    );
    let err = block(c.catalog(&key())).unwrap_err();
    assert_eq!(err.status(), Some(401));
    let err = block(c.persona(&key(), "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21")).unwrap_err();
    assert_eq!(err.status(), Some(401));
    let right = ApiKey::new("sk-right").unwrap();
    assert_eq!(
        block(c.list::<Llm>(&right, "v1/llms", None)).unwrap().len(),
        6
    );
}

#[test]
fn server_failures_on_a_list_read_as_sentences() {
    let config = Config::default();
    let faults = config.catalog_faults.clone();
    let sandbox = Sandbox::start(config).unwrap();
    let c = client(&sandbox.base_url());
    let cases = [
        (
            Fault::json(500, json!({"error": "database on fire"})),
            "The server failed (500): database on fire: try again later.",
        ),
        (
            Fault::respond(503, "text/html", "<html><body>Unavailable</body></html>"),
            "The server failed (503): it sent an HTML error page: try again later.",
        ),
        (
            Fault::respond(200, "text/html", "<!DOCTYPE html><p>login</p>"),
            "The server answered with an HTML page instead of JSON (status 200).",
        ),
        (
            Fault::json(200, json!({"items": []})),
            "The server's list of voices could not be read: it has no \"data\" list.",
        ),
        (
            Fault::json(200, json!({"data": [{"name": "no id"}, {"id": ""}]})),
            "The server's list of voices could not be read: item 0: missing field `id`.",
        ),
        (
            Fault::json(429, json!({"message": "Slow down"})).with_header("retry-after", "7"),
            "Too many requests (429): Slow down. Try again in 7 s.",
        ),
    ];
    for (fault, sentence) in cases {
        faults.push(fault);
        let err = block(c.list::<Voice>(&key(), "v1/voices", None)).unwrap_err();
        assert_eq!(err.to_string(), sentence);
        assert!(faults.is_empty());
    }
    // One failing list fails the whole catalog; the next try works.
    faults.push(Fault::json(502, json!({"message": "bad gateway"})));
    assert_eq!(block(c.catalog(&key())).unwrap_err().status(), Some(502));
    assert_eq!(block(c.catalog(&key())).unwrap().voices.len(), 40);
}

#[test]
fn catalog_faults_and_token_faults_stay_apart() {
    let config = Config::default();
    let (token_faults, catalog_faults) =
        (config.next_faults.clone(), config.catalog_faults.clone());
    let sandbox = Sandbox::start(config).unwrap();
    let c = client(&sandbox.base_url());
    token_faults.push(Fault::json(500, json!({})));
    assert_eq!(block(c.catalog(&key())).unwrap().llms.len(), 6);
    assert_eq!(
        token_faults.len(),
        1,
        "a catalog request took a token fault"
    );
    catalog_faults.push(Fault::json(500, json!({})));
    let body = json!({"personaConfig": {"personaId": "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21"}});
    assert!(block(c.mint(&key(), &body)).is_err(), "the token fault");
    assert!(block(c.mint(&key(), &body)).is_ok());
    assert_eq!(catalog_faults.len(), 1, "a mint took a catalog fault");
}

// ---------------------------------------------------------------------------------------------
// The client's walk through pages, against a stub that answers what each test says.

/// A loopback server that records each request's path and query and answers with `handler`.
struct Stub {
    base: String,
    seen: Arc<Mutex<Vec<String>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Stub {
    fn start(handler: impl Fn(&str, &str) -> Response + Send + Sync + 'static) -> Stub {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let log = seen.clone();
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let (handler, log) = (handler.clone(), log.clone());
            async move {
                let query = uri.query().unwrap_or_default().to_string();
                log.lock().unwrap().push(format!("{}?{query}", uri.path()));
                handler(uri.path(), &query)
            }
        });
        runtime.spawn(async move { axum::serve(listener, app).await });
        Stub {
            base,
            seen,
            _runtime: runtime,
        }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn page_param(query: &str) -> usize {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1)
}

fn ok(body: Value) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

fn llm(i: usize) -> Value {
    json!({"id": format!("llm-{i:04}"), "displayName": format!("Model {i}"), "modelName": "m"})
}

/// `total` LLMs served `per_page` at a time with honest paging.
fn honest(total: usize, per_page: usize) -> impl Fn(&str, &str) -> Response {
    move |_, query| {
        let page = page_param(query);
        let last = total.div_ceil(per_page).max(1);
        let data: Vec<Value> = (0..total)
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(llm)
            .collect();
        ok(json!({"data": data, "meta": {
            "total": total, "lastPage": last, "currentPage": page, "perPage": per_page,
            "prev": if page > 1 { json!(page - 1) } else { Value::Null },
            "next": if page < last { json!(page + 1) } else { Value::Null },
        }}))
    }
}

#[test]
fn the_client_reads_every_page_up_to_the_last() {
    let stub = Stub::start(honest(237, 100));
    let llms: Vec<Llm> = block(client(&stub.base).list(&key(), "v1/llms", None)).unwrap();
    assert_eq!(llms.len(), 237);
    assert_eq!(llms[236].id, "llm-0236");
    assert_eq!(
        stub.seen(),
        [
            "/v1/llms?page=1&perPage=100",
            "/v1/llms?page=2&perPage=100",
            "/v1/llms?page=3&perPage=100"
        ]
    );
}

#[test]
fn the_client_sends_the_search_encoded() {
    let stub = Stub::start(honest(3, 100));
    let _: Vec<Llm> =
        block(client(&stub.base).list(&key(), "v1/llms", Some(" café & co "))).unwrap();
    assert_eq!(
        stub.seen(),
        ["/v1/llms?page=1&perPage=100&search=caf%C3%A9+%26+co"]
    );
}

#[test]
fn an_empty_list_is_one_request() {
    let stub = Stub::start(honest(0, 100));
    let llms: Vec<Llm> = block(client(&stub.base).list(&key(), "v1/llms", None)).unwrap();
    assert!(llms.is_empty());
    assert_eq!(stub.seen().len(), 1);
}

#[test]
fn the_last_page_is_found_by_any_sign() {
    // `next` says more, but currentPage has reached lastPage.
    let stub = Stub::start(|_, query| {
        let page = page_param(query);
        ok(
            json!({"data": [llm(page)], "meta": {"total": 2, "lastPage": 2, "currentPage": page, "perPage": 1, "prev": null, "next": page + 1}}),
        )
    });
    let llms: Vec<Llm> = block(client(&stub.base).list(&key(), "v1/llms", None)).unwrap();
    assert_eq!(llms.len(), 2);
    // An empty page ends the list even when the paging says more.
    let stub = Stub::start(|_, query| {
        let page = page_param(query);
        let data = if page < 3 { vec![llm(page)] } else { vec![] };
        ok(
            json!({"data": data, "meta": {"total": 99, "lastPage": 99, "currentPage": page, "perPage": 1, "next": page + 1}}),
        )
    });
    let llms: Vec<Llm> = block(client(&stub.base).list(&key(), "v1/llms", None)).unwrap();
    assert_eq!((llms.len(), stub.seen().len()), (2, 3));
    // No paging at all, or a bare array: one page.
    let stub = Stub::start(|_, _| ok(json!({"data": [llm(1), llm(2)]})));
    let llms: Vec<Llm> = block(client(&stub.base).list(&key(), "v1/llms", None)).unwrap();
    assert_eq!((llms.len(), stub.seen().len()), (2, 1));
    let stub = Stub::start(|_, _| ok(json!([llm(1)])));
    let llms: Vec<Llm> = block(client(&stub.base).list(&key(), "v1/llms", None)).unwrap();
    assert_eq!((llms.len(), stub.seen().len()), (1, 1));
}

#[test]
fn a_server_that_lies_about_paging_cannot_make_the_client_loop() {
    // Always "there is a next page", always the same two items.
    let stub = Stub::start(|_, _| {
        ok(
            json!({"data": [llm(1), llm(2)], "meta": {"total": 1000000, "lastPage": 1000000, "currentPage": 1, "perPage": 2, "prev": null, "next": 2}}),
        )
    });
    let llms: Vec<Llm> = block(client(&stub.base).list(&key(), "v1/llms", None)).unwrap();
    assert_eq!(llms.len(), 2, "the same ids are kept once");
    assert_eq!(stub.seen().len(), MAX_PAGES as usize);
    assert_eq!(
        stub.seen().last().unwrap(),
        &format!("/v1/llms?page={MAX_PAGES}&perPage=100")
    );
}

#[test]
fn items_with_unknown_missing_or_odd_fields_are_read() {
    let stub = Stub::start(|path, _| match path {
        "/v1/voices" => ok(json!({
            "data": [
                {"id": "v1", "displayName": "Full", "provider": "CARTESIA", "providerVoiceId": "p",
                 "providerModelId": "sonic-3", "gender": "FEMALE", "country": "US", "description": "d",
                 "sampleUrl": "https://x/s.mp3", "createdAt": "2025-01-01", "tags": ["a"], "nested": {"x": 1}},
                {"id": "v2"},
                {"id": "v3", "displayName": null, "provider": null, "gender": 7, "country": {"code": "FR"}},
                {"displayName": "no id: skipped"},
                "not even an object"
            ],
            "meta": {"total": 5, "lastPage": 1, "currentPage": 1, "perPage": 100, "prev": null, "next": null, "cursor": "x"}
        })),
        _ => ok(json!({"data": [
            {"id": "p1", "name": "With nested", "avatar": {"id": "a1", "displayName": "A", "unknown": true},
             "voice": {"displayName": "nested voice without id"}, "languageCode": "en", "extra": 1},
            {"id": "p2", "name": "Bare"}
        ]})),
    });
    let c = client(&stub.base);
    let voices: Vec<Voice> = block(c.list(&key(), "v1/voices", None)).unwrap();
    assert_eq!(
        voices.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["v1", "v2", "v3"]
    );
    assert_eq!(voices[0].secondary(), "Cartesia · female · US");
    assert_eq!(voices[0].sample_url.as_deref(), Some("https://x/s.mp3"));
    assert_eq!(
        voices[1],
        serde_json::from_value::<Voice>(json!({"id": "v2"})).unwrap()
    );
    assert_eq!(voices[1].display_name, "");
    assert_eq!(voices[2].gender.as_deref(), Some("7"));
    assert_eq!(voices[2].country, None);
    let personas: Vec<PersonaSummary> = block(c.list(&key(), "v1/personas", None)).unwrap();
    assert_eq!(personas[0].avatar.as_ref().unwrap().id, "a1");
    assert_eq!(
        personas[0].voice, None,
        "a nested voice without id is left out"
    );
    assert_eq!(personas[1].avatar, None);
    assert_eq!(personas[1].language_code, None);
}

#[test]
fn a_persona_detail_may_come_wrapped_in_data() {
    let stub = Stub::start(|path, _| {
        ok(
            json!({"data": {"id": path.rsplit('/').next().unwrap(), "name": "Wrapped", "llmId": "l"}}),
        )
    });
    let detail = block(client(&stub.base).persona(&key(), "p 1/é")).unwrap();
    assert_eq!(detail.summary.id, "p%201%2F%C3%A9");
    assert_eq!(stub.seen(), ["/v1/personas/p%201%2F%C3%A9?"]);
    assert_eq!(detail.llm_id.as_deref(), Some("l"));
    let stub = Stub::start(|_, _| ok(json!({"name": "no id"})));
    let err = block(client(&stub.base).persona(&key(), "p")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The server's persona detail could not be read: missing field `id`."
    );
}

// ---------------------------------------------------------------------------------------------
// Images.

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

// ---------------------------------------------------------------------------------------------
// The disk cache.

#[test]
fn the_cache_round_trips_and_says_how_old_it_is() {
    let sandbox = sandbox();
    let fetched = block(client(&sandbox.base_url()).catalog(&key())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = catalog_cache::cache_path(dir.path(), "http://127.0.0.1:8787");
    assert_eq!(catalog_cache::load_cache(&path), None, "nothing cached yet");
    catalog_cache::save_cache(&path, &fetched).unwrap();
    let loaded: Catalog = catalog_cache::load_cache(&path).unwrap();
    assert_eq!(loaded, fetched);
    let later = fetched.fetched_at + chrono::Duration::minutes(5);
    assert_eq!(describe_age(loaded.fetched_at, later), "updated 5 min ago");
    assert_eq!(
        describe_age(loaded.fetched_at, loaded.fetched_at),
        "updated just now"
    );
    // Only the cache file is left in the folder (no temporary files).
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // Another account has its own file; a nested, missing folder is created.
    let other = catalog_cache::cache_path(&dir.path().join("a/b"), "https://api.anam.ai");
    catalog_cache::save_cache(&other, &fetched).unwrap();
    assert_ne!(other.file_name(), path.file_name());
    assert!(catalog_cache::load_cache(&other).is_some());
}

#[test]
fn a_broken_cache_is_ignored_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    for bad in [
        "",
        "{",
        "[]",
        r#"{"version": 99, "catalog": {}}"#,
        r#"{"version": 1, "catalog": {"avatars": []}}"#,
    ] {
        std::fs::write(&path, bad).unwrap();
        assert_eq!(catalog_cache::load_cache(&path), None, "{bad}");
    }
    assert_eq!(catalog_cache::load_cache(dir.path()), None, "a folder");
}

#[test]
fn offline_the_cache_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let account = "http://127.0.0.1:1";
    let path = catalog_cache::cache_path(dir.path(), account);
    let cached = {
        let sandbox = sandbox();
        block(client(&sandbox.base_url()).catalog(&key())).unwrap()
    };
    catalog_cache::save_cache(&path, &cached).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    // The server is gone: the fetch fails with a sentence...
    let base = format!("http://127.0.0.1:{}", closed_port());
    let err = block(client(&base).catalog(&key())).unwrap_err();
    assert!(
        err.to_string().contains("the connection was refused"),
        "{err}"
    );
    // ...and the cache is untouched and still loads, for the pickers to use.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(catalog_cache::load_cache(&path), Some(cached.clone()));
    // A server that fails mid-way leaves it untouched too.
    let config = Config::default();
    config.catalog_faults.push(Fault::json(500, json!({})));
    let sandbox = Sandbox::start(config).unwrap();
    assert!(block(client(&sandbox.base_url()).catalog(&key())).is_err());
    assert_eq!(catalog_cache::load_cache(&path), Some(cached));
}

// ---------------------------------------------------------------------------------------------
// `anam-studio list`, as a process.

fn list_args<'a>(what: &'a str, base: &'a str) -> Vec<&'a str> {
    vec!["list", what, "--base-url", base]
}

#[test]
fn cli_list_prints_an_aligned_table() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let out = cli(&list_args("voices", &base), Some(KEY), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 41, "{stdout}");
    assert!(lines[0].starts_with("ID "), "{}", lines[0]);
    let name_col = lines[0].find("NAME").unwrap();
    let details_col = lines[0].find("PROVIDER · GENDER · COUNTRY").unwrap();
    let calm = lines
        .iter()
        .find(|l| l.starts_with("8b4e2f6a-1c3d-4e5f-9a7b-0c2d4e6f8a1b"))
        .unwrap();
    assert_eq!(calm.find("Calm Leo"), Some(name_col));
    // Columns line up in characters (names may hold accents).
    let chars = |l: &str, s: &str| l[..l.find(s).unwrap()].chars().count();
    assert_eq!(
        chars(calm, "Cartesia · male · US"),
        lines[0][..details_col].chars().count()
    );
    let elodie = lines.iter().find(|l| l.contains("Élodie")).unwrap();
    assert_eq!(
        chars(elodie, "Cartesia · female · FR"),
        chars(calm, "Cartesia · male · US")
    );
    assert!(lines.iter().all(|l| !l.ends_with(' ')));
    assert_no_key(&text(&out.stderr), KEY, "stderr");

    for (what, rows, needle) in [
        ("avatars", 15, "Window desk"),
        ("llms", 6, "gpt-4.1-mini · default"),
        ("personas", 8, "Walks prospects through the product"),
    ] {
        let out = cli(&list_args(what, &base), Some(KEY), None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert_eq!(stdout.lines().count(), rows + 1, "{what}: {stdout}");
        assert!(stdout.contains(needle), "{what}: {stdout}");
    }
}

#[test]
fn cli_list_json_and_search() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let mut args = list_args("avatars", &base);
    args.extend(["--search", "cara", "--json"]);
    let out = cli(&args, Some(KEY), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let items: Vec<Avatar> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|a| a.display_name == "Cara"));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json[0]["imageUrl"].as_str().unwrap().starts_with(&base));

    // Nothing matches: an empty table says so on stderr; JSON is [].
    let mut args = list_args("llms", &base);
    args.extend(["--search", "nothing like this"]);
    let out = cli(&args, Some(KEY), None);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).contains("No LLMs match \"nothing like this\"."));
    args.push("--json");
    let out = cli(&args, Some(KEY), None);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([])
    );
}

#[test]
fn cli_list_failures_are_one_sentence() {
    let fail = |out: std::process::Output, sentence: &str| {
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert_eq!(text(&out.stdout), "");
        assert!(stderr.contains(sentence), "expected {sentence:?}: {stderr}");
        assert_no_key(&stderr, KEY, "stderr");
    };
    let sandbox = Sandbox::start(Config {
        required_key: Some("sk-right".into()),
        ..Config::default()
    })
    .unwrap();
    let base = sandbox.base_url();
    fail(
        cli(&list_args("voices", &base), Some(KEY), None),
        "anam-studio: The API key was rejected (401)",
    );
    fail(
        cli(&list_args("voices", &base), None, None),
        "no API key: set ANAM_API_KEY",
    );
    let config = Config::default();
    config
        .catalog_faults
        .push(Fault::json(500, json!({"error": "database on fire"})));
    let sandbox = Sandbox::start(config).unwrap();
    fail(
        cli(&list_args("personas", &sandbox.base_url()), Some(KEY), None),
        "anam-studio: The server failed (500): database on fire: try again later.",
    );
    fail(
        cli(&list_args("avatars", "http://api.anam.ai"), Some(KEY), None),
        "Refusing to send the API key over plain http://",
    );
    let out = cli(&["list", "faces", "--base-url", &base], Some(KEY), None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("avatars, voices, llms, personas"),
        "{}",
        text(&out.stderr)
    );
}
