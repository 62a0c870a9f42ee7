//! The document's file operations: each asks the worker (the disk is never touched on the UI
//! thread) and finishes when the answer comes back ([`Controller::stored`]).

use crate::core::catalog::PersonaDetail;
use crate::core::contract::{RequestBody, fields};
use crate::core::draft::Draft;
use crate::store::Op;
use crate::store::preset;
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::dialog::{Dialog, Intent, NameFor};
use crate::ui::model::purpose::Purpose;
use crate::ui::services::Chosen;
use std::path::PathBuf;

mod answers;

impl Controller {
    pub(super) fn new_preset(&mut self) {
        let mut body = RequestBody::new();
        for core in fields::EPHEMERAL_CORE {
            let path = format!("{}.{core}", fields::PERSONA);
            if let Some(spec) = fields::spec(&path) {
                body.set(&path, spec.initial_value());
            }
        }
        self.state.feedback.replaced_document();
        // Untouched, it is no unsaved work: replacing it asks nothing. The first edit makes it
        // one; Save asks for a name.
        self.state.document.untitled(Draft::new(body));
    }

    pub(super) fn open(&mut self, name: &str) {
        let Some(entry) = self.state.folder.entry(name) else {
            self.state.feedback.banner = Some(Banner::new(format!(
                "The preset \"{name}\" is no longer in the presets folder."
            )));
            return;
        };
        match &entry.status {
            // Read again: the file may have changed since the folder was read.
            Ok(()) => {
                let path = entry.path.clone();
                let purpose = Purpose::Open {
                    name: name.to_string(),
                    path: path.clone(),
                };
                self.services.store(Op::Load { path }, purpose);
            }
            Err(e) => {
                self.state.feedback.banner = Some(Banner::with_details(
                    format!("This preset cannot be read, so it was not opened: {e}"),
                    Some(
                        "The file is left exactly as it is. Fix it in a text editor, or delete it."
                            .into(),
                    ),
                ));
            }
        }
    }

    /// "Reload from disk": the current preset's file, read again at the path it was found at.
    pub(super) fn reload(&mut self) {
        if let Some(path) = self.state.document.path.clone() {
            self.services.store(Op::Load { path }, Purpose::Reload);
        }
        self.rescan();
    }

    /// Saves to the current preset (an untitled draft asks for a name), then does `then`.
    pub(super) fn save(&mut self, then: Option<Intent>) {
        let Some(name) = self.state.document.name.clone() else {
            self.ask_name(NameFor::SaveAs, then);
            return;
        };
        if self
            .state
            .folder
            .entry(&name)
            .is_some_and(|e| e.status.is_err())
        {
            self.state.feedback.banner = Some(Banner::new(format!(
                "\"{name}\" could not be read when it was listed, so it is never overwritten: use Save as."
            )));
            return;
        }
        self.save_as(&name, None, then);
    }

    /// Writes the draft as preset `name`: over the current preset's own file (unless another
    /// program changed it), or as a new file that must not exist yet (a name the user typed: a
    /// file another program created since the folder was read is never replaced).
    fn save_as(&mut self, name: &str, named: Option<NameFor>, then: Option<Intent>) {
        if self.refuse_unparsed() {
            return;
        }
        let doc = &self.state.document;
        let own = doc.name.as_deref() == Some(name);
        let path = match &doc.path {
            Some(path) if own => path.clone(),
            _ => preset::path_for(&self.state.folder.dir, name),
        };
        let op = Op::Save {
            path: path.clone(),
            body: doc.draft.body().clone(),
            replace: own,
            seen: if own { doc.on_disk.clone() } else { None },
        };
        let name = name.to_string();
        let purpose = Purpose::Save {
            name,
            path,
            named,
            then,
        };
        self.services.store(op, purpose);
    }

    pub(super) fn ask_name(&mut self, purpose: NameFor, then: Option<Intent>) {
        let doc = &self.state.document;
        let base = doc.name.clone().unwrap_or_else(|| "new-preset".into());
        let text = match purpose {
            NameFor::Rename => base,
            _ if doc.name.is_none() => self.state.folder.free_name("new-preset"),
            _ => self.state.folder.free_name(&format!("{base} copy")),
        };
        // A copy is written from what is on screen: the edits go to the copy, and the
        // original's file stays as it was saved.
        let note = match (&purpose, &doc.name) {
            (NameFor::Duplicate, Some(name)) if doc.draft.is_dirty() => Some(format!(
                "The copy gets your unsaved changes; \"{name}\" keeps its saved version."
            )),
            _ => None,
        };
        self.state.dialog = Some(Dialog::Name {
            purpose,
            text,
            note,
            error: None,
            then: then.map(Box::new),
        });
    }

