//! The command line's arguments (clap), with an example for each command in its help.

use crate::api;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// `--timeout`: a whole number of seconds, 1 to 3600; any other value is refused with the range
/// (0 would otherwise mean "give up at once", or be quietly raised).
fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=3600)
}

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
        /// Give up after this many seconds (1 to 3600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = seconds())]
        timeout: u64,
        /// Print the token with its decoded header and claims as JSON.
        #[arg(long)]
        json: bool,
        /// Send the body even if it has validation errors (to test the API's own 400s).
        #[arg(long)]
        no_validate: bool,
    },
    /// List the avatars, voices, LLMs, personas or saved tools the key can use: a table of id,
    /// name and details, or JSON with --json. The key comes from ANAM_API_KEY or the keychain, as for mint.
    #[command(
        after_help = "Example:\n  anam-studio list avatars --search Cara --base-url http://127.0.0.1:8787"
    )]
    List {
        #[arg(value_enum)]
        what: ListKind,
        /// Only items whose name contains this text (the API's own search; a tool's description
        /// too).
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Print the items as a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up after this many seconds (1 to 3600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = seconds())]
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
    /// Mint a token with a preset and serve a page that runs a live session with it (video,
    /// microphone, messages, transcript, event log) until Ctrl+C. Prints the page's address on
    /// stdout and opens it in the system browser. The key comes from ANAM_API_KEY or the
    /// keychain, as for mint.
    #[command(after_help = "Examples:\n  \
        anam-studio demo --preset presets/elevenlabs-v2-sales-demo.json\n  \
        ANAM_API_KEY=demo anam-studio demo --preset demo.json --base-url http://127.0.0.1:8787 --no-open\n\n\
        The page loads Anam's browser SDK (@anam-ai/js-sdk 4.27.0), fetched once from the npm registry,\n\
        checked against its integrity hash and cached; ANAM_STUDIO_SDK_FILE points at a local anam.js instead.")]
    Demo {
        /// The preset (request body) to mint with.
        #[arg(long, value_name = "FILE")]
        preset: PathBuf,
        /// The API's base URL (also the SDK's API base URL in the page).
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up minting after this many seconds (1 to 3600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = seconds())]
        timeout: u64,
        /// Print the address without opening a browser.
        #[arg(long)]
        no_open: bool,
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
        lang: super::SnippetLang,
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
    /// Saved personas: pull one into an ephemeral preset, or push a preset's settings to one
    /// (create it, or update only the fields that differ, after showing the diff).
    #[command(after_help = "Examples:\n  \
        anam-studio persona pull 3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21 --out cara.json\n  \
        anam-studio persona push --preset cara.json --id 3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21 --dry-run")]
    Persona {
        #[command(subcommand)]
        action: PersonaAction,
    },
    /// The presets folder (a team's git clone, say): each preset's state against the last git
    /// commit and whether it validates.
    #[command(after_help = "Examples:\n  \
        anam-studio presets status\n  \
        anam-studio presets status ~/team-presets/presets || echo 'a preset does not validate'")]
    Presets {
        #[command(subcommand)]
        action: PresetsAction,
    },
    /// Sessions the API ran for your tokens: list them (find one by its client label), or show
    /// one with its state, length, exit status and transcript.
    #[command(after_help = "Examples:\n  \
        anam-studio sessions list --label studio/sales-demo\n  \
        anam-studio sessions show SESSION_ID --transcript")]
    Sessions {
        #[command(subcommand)]
        action: SessionsAction,
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
    /// The tools saved in the account (`GET /v1/tools`), which personas name by id.
    Tools,
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

#[derive(Debug, Subcommand)]
pub enum PersonaAction {
    /// Print a saved persona as an ephemeral preset (the body `mint` sends), or write it to a
    /// new file with --out.
    #[command(after_help = "Example:\n  \
        anam-studio persona pull 3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21 --out cara.json --base-url http://127.0.0.1:8787")]
    Pull {
        #[arg(value_name = "ID")]
        id: String,
        /// Write the preset to this new file (an existing file is never replaced).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up after this many seconds (1 to 3600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = seconds())]
        timeout: u64,
    },
    /// Push an ephemeral preset's persona settings: with --id, update that persona (only the
    /// fields that differ), else create one. Prints the diff with the form's labels first.
    /// Without --yes it asks on a terminal and refuses otherwise; writing to Production also
    /// needs the persona's name, typed when asked or given with --confirm-name.
    #[command(after_help = "Examples:\n  \
        anam-studio persona push --preset cara.json --id 3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21 --dry-run\n  \
        anam-studio persona push --preset new.json --yes --base-url http://127.0.0.1:8787")]
    Push {
        /// The ephemeral preset whose personaConfig holds the settings.
        #[arg(long, value_name = "FILE")]
        preset: PathBuf,
        /// The persona to update; without it a new persona is created.
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// Push without asking.
        #[arg(long)]
        yes: bool,
        /// In Production with --yes: the persona's name, as the guard would ask for it.
        #[arg(long, value_name = "NAME")]
        confirm_name: Option<String>,
        /// Print the diff and send nothing.
        #[arg(long)]
        dry_run: bool,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up after this many seconds (1 to 3600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = seconds())]
        timeout: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum PresetsAction {
    /// One line per preset: its state in git (unchanged, changed, new, deleted, in conflict,
    /// ignored; `-` outside git), its name and whether it validates. Exit 1 when one does not.
    #[command(after_help = "Example:\n  \
        anam-studio presets status ~/team-presets/presets | grep -v '^unchanged'")]
    Status {
        /// The presets folder (default: ANAM_STUDIO_PRESETS, else the one chosen in Settings,
        /// else the app's own).
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SessionsAction {
    /// List sessions, newest first: id, start, state, length and client label.
    #[command(after_help = "Example:\n  \
        anam-studio sessions list --label studio/sales-demo --base-url http://127.0.0.1:8787")]
    List {
        /// Only sessions whose client label (or id) contains this text.
        #[arg(long, value_name = "L")]
        label: Option<String>,
        /// Only sessions of this saved persona.
        #[arg(long, value_name = "ID")]
        persona: Option<String>,
        /// How many (1 to 100).
        #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100))]
        limit: u32,
        /// Print the sessions as a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up after this many seconds (1 to 3600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = seconds())]
        timeout: u64,
    },
    /// Show one session: label, persona, start, state, length and exit status.
    #[command(after_help = "Example:\n  \
        anam-studio sessions show SESSION_ID --transcript --base-url http://127.0.0.1:8787\n  \
        anam-studio sessions show SESSION_ID --preset presets/demo.json")]
    Show {
        #[arg(value_name = "ID")]
        id: String,
        /// Also print what was said.
        #[arg(long)]
        transcript: bool,
        /// The preset the session's token was minted with: print what it asked for beside
        /// what the session ran with, field by field (settings that had no effect first).
        #[arg(long, value_name = "FILE")]
        preset: Option<PathBuf>,
        /// Print the session (and transcript) as JSON.
        #[arg(long)]
        json: bool,
        /// The API's base URL.
        #[arg(long, value_name = "URL", default_value = api::PRODUCTION_URL)]
        base_url: String,
        /// Give up after this many seconds (1 to 3600).
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = seconds())]
        timeout: u64,
    },
}
