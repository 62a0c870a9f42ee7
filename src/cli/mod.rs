//! The command line: the same core as the app, for scripts and CI.

use crate::api::{self, Client};
use crate::core::contract::RequestBody;
use crate::core::secrets::{self, ApiKey};
use crate::core::{jwt, validate};
use crate::sandbox;
use crate::store::keychain::{self, Keychain, Stored};
use crate::store::preset;
use clap::{Parser, Subcommand};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

// `snippet`, `diff`, and the report of an older body's upgrade.
mod handoff;
pub use handoff::SnippetLang;

#[derive(Debug, Parser)]
#[command(
    name = "anam-studio",
    version = env!("ANAM_STUDIO_VERSION"),
    about = "Configure Anam AI avatar sessions and mint session tokens.",
    long_about = "Configure Anam AI avatar sessions and mint session tokens.\n\nWith no command, opens the desktop app.",
    after_help = "Examples:\n  \
        anam-studio                                   open the desktop app\n  \
        anam-studio validate presets/*.json\n  \
        anam-studio mint --preset demo.json --base-url http://127.0.0.1:8787\n  \
        anam-studio snippet --preset demo.json --lang python > mint.py\n  \
        anam-studio diff old.json new.json\n  \
        anam-studio completions bash > ~/.local/share/bash-completion/completions/anam-studio\n\n\
        `anam-studio help COMMAND` shows each command's options and an example."
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check preset files against the API contract. Exit 0 when none has errors, 1 otherwise;
    /// each problem goes to stderr as `FILE: path: message`.
    #[command(after_help = "Example:\n  anam-studio validate presets/*.json")]
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Decode a session token (no signature check) and print {"header":…,"claims":…} as JSON.
    #[command(after_help = "Examples:\n  anam-studio decode \"$TOKEN\"\n  \
        anam-studio mint --preset demo.json | anam-studio decode -")]
    Decode {
        /// The token; `-` or nothing reads it from stdin.
        #[arg(value_name = "TOKEN|-")]
        token: Option<String>,
    },
    /// Mint a session token with a preset as the request body; prints the token alone.
    /// The key comes from ANAM_API_KEY, else from the keychain entry for --base-url.
    #[command(after_help = "Examples:\n  \
        anam-studio mint --preset presets/elevenlabs-v2-sales-demo.json\n  \
        ANAM_API_KEY=demo anam-studio mint --preset demo.json --base-url http://127.0.0.1:8787 --json")]
    Mint {
        /// The preset (request body) to send.
        #[arg(long, value_name = "FILE")]
        preset: PathBuf,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up after this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        timeout: u64,
        /// Print the token with its decoded header and claims as JSON.
        #[arg(long)]
        json: bool,
        /// Send the body even if it has validation errors (to test the API's own 400s).
        #[arg(long)]
        no_validate: bool,
    },
    /// List the avatars, voices, LLMs or personas the key can use: a table of id, name and
    /// details, or JSON with --json. The key comes from ANAM_API_KEY or the keychain, as for mint.
    #[command(
        after_help = "Example:\n  anam-studio list avatars --search Cara --base-url http://127.0.0.1:8787"
    )]
    List {
        #[arg(value_enum)]
        what: ListKind,
        /// Only items whose name contains this text (the API's own search).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Print the items as a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up after this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        timeout: u64,
    },
    /// Manage API keys in the OS keychain (one per base URL).
    #[command(after_help = "Examples:\n  \
        printf %s \"$KEY\" | anam-studio key set\n  \
        anam-studio key status --base-url https://api.anam.ai")]
    Key {
        #[command(subcommand)]
        action: KeyAction,
    },
    /// Run the sandbox server (a fake Anam API that signs real test tokens) until Ctrl+C.
    #[command(after_help = "Example:\n  anam-studio sandbox --port 8787")]
    Sandbox {
        /// The port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Print code that mints a token with a preset: a curl line, a Node program, a Python
    /// program, or the browser side (the Anam SDK started with a token). The key is read from
    /// ANAM_API_KEY when the code runs; it is never written into the code.
    #[command(after_help = "Examples:\n  \
        anam-studio snippet --preset demo.json --lang python > mint.py && python3 mint.py\n  \
        anam-studio snippet --preset demo.json --lang js --base-url http://127.0.0.1:8787 > mint.mjs\n  \
        anam-studio snippet --lang sdk")]
    Snippet {
        /// The preset (request body) the code sends; not needed for --lang sdk.
        #[arg(long, value_name = "FILE")]
        preset: Option<PathBuf>,
        #[arg(long, value_enum)]
        lang: SnippetLang,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
    },
    /// Compare two presets field by field, with the form's labels: each difference on stdout as
    /// `Label (path): A → B`. Exit 0 when they are the same, 1 when they differ, 2 when a file
    /// cannot be read.
    #[command(after_help = "Examples:\n  \
        anam-studio diff presets/cartesia-calm-support.json presets/fish-audio-french-tutor.json\n  \
        anam-studio diff a.json b.json >/dev/null || echo \"they differ\"")]
    Diff {
        #[arg(value_name = "A")]
        a: PathBuf,
        #[arg(value_name = "B")]
        b: PathBuf,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell) on stdout.
    #[command(after_help = "Examples:\n  \
        anam-studio completions bash > ~/.local/share/bash-completion/completions/anam-studio\n  \
        anam-studio completions zsh > ~/.zfunc/_anam-studio\n  \
        anam-studio completions fish > ~/.config/fish/completions/anam-studio.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What `list` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListKind {
    Avatars,
    Voices,
    Llms,
    Personas,
}

