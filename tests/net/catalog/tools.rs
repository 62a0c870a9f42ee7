//! Saved tools over loopback HTTP: the sandbox's `GET /v1/tools` (paging, search on name and
//! description) and `POST /v1/tools` (201 with the new tool, which is then listed; a 400 naming
//! the field for each wrong value), personas that name tools by `toolIds`, a session token's
//! `personaConfig.toolIds`, and the client's tool list inside the catalog.

use super::{KEY, Stub, block, client, get, ids, key, sandbox};
use anam_studio::core::catalog::{PersonaDetail, Tool};
use anam_studio::core::tools::ToolKind;
use anam_studio::sandbox::tools::{
    CHANGE_LANGUAGE, CHECK_ORDER_STATUS, OPEN_PRODUCT_PAGE, SEARCH_HELP_CENTER,
};
use axum::response::IntoResponse;
use serde_json::{Value, json};

/// A raw request with the key and a JSON body: the status and the JSON reply.
fn send(method: &str, url: &str, body: &Value) -> (u16, Value) {
    anam_studio::api::install_crypto_provider();
    block(async {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = reqwest::Client::new()
            .request(method, url)
            .bearer_auth(KEY)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    })
}

fn webhook(name: &str) -> Value {
    json!({
        "name": name,
        "description": "Books a demo call with sales.",
        "type": "SERVER_WEBHOOK",
        "config": {
            "url": "https://crm.example.com/hooks/demo",
            "method": "POST",
            "headers": {"X-Source": "anam"},
            "bodyTemplate": "{\"email\": \"{{email}}\"}"
        }
    })
}