    /// The name dialog's OK: checks the name, then saves, copies or renames. Errors are said
    /// in the dialog, which stays open until the operation is done.
    pub(super) fn submit_name(&mut self, purpose: NameFor, typed: &str, then: Option<Intent>) {
        let name = typed.trim();
        let unchanged_rename =
            purpose == NameFor::Rename && self.state.document.name.as_deref() == Some(name);
        // A name that differs from another only in case is that other's file on Windows and
        // macOS; renaming the open preset to its own name in another case is fine.
        let own = self.state.document.name.as_deref();
        let twin = (self.state.folder.case_twin(name))
            .filter(|twin| !(purpose == NameFor::Rename && own == Some(*twin)));
        let refused = match preset::check_name(name) {
            Err(e) => Some(e),
            Ok(()) if self.state.folder.contains(name) && !unchanged_rename => {
                Some(format!("A preset named \"{name}\" already exists."))
            }
            Ok(()) if twin.is_some() => Some(format!(
                "\"{}\" already exists: on Windows and macOS it is the same file as \"{name}\", so choose a name that differs in more than case.",
                twin.unwrap_or_default()
            )),
            Ok(()) if purpose == NameFor::Duplicate => self.state.document.unsendable(),
            Ok(()) => None,
        };
        if let Some(error) = refused {
            return self.name_error(error);
        }
        let dir = &self.state.folder.dir;
        let path = preset::path_for(dir, name);
        let name = name.to_string();
        match (purpose, self.state.document.name.clone()) {
            (NameFor::Rename, _) if unchanged_rename => self.state.dialog = None,
            (NameFor::SaveAs, _) | (NameFor::Rename, None) => {
                self.save_as(&name, Some(NameFor::SaveAs), then)
            }
            (NameFor::Duplicate, _) => {
                let op = Op::Save {
                    path: path.clone(),
                    body: self.state.document.draft.body().clone(),
                    replace: false,
                    seen: None,
                };
                self.services.store(op, Purpose::Duplicate { name, path });
            }
            (NameFor::Rename, Some(old)) => {
                let from = (self.state.document.path.clone())
                    .unwrap_or_else(|| preset::path_for(dir, &old));
                let purpose = Purpose::Rename {
                    old,
                    name,
                    to: path.clone(),
                };
                self.services.store(Op::Rename { from, to: path }, purpose);
            }
        }
    }

    /// Shows `error` in the name dialog, if it is still open.
    fn name_error(&mut self, message: String) {
        if let Some(Dialog::Name { error, .. }) = &mut self.state.dialog {
            *error = Some(message);
        }
    }

    pub(super) fn delete(&mut self, name: &str) {
        // The file the entry was found at: `foo .json` is not `foo.json`.
        let doc = &self.state.document;
        let path = match (&doc.path, self.state.folder.entry(name)) {
            (Some(path), _) if doc.name.as_deref() == Some(name) => path.clone(),
            (_, Some(entry)) => entry.path.clone(),
            _ => preset::path_for(&self.state.folder.dir, name),
        };
        let purpose = Purpose::Delete {
            name: name.to_string(),
            path: path.clone(),
        };
        self.services.store(Op::Remove { path }, purpose);
    }

    pub(super) fn import(&mut self) {
        match self.services.dialogs.open_body() {
            Ok(Some(path)) => self.import_from(path),
            chosen => self.ask_path(false, chosen),
        }
    }

    /// The chooser gave no file: cancelled, none on this desktop (no portal), or it failed to
    /// open. A path can be typed.
    fn ask_path(&mut self, export: bool, chosen: Chosen) {
        let failed = chosen.is_err();
        let text = String::new();
        self.state.dialog = Some(Dialog::Path {
            export,
            failed,
            text,
        });
    }

    pub(super) fn import_from(&mut self, path: PathBuf) {
        // Read as it is: a JSON body, or a file holding a curl command (see `intake`).
        let op = Op::ReadFile { path: path.clone() };
        self.services.store(op, Purpose::Import { path });
    }

    pub(super) fn export(&mut self) {
        if self.refuse_unparsed() {
            return;
        }
        let name = (self.state.document.name.clone()).unwrap_or_else(|| "request-body".into());
        match self.services.dialogs.save_body(&name) {
            Ok(Some(path)) => self.export_to(path),
            chosen => self.ask_path(true, chosen),
        }
    }

    pub(super) fn export_to(&mut self, path: PathBuf) {
        let body = self.state.document.draft.body().clone();
        let op = Op::Save {
            path: path.clone(),
            body,
            replace: true,
            seen: None,
        };
        self.services.store(op, Purpose::Export { path });
    }

    /// "Keep my version": the next save overwrites (or recreates) the file.
    pub(super) fn keep_mine(&mut self) {
        let doc = &mut self.state.document;
        doc.draft = Draft::unsaved(doc.draft.body().clone());
        doc.on_disk = None;
        if let Some(path) = doc.path.clone() {
            self.services.store(Op::Read { path }, Purpose::KeepMine);
        }
        self.rescan();
    }

    /// "Start from persona": the persona's detail becomes a new, unsaved ephemeral preset.
    pub(super) fn start_from_persona(&mut self, detail: PersonaDetail) {
        self.state.feedback.replaced_document();
        (self.state.document).untitled(Draft::unsaved(detail.to_ephemeral_body()));
        self.state.feedback.banner = None;
        self.state.feedback.say(
            format!(
                "Started from the persona \"{}\": a new ephemeral preset, not saved yet.",
                detail.summary.name
            ),
            Until::DocumentReplaced,
        );
    }
}
