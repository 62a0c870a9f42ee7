//! The client's walk through pages, against a stub that answers what each test says: every page
//! up to the last, the search encoded, a server that lies about paging; and items with unknown,
//! missing or odd fields, or wrapped in `data`.

use super::{Stub, block, client, key};
use anam_studio::api::MAX_PAGES;
use anam_studio::core::catalog::{Llm, PersonaSummary, Voice};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

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
