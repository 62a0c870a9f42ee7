//! Every user action, once: its label, tooltip and shortcut. Menus, buttons, shortcuts and
//! dialogs only push a [`UiCommand`] during the frame; [`crate::ui::app`] applies them all after
//! it, in one place ([`crate::ui::controller::apply`]).

use crate::core::contract::Mode;
use crate::core::environment::Environment;
use crate::core::secrets::ApiKey;
use crate::core::snippet::Lang;
use crate::ui::model::dialog::{Intent, NameFor};
use egui::{Key, KeyboardShortcut, Modifiers};

mod sender;

pub use sender::{CommandReceiver, CommandSender, channel, edits_draft, pasted, pressed};

#[derive(Debug, Clone)]
pub enum UiCommand {
    // The document and the presets folder.
    New,
    Open(String),
    Save,
    SaveAs,
    Duplicate,
    Rename,
    Delete,
    Import,
    Export,
    Quit,
    // The body.
    Undo,
    Redo,
    SetMode(Mode),
    JumpToFirstProblem,
    ShowBodyTab,
    /// Drops the Body tab's text that does not parse: back to the last body that did.
    RevertBody,
    CopyBody,
    CopyCurl,
    // Tokens.
    Mint,
    MintAnyway,
    CancelMint,
    /// Copies the token shown.
    CopyToken,
    /// Copies the token minted `i`-th in this run (from the history).
    CopyTokenAt(usize),
    // Launch demo.
    /// Opens the live demo page with the shown token if it is live, else mints one first.
    LaunchDemo,
    /// Opens the live demo page with the token minted `i`-th in this run.
    LaunchDemoAt(usize),
    CopyDemoAddress(String),
    OpenDemoAddress(String),
    /// Where the browser SDK comes from: a local `anam.js`, or `None` for the npm registry.
    SetSdkFile(Option<std::path::PathBuf>),
    /// Settings: the presets folder (`None`: the app's own).
    SetPresetsFolder(Option<std::path::PathBuf>),
    // Environments and keys.
    SelectEnvironment(String),
    OpenSettings,
    CloseSettings,
    AddEnvironment {
        name: String,
        base_url: String,
    },
    RemoveEnvironment(String),
    SaveKey {
        env: Environment,
        key: ApiKey,
    },
    DeleteKey(Environment),
    /// Tests the typed key, or the stored one when none is typed.
    TestKey {
        env: Environment,
        typed: Option<ApiKey>,
    },
    // The catalog.
    RefreshCatalog,
    LoadImage(String),
    StartFromPersona(String),
    // The view.
    SetTheme(egui::ThemePreference),
    ShowShortcuts,
    /// Escape: closes the topmost thing (Settings, else a mint in flight).
    Escape,
    // Answers in dialogs.
    SaveChanges(Intent),
    DiscardChanges(Intent),
    ReloadFromDisk,
    KeepMine,
    SaveMineAs,
    ConfirmDelete(String),
    SubmitName {
        purpose: NameFor,
        text: String,
        then: Option<Box<Intent>>,
    },
    SubmitPath {
        export: bool,
        text: String,
    },
    CloseDialog,
    // Personas and sessions.
    /// Opens the push window on the choice of target.
    PushToPersona,
    /// Plans the push: `None` creates a persona, `Some(id)` updates that one.
    PlanPush(Option<String>),
    ConfirmPush,
    ComparePersona,
    ClosePersonaPush,
    /// Sets (an empty text removes) the client label template of an environment.
    SetLabelTemplate {
        env: String,
        template: String,
    },
    /// Opens the session window of the token minted `i`-th in this run.
    ShowSession(usize),
    RefreshSession,
    ShowTranscript,
    CloseSession,
    ShowSessions,
    SearchSessions,
    CloseSessions,
    // Hand-off and intake.
    /// Copies code that mints the same token, in this language.
    CopySnippet(Lang),
    /// Asks the platform for the clipboard's text; it comes back as [`UiCommand::PasteRequest`].
    ReadClipboard,
    /// Text pasted where no field has the keyboard: a JSON body or a curl command line. Empty
    /// when Paste request found no text on the clipboard.
    PasteRequest(String),
    /// The pasted command's base URL, added as an environment (from the offer's dialog).
    AddPastedEnvironment {
        name: String,
        base_url: String,
    },
    /// Asks a name for a pasted command's base URL, to add it as an environment.
    NameEnvironment(String),
    /// Puts the key found in a pasted command into the keychain (it is held nowhere else).
    SaveOfferedKey,
    /// The draft beside its file on disk.
    CompareWithSaved,
    /// The draft beside another preset of the folder.
    CompareWith(String),
    /// The draft beside its preset as the last git commit has it.
    CompareWithCommitted,
    /// Git: the Commit dialog, the commit it asks for, pull and push.
    OpenCommit,
    Commit {
        files: Vec<std::ffi::OsString>,
        message: String,
    },
    Pull,
    Push,
    /// Both versions of a preset file in conflict, side by side; and closing that view.
    ShowConflict(std::ffi::OsString),
    CloseConflict,
    CloseCompare,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

/// The commands that have a shortcut ([`pressed`] checks those with more modifiers first, so
/// Ctrl+Shift+S is never also taken as Ctrl+S).
pub const WITH_SHORTCUTS: &[UiCommand] = &[
    UiCommand::Save,
    UiCommand::SaveAs,
    UiCommand::New,
    UiCommand::Mint,
    UiCommand::LaunchDemo,
    UiCommand::CopyToken,
    UiCommand::Undo,
    UiCommand::Redo,
    UiCommand::Escape,
];

/// The Help dialog's list, in reading order.
pub const SHORTCUTS: &[UiCommand] = &[
    UiCommand::Mint,
    UiCommand::LaunchDemo,
    UiCommand::Escape,
    UiCommand::CopyToken,
    UiCommand::Save,
    UiCommand::SaveAs,
    UiCommand::New,
    UiCommand::Undo,
    UiCommand::Redo,
    UiCommand::PasteRequest(String::new()),
];

impl UiCommand {
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let s = |m, k| Some(KeyboardShortcut::new(m, k));
        match self {
            UiCommand::Save => s(CMD, Key::S),
            UiCommand::SaveAs => s(CMD_SHIFT, Key::S),
            UiCommand::Mint => s(CMD, Key::Enter),
            UiCommand::CopyToken => s(CMD_SHIFT, Key::C),
            UiCommand::LaunchDemo => s(CMD, Key::D),
            UiCommand::New => s(CMD, Key::N),
            UiCommand::Escape => s(Modifiers::NONE, Key::Escape),
            UiCommand::Undo => s(CMD, Key::Z),
            UiCommand::Redo => s(CMD_SHIFT, Key::Z),
            // Shown only: a paste arrives as text (`egui::Event::Paste`), see `intake::pasted`.
            UiCommand::ReadClipboard | UiCommand::PasteRequest(_) => s(CMD, Key::V),
            _ => None,
        }
    }

