//! Compare: the draft beside its saved file or another preset, read on the worker.

use crate::core::contract::RequestBody;
use crate::store::Op;
use crate::store::git::GitError;
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::purpose::Purpose;

impl Controller {
    /// "Compare with saved file": the draft beside its file as it is on disk now.
    pub(super) fn compare_with_saved(&mut self) {
        match self.state.document.path.clone() {
            Some(path) => {
                let label = "Saved file".to_string();
                let purpose = Purpose::CompareTo { label, saved: true };
                self.services.store(Op::Load { path }, purpose);
            }
            None => self.state.feedback.say(
                "This draft is not saved, so there is no file to compare it with: use Compare with… to pick a preset.",
                Until::DocumentReplaced,
            ),
        }
    }

    /// "Compare with…": the draft beside preset `name`.
    pub(super) fn compare_with(&mut self, name: &str) {
        match self.state.folder.entry(name) {
            Some(entry) => {
                let path = entry.path.clone();
                let label = name.to_string();
                let purpose = Purpose::CompareTo {
                    label,
                    saved: false,
                };
                self.services.store(Op::Load { path }, purpose);
            }
            None => {
                self.state.feedback.banner = Some(Banner::new(format!(
                    "The preset \"{name}\" is no longer in the presets folder."
                )))
            }
        }
    }

    /// A preset read for the compare view: shown beside the draft.
    pub(super) fn compared(
        &mut self,
        label: String,
        saved: bool,
        read: Result<
            (crate::core::contract::RequestBody, Vec<u8>),
            crate::store::preset::PresetError,
        >,
    ) {
        match read {
            Ok((body, _)) => {
                let path = self.state.document.path.clone();
                let saved = saved.then(|| self.state.document.on_disk.clone()).flatten();
                (self.panels.compare).show(label, body.into_value(), path, saved);
            }
            Err(e) => {
                self.state.feedback.banner = Some(Banner::new(format!("Could not compare: {e}")));
            }
        }
    }

    /// "Compare with last commit": the draft beside its preset as git last committed it.
    pub(super) fn compare_with_committed(&mut self) {
        let document = &self.state.document;
        let Some(name) = (document.path.as_deref()).and_then(|p| p.file_name()) else {
            return self.state.feedback.say(
                "This draft is not saved, so it has no committed version to compare with.",
                Until::DocumentReplaced,
            );
        };
        let (dir, name) = (self.state.folder.dir.clone(), name.to_os_string());
        self.services
            .store(Op::GitCommitted { dir, name }, Purpose::GitCommitted);
    }

    /// The open preset as the last commit has it: shown beside the draft.
    pub(super) fn committed_here(&mut self, read: Result<Option<Vec<u8>>, GitError>) {
        let bytes = match read {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                return self.state.feedback.say(
                    "This preset is not in the last commit: it is new since then.",
                    Until::DocumentReplaced,
                );
            }
            Err(e) => return self.state.feedback.banner = Some(Banner::new(e.to_string())),
        };
        match RequestBody::parse(&bytes) {
            Ok(body) => self.compared("Last commit".to_string(), false, Ok((body, bytes))),
            Err(e) => {
                self.state.feedback.banner = Some(Banner::new(format!(
                    "The last committed version of this preset is not JSON (line {}, column {}), so it cannot be compared field by field.",
                    e.line, e.column
                )))
            }
        }
    }
}
