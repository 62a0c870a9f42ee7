//! The session token's newer persona settings in the sandbox, over loopback HTTP: each wrong
//! value the pages name is a 400 with one sentence naming the field, as the API answers; a body
//! with two tools, director notes and a video size is signed.

use super::{KEY, block, sandbox};
use serde_json::{Value, json};

fn mint(base: &str, persona: Value, options: Option<Value>) -> (u16, Value) {
    let mut p = json!({
        "name": "Cara",
        "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
        "voiceId": "6bfbe25a-979d-40f3-a92b-5394170af54b",
        "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
        "systemPrompt": "Be brief.",
    });
    p.as_object_mut()
        .unwrap()
        .extend(persona.as_object().unwrap().clone());
    let mut body = json!({ "personaConfig": p });
    if let Some(o) = options {
        body["sessionOptions"] = o;
    }
    anam_studio::api::install_crypto_provider();
    block(async {
        let response = reqwest::Client::new()
            .post(format!("{base}/v1/auth/session-token"))
            .bearer_auth(KEY)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    })
}

#[test]
fn two_tools_director_notes_and_a_video_size_are_signed() {
    let sandbox = sandbox();
    let (status, reply) = mint(
        &sandbox.base_url(),
        json!({
            "avatarModel": "cara-4",
            "directorNotes": {"presetStyle": "warm", "expressivity": 0.6},
            "zeroDataRetention": true,
            "tools": [
                {"type": "client", "name": "open_page", "description": "Opens a page.",
                 "parameters": {"type": "object", "properties": {}}, "awaitResult": true},
                {"type": "server", "subtype": "webhook", "name": "check_order",
                 "description": "Order status.", "url": "https://shop.example.com/o",
                 "method": "GET"}
            ]
        }),
        Some(json!({"videoWidth": 768, "videoHeight": 1152})),
    );
    assert_eq!(status, 200, "{reply}");
    assert!(reply["sessionToken"].is_string());
}

#[test]
fn each_wrong_value_is_a_400_naming_the_field() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let cases: Vec<(Value, Option<Value>, &str)> = vec![
        (
            json!({"directorNotes": {"presetStyle": "warm", "customStylePrompt": "slow"}}),
            None,
            "personaConfig.directorNotes: a preset style or a custom style prompt, not both: remove one",
        ),
        (
            json!({"directorNotes": {"presetStyle": "grumpy"}}),
            None,
            "personaConfig.directorNotes.presetStyle: \"grumpy\" is not one of happy, warm, playful, supportive, sad, angry, distressed",
        ),
        (
            json!({"directorNotes": {"expressivity": 2}}),
            None,
            "personaConfig.directorNotes.expressivity: 2 is above the maximum 1",
        ),
        (
            json!({}),
            Some(json!({"videoWidth": 1152})),
            "sessionOptions.videoHeight: not set: set the width and the height together, or neither",
        ),
        (
            json!({"avatarModel": "cara-3"}),
            Some(json!({"videoWidth": 1152, "videoHeight": 768})),
            "sessionOptions: unsupported video size 1152x768 for avatar model cara-3 (supported: 720x480)",
        ),
        (
            json!({"zeroDataRetention": "yes"}),
            None,
            "personaConfig.zeroDataRetention: expected true or false, found a string",
        ),
        (
            json!({"tools": [{"type": "server", "subtype": "webhook", "name": "h",
                "description": "d", "url": "http://example.com/h", "method": "POST"}]}),
            None,
            "personaConfig.tools.0.url: http is only for this machine (localhost): use https",
        ),
        (
            json!({"tools": [{"type": "client", "name": "a", "description": "d"},
                             {"type": "client", "name": "a", "description": "d"}]}),
            None,
            "personaConfig.tools.1.name: tool 1 has this name too: each tool needs its own",
        ),
        (
            json!({"tools": [{"type": "client", "name": "a", "description": "d",
                              "parameters": {"type": "array"}}]}),
            None,
            "personaConfig.tools.0.parameters: the schema's type must be \"object\", found \"array\"",
        ),
        (
            json!({"tools": [{"type": "system", "name": "end_call"}]}),
            None,
            "personaConfig.tools.0.name: \"end_call\" is not a system tool: the pages name change_language and skip_turn",
        ),
    ];
    for (persona, options, expected) in cases {
        let (status, reply) = mint(&base, persona.clone(), options);
        assert_eq!(status, 400, "{persona}: {reply}");
        assert_eq!(reply["message"], expected, "{persona}");
    }
}