#[test]
fn the_sandbox_lists_its_tools_with_paging_and_search() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let (status, reply) = get(&format!("{base}/v1/tools"));
    assert_eq!(status, 200);
    assert_eq!(
        ids(&reply["data"]),
        [
            OPEN_PRODUCT_PAGE,
            CHECK_ORDER_STATUS,
            SEARCH_HELP_CENTER,
            CHANGE_LANGUAGE
        ]
    );
    assert_eq!(
        reply["meta"],
        json!({"total": 4, "lastPage": 1, "currentPage": 1, "perPage": 10, "prev": null, "next": null})
    );
    let webhook = &reply["data"][1];
    assert_eq!(webhook["name"], "check_order_status");
    assert_eq!(webhook["type"], "SERVER_WEBHOOK");
    assert_eq!(webhook["config"]["method"], "POST");
    assert_eq!(webhook["usageCount"], 0);
    assert_eq!(webhook["updatedAt"], Value::Null);
    for key in ["description", "disableInterruptions", "createdAt"] {
        assert!(webhook.get(key).is_some(), "{key}");
    }

    // Page 2 of 3 items a page.
    let (_, reply) = get(&format!("{base}/v1/tools?page=2&perPage=3"));
    assert_eq!(ids(&reply["data"]), [CHANGE_LANGUAGE]);
    assert_eq!(reply["meta"]["lastPage"], 2);
    assert_eq!(reply["meta"]["prev"], 1);
    assert_eq!(reply["meta"]["next"], Value::Null);
    // Out of range: refused by name, as the other lists.
    let (status, reply) = get(&format!("{base}/v1/tools?perPage=101"));
    assert_eq!(status, 400);
    assert!(
        reply["message"]
            .as_str()
            .unwrap()
            .starts_with("perPage must be")
    );

    // Search: the name or the description, any case.
    let (_, reply) = get(&format!("{base}/v1/tools?search=ORDER"));
    assert_eq!(ids(&reply["data"]), [CHECK_ORDER_STATUS]);
    let (_, reply) = get(&format!("{base}/v1/tools?search=help-center%20articles"));
    assert_eq!(ids(&reply["data"]), [SEARCH_HELP_CENTER]);
    let (_, reply) = get(&format!("{base}/v1/tools?search=nothing-like-this"));
    assert_eq!(reply["data"], json!([]));
    assert_eq!(reply["meta"]["total"], 0);

    // Without a key: 401.
    let status = block(async {
        reqwest::Client::new()
            .get(format!("{base}/v1/tools"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 401);
}

#[test]
fn a_created_tool_is_answered_201_and_then_listed() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let (status, tool) = send("POST", &format!("{base}/v1/tools"), &webhook("book_demo"));
    assert_eq!(status, 201, "{tool}");
    let id = tool["id"].as_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    assert_eq!(tool["usageCount"], 0);
    assert_eq!(tool["disableInterruptions"], false);
    assert_eq!(tool["config"]["headers"], json!({"X-Source": "anam"}));
    assert!(
        chrono::DateTime::parse_from_rfc3339(tool["createdAt"].as_str().unwrap()).is_ok(),
        "{tool}"
    );
    // A client tool gets the config's defaults.
    let (status, client_tool) = send(
        "POST",
        &format!("{base}/v1/tools"),
        &json!({"name": "show.map-2", "description": "Shows a map.", "type": "CLIENT",
                "disableInterruptions": true}),
    );
    assert_eq!(status, 201, "{client_tool}");
    assert_eq!(client_tool["config"]["toolTimeoutSeconds"], 10);
    assert_eq!(client_tool["disableInterruptions"], true);

    let (_, reply) = get(&format!("{base}/v1/tools?perPage=100"));
    assert_eq!(reply["meta"]["total"], 6);
    let listed = ids(&reply["data"]);
    assert_eq!(listed[4], id);
    assert_eq!(reply["data"][4], tool);
    let (_, reply) = get(&format!("{base}/v1/tools?search=book_demo"));
    assert_eq!(ids(&reply["data"]), std::slice::from_ref(&id));

    // Through the client: every tool, typed.
    let tools: Vec<Tool> = block(client(&base).tools(&key(), None)).unwrap();
    assert_eq!(tools.len(), 6);
    let mine = tools.iter().find(|t| t.id == id).unwrap();
    assert_eq!(mine.kind(), Some(ToolKind::Webhook));
    assert_eq!(mine.secondary(), "Webhook · Books a demo call with sales.");
    let found = block(client(&base).tools(&key(), Some("demo call"))).unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn a_wrong_create_body_is_a_400_naming_the_field() {
    let sandbox = sandbox();
    let url = format!("{}/v1/tools", sandbox.base_url());
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = webhook("book_demo");
        change(&mut body);
        send("POST", &url, &body)
    };
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change)> = vec![
        (
            "name is required",
            Box::new(|b| drop(b.as_object_mut().unwrap().remove("name"))),
        ),
        (
            "name must contain only letters, digits",
            Box::new(|b| b["name"] = json!("book demo")),
        ),
        (
            "name must be 1 to 64 characters long",
            Box::new(|b| b["name"] = json!("x".repeat(65))),
        ),
        (
            "name must be 1 to 64 characters long",
            Box::new(|b| b["name"] = json!("")),
        ),
        ("name must be a string", Box::new(|b| b["name"] = json!(7))),
        (
            "description must be 1 to 1024",
            Box::new(|b| b["description"] = json!("d".repeat(1025))),
        ),
        (
            "type is required",
            Box::new(|b| drop(b.as_object_mut().unwrap().remove("type"))),
        ),
        (
            "type must be one of the following values: CLIENT, SERVER_RAG, SERVER_WEBHOOK, SYSTEM",
            Box::new(|b| b["type"] = json!("WEBHOOK")),
        ),
        (
            "disableInterruptions must be a boolean",
            Box::new(|b| b["disableInterruptions"] = json!("yes")),
        ),
        (
            "property owner should not exist",
            Box::new(|b| b["owner"] = json!("me")),
        ),
        (
            "config.url is required",
            Box::new(|b| drop(b["config"].as_object_mut().unwrap().remove("url"))),
        ),
        (
            "config.url must be a URL",
            Box::new(|b| b["config"]["url"] = json!("crm.example.com")),
        ),
        (
            "config.method must be one of the following values: GET, POST, PUT, DELETE, PATCH",
            Box::new(|b| b["config"]["method"] = json!("FETCH")),
        ),
        (
            "config.headers must be an object of string values",
            Box::new(|b| b["config"]["headers"] = json!({"X-Retry": 3})),
        ),
        (
            "config must be an object",
            Box::new(|b| b["config"] = json!("https://x")),
        ),
        (
            "config.documentFolderIds is required",
            Box::new(|b| {
                b["type"] = json!("SERVER_RAG");
                b["config"] = json!({});
            }),
        ),
        (
            "config.action is required",
            Box::new(|b| {
                b["type"] = json!("SYSTEM");
                b["config"] = json!({});
            }),
        ),
        (
            "config.toolTimeoutSeconds must be a number from 1 to 600",
            Box::new(|b| {
                b["type"] = json!("CLIENT");
                b["config"] = json!({"toolTimeoutSeconds": 601});
            }),
        ),
        (
            "config.url should not exist for a CLIENT tool",
            Box::new(|b| b["type"] = json!("CLIENT")),
        ),
    ];
    for (expected, change) in &cases {
        let (status, reply) = with(change.as_ref());
        assert_eq!(status, 400, "{expected}: {reply}");
        let message = reply["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(expected), "{expected}: {message}");
    }
    let (status, reply) = send("POST", &url, &json!(["not", "an", "object"]));
    assert_eq!(
        (status, reply["message"].as_str()),
        (400, Some("The body must be a JSON object"))
    );
    // Nothing refused was kept.
    let (_, reply) = get(&url);
    assert_eq!(reply["meta"]["total"], 4);
}

#[test]
fn personas_keep_their_tool_ids_and_show_the_tools() {
    let sandbox = sandbox();
    let base = sandbox.base_url();
    let (_, avatars) = get(&format!("{base}/v1/avatars?perPage=1"));
    let (_, voices) = get(&format!("{base}/v1/voices?perPage=1"));
    let persona = json!({
        "name": "Shop helper",
        "avatarId": avatars["data"][0]["id"],
        "voiceId": voices["data"][0]["id"],
        "toolIds": [CHECK_ORDER_STATUS, OPEN_PRODUCT_PAGE],
    });
    let (status, created) = send("POST", &format!("{base}/v1/personas"), &persona);
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let (_, shown) = get(&format!("{base}/v1/personas/{id}"));
    assert_eq!(
        ids(&shown["tools"]),
        [CHECK_ORDER_STATUS, OPEN_PRODUCT_PAGE]
    );
    assert_eq!(shown["tools"][0]["name"], "check_order_status");
    // The tools it uses count it.
    let (_, reply) = get(&format!("{base}/v1/tools?search=order"));
    assert_eq!(reply["data"][0]["usageCount"], 1);

    // Read by the client and pulled back into a preset: the same ids.
    let detail: PersonaDetail = block(client(&base).persona(&key(), &id)).unwrap();
    let body = detail.to_ephemeral_body().to_value();
    assert_eq!(
        body["personaConfig"]["toolIds"],
        json!([CHECK_ORDER_STATUS, OPEN_PRODUCT_PAGE])
    );

    // An update replaces them.
    let (status, updated) = send(
        "PUT",
        &format!("{base}/v1/personas/{id}"),
        &json!({"toolIds": [SEARCH_HELP_CENTER]}),
    );
    assert_eq!(status, 200, "{updated}");
    assert_eq!(ids(&updated["tools"]), [SEARCH_HELP_CENTER]);
    let (_, reply) = get(&format!("{base}/v1/tools?search=order"));
    assert_eq!(reply["data"][0]["usageCount"], 0);

    // An id that is no tool: 400, and nothing changes.
    let (status, reply) = send(
        "PUT",
        &format!("{base}/v1/personas/{id}"),
        &json!({"toolIds": [SEARCH_HELP_CENTER, "no-such-tool"]}),
    );
    assert_eq!(status, 400);
    assert_eq!(
        reply["message"],
        "toolIds: no tool has the id \"no-such-tool\""
    );
    let (status, reply) = send(
        "PUT",
        &format!("{base}/v1/personas/{id}"),
        &json!({"toolIds": "all"}),
    );
    assert_eq!(
        (status, reply["message"].as_str()),
        (400, Some("toolIds must be an array of tool ids"))
    );
    let (_, shown) = get(&format!("{base}/v1/personas/{id}"));
    assert_eq!(ids(&shown["tools"]), [SEARCH_HELP_CENTER]);
    // A catalog persona has none.
    let (_, demo) = get(&format!(
        "{base}/v1/personas/3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21"
    ));
    assert_eq!(demo["tools"], json!([]));
}

#[test]
fn a_session_token_refuses_an_unknown_tool_id() {
    let sandbox = sandbox();
    let url = format!("{}/v1/auth/session-token", sandbox.base_url());
    let body = |ids: Value| {
        json!({"personaConfig": {
            "name": "Cara",
            "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
            "voiceId": "6bfbe25a-979d-40f3-a92b-5394170af54b",
            "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
            "systemPrompt": "Be brief.",
            "toolIds": ids
        }})
    };
    let (status, reply) = send("POST", &url, &body(json!([CHANGE_LANGUAGE])));
    assert_eq!(status, 200, "{reply}");
    assert!(reply["sessionToken"].is_string());
    let (status, reply) = send(
        "POST",
        &url,
        &body(json!([
            CHANGE_LANGUAGE,
            "3f0b1c2d-0000-4000-8000-000000000000"
        ])),
    );
    assert_eq!(status, 400);
    assert_eq!(
        reply["message"],
        "personaConfig.toolIds: no tool has the id \"3f0b1c2d-0000-4000-8000-000000000000\""
    );
}

#[test]
fn the_catalog_holds_the_tools_and_a_server_without_them_gives_none() {
    let sandbox = sandbox();
    let catalog = block(client(&sandbox.base_url()).catalog(&key())).unwrap();
    let names: Vec<&str> = catalog.tools.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "open_product_page",
            "check_order_status",
            "search_help_center",
            "change_language"
        ]
    );
    assert_eq!(
        catalog.tool(SEARCH_HELP_CENTER).and_then(Tool::kind),
        Some(ToolKind::Knowledge)
    );

    // A stand-in server that has the four lists but no /v1/tools (404): the catalog, no tools.
    let empty = || {
        axum::Json(
            json!({"data": [{"id": "x1", "displayName": "X", "name": "X"}],
                          "meta": {"currentPage": 1, "lastPage": 1}}),
        )
        .into_response()
    };
    let stub = Stub::start(move |path, _| {
        if path == "/v1/tools" {
            (
                axum::http::StatusCode::NOT_FOUND,
                axum::Json(json!({"message": "Cannot GET /v1/tools"})),
            )
                .into_response()
        } else {
            empty()
        }
    });
    let catalog = block(client(&stub.base).catalog(&key())).unwrap();
    assert_eq!(catalog.llms.len(), 1);
    assert!(catalog.tools.is_empty());
    // Any other failure there fails the catalog, as for the other lists.
    let stub = Stub::start(move |path, _| {
        if path == "/v1/tools" {
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(json!({"message": "tools are down"})),
            )
                .into_response()
        } else {
            empty()
        }
    });
    let err = block(client(&stub.base).catalog(&key())).unwrap_err();
    assert_eq!(err.status(), Some(500));
}
