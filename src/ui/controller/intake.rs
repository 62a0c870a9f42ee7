//! Paste anything that is a request: text pasted where no field has the keyboard (Ctrl+V, or
//! Paste request) and files imported with Import… are read by [`crate::core::intake`] as a JSON
//! body or a curl command line. What it holds replaces the document as a new, unsaved draft
//! (asking first about unsaved edits); the notice says what was taken. The base URL selects the
//! environment that has it, else an offer to add one; a key the command carried is never stored:
//! it is held only in the offer, until "Save key in keychain" or until the offer goes.
//!
//! Files (an import, a `-d @file`) are read on the worker ([`Op::ReadFile`]).

use super::keys::key_set_outcome;
use crate::core::base_url;
use crate::core::draft::Draft;
use crate::core::environment::Environment;
use crate::core::intake::{self, FoundKey, Intake, NeedsFile, Request, Source};
use crate::core::legacy;
use crate::store::Op;
use crate::store::keychain::{KeychainError, Stored};
use crate::store::preset::{self, PresetError};
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::dialog::Dialog;
use crate::ui::model::dialog::Intent;
use crate::ui::model::intake::{Offer, Taken};
use crate::ui::model::purpose::Purpose;
use crate::ui::state::Switch;
use std::path::{Path, PathBuf};

impl Controller {
    /// Pasted text: a request replaces the document (after asking about unsaved edits); text
    /// that is not one is said in a sentence and left on the clipboard.
    pub(super) fn paste_request(&mut self, text: &str) {
        if text.is_empty() {
            // The platform never pastes empty text: Paste request found none on the clipboard.
            self.state.feedback.banner = Some(Banner::new(
                "The clipboard holds no text: copy a JSON body or a curl command, then paste again.",
            ));
            return;
        }
        match intake::parse(text) {
            Ok(intake) => self.intake(intake, None),
            Err(e) => self.intake_failed(e.to_string(), None),
        }
    }

    fn intake(&mut self, intake: Intake, from: Option<PathBuf>) {
        match intake {
            Intake::Ready(request) => self.guard(Intent::Intake(Box::new(Taken {
                request,
                from,
                body_file: None,
            }))),
            Intake::NeedsFile(needs) => {
                let path = resolve(&needs.path, from.as_deref());
                let purpose = Purpose::IntakeFile {
                    needs: Box::new(needs),
                    from,
                    path: path.clone(),
                };
                self.services.store(Op::ReadFile { path }, purpose);
            }
        }
    }

    /// Why the text or file is not a request; nothing was replaced.
    fn intake_failed(&mut self, sentence: String, from: Option<PathBuf>) {
        let details = match from {
            None => {
                "Nothing was replaced. The text is still on the clipboard: fix it and paste again."
                    .to_string()
            }
            Some(path) => format!(
                "Nothing was replaced, and {} is left as it is.",
                path.display()
            ),
        };
        self.state.feedback.banner = Some(Banner::with_details(sentence, Some(details)));
    }