#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Store a key for a base URL; the key is read from stdin, never from an argument.
    #[command(
        after_help = "Example:\n  printf %s \"$KEY\" | anam-studio key set --base-url https://api.anam.ai"
    )]
    Set {
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
    },
    /// Delete the stored key for a base URL.
    #[command(after_help = "Example:\n  anam-studio key delete --base-url https://api.anam.ai")]
    Delete {
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
    },
    /// Say where the key for a base URL would come from (never prints the key).
    #[command(after_help = "Example:\n  anam-studio key status")]
    Status {
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
    },
}

/// A failure of a command: one sentence for stderr.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Runs a command and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Validate { files } => return validate_files(&files),
        Command::Decode { token } => decode(token),
        Command::Mint {
            preset,
            base_url,
            timeout,
            json,
            no_validate,
        } => mint(&preset, &base_url, timeout, json, no_validate),
        Command::List {
            what,
            search,
            json,
            base_url,
            timeout,
        } => list(what, search.as_deref(), json, &base_url, timeout),
        Command::Key { action } => key(action),
        Command::Sandbox { port } => run_sandbox(port),
        Command::Snippet {
            preset,
            lang,
            base_url,
        } => handoff::snippet(preset.as_deref(), lang, &base_url),
        Command::Diff { a, b } => return handoff::diff(&a, &b),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Args::command();
            clap_complete::generate(shell, &mut cmd, "anam-studio", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(sentence)) => {
            eprintln!("anam-studio: {sentence}");
            ExitCode::FAILURE
        }
    }
}

fn validate_files(files: &[PathBuf]) -> ExitCode {
    let mut any_errors = false;
    for file in files {
        match preset::load_with_bytes(file) {
            Err(e) => {
                any_errors = true;
                eprintln!("{e}");
            }
            Ok((body, bytes)) => {
                let body = handoff::upgrade_older(file, body);
                for d in crate::core::contract::duplicates::duplicate_keys(&bytes) {
                    eprintln!("{}: {}: warning: {d}", file.display(), d.path());
                }
                let problems = validate::validate(&body.into_value());
                for p in &problems {
                    let path = if p.path.is_empty() { "body" } else { &p.path };
                    let tag = if p.is_error() { "" } else { "warning: " };
                    eprintln!("{}: {path}: {tag}{}", file.display(), p.message);
                }
                if validate::has_errors(&problems) {
                    any_errors = true;
                } else {
                    println!("{}: valid", file.display());
                }
            }
        }
    }
    if any_errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn decode(token: Option<String>) -> Result<(), Failure> {
    let token = match token.as_deref() {
        None | Some("-") => {
            // Read a little past the limit (a trailing newline is fine); reaching the cap means
            // the token is longer than that, and how much longer is not known (nor read).
            let cap = jwt::MAX_TOKEN_LEN as u64 + 64;
            let mut text = String::new();
            std::io::stdin()
                .take(cap)
                .read_to_string(&mut text)
                .map_err(|e| Failure(format!("could not read the token from stdin: {e}")))?;
            if text.len() as u64 >= cap {
                return Err(Failure(format!(
                    "not a JWT: the token on stdin is longer than {} bytes; a session token is at most {}",
                    jwt::MAX_TOKEN_LEN,
                    jwt::MAX_TOKEN_LEN
                )));
            }
            text
        }
        Some(t) => t.to_string(),
    };
    let decoded = jwt::decode(&token).map_err(|e| Failure(format!("not a JWT: {e}")))?;
    print_json(&decoded.to_json())
}

fn print_json(value: &serde_json::Value) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(())
}

