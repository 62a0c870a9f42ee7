//! The answers to the document's file operations: the document, the folder and the messages
//! change once the disk has spoken.

use crate::core::contract::RequestBody;
use crate::core::draft::Draft;
use crate::store::preset::{self, PresetError};
use crate::store::{Reply, SaveError};
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::dialog::{Dialog, Intent, NameFor};
use crate::ui::model::purpose::Purpose;
use std::path::PathBuf;

impl Controller {
    /// A file operation's answer.
    pub(in crate::ui) fn file_done(&mut self, purpose: Purpose, reply: Reply) {
        let feedback = &mut self.state.feedback;
        match (purpose, reply) {
            (Purpose::Open { name, path }, Reply::Loaded(Ok((body, bytes)))) => {
                let warning = duplicates_notice(&bytes);
                self.loaded(body, bytes);
                self.state.document.name = Some(name);
                self.state.document.path = Some(path);
                // An older shape is upgraded as an unsaved change, each change said.
                let older = self.upgrade_older();
                let said: Vec<String> = [warning, older].into_iter().flatten().collect();
                if !said.is_empty() {
                    self.state
                        .feedback
                        .say(said.join("\n"), Until::DocumentReplaced);
                }
            }
            (Purpose::Reload, Reply::Loaded(Ok((body, bytes)))) => {
                self.loaded(body, bytes);
                if let Some(older) = self.upgrade_older() {
                    self.state.feedback.say(older, Until::DocumentReplaced);
                }
            }
            (Purpose::Open { .. } | Purpose::Reload, Reply::Loaded(Err(e))) => {
                feedback.banner = Some(Banner::new(e.to_string()));
            }
            (
                Purpose::Save {
                    name,
                    path,
                    named,
                    then,
                },
                Reply::Saved(result),
            ) => self.saved(name, path, named, then, result),
            (Purpose::Duplicate { name, path }, Reply::Saved(Ok(_))) => {
                self.state.dialog = None;
                self.state.folder.saved(&name, &path);
                self.rescan();
                self.open(&name);
            }
            (Purpose::Duplicate { name, .. }, Reply::Saved(Err(e))) => {
                self.rescan();
                self.name_error(save_error(&name, e, ""));
            }
            (Purpose::Rename { old, name, to }, Reply::Renamed(Ok(()))) => {
                self.state.dialog = None;
                self.state.document.name = Some(name.clone());
                self.state.document.path = Some(to.clone());
                self.state.folder.removed(&old);
                self.state.folder.saved(&name, &to);
                self.rescan();
            }
            (Purpose::Rename { name, .. }, Reply::Renamed(Err(e))) => {
                self.rescan();
                self.name_error(preset_error(&name, e, "Could not rename: "));
            }
            (Purpose::Delete { name, .. }, Reply::Removed(Ok(()))) => {
                self.state.folder.removed(&name);
                self.rescan();
                let doc = &mut self.state.document;
                if doc.name.as_deref() == Some(name.as_str()) {
                    // The edits stay on screen as an untitled draft: nothing typed is lost.
                    let body = doc.draft.body().clone();
                    doc.untitled(Draft::unsaved(body));
                }
            }
            (Purpose::Delete { path, .. }, Reply::Removed(Err(e))) => {
                feedback.banner = Some(Banner::new(format!(
                    "Could not delete {}: {e}",
                    path.display()
                )));
            }
            (Purpose::Export { path }, Reply::Saved(Ok(_))) => {
                feedback.say(format!("Exported to {}.", path.display()), Until::Dismissed);
            }
            (Purpose::Export { .. }, Reply::Saved(Err(e))) => {
                let e = match e {
                    SaveError::Preset(e) => e.to_string(),
                    SaveError::Changed(_) => "the file changed while it was written".into(),
                };
                feedback.banner = Some(Banner::new(format!("Could not export: {e}")));
            }
            (Purpose::KeepMine, Reply::Read(bytes)) => self.state.document.on_disk = bytes,
            (purpose, reply) => tracing::warn!(?purpose, ?reply, "an answer that fits no question"),
        }
    }

    /// A preset read from disk replaces the document.
    fn loaded(&mut self, body: RequestBody, bytes: Vec<u8>) {
        self.state.document.on_disk = Some(bytes.into());
        self.state.document.draft = Draft::new(body);
        self.state.document.switched = None;
        self.state.feedback.banner = None;
        self.state.feedback.replaced_document();
    }

    fn saved(
        &mut self,
        name: String,
        path: PathBuf,
        named: Option<NameFor>,
        then: Option<Intent>,
        result: Result<std::sync::Arc<[u8]>, SaveError>,
    ) {
        match result {
            Ok(bytes) => {
                if named.is_some() {
                    self.state.dialog = None;
                }
                let doc = &mut self.state.document;
                doc.on_disk = Some(bytes);
                doc.draft.mark_saved();
                // Saved, a paste's environment switch is the preset's: it stays.
                doc.switched = None;
                doc.name = Some(name.clone());
                doc.path = Some(path.clone());
                self.state.folder.saved(&name, &path);
                self.rescan();
                self.state.feedback.banner = None;
                if let Some(then) = then {
                    self.proceed(then);
                }
            }
            Err(SaveError::Changed(change)) => {
                self.state.dialog = Some(Dialog::ChangedOnDisk(change))
            }
            Err(e) => {
                self.rescan();
                let taken = matches!(&e, SaveError::Preset(p) if preset::is_taken(p));
                let sentence = save_error(&name, e, "Could not save the preset: ");
                if named.is_some() && taken {
                    self.name_error(sentence.clone());
                } else if named.is_some() {
                    self.name_error("Could not save: see the message above the form.".into());
                }
                self.state.feedback.banner = Some(Banner::with_details(
                    sentence,
                    Some("Nothing was overwritten: the file on disk is as it was.".into()),
                ));
            }
        }
    }
}

fn save_error(name: &str, e: SaveError, prefix: &str) -> String {
    match e {
        SaveError::Preset(e) => preset_error(name, e, prefix),
        SaveError::Changed(_) => taken(name),
    }
}

fn preset_error(name: &str, e: PresetError, prefix: &str) -> String {
    if preset::is_taken(&e) {
        taken(name)
    } else {
        format!("{prefix}{e}")
    }
}

/// The sentence for a name whose file (or folder) appeared since the folder was read.
fn taken(name: &str) -> String {
    format!(
        "\"{name}.{}\" appeared in the presets folder since it was read (another program or window made it), and it is not replaced: choose another name.",
        preset::EXTENSION
    )
}

/// A warning about keys written twice in a preset's text, if any (the file keeps only the last).
fn duplicates_notice(text: &[u8]) -> Option<String> {
    let found = crate::core::contract::duplicates::duplicate_keys(text);
    let first = found.first()?;
    let more = match found.len() {
        1 => String::new(),
        n => format!(" ({} more)", n - 1),
    };
    let object = if first.object.is_empty() {
        "the body"
    } else {
        first.object.as_str()
    };
    Some(format!(
        "Warning: in {object}, {first}{more}. A save writes only the value that is used."
    ))
}
