//! The body as a curl command line, every argument quoted for the shell.

use super::SESSION_TOKEN_PATH;
use serde_json::Value;

/// `text` quoted for a POSIX shell: inside single quotes nothing is special but `'` itself.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A `curl` command that sends `body` to `base_url`, with `$ANAM_API_KEY` in place of the key.
/// Every argument is quoted, the URL included, so pasting it runs curl and nothing else.
pub fn curl_command(base_url: &str, body: &Value) -> String {
    let url = format!("{}/{SESSION_TOKEN_PATH}", base_url.trim_end_matches('/'));
    format!(
        "curl -sS -X POST {} \\\n  -H \"Authorization: Bearer $ANAM_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  -d {}",
        shell_quote(&url),
        shell_quote(&body.to_string())
    )
}
