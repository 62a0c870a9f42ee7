//! Validation of the fields newer than the contract: the cases their pages give.

use super::*;
use serde_json::json;

fn problems(persona: Value, options: Option<Value>) -> (Vec<String>, Vec<String>) {
    let mut p = json!({"avatarId":"a","voiceId":"v","llmId":"l","systemPrompt":"s"});
    p.as_object_mut()
        .unwrap()
        .extend(persona.as_object().unwrap().clone());
    let mut body = json!({ "personaConfig": p });
    if let Some(o) = options {
        body["sessionOptions"] = o;
    }
    let all = validate(&body);
    let text = |error: bool| {
        all.iter()
            .filter(|p| p.is_error() == error)
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    (text(true), text(false))
}

fn tools(list: Value) -> (Vec<String>, Vec<String>) {
    problems(json!({ "tools": list }), None)
}

#[test]
fn director_notes_take_a_preset_or_a_prompt_not_both() {
    let (e, w) = problems(
        json!({"avatarModel": "cara-4-latest", "directorNotes": {"presetStyle": "warm", "expressivity": 0.7}}),
        None,
    );
    assert!(
        e.is_empty() && !w.iter().any(|w| w.contains("director")),
        "{e:?} {w:?}"
    );
    let (e, _) = problems(
        json!({"directorNotes": {"presetStyle": "warm", "customStylePrompt": "calm and slow"}}),
        None,
    );
    assert_eq!(
        e,
        [
            "personaConfig.directorNotes: a preset style or a custom style prompt, not both: remove one"
        ]
    );
    let (e, _) = problems(json!({"directorNotes": {"presetStyle": "grumpy"}}), None);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with(
            "personaConfig.directorNotes.presetStyle: \"grumpy\" is not one of happy, warm"
        ),
        "{e:?}"
    );
    let (e, _) = problems(json!({"directorNotes": {"expressivity": 1.2}}), None);
    assert_eq!(
        e,
        ["personaConfig.directorNotes.expressivity: 1.2 is above the maximum 1"]
    );
    let (e, _) = problems(
        json!({"directorNotes": {"customStylePrompt": "x".repeat(2001)}}),
        None,
    );
    assert_eq!(
        e,
        ["personaConfig.directorNotes.customStylePrompt: 2001 characters: the most is 2000"]
    );
}

#[test]
fn director_notes_on_another_model_are_a_warning() {
    let (e, w) = problems(
        json!({"avatarModel": "cara-3", "directorNotes": {"presetStyle": "happy"}}),
        None,
    );
    assert!(e.is_empty(), "{e:?}");
    assert!(
        w.iter().any(|w| w.starts_with(
            "personaConfig.directorNotes: director notes apply to Cara 4 avatars only: with cara-3 they are ignored"
        )),
        "{w:?}"
    );
    // cara-4, the page's own spelling, is accepted (beside the contract's cara-4-latest).
    let (e, w) = problems(
        json!({"avatarModel": "cara-4", "directorNotes": {"presetStyle": "happy"}}),
        None,
    );
    assert!(e.is_empty() && w.is_empty(), "{e:?} {w:?}");
}

#[test]
fn the_video_size_is_both_or_neither_and_the_models_own() {
    let (e, _) = problems(json!({}), Some(json!({"videoWidth": 720})));
    assert_eq!(
        e,
        ["sessionOptions.videoHeight: not set: set the width and the height together, or neither"]
    );
    let (e, w) = problems(
        json!({"avatarModel": "cara-4"}),
        Some(json!({"videoWidth": 768, "videoHeight": 1152})),
    );
    assert!(e.is_empty() && w.is_empty(), "{e:?} {w:?}");
    let (e, w) = problems(
        json!({"avatarModel": "cara-3"}),
        Some(json!({"videoWidth": 1152, "videoHeight": 768})),
    );
    assert!(e.is_empty(), "{e:?}");
    assert_eq!(
        w,
        [
            "sessionOptions.videoWidth: 1152×768 is not a size cara-3 supports (720×480): the API refuses it"
        ]
    );
    let (e, _) = problems(
        json!({}),
        Some(json!({"videoWidth": 720.5, "videoHeight": 480})),
    );
    assert_eq!(
        e,
        ["sessionOptions.videoWidth: expected a whole number of pixels, found 720.5"]
    );
    let (_, w) = problems(
        json!({}),
        Some(json!({"videoWidth": 640, "videoHeight": 480})),
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("no avatar model supports"), "{w:?}");
}

#[test]
fn zero_data_retention_is_true_or_false() {
    let (e, _) = problems(json!({"zeroDataRetention": "yes"}), None);
    assert_eq!(
        e,
        ["personaConfig.zeroDataRetention: expected true or false, found a string"]
    );
    // It belongs to the ephemeral persona: beside a personaId it is a mixed persona.
    let e: Vec<String> =
        validate(&json!({"personaConfig": {"personaId": "p", "zeroDataRetention": true}}))
            .into_iter()
            .filter(Problem::is_error)
            .map(|p| p.to_string())
            .collect();
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("(zeroDataRetention)"), "{e:?}");
}

#[test]
fn two_good_tools_pass() {
    let (e, w) = tools(json!([
        {"type": "client", "name": "open_page", "description": "Opens a page.",
         "parameters": {"type": "object", "properties": {"url": {"type": "string"}}},
         "awaitResult": true, "toolTimeoutSeconds": 30},
        {"type": "server", "subtype": "webhook", "name": "get_weather", "description": "Weather.",
         "url": "https://example.com/weather", "method": "GET", "awaitResponse": true},
        {"type": "server", "subtype": "knowledge", "name": "search_docs", "description": "Docs.",
         "documentFolderIds": ["550e8400-e29b-41d4-a716-446655440000"]},
        {"type": "system", "name": "change_language"},
    ]));
    assert!(e.is_empty() && w.is_empty(), "{e:?} {w:?}");
}