    /// Import…'s file, as read: a JSON body (a preset's errors, with its path), or text such
    /// as a curl command line.
    pub(super) fn imported(&mut self, path: PathBuf, read: Result<Vec<u8>, PresetError>) {
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(e) => return self.state.feedback.banner = Some(Banner::new(e.to_string())),
        };
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
        match text {
            Ok(text) if !text.trim().is_empty() && !text.trim_start().starts_with(['{', '[']) => {
                match intake::parse(text) {
                    Ok(intake) => self.intake(intake, Some(path)),
                    Err(e) => self.intake_failed(
                        format!("Could not import {}: {e}", path.display()),
                        Some(path),
                    ),
                }
            }
            _ => match preset::parse_preset(&path, &bytes) {
                Ok(body) => {
                    let request = Request {
                        source: Source::Json,
                        body,
                        base_url: None,
                        key: None,
                        notes: Vec::new(),
                    };
                    let taken = Taken {
                        request,
                        from: Some(path),
                        body_file: None,
                    };
                    self.guard(Intent::Intake(Box::new(taken)));
                }
                Err(e) => self.state.feedback.banner = Some(Banner::new(e.to_string())),
            },
        }
    }

    /// The file a command's `-d @file` names, as read.
    pub(super) fn intake_file_read(
        &mut self,
        needs: NeedsFile,
        from: Option<PathBuf>,
        path: PathBuf,
        read: Result<Vec<u8>, PresetError>,
    ) {
        let named = needs.path.clone();
        let request = match read {
            Ok(bytes) => needs.with_contents(&bytes).map_err(|e| e.to_string()),
            Err(e) => Err(format!(
                "The command reads its body from {named} (-d @{named}), which could not be read: {e}"
            )),
        };
        match request {
            Ok(request) => self.guard(Intent::Intake(Box::new(Taken {
                request,
                from,
                body_file: Some(path),
            }))),
            Err(sentence) => self.intake_failed(sentence, from),
        }
    }

    /// The request replaces the document: an untitled draft, not saved yet, in today's shape.
    pub(super) fn take_request(&mut self, taken: Taken) {
        let Taken {
            request,
            from,
            body_file,
        } = taken;
        let mut draft = Draft::unsaved(request.body.clone());
        let upgrade = legacy::upgrade(&request.body);
        draft.replace_body(upgrade.body);
        self.state.feedback.replaced_document();
        self.state.document.untitled(draft);
        self.state.feedback.banner = None;

        let mut offer = Offer::default();
        let mut said = match (request.source, &from) {
            (Source::Json, None) => "Pasted a JSON body".to_string(),
            (Source::Curl, None) => "Pasted a curl command: the body".to_string(),
            (Source::Json, Some(path)) => format!("Imported {}", path.display()),
            (Source::Curl, Some(path)) => {
                format!("Imported a curl command from {}: the body", path.display())
            }
        };
        if let Some(file) = &body_file {
            said += &format!(" (read from {})", file.display());
        }
        if let Some(url) = &request.base_url {
            match base_url::normalize(url) {
                Ok(url) => match self.environment_for(&url) {
                    Some(env) => {
                        said += &format!(", and the base URL {url} (environment {}", env.name);
                        let selected = &mut self.state.environments.selected;
                        if env.name == *selected {
                            said += ")";
                        } else {
                            said += ", now selected)";
                            self.state.document.switched = Some(Switch {
                                from: std::mem::replace(selected, env.name.clone()),
                                to: env.name.clone(),
                            });
                        }
                        offer.env = Some(env);
                    }
                    None => {
                        said += &format!(
                            ", and the base URL {url}, which no environment has: add it as one to mint against it"
                        );
                        offer.base_url = Some(url);
                    }
                },
                Err(e) => said += &format!(". Its base URL is not used: {e}"),
            }
        }
        said += ". It is a new draft, not saved yet: Save keeps it as a preset.";
        match request.key {
            Some(FoundKey::Key(key)) => {
                said += "\nThe command carried an API key: it was ignored, and is not stored anywhere unless you save it in the keychain.";
                offer.key = Some(key);
            }
            Some(FoundKey::Variable(name)) => {
                said += &format!(
                    "\nThe key comes from ${name}, which the pasted text does not set: minting uses the environment's own key."
                )
            }
            Some(FoundKey::Placeholder(text)) => {
                said += &format!(
                    "\nThe key in the command is a placeholder ({text}): minting uses the environment's own key."
                )
            }
            None => {}
        }
        for note in &request.notes {
            said += &format!("\n{note}");
        }
        if !upgrade.changes.is_empty() {
            said += &format!("\n{}", older_sentences(&upgrade.changes));
        }
        self.state.feedback.say(said, Until::DocumentReplaced);
        if offer.key.is_some() || offer.base_url.is_some() {
            self.state.feedback.offer = Some(offer);
        }
    }

    /// The environment whose base URL is `url` (both in their one spelling).
    fn environment_for(&self, url: &str) -> Option<Environment> {
        let sandbox = self.services.sandbox_url();
        let list = self.state.environments.list();
        (list.iter())
            .find(|e| base_url::normalize(&e.base_url(&sandbox)).is_ok_and(|u| u == url))
            .cloned()
    }

    /// The document's body in today's shape, as an unsaved change (Save writes it; the file is
    /// untouched until then): what changed, in sentences, or `None` when it already was.
    pub(super) fn upgrade_older(&mut self) -> Option<String> {
        let draft = &mut self.state.document.draft;
        let upgrade = legacy::upgrade(draft.body());
        if upgrade.changes.is_empty() {
            return None;
        }
        draft.replace_body(upgrade.body);
        Some(older_sentences(&upgrade.changes))
    }
}

