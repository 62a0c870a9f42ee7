//! Hand-off: Copy as… (code that mints the same token), the offer after a paste (add the
//! environment, save the key), and Compare (the draft beside its file or another preset). The
//! answers of their store calls come back to [`Controller::handoff_done`].

use crate::core::snippet::{self, Lang};
use crate::store::{Op, Reply};
use crate::ui::controller::Controller;
use crate::ui::controller::connect::key_set_outcome;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::dialog::Dialog;
use crate::ui::model::purpose::Purpose;

impl Controller {
    /// Copies the snippet in `lang` for the draft's body and the selected environment.
    pub(super) fn copy_snippet(&mut self, lang: Lang, ctx: &egui::Context) {
        let env = self.state.environments.current().clone();
        // The sandbox is started, so its snippet holds the address it answers on.
        let base = match self.services.base_url_of(&env) {
            Ok(url) => url,
            Err(sentence) => return self.state.feedback.banner = Some(Banner::new(sentence)),
        };
        let body = self.state.document.draft.body().to_value();
        ctx.copy_text(snippet::snippet(lang, &base, &body));
        let what = match lang {
            Lang::Curl => "curl command copied".to_string(),
            lang => format!("{} snippet copied", lang.label()),
        };
        self.state.feedback.toast(&what, ctx);
    }

    /// The answers to the hand-off's store calls.
    pub(super) fn handoff_done(&mut self, purpose: Purpose, reply: Reply) {
        match (purpose, reply) {
            (Purpose::Import { path }, Reply::FileRead(read)) => self.imported(path, read),
            (Purpose::IntakeFile { needs, from, path }, Reply::FileRead(read)) => {
                self.intake_file_read(*needs, from, path, read)
            }
            (Purpose::CompareTo { label, saved }, Reply::Loaded(Ok((body, _)))) => {
                let path = self.state.document.path.clone();
                let saved = saved.then(|| self.state.document.on_disk.clone()).flatten();
                (self.panels.compare).show(label, body.into_value(), path, saved);
            }
            (Purpose::CompareTo { .. }, Reply::Loaded(Err(e))) => {
                self.state.feedback.banner = Some(Banner::new(format!("Could not compare: {e}")));
            }
            (Purpose::OfferedKey { env }, Reply::KeySet(result)) => {
                let (sentence, ok) = key_set_outcome(&env, result);
                if let Some(offer) = &mut self.state.feedback.offer {
                    if ok {
                        offer.key = None;
                    }
                    offer.key_said = Some((sentence, ok));
                }
            }
            (purpose, reply) => tracing::warn!(?purpose, ?reply, "an answer that fits no question"),
        }
    }

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
}