    /// The words on its button or menu item.
    pub fn label(&self) -> &'static str {
        match self {
            UiCommand::New => "New",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::Duplicate => "Duplicate",
            UiCommand::Rename => "Rename",
            UiCommand::Delete => "Delete",
            UiCommand::Import => "Import…",
            UiCommand::Export => "Export…",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::ShowBodyTab => "Go to Body",
            UiCommand::RevertBody => "Revert to last valid body",
            UiCommand::CopyBody => "Copy body",
            UiCommand::CopyCurl => "Copy as curl",
            UiCommand::Mint => "Mint",
            UiCommand::MintAnyway => "Mint anyway",
            UiCommand::CancelMint => "Cancel",
            UiCommand::CopyToken => "Copy token",
            UiCommand::LaunchDemo => "Launch demo",
            UiCommand::CopyDemoAddress(_) => "Copy address",
            UiCommand::OpenDemoAddress(_) => "Open",
            UiCommand::OpenSettings => "Settings…",
            UiCommand::RefreshCatalog => "Refresh catalog",
            UiCommand::ShowShortcuts => "Keyboard shortcuts",
            UiCommand::PushToPersona => "Push to saved persona…",
            UiCommand::PlanPush(None) => "Create new persona",
            UiCommand::PlanPush(Some(_)) => "Show the changes",
            UiCommand::ConfirmPush => "Push",
            UiCommand::ComparePersona => "Compare with saved persona",
            UiCommand::ClosePersonaPush => "Close",
            UiCommand::ShowSession(_) => "Session…",
            UiCommand::RefreshSession | UiCommand::SearchSessions => "Refresh",
            UiCommand::ShowTranscript => "Show transcript",
            UiCommand::ShowSessions => "Sessions…",
            UiCommand::CopySnippet(lang) => lang.label(),
            UiCommand::ReadClipboard | UiCommand::PasteRequest(_) => "Paste request",
            UiCommand::SaveOfferedKey => "Save key in keychain",
            UiCommand::NameEnvironment(_) => "Add as environment…",
            UiCommand::CompareWithSaved => "Compare with saved file",
            UiCommand::CompareWith(_) => "Compare with…",
            UiCommand::CompareWithCommitted => "Compare with last commit",
            UiCommand::OpenCommit => "Commit…",
            UiCommand::Commit { .. } => "Commit",
            UiCommand::Pull => "Pull",
            UiCommand::Push => "Push",
            UiCommand::CloseConflict => "Close",
            UiCommand::CloseCompare => "Close compare",
            _ => "",
        }
    }

    /// What it does, for tooltips and the Help dialog (the shortcut is added where it is shown).
    pub fn tooltip(&self) -> &'static str {
        match self {
            UiCommand::New => "Start a new preset",
            UiCommand::Save => "Save the current preset",
            UiCommand::SaveAs => "Save under a new name",
            UiCommand::Duplicate => "Save a copy under a new name",
            UiCommand::Rename => "Rename the current preset's file",
            UiCommand::Delete => "Delete the current preset's file",
            UiCommand::Import => "Open a request body from any file",
            UiCommand::Export => "Save the current body to any file",
            UiCommand::Undo => "Undo an edit",
            UiCommand::Redo => "Redo an edit",
            UiCommand::ShowBodyTab => "Show the Body tab, where the text that does not parse is",
            UiCommand::RevertBody => "Drop the text that does not parse (Undo brings it back)",
            UiCommand::CopyBody => "Copy the JSON body to the clipboard",
            UiCommand::CopyCurl => {
                "A curl command for this body, with $ANAM_API_KEY in place of the key"
            }
            UiCommand::Mint => "Mint a token",
            UiCommand::MintAnyway => "Send the body with its errors, to see how the API answers",
            UiCommand::CancelMint | UiCommand::Escape => "Cancel minting",
            UiCommand::CopyToken => "Copy the token",
            UiCommand::LaunchDemo => {
                "See the persona live: a session in the browser with this token (a new one is minted when there is no live token)"
            }
            UiCommand::CopyDemoAddress(_) => {
                "Copy the page's address, to open it in another browser on this machine"
            }
            UiCommand::OpenDemoAddress(_) => "Open the page in the system browser again",
            UiCommand::OpenSettings => "Environments and API keys",
            UiCommand::RefreshCatalog => {
                "Fetch the avatars, voices, LLMs, personas and tools again"
            }
            UiCommand::PushToPersona => {
                "Write the form's persona settings to a saved persona (a new one, or one to update), after seeing the changes"
            }
            UiCommand::PlanPush(None) => "Show what a new persona with these settings would have",
            UiCommand::PlanPush(Some(_)) => {
                "Fetch the persona and show, field by field, what it has now and what it will have"
            }
            UiCommand::ConfirmPush => "Write these changes to the saved persona",
            UiCommand::ComparePersona => {
                "Show the saved persona this preset names (or was pushed to) next to the form, read-only"
            }
            UiCommand::ClosePersonaPush => "Close without writing anything",
            UiCommand::ShowSession(_) => {
                "Look up the session this token started (by its client label and mint time)"
            }
            UiCommand::RefreshSession => "Ask the API again",
            UiCommand::SearchSessions => "List the sessions again with these filters",
            UiCommand::ShowTranscript => "Load the session's conversation",
            UiCommand::ShowSessions => {
                "The sessions of the selected environment, by label and preset"
            }
            UiCommand::CopySnippet(Lang::Sdk) => {
                "The browser side: start the Anam SDK on a video element with a token your server minted"
            }
            UiCommand::CopySnippet(_) => {
                "A program that mints the same token, reading the key from ANAM_API_KEY"
            }
            UiCommand::ReadClipboard | UiCommand::PasteRequest(_) => {
                "Open a curl command or a JSON body from the clipboard as a new, unsaved draft"
            }
            UiCommand::NameEnvironment(_) => {
                "Add the pasted command's base URL as an environment, to mint against it"
            }
            UiCommand::SaveOfferedKey => {
                "Put the key the pasted command carried into the keychain, for this environment"
            }
            UiCommand::CompareWithSaved => "This draft beside its file on disk, field by field",
            UiCommand::CompareWith(_) => "This draft beside another preset, field by field",
            UiCommand::CompareWithCommitted => {
                "This draft beside its preset as the last git commit has it, field by field"
            }
            UiCommand::OpenCommit => {
                "Commit the presets you choose (and nothing else) to the folder's git repository"
            }
            UiCommand::Pull => {
                "Bring in the commits of the upstream branch (your own commits go on top of them)"
            }
            UiCommand::Push => "Send this branch's commits to its upstream",
            _ => "",
        }
    }

    /// The tooltip with the shortcut as this platform writes it ("Ctrl+S", "⌘S").
    pub fn hover(&self, ctx: &egui::Context) -> String {
        match self.shortcut() {
            Some(s) => format!("{} ({})", self.tooltip(), ctx.format_shortcut(&s)),
            None => self.tooltip().to_string(),
        }
    }

    /// The Help dialog's words for a shortcut.
    pub fn shortcut_help(&self) -> &'static str {
        match self {
            UiCommand::Mint => "Mint a token",
            UiCommand::Escape => "Cancel minting",
            UiCommand::CopyToken => "Copy the token",
            UiCommand::Save => "Save the preset",
            UiCommand::SaveAs => "Save as a new preset",
            UiCommand::New => "New preset",
            UiCommand::LaunchDemo => "Launch the live demo",
            UiCommand::PasteRequest(_) => {
                "Paste a request (curl or JSON) when no text field has the keyboard"
            }
            _ => self.tooltip(),
        }
    }
}
