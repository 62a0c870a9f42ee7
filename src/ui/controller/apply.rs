//! Where every command is applied: one match, after the frame that pushed it.

use crate::ui::command::UiCommand;
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::dialog::{Dialog, Intent, NameFor};
use crate::ui::state::Tab;
use std::path::PathBuf;

impl Controller {
    pub fn apply(&mut self, command: UiCommand, ctx: &egui::Context) {
        match command {
            UiCommand::New => self.guard(Intent::New),
            UiCommand::Open(name) => self.guard(Intent::Open(name)),
            UiCommand::Save => self.save(None),
            UiCommand::SaveAs => self.ask_name(NameFor::SaveAs, None),
            UiCommand::Duplicate => self.ask_name(NameFor::Duplicate, None),
            UiCommand::Rename => self.ask_name(NameFor::Rename, None),
            UiCommand::Delete => match self.state.document.name.clone() {
                Some(name) => self.state.dialog = Some(Dialog::Delete(name)),
                None => self.state.feedback.say(
                    "This draft is not saved, so there is no file to delete.",
                    Until::DocumentReplaced,
                ),
            },
            UiCommand::Import => self.guard(Intent::Import),
            UiCommand::Export => self.export(),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::Undo => {
                self.state.document.draft.undo();
            }
            UiCommand::Redo => {
                self.state.document.draft.redo();
            }
            UiCommand::SetMode(mode) => {
                if self.state.document.draft.mode() != mode {
                    self.state.document.draft.set_mode(mode);
                }
            }
            UiCommand::JumpToFirstProblem => {
                if let Some(p) = self.state.document.draft.problems().first() {
                    self.state.tab = Tab::Form;
                    self.panels.form.jump_to = Some(p.path.clone());
                }
            }
            UiCommand::ShowBodyTab => self.state.tab = Tab::Body,
            UiCommand::RevertBody => self.state.document.draft.discard_unparsed(),
            UiCommand::CopyBody => {
                ctx.copy_text(self.state.document.draft.text().to_string());
                self.state.feedback.toast("Body copied", ctx);
            }
            UiCommand::CopyCurl => self.copy_snippet(crate::core::snippet::Lang::Curl, ctx),
            UiCommand::Mint => self.mint(false, false),
            UiCommand::MintAnyway => self.mint(true, false),
            UiCommand::LaunchDemo => self.launch_demo(),
            UiCommand::LaunchDemoAt(i) => self.launch_demo_at(i),
            UiCommand::CopyDemoAddress(url) => {
                ctx.copy_text(url);
                self.state.feedback.toast("Address copied", ctx);
            }
            UiCommand::OpenDemoAddress(url) => ctx.open_url(egui::OpenUrl::new_tab(url)),
            UiCommand::SetSdkFile(file) => {
                let mut config = self.state.environments.config().clone();
                config.sdk_file = file.clone();
                self.save_config(config);
                self.use_sdk_file(file);
            }
            UiCommand::SetPresetsFolder(folder) => {
                let mut config = self.state.environments.config().clone();
                config.presets_folder = folder.clone();
                self.save_config(config);
                self.use_presets_folder(folder);
            }
            UiCommand::CancelMint => self.cancel_mint(),
            UiCommand::CopyToken => self.copy_token(self.state.tokens.current().cloned(), ctx),
            UiCommand::CopyTokenAt(i) => self.copy_token(self.state.tokens.at(i).cloned(), ctx),
            UiCommand::SelectEnvironment(name) => self.state.environments.selected = name,
            UiCommand::OpenSettings => {
                let env = self.state.environments.selected.clone();
                self.open_settings(&env);
            }
            UiCommand::CloseSettings => self.panels.settings.open = false,
            UiCommand::AddEnvironment { name, base_url } => self.add_environment(&name, &base_url),
            UiCommand::RemoveEnvironment(name) => {
                let mut config = self.state.environments.config().clone();
                config.remove(&name);
                self.save_config(config);
            }
            UiCommand::SaveKey { env, key } => self.save_key(&env, key),
            UiCommand::DeleteKey(env) => self.delete_key(&env),
            UiCommand::TestKey { env, typed } => self.test_key(env, typed),
            UiCommand::RefreshCatalog => self.refresh_catalog(),
            UiCommand::LoadImage(url) => self.load_image(url),
            UiCommand::StartFromPersona(id) => self.fetch_persona(id),
            UiCommand::SetTheme(pref) => ctx.set_theme(pref),
            UiCommand::ShowShortcuts => self.state.dialog = Some(Dialog::Shortcuts),
            UiCommand::Escape => {
                if self.panels.settings.open {
                    self.panels.settings.open = false;
                } else {
                    self.cancel_mint();
                }
            }
            UiCommand::SaveChanges(then) => {
                self.state.dialog = None;
                self.save(Some(then));
            }
            UiCommand::DiscardChanges(then) => {
                self.state.dialog = None;
                let (doc, environments) = (&mut self.state.document, &mut self.state.environments);
                doc.draft.mark_saved();
                // A paste's environment switch goes with its draft.
                if let Some(from) = doc.switched_back(&environments.selected) {
                    environments.selected = from.to_string();
                }
                doc.switched = None;
                self.proceed(then);
            }
            UiCommand::ReloadFromDisk => {
                self.state.dialog = None;
                self.reload();
            }
            UiCommand::KeepMine => {
                self.state.dialog = None;
                self.keep_mine();
            }
            UiCommand::SaveMineAs => {
                self.state.dialog = None;
                self.keep_mine();
                self.ask_name(NameFor::SaveAs, None);
            }
            UiCommand::ConfirmDelete(name) => {
                self.state.dialog = None;
                self.delete(&name);
            }
            UiCommand::SubmitName {
                purpose,
                text,
                then,
            } => self.submit_name(purpose, &text, then.map(|t| *t)),
            UiCommand::SubmitPath { export, text } => {
                self.state.dialog = None;
                let path = PathBuf::from(text);
                if export {
                    self.export_to(path);
                } else {
                    self.import_from(path);
                }
            }
            UiCommand::CloseDialog => self.state.dialog = None,
            // Personas and sessions.
            UiCommand::PushToPersona => self.open_persona_push(),
            UiCommand::PlanPush(target) => self.plan_push(target),
            UiCommand::ConfirmPush => self.confirm_push(),
            UiCommand::ComparePersona => self.compare_persona(),
            UiCommand::ClosePersonaPush => self.panels.persona_push.open = false,
            UiCommand::SetLabelTemplate { env, template } => {
                self.set_label_template(&env, &template)
            }
            UiCommand::ShowSession(i) => self.show_session(i),
            UiCommand::RefreshSession => self.refresh_session(),
            UiCommand::ShowTranscript => self.show_transcript(),
            UiCommand::CloseSession => self.state.sessions.view = None,
            UiCommand::ShowSessions => self.show_sessions(),
            UiCommand::SearchSessions => self.search_sessions(),
            UiCommand::CloseSessions => self.panels.sessions.list_open = false,
            // Hand-off and intake.
            UiCommand::CopySnippet(lang) => self.copy_snippet(lang, ctx),
            UiCommand::ReadClipboard => {
                ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                // The text comes back next frame, if there is any: that frame says so if not.
                self.clipboard_asked = true;
                ctx.request_repaint();
            }
            UiCommand::PasteRequest(text) => self.paste_request(&text),
            UiCommand::AddPastedEnvironment { name, base_url } => {
                self.add_pasted_environment(&name, &base_url)
            }
            UiCommand::NameEnvironment(base_url) => self.name_environment(base_url),
            UiCommand::SaveOfferedKey => self.save_offered_key(),
            UiCommand::CompareWithSaved => self.compare_with_saved(),
            UiCommand::CompareWith(name) => self.compare_with(&name),
            UiCommand::CompareWithCommitted => self.compare_with_committed(),
            UiCommand::OpenCommit => self.open_commit(),
            UiCommand::Commit { files, message } => self.commit(files, message),
            UiCommand::Pull => self.pull(),
            UiCommand::Push => self.push(),
            UiCommand::ShowConflict(file) => self.show_conflict(file),
            UiCommand::CloseConflict => self.state.folder.conflict = None,
            UiCommand::CloseCompare => self.panels.compare.close(),
        }
    }

    /// What was waiting for a decision about unsaved edits.
    pub fn proceed(&mut self, then: Intent) {
        match then {
            Intent::Open(name) => self.open(&name),
            Intent::New => self.new_preset(),
            Intent::Import => self.import(),
            Intent::Persona(detail) => self.start_from_persona(*detail),
            Intent::Intake(taken) => self.take_request(*taken),
            Intent::Quit => {
                self.state.allow_close = true;
                self.tx.send(UiCommand::Quit);
            }
        }
    }

    fn copy_token(
        &mut self,
        entry: Option<crate::ui::state::tokens::TokenEntry>,
        ctx: &egui::Context,
    ) {
        if let Some(entry) = entry {
            ctx.copy_text(entry.token);
            self.state.feedback.toast("Token copied", ctx);
        }
    }

    /// Refuses an action on the body while its text does not parse, saying why (the banner
    /// goes when the text parses or is reverted). True when refused.
    pub(super) fn refuse_unparsed(&mut self) -> bool {
        match self.state.document.unsendable() {
            Some(reason) => {
                self.state.feedback.banner = Some(Banner::unparsed(reason));
                true
            }
            None => false,
        }
    }
}