#[test]
fn each_kind_has_its_required_fields() {
    let (e, _) = tools(json!([
        {"type": "client"},
        {"type": "server", "subtype": "webhook", "name": "hook"},
        {"type": "server", "subtype": "knowledge", "name": "kb"},
        {"type": "system", "name": "end_call"},
        {"type": "server", "name": "what"},
    ]));
    assert_eq!(
        e,
        [
            "personaConfig.tools.0.name: required: the name the persona calls it by",
            "personaConfig.tools.1.url: required: the HTTPS address Anam calls",
            "personaConfig.tools.1.method: required: the HTTP method",
            "personaConfig.tools.2.documentFolderIds: required: the knowledge-base folders to search, by id",
            "personaConfig.tools.3.name: \"end_call\" is not a system tool: the pages name change_language and skip_turn",
            "personaConfig.tools.4.type: type must be \"client\", \"server\" (with subtype \"webhook\" or \"knowledge\") or \"system\"",
        ]
    );
}

#[test]
fn tool_names_follow_the_pages_and_are_unique() {
    let (e, w) = tools(json!([
        {"type": "client", "name": "get weather", "description": "d"},
        {"type": "client", "name": "x".repeat(65), "description": "d"},
        {"type": "client", "name": "lookup", "description": "d"},
        {"type": "client", "name": "lookup", "description": "d"},
        {"type": "client", "name": "GetWeather", "description": "d"},
    ]));
    assert_eq!(
        e,
        [
            "personaConfig.tools.0.name: ' ' is not allowed: use letters, digits and _ (snake_case, such as get_weather)",
            "personaConfig.tools.1.name: 65 characters: the most is 64",
            "personaConfig.tools.3.name: tool 3 has this name too: each tool needs its own",
        ]
    );
    assert_eq!(
        w,
        [
            "personaConfig.tools.4.name: the tool pages ask for snake_case names (such as get_weather)"
        ]
    );
}

#[test]
fn parameters_are_an_object_schema() {
    let (e, _) = tools(json!([
        {"type": "client", "name": "a", "description": "d", "parameters": "{\"type\": "},
        {"type": "client", "name": "b", "description": "d", "parameters": {"type": "string"}},
        {"type": "client", "name": "c", "description": "d", "parameters": []},
        {"type": "client", "name": "d", "description": "d",
         "parameters": {"type": "object", "description": "x".repeat(10_000)}},
    ]));
    assert_eq!(e.len(), 4, "{e:?}");
    assert!(
        e[0].starts_with("personaConfig.tools.0.parameters: not valid JSON yet: 1:"),
        "{e:?}"
    );
    assert_eq!(
        e[1],
        "personaConfig.tools.1.parameters: the schema's type must be \"object\", found \"string\""
    );
    assert_eq!(
        e[2],
        "personaConfig.tools.2.parameters: expected a JSON Schema object, found an array"
    );
    assert!(e[3].ends_with("bytes as JSON: the most is 10000"), "{e:?}");
}

#[test]
fn a_webhook_url_is_absolute_https_or_loopback_http() {
    let hook = |url: &str| {
        tools(
            json!([{"type": "server", "subtype": "webhook", "name": "h", "description": "d",
                     "url": url, "method": "POST"}]),
        )
        .0
    };
    assert!(hook("https://example.com/x").is_empty());
    assert!(hook("http://127.0.0.1:8080/x").is_empty());
    assert!(hook("http://localhost/x").is_empty());
    assert!(hook("http://[::1]/x").is_empty());
    assert_eq!(
        hook("http://example.com/x"),
        ["personaConfig.tools.0.url: http is only for this machine (localhost): use https"]
    );
    assert_eq!(hook("/relative").len(), 1);
    assert!(hook("/relative")[0].contains("not an absolute URL"));
    assert_eq!(
        hook("ftp://example.com"),
        ["personaConfig.tools.0.url: ftp: is not https"]
    );
    let (e, _) = tools(json!([{"type": "server", "subtype": "webhook", "name": "h",
        "description": "d", "url": "https://e.com", "method": "FETCH", "headers": {"X": 1}}]));
    assert_eq!(
        e,
        [
            "personaConfig.tools.0.method: \"FETCH\" is not one of GET, POST, PUT, DELETE, PATCH",
            "personaConfig.tools.0.headers: expected an object of header names to string values",
        ]
    );
}

#[test]
fn client_timeouts_and_flags() {
    let (e, _) = tools(json!([
        {"type": "client", "name": "a", "description": "d", "toolTimeoutSeconds": 0},
        {"type": "client", "name": "b", "description": "d", "awaitResult": "yes"},
    ]));
    assert_eq!(
        e,
        [
            "personaConfig.tools.0.toolTimeoutSeconds: 0 s is outside 1 to 600 s",
            "personaConfig.tools.1.awaitResult: expected true or false, found a string",
        ]
    );
    let (e, _) = problems(json!({"tools": {"type": "client"}}), None);
    assert_eq!(
        e,
        ["personaConfig.tools: expected an array of tools, found an object"]
    );
}

#[test]
fn saved_tools_are_ids() {
    let (e, _) = problems(json!({"toolIds": ["t-1", ""]}), None);
    assert_eq!(
        e,
        [
            "personaConfig.toolIds: expected an array of tool ids, found an id that is empty or not a string"
        ]
    );
    let (e, w) = problems(json!({"toolIds": ["t-1"]}), None);
    assert!(e.is_empty() && w.is_empty(), "{e:?} {w:?}");
}