fn mint(
    path: &Path,
    base_url: &str,
    timeout: u64,
    json: bool,
    no_validate: bool,
) -> Result<(), Failure> {
    let body: RequestBody = handoff::upgrade_older(path, preset::load(path)?);
    let body = body.into_value();
    if !no_validate {
        let problems = validate::validate(&body);
        let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
        if !errors.is_empty() {
            for p in &errors {
                eprintln!("{}: {p}", path.display());
            }
            return Err(Failure(format!(
                "{} has {} validation error{}; fix them, or pass --no-validate to send it anyway.",
                path.display(),
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )));
        }
    }
    let key = resolve_key(base_url)?;
    let client = Client::new(base_url, Duration::from_secs(timeout.max(1)))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let minted = runtime.block_on(client.mint(&key, &body))?;
    if json {
        let mut out = serde_json::json!({ "token": minted.token });
        if let (Some(map), serde_json::Value::Object(parts)) =
            (out.as_object_mut(), minted.jwt.to_json())
        {
            map.extend(parts);
        }
        print_json(&out)
    } else {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", minted.token)?;
        Ok(())
    }
}

/// The key for `base_url`: `ANAM_API_KEY`, else the keychain; or a sentence naming both.
fn resolve_key(base_url: &str) -> Result<ApiKey, Failure> {
    let env = std::env::var(secrets::ENV_VAR).ok();
    let found = keychain::resolve(env.as_deref(), &Keychain::os(), base_url)?;
    found.map(|(key, _)| key).ok_or_else(|| {
        Failure(format!(
            "no API key: set {} to your Anam API key, or store one with `anam-studio key set --base-url {}` (it reads the key from stdin). The sandbox accepts any non-empty key.",
            secrets::ENV_VAR,
            keychain::account_for(base_url)
        ))
    })
}

/// A catalog list as rows of (id, name, details) and as JSON.
fn rows<T: serde::Serialize>(
    items: &[T],
    row: impl Fn(&T) -> [String; 3],
) -> Result<(Vec<[String; 3]>, serde_json::Value), Failure> {
    Ok((
        items.iter().map(row).collect(),
        serde_json::to_value(items)?,
    ))
}

fn list(
    what: ListKind,
    search: Option<&str>,
    json: bool,
    base_url: &str,
    timeout: u64,
) -> Result<(), Failure> {
    use crate::core::catalog::{Avatar, Llm, PersonaSummary, Voice};
    let key = resolve_key(base_url)?;
    let client = Client::new(base_url, Duration::from_secs(timeout.max(1)))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (noun, details) = match what {
        ListKind::Avatars => ("avatars", "VARIANT"),
        ListKind::Voices => ("voices", "PROVIDER · GENDER · COUNTRY"),
        ListKind::Llms => ("LLMs", "MODEL"),
        ListKind::Personas => ("personas", "DESCRIPTION"),
    };
    let (rows, value) = runtime.block_on(async {
        Ok::<_, Failure>(match what {
            ListKind::Avatars => {
                let items: Vec<Avatar> = client.list(&key, "v1/avatars", search).await?;
                rows(&items, |a| {
                    [a.id.clone(), a.display_name.clone(), a.secondary()]
                })?
            }
            ListKind::Voices => {
                let items: Vec<Voice> = client.list(&key, "v1/voices", search).await?;
                rows(&items, |v| {
                    [v.id.clone(), v.display_name.clone(), v.secondary()]
                })?
            }
            ListKind::Llms => {
                let items: Vec<Llm> = client.list(&key, "v1/llms", search).await?;
                rows(&items, |l| {
                    [l.id.clone(), l.display_name.clone(), l.secondary()]
                })?
            }
            ListKind::Personas => {
                let items: Vec<PersonaSummary> = client.list(&key, "v1/personas", search).await?;
                rows(&items, |p| [p.id.clone(), p.name.clone(), p.secondary()])?
            }
        })
    })?;
    if json {
        return print_json(&value);
    }
    if rows.is_empty() {
        match search.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => eprintln!("No {noun} match \"{}\".", terminal_text(s)),
            None => eprintln!("No {noun}."),
        }
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    out.write_all(table(["ID", "NAME", details], &rows).as_bytes())?;
    Ok(())
}

