//! Tools (beta) of an ephemeral persona, `personaConfig.tools`: what kind each one is, what a new
//! one of each kind looks like, and the limits the pages set (checked by
//! `core::validate::tools`, and by the sandbox's `POST /v1/tools`). Each tool stays the JSON
//! object the user wrote (unknown keys kept); this module only reads it.
//!
//! The shapes are those of Anam's tool pages and cookbook (`docs/anam-api.md` names each):
//! - client: `{type: "client", name, description, parameters, awaitResult, toolTimeoutSeconds}`
//! - webhook: `{type: "server", subtype: "webhook", name, description, url, method, headers,
//!   parameters, awaitResponse, disableInterruptions}`
//! - knowledge: `{type: "server", subtype: "knowledge", name, description, documentFolderIds}`
//! - system: `{type: "system", name}` with a name of [`SYSTEM_TOOLS`].
//!
//! Pure: no disk, no network.

use serde_json::{Value, json};
use std::fmt;

/// The kinds of tool, in the order the form offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolKind {
    Client,
    Webhook,
    Knowledge,
    System,
}

impl ToolKind {
    pub const ALL: [ToolKind; 4] = [
        ToolKind::Client,
        ToolKind::Webhook,
        ToolKind::Knowledge,
        ToolKind::System,
    ];

    /// The kind of `tool`, from its `type` and `subtype`; `None` when they name no kind.
    pub fn of(tool: &Value) -> Option<ToolKind> {
        let ty = tool.get("type").and_then(Value::as_str)?;
        let subtype = tool.get("subtype").and_then(Value::as_str);
        match (ty, subtype) {
            ("client", _) => Some(ToolKind::Client),
            ("server", Some("webhook")) => Some(ToolKind::Webhook),
            ("server", Some("knowledge")) => Some(ToolKind::Knowledge),
            ("system", _) => Some(ToolKind::System),
            _ => None,
        }
    }

    /// A new tool of this kind: every field it needs, with values to start from.
    pub fn template(self) -> Value {
        match self {
            ToolKind::Client => json!({
                "type": "client",
                "name": "",
                "description": "",
                "parameters": empty_schema(),
                "awaitResult": false,
            }),
            ToolKind::Webhook => json!({
                "type": "server",
                "subtype": "webhook",
                "name": "",
                "description": "",
                "url": "https://",
                "method": "POST",
                "parameters": empty_schema(),
                "awaitResponse": true,
                "disableInterruptions": false,
            }),
            ToolKind::Knowledge => json!({
                "type": "server",
                "subtype": "knowledge",
                "name": "",
                "description": "",
                "documentFolderIds": [],
            }),
            ToolKind::System => json!({ "type": "system", "name": SYSTEM_TOOLS[0].0 }),
        }
    }

    /// What a tool of this kind does, for the form's tooltip.
    pub fn help(self) -> &'static str {
        match self {
            ToolKind::Client => {
                "Runs in the page: the SDK's handler is called, and answers when the tool awaits a result."
            }
            ToolKind::Webhook => {
                "Anam calls your HTTPS endpoint with the tool's arguments as JSON, and can wait for its answer."
            }
            ToolKind::Knowledge => {
                "Searches the documents of your knowledge-base folders and gives the persona what it found."
            }
            ToolKind::System => "Built into Anam: change the language, or skip a turn.",
        }
    }
}

impl fmt::Display for ToolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ToolKind::Client => "Client",
            ToolKind::Webhook => "Webhook",
            ToolKind::Knowledge => "Knowledge",
            ToolKind::System => "System",
        })
    }
}

/// `{"type": "object", "properties": {}}`: a tool that takes no arguments.
pub fn empty_schema() -> Value {
    json!({ "type": "object", "properties": {} })
}

/// The system tools the pages document, with what each does.
pub const SYSTEM_TOOLS: &[(&str, &str)] = &[
    (
        "change_language",
        "Lets the persona switch the conversation's language (the LLM passes an ISO 639-1 language_code).",
    ),
    (
        "skip_turn",
        "Lets the persona stay silent for a turn and wait for the user (timeout_seconds, 30 by default).",
    ),
];

/// The HTTP methods a webhook tool may use, in the order the create-tool page lists them.
pub const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH"];

/// The longest tool name, in characters.
pub const MAX_NAME: usize = 64;

/// Whether a tool name may hold `c`: the create-tool page's `[a-zA-Z0-9_.-]`.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}
/// The longest description, in characters.
pub const MAX_DESCRIPTION: usize = 1024;
/// The most bytes `parameters` may take as JSON text (UTF-8).
pub const MAX_PARAMETERS_BYTES: usize = 10_000;
/// `toolTimeoutSeconds` of a client tool: its range, and its default.
pub const TIMEOUT_RANGE: (f64, f64) = (1.0, 600.0);
pub const TIMEOUT_DEFAULT: f64 = 10.0;

/// The name of the tool at `tool`, as shown in lists ("(no name)" when it has none).
pub fn display_name(tool: &Value) -> &str {
    match tool.get("name").and_then(Value::as_str) {
        Some(name) if !name.trim().is_empty() => name,
        _ => "(no name)",
    }
}

#[cfg(test)]
mod tests;
