//! The worker's answers, each matched to what it was for in the one table of requests in flight.
//! An answer to a cancelled request finds nothing there and is dropped.

use super::keys::{key_deleted_outcome, key_set_outcome};
use crate::api::ApiError;
use crate::store::{Op, Reply};
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::dialog::{Dialog, Intent};
use crate::ui::model::purpose::{Purpose, Ticket};
use crate::ui::state::InGit;
use crate::ui::state::tokens::TokenEntry;
use crate::worker::Event;

impl Controller {
    pub fn poll_worker(&mut self, ctx: &egui::Context) {
        while let Some(event) = self.services.next_event() {
            if let Some(purpose) = self.services.answered(Ticket::Worker(event.id())) {
                self.answer(purpose, event, ctx);
            }
        }
        while let Some((id, result)) = self.services.next_demo() {
            if let Some(Purpose::Demo { entry }) = self.services.answered(Ticket::Demo(id)) {
                self.demo_ready(entry, result, ctx);
            }
        }
    }

    fn answer(&mut self, purpose: Purpose, event: Event, ctx: &egui::Context) {
        match (purpose, event) {
            (Purpose::Mint(info), Event::Minted { minted, .. }) => {
                self.state.feedback.end_notice(Until::NextMint);
                let entry = self.state.tokens.push(TokenEntry {
                    token: minted.token,
                    jwt: minted.jwt,
                    preset: info.preset,
                    label: info.label,
                    environment: info.environment,
                    base_url: info.base_url,
                    minted_at: chrono::Utc::now(),
                    body: info.body,
                    demo_url: None,
                });
                if info.then_demo {
                    self.launch_demo_at(entry);
                }
            }
            (Purpose::Mint(info), Event::Failed { error, .. }) => {
                let mode = self.state.document.draft.mode();
                let details = error.reply().map(ToString::to_string);
                let sentence = error.to_string();
                self.state.feedback.banner = Some(match error {
                    ApiError::BadRequest { .. } => Banner::rejected(
                        sentence,
                        details,
                        &info.environment,
                        self.state.document.draft.revision(),
                    ),
                    _ => Banner::attempt(sentence, details, &info.environment, mode),
                });
            }
            (Purpose::TestKey { env }, Event::KeyTested { result, .. }) => {
                self.state.keys.test_done(&env, result)
            }
            (Purpose::Catalog, Event::Catalog { result, .. }) => {
                let catalogs = &mut self.state.catalogs;
                catalogs.loading = false;
                match result {
                    Ok(catalog) => {
                        if let Some(path) = catalogs.loaded(catalog.clone()) {
                            let op = crate::store::Op::SaveCache {
                                path,
                                catalog: Box::new(catalog),
                            };
                            self.services.store(op, Purpose::SaveCache);
                        }
                    }
                    Err(e) => catalogs.failed(e.to_string()),
                }
            }
            (Purpose::Image(url), Event::Image { result, .. }) => {
                let ok = result.is_ok();
                if let Ok(bytes) = result {
                    ctx.include_bytes(url.clone(), bytes);
                }
                self.state.catalogs.image_loaded(&url, ok);
            }
            (Purpose::Persona, Event::Persona { result, .. }) => {
                self.state.catalogs.persona_loading = false;
                match result {
                    // It replaces the document, so it asks first like every other replace.
                    Ok(detail) => self.guard(Intent::Persona(Box::new(detail))),
                    Err(e) => {
                        self.state.feedback.banner = Some(Banner::with_details(
                            format!("Could not load the persona: {e}"),
                            e.reply().map(ToString::to_string),
                        ))
                    }
                }
            }
            (Purpose::Anam(purpose), event) => self.anam_answer(purpose, event),
            (purpose, Event::Stored { reply, .. }) => self.stored(purpose, reply),
            // A request that was cancelled on the worker: already dealt with here.
            (_, Event::Cancelled { .. }) => {}
            (purpose, event) => tracing::warn!(?purpose, ?event, "an answer that fits no question"),
        }
    }

