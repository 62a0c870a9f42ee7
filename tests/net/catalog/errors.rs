//! Errors on a list, as sentences: a wrong key (401), server failures, and the sandbox's catalog
//! faults kept apart from its token faults.

use super::{block, client, key};
use anam_studio::core::catalog::{Llm, Voice};
use anam_studio::core::secrets::ApiKey;
use anam_studio::sandbox::{Config, Fault, Sandbox};
use serde_json::json;

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