/// Server text made safe for a terminal: control characters (escapes) and bidirectional
/// overrides dropped, whitespace folded to single spaces.
fn terminal_text(text: &str) -> String {
    let hidden = |c: &char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !hidden(c)).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Columns padded to their widest cell (the last one not padded), one row a line.
fn table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let cells: Vec<[String; N]> = std::iter::once(header.map(str::to_string))
        .chain(rows.iter().map(|r| r.clone().map(|c| terminal_text(&c))))
        .collect();
    let mut widths = [0; N];
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 < N {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(
                    ' ',
                    widths[i] - cell.chars().count() + 2,
                ));
            } else {
                line.push_str(cell);
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

fn key(action: KeyAction) -> Result<(), Failure> {
    let keychain = Keychain::os();
    match action {
        KeyAction::Set { base_url } => {
            let mut text = String::new();
            std::io::stdin()
                .take(64 * 1024)
                .read_to_string(&mut text)
                .map_err(|e| Failure(format!("could not read the key from stdin: {e}")))?;
            let key = ApiKey::new(&text)?;
            let account = account_for_checked(&base_url)?;
            match keychain.set(&account, &key)? {
                Stored::Keychain => eprintln!("Saved the key for {account} in the keychain."),
                Stored::Memory => {
                    return Err(Failure(format!(
                        "no keychain is available ({}): the key was not stored. Set {} instead.",
                        keychain.unavailable_reason().unwrap_or("unknown reason"),
                        secrets::ENV_VAR
                    )));
                }
            }
        }
        KeyAction::Delete { base_url } => {
            let account = account_for_checked(&base_url)?;
            if keychain.delete(&account)? {
                eprintln!("Deleted the key for {account}.");
            } else {
                eprintln!("No key was stored for {account}.");
            }
        }
        KeyAction::Status { base_url } => {
            let account = account_for_checked(&base_url)?;
            let env = std::env::var(secrets::ENV_VAR).ok();
            let stored = keychain.get(&account)?;
            if env.as_deref().is_some_and(|v| ApiKey::new(v).is_ok()) {
                println!(
                    "{account}: {} is set and is used (it overrides the keychain).",
                    secrets::ENV_VAR
                );
            }
            match (stored, keychain.unavailable_reason()) {
                (Some(_), _) => println!("{account}: a key is stored in the keychain."),
                (None, Some(reason)) => println!("{account}: no keychain is available ({reason})."),
                (None, None) => println!("{account}: no key is stored in the keychain."),
            }
        }
    }
    Ok(())
}

fn account_for_checked(base_url: &str) -> Result<String, Failure> {
    Ok(api::normalize_base_url(base_url)?)
}

fn run_sandbox(port: u16) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| Failure(format!("could not listen on 127.0.0.1:{port}: {e}")))?;
        let url = format!("http://{}", listener.local_addr()?);
        eprintln!("Sandbox listening on {url} (any non-empty API key is accepted). Ctrl+C stops it.");
        eprintln!("Try: ANAM_API_KEY=demo anam-studio mint --preset presets/stateful-persona.json --base-url {url}");
        tokio::select! {
            served = sandbox::serve(listener, sandbox::Config::default()) => served.map_err(Failure::from),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

/// Logs go to stderr; `ANAM_STUDIO_LOG` sets the filter (default `warn`). The key is never logged.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ANAM_STUDIO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // Colour codes only for a terminal: logs piped to a file or another program stay plain.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_strip_escapes() {
        let rows = [
            [
                "a1".to_string(),
                "Amélie".to_string(),
                "Fish Audio · female".to_string(),
            ],
            [
                "b".to_string(),
                "Bob\u{1b}[31m\nred".to_string(),
                String::new(),
            ],
        ];
        assert_eq!(
            table(["ID", "NAME", "DETAILS"], &rows),
            "ID  NAME         DETAILS\na1  Amélie       Fish Audio · female\nb   Bob[31m red\n"
        );
    }
}
