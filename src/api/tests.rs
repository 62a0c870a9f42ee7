//! The client's unit tests.

use super::answer::*;
use super::*;

#[test]
fn curl_quotes_the_body_and_never_holds_a_key() {
    let body = serde_json::json!({"clientLabel": "it's"});
    let cmd = curl_command("https://api.anam.ai/", &body);
    assert_eq!(
        cmd,
        "curl -sS -X POST 'https://api.anam.ai/v1/auth/session-token' \\\n  -H \"Authorization: Bearer $ANAM_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"clientLabel\":\"it'\\''s\"}'"
    );
}

#[test]
fn a_base_url_with_quotes_spaces_user_info_or_a_query_is_refused() {
    for (url, reason) in [
        ("https://h/'$(touch x)'", "it contains a quote (')"),
        ("https://h/\"x", "it contains a quote (\")"),
        ("https://h/`id`", "it contains a quote (`)"),
        ("https://h/a b", "it contains a space"),
        ("https://h/a\u{a0}b", "it contains a space"),
        ("https://h/a\nb", "it contains a control character"),
        (
            "https://user:pass@h",
            "it holds a user name or password (user@host): keep the API key in the keychain instead",
        ),
        (
            "https://user@h",
            "it holds a user name or password (user@host): keep the API key in the keychain instead",
        ),
        (
            "https://h/?x=1",
            "it has a query (?…): a base URL ends with its path",
        ),
        (
            "https://h/#x",
            "it has a fragment (#…): a base URL ends with its path",
        ),
        ("ftp://h", "the scheme must be https, not ftp"),
        ("file:///etc/passwd", "the scheme must be https, not file"),
        ("https://", "empty host"),
    ] {
        let err = check_base_url(url).unwrap_err();
        let ApiError::InvalidUrl { reason: got, .. } = &err else {
            panic!("{url}: {err:?}");
        };
        assert_eq!(got, reason, "{url}");
    }
    assert_eq!(
        check_base_url("https://h/a\nb").unwrap_err().to_string(),
        "\"https://h/a\\nb\" is not a usable base URL: it contains a control character."
    );
    assert!(check_base_url("  https://api.anam.ai/v1-proxy \n").is_ok());
}

#[test]
fn every_spelling_of_a_base_url_normalises_to_one() {
    for url in [
        "https://api.anam.ai",
        "https://api.anam.ai/",
        "https://API.Anam.AI",
        "https://api.anam.ai:443/",
        " https://api.anam.ai ",
    ] {
        assert_eq!(
            normalize_base_url(url).unwrap(),
            "https://api.anam.ai",
            "{url}"
        );
    }
    assert_eq!(
        normalize_base_url("http://LOCALHOST:8787/proxy/").unwrap(),
        "http://localhost:8787/proxy"
    );
    assert_eq!(
        normalize_base_url("https://h.example.com:8443").unwrap(),
        "https://h.example.com:8443"
    );
}

#[test]
fn shell_quote_leaves_nothing_for_the_shell_to_expand() {
    assert_eq!(shell_quote("a b"), "'a b'");
    assert_eq!(shell_quote("it's"), r"'it'\''s'");
    assert_eq!(shell_quote("$(x) `y` \"z\""), "'$(x) `y` \"z\"'");
}

#[test]
fn plain_http_only_for_loopback() {
    assert!(check_base_url("https://api.anam.ai").is_ok());
    assert!(check_base_url("http://127.0.0.1:8080").is_ok());
    assert!(check_base_url("http://localhost:1").is_ok());
    assert!(check_base_url("http://[::1]:1").is_ok());
    assert_eq!(
        check_base_url("http://api.anam.ai")
            .unwrap_err()
            .to_string(),
        "Refusing to send the API key over plain http:// to api.anam.ai: use https:// (plain http is only allowed for localhost)."
    );
    assert!(matches!(
        check_base_url("ftp://x"),
        Err(ApiError::InvalidUrl { .. })
    ));
    assert!(matches!(
        check_base_url("not a url"),
        Err(ApiError::InvalidUrl { .. })
    ));
}

#[test]
fn base_path_is_kept() {
    let url = check_base_url("https://example.com/anam").unwrap();
    assert_eq!(
        url.join(SESSION_TOKEN_PATH).unwrap().as_str(),
        "https://example.com/anam/v1/auth/session-token"
    );
}

fn run(status: u16, body: &str, retry: Option<&str>) -> ApiError {
    let key = ApiKey::new("sk-secret").unwrap();
    let url = Url::parse("https://h/v1/auth/session-token").unwrap();
    interpret(
        StatusCode::from_u16(status).unwrap(),
        retry.map(str::to_string),
        body.as_bytes(),
        &url,
        &key,
    )
    .unwrap_err()
}

#[test]
fn failures_read_as_sentences() {
    assert_eq!(
        run(400, r#"{"message":"personaConfig.x: bad"}"#, None).to_string(),
        "The API rejected the request (400): personaConfig.x: bad"
    );
    assert_eq!(
        run(400, r#"{"error":"Bad thing"}"#, None).to_string(),
        "The API rejected the request (400): Bad thing"
    );
    assert_eq!(
        run(400, r#"{"message":["a","b"]}"#, None).to_string(),
        "The API rejected the request (400): a; b"
    );
    assert_eq!(
        run(400, "", None).to_string(),
        "The API rejected the request (400): the reply was empty"
    );
    assert_eq!(
        run(401, "{}", None).to_string(),
        "The API key was rejected (401): check that it is right for this environment."
    );
    assert_eq!(
        run(403, r#"{"message":"Plan limit"}"#, None).to_string(),
        "The API key is not allowed to do this (403): Plan limit"
    );
    assert_eq!(
        run(404, "", None).to_string(),
        "Nothing answers at https://h/v1/auth/session-token (404): check the base URL."
    );
    assert_eq!(
        run(429, r#"{"message":"Slow down"}"#, Some("30")).to_string(),
        "Too many requests (429): Slow down. Try again in 30 s."
    );
    assert_eq!(
        run(500, r#"{"error":"boom"}"#, None).to_string(),
        "The server failed (500): boom: try again later."
    );
    assert_eq!(
        run(502, "<html><body>Bad gateway</body></html>", None).to_string(),
        "The server failed (502): it sent an HTML error page: try again later."
    );
    assert_eq!(
        run(200, "<!DOCTYPE html><p>hi", None).to_string(),
        "The server answered with an HTML page instead of JSON (status 200)."
    );
}

#[test]
fn the_key_is_scrubbed_from_replies() {
    let err = run(400, r#"{"message":"bad key sk-secret"}"#, None);
    assert!(!err.to_string().contains("sk-secret"));
    assert!(!err.reply().unwrap().excerpt.contains("sk-secret"));
    assert!(!format!("{err:?}").contains("sk-secret"));
}

#[test]
fn malformed_pages_read_as_sentences() {
    let reply = Reply {
        status: 200,
        excerpt: String::new(),
    };
    let err = split_page(serde_json::json!({"items": []}), "list of voices", &reply).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The server's list of voices could not be read: it has no \"data\" list."
    );
    let err = split_page(serde_json::json!({"data": {}}), "list of voices", &reply).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The server's list of voices could not be read: \"data\" is an object, not a list."
    );
    let err = split_page(serde_json::json!("hi"), "list of voices", &reply).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("it is a string, not an object with a \"data\" list.")
    );
    let (data, meta) = split_page(serde_json::json!([1]), "x", &reply).unwrap();
    assert_eq!((data.len(), meta.next), (1, None));
}