    /// A store call's answer.
    fn stored(&mut self, purpose: Purpose, reply: Reply) {
        match (purpose, reply) {
            (_, Reply::Panicked(doing)) => {
                self.state.feedback.banner = Some(Banner::new(format!(
                    "Something went wrong inside anam-studio while {doing} (a bug): nothing else was changed."
                )));
            }
            (Purpose::Start, Reply::Started { seeded, config }) => self.started(seeded, config),
            (Purpose::Scan(number), Reply::Scanned(scanned)) => {
                self.state.folder.scanned(number, scanned);
                if let Some(last) = self.open_when_listed.take() {
                    self.open_first(last);
                }
                let dir = self.state.folder.dir.clone();
                self.services
                    .store(Op::GitStatus { dir }, Purpose::GitStatus);
            }
            (Purpose::GitStatus, Reply::GitStatus(status)) => {
                self.state.folder.git = match status {
                    Ok(Some(status)) => InGit::Yes(status),
                    Ok(None) => InGit::No,
                    Err(e) => InGit::Unknown(e.to_string()),
                }
            }
            (Purpose::GitCommitted, Reply::GitCommitted(read)) => self.committed_here(read),
            (Purpose::GitCommit, Reply::GitCommit(done)) => self.committed(done),
            (Purpose::GitPull, Reply::GitPull(done)) => self.pulled(done),
            (Purpose::GitPush, Reply::GitPush(done)) => self.pushed_to_upstream(done),
            (Purpose::GitVersions(file), Reply::GitVersions(sides)) => {
                self.conflict_read(file, sides)
            }
            (Purpose::CheckDisk { path, seen }, Reply::DiskChange(Some(change))) => {
                // Only if it is still the same file and the same bytes, and nothing is asked.
                let doc = &self.state.document;
                if self.state.dialog.is_none()
                    && doc.path.as_ref() == Some(&path)
                    && doc.on_disk.as_ref() == Some(&seen)
                {
                    self.state.dialog = Some(Dialog::ChangedOnDisk(change));
                }
            }
            (Purpose::CheckDisk { .. }, Reply::DiskChange(None)) => {}
            (Purpose::SaveConfig, Reply::ConfigSaved(result)) => {
                if let Err(e) = result {
                    self.state.feedback.banner =
                        Some(Banner::new(format!("Could not save the settings: {e}")));
                }
            }
            (Purpose::LoadCache { account }, Reply::Cache(cached)) => {
                self.state.catalogs.cached(&account, cached)
            }
            (Purpose::SaveCache, Reply::CacheSaved(result)) => {
                if let Err(e) = result {
                    tracing::warn!("could not cache the catalog: {e}");
                }
            }
            (Purpose::FindKey(next), Reply::Key { found, unavailable }) => {
                self.key_found(next, found, unavailable.is_none())
            }
            (
                Purpose::KeyStates,
                Reply::KeyStates {
                    states,
                    unavailable,
                },
            ) => self.state.keys.read(states, unavailable),
            (Purpose::SetKey { env }, Reply::KeySet(result)) => {
                let outcome = key_set_outcome(&env, result);
                self.key_changed(&env, outcome)
            }
            (Purpose::DeleteKey { env }, Reply::KeyDeleted(result)) => {
                let outcome = key_deleted_outcome(&env, result);
                self.key_changed(&env, outcome)
            }
            (Purpose::Import { path }, Reply::FileRead(read)) => self.imported(path, read),
            (Purpose::IntakeFile { needs, from, path }, Reply::FileRead(read)) => {
                self.intake_file_read(*needs, from, path, read)
            }
            (Purpose::CompareTo { label, saved }, Reply::Loaded(read)) => {
                self.compared(label, saved, read)
            }
            (Purpose::OfferedKey { env }, Reply::KeySet(result)) => {
                self.offered_key_saved(&env, result)
            }
            (purpose, reply) => self.file_done(purpose, reply),
        }
    }

    /// The presets folder is there (seeded on first run) and the config is read: say what went
    /// wrong, if anything, then list the folder.
    fn started(
        &mut self,
        seeded: std::io::Result<bool>,
        config: Result<crate::core::environment::Config, crate::store::config::ConfigError>,
    ) {
        let dir = self.state.folder.dir.display().to_string();
        let mut said = Vec::new();
        let mut chosen_folder = None;
        match seeded {
            Ok(true) => said.push(format!("Example presets were copied to {dir}.")),
            Ok(false) => {}
            Err(e) => said.push(format!("Could not create the presets folder {dir}: {e}")),
        }
        match config {
            Ok(config) => {
                let problems = config.problems();
                if !problems.is_empty() {
                    let path = self.services.config_path.display();
                    said.push(format!("In {path}: {}", problems.join(" ")));
                }
                let sdk_file = config.sdk_file.clone();
                // The folder chosen in Settings, unless ANAM_STUDIO_PRESETS names one.
                chosen_folder = (config.presets_folder.clone())
                    .filter(|_| !crate::store::paths::presets_dir_from_env());
                self.state.environments.set_config(config);
                if sdk_file.is_some() {
                    self.use_sdk_file(sdk_file);
                }
            }
            Err(e) => said.push(format!(
                "The config file could not be read, so custom environments are not shown (it is left untouched): {e}"
            )),
        }
        if !said.is_empty() {
            self.state.feedback.say(said.join(" "), Until::Dismissed);
        }
        if let Some(dir) = chosen_folder {
            self.state.folder.switch_to(dir);
        }
        self.rescan();
    }

    /// At start: the last preset if it is readable, else the first readable one.
    fn open_first(&mut self, last: Option<String>) {
        let folder = &self.state.folder;
        let readable = |name: &str| folder.entry(name).is_some_and(|e| e.status.is_ok());
        let start = last.filter(|name| readable(name)).or_else(|| {
            (folder.entries().iter())
                .find(|e| e.status.is_ok())
                .map(|e| e.name.clone())
        });
        if let Some(name) = start {
            self.open(&name);
        }
    }
}