/// The changes of an older body's upgrade, one a line.
fn older_sentences(changes: &[legacy::Change]) -> String {
    let changed = changes.iter().any(|c| c.changed);
    let mut text = if changed {
        "This body is in an older shape, upgraded here as an unsaved change (Save writes the new shape; Undo takes it back):".to_string()
    } else {
        "This body has fields from an older shape:".to_string()
    };
    for change in changes {
        text += &format!("\n• {change}");
    }
    text
}

/// Where a command's `@file` is: `~/` is the home folder; a relative path is next to the
/// imported file, or in the app's working folder for a paste.
fn resolve(named: &str, from: Option<&Path>) -> PathBuf {
    let home = || directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    if let Some(rest) = named.strip_prefix("~/")
        && let Some(home) = home()
    {
        return home.join(rest);
    }
    let path = PathBuf::from(named);
    if path.is_absolute() {
        return path;
    }
    match from.and_then(Path::parent) {
        Some(dir) => dir.join(path),
        None => std::env::current_dir()
            .ok()
            .or_else(home)
            .map_or(path.clone(), |dir| dir.join(&path)),
    }
}

/// The offer after a paste: the command's base URL as an environment, its key in the keychain.
impl Controller {
    /// "Add as environment…": asks its name, suggesting the host.
    pub(super) fn name_environment(&mut self, base_url: String) {
        let host = url::Url::parse(&base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        self.state.dialog = Some(Dialog::AddEnvironment {
            base_url,
            name: host,
            error: None,
        });
    }

    /// The pasted command's base URL becomes an environment, selected; the key offered is now
    /// for it.
    pub(super) fn add_pasted_environment(&mut self, name: &str, base_url: &str) {
        let mut config = self.state.environments.config().clone();
        if let Err(e) = config.upsert(None, name, base_url) {
            if let Some(Dialog::AddEnvironment { error, .. }) = &mut self.state.dialog {
                *error = Some(e);
            }
            return;
        }
        self.state.dialog = None;
        self.save_config(config);
        let name = name.trim().to_string();
        self.state.environments.selected = name.clone();
        let env = self.state.environments.current().clone();
        if let Some(offer) = &mut self.state.feedback.offer {
            offer.base_url = None;
            offer.env = Some(env);
        }
        let said = format!("Added the environment {name} and selected it.");
        match &mut self.state.feedback.notice {
            Some(notice) => notice.text += &format!("\n{said}"),
            None => self.state.feedback.say(said, Until::DocumentReplaced),
        }
    }

    /// "Save key in keychain": the key the pasted command carried, for its environment.
    pub(super) fn save_offered_key(&mut self) {
        let Some(offer) = &self.state.feedback.offer else {
            return;
        };
        let (Some(key), Some(env)) = (offer.key.clone(), offer.env.clone()) else {
            return;
        };
        let account = env.key_account();
        let purpose = Purpose::OfferedKey { env: env.name };
        self.services.store(Op::SetKey { account, key }, purpose);
    }

    /// The answer to "Save key in keychain": the offer says what became of the key.
    pub(super) fn offered_key_saved(&mut self, env: &str, result: Result<Stored, KeychainError>) {
        let (sentence, ok) = key_set_outcome(env, result);
        if let Some(offer) = &mut self.state.feedback.offer {
            if ok {
                offer.key = None;
            }
            offer.key_said = Some((sentence, ok));
        }
    }
}
