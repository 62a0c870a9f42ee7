//! Catalog pickers beside the avatar, voice, LLM and persona ids: searchable lists with names,
//! secondary text and (for avatars) thumbnails loaded lazily off the UI thread. The raw id stays
//! editable; an id the catalog does not know is shown as "unknown id", never rejected.

use crate::core::catalog::{self, Catalog};
use crate::core::draft::Draft;
use crate::ui::command::{CommandSender, UiCommand};
use egui::{RichText, Ui};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

mod list;

pub const AVATAR: &str = "personaConfig.avatarId";
pub const VOICE: &str = "personaConfig.voiceId";
pub const LLM: &str = "personaConfig.llmId";
pub const PERSONA: &str = "personaConfig.personaId";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Image {
    Loading,
    Ready,
    Failed,
}

/// The catalog of the current environment, and what is being fetched.
pub struct Catalogs {
    tx: CommandSender,
    /// The environment the catalog belongs to (its key account) and its name.
    account: String,
    env_name: String,
    /// Whether this environment's catalog is cached on disk (not the sandbox's: its thumbnail
    /// URLs change with its port every run).
    cacheable: bool,
    catalog: Option<Catalog>,
    /// Set when the last refresh failed and the shown catalog is the cached one.
    offline: Option<String>,
    /// The error of the last refresh when there is nothing cached.
    error: Option<String>,
    /// A catalog fetch is in flight.
    pub loading: bool,
    /// The cached catalog is being read.
    reading_cache: bool,
    /// Where this environment's catalog is cached, if it is.
    cache_file: Option<PathBuf>,
    pub persona_loading: bool,
    images: HashMap<String, Image>,
    /// What was asked for this frame (each once).
    asked: HashSet<String>,
}

impl Catalogs {
    /// The pickers push their commands to `tx`.
    pub fn new(tx: CommandSender) -> Self {
        Catalogs {
            tx,
            account: String::new(),
            env_name: String::new(),
            cacheable: false,
            catalog: None,
            offline: None,
            error: None,
            loading: false,
            reading_cache: false,
            cache_file: None,
            persona_loading: false,
            images: HashMap::new(),
            asked: HashSet::new(),
        }
    }

    /// Switches to an environment's catalog. Returns the cache file to read (on the worker)
    /// when the environment changed and its catalog is cached under `cache_dir`.
    pub fn select(
        &mut self,
        account: &str,
        name: &str,
        cacheable: bool,
        cache_dir: Option<&Path>,
    ) -> Option<PathBuf> {
        self.asked.clear();
        if self.account == account && self.env_name == name {
            return None;
        }
        self.account = account.to_string();
        self.env_name = name.to_string();
        self.cacheable = cacheable;
        self.catalog = None;
        self.offline = None;
        self.error = None;
        self.loading = false;
        let path = cache_dir
            .filter(|_| cacheable)
            .map(|dir| crate::store::catalog_cache::cache_path(dir, account));
        self.reading_cache = path.is_some();
        self.cache_file = path.clone();
        path
    }

    /// The cached catalog of `account`, read on the worker (`None`: nothing usable cached).
    pub fn cached(&mut self, account: &str, cached: Option<Catalog>) {
        if account != self.account {
            return;
        }
        self.reading_cache = false;
        if self.catalog.is_none() {
            self.catalog = cached;
        }
    }

    /// A fetched catalog: shown; returns where to cache it, if it is cached.
    pub fn loaded(&mut self, catalog: Catalog) -> Option<PathBuf> {
        self.catalog = Some(catalog);
        self.offline = None;
        self.error = None;
        self.cache_file.clone()
    }

    /// A failed fetch: the cached catalog stays, and the UI says it is offline.
    pub fn failed(&mut self, sentence: String) {
        if self.catalog.is_some() {
            self.offline = Some(sentence);
        } else {
            self.error = Some(sentence);
        }
    }

    /// Where the form's own buttons push their commands.
    pub fn sender(&self) -> &CommandSender {
        &self.tx
    }

    pub fn catalog(&self) -> Option<&Catalog> {
        self.catalog.as_ref()
    }

    pub fn image_loaded(&mut self, url: &str, ok: bool) {
        self.images.insert(
            url.to_string(),
            if ok { Image::Ready } else { Image::Failed },
        );
    }

    /// Asks for the catalog the first time a picker needs it.
    fn ensure(&mut self) {
        let idle = !self.loading && !self.reading_cache;
        if self.catalog.is_none() && idle && self.error.is_none() {
            self.ask("refresh", UiCommand::RefreshCatalog);
        }
    }

    /// Pushes `command` once a frame, however many pickers ask.
    fn ask(&mut self, what: &str, command: UiCommand) {
        if self.asked.insert(what.to_string()) {
            self.tx.send(command);
        }
    }

    /// The status line: what is loaded, how old, Refresh.
    pub fn status_ui(&mut self, ui: &mut Ui) {
        let environment = self.env_name.clone();
        ui.horizontal_wrapped(|ui| {
            let now = chrono::Utc::now();
            match &self.catalog {
                Some(c) => {
                    ui.weak(format!(
                        "{environment} catalog: {} avatars, {} voices, {} LLMs, {} personas · {}",
                        c.avatars.len(),
                        c.voices.len(),
                        c.llms.len(),
                        c.personas.len(),
                        catalog::describe_age(c.fetched_at, now)
                    ));
                }
                None if self.loading => {
                    ui.weak(format!("Loading the {environment} catalog…"));
                }
                // The failure is said below, in full; this line must not contradict it.
                None if self.error.is_some() => {
                    ui.weak(format!("{environment} catalog: could not be loaded"));
                }
                None => {
                    ui.weak(format!(
                        "{environment} catalog: not loaded (the pickers load it)"
                    ));
                }
            }
            if self.loading {
                ui.spinner();
            } else if ui
                .small_button("Refresh catalog")
                .on_hover_text("Fetch the avatars, voices, LLMs and personas again")
                .clicked()
            {
                self.error = None;
                self.ask("refresh", UiCommand::RefreshCatalog);
            }
        });
        if let Some(reason) = &self.offline {
            ui.label(
                RichText::new(format!("Offline: showing the cached catalog. {reason}"))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some(e) = &self.error {
            ui.label(
                RichText::new(format!("Could not load the catalog: {e}"))
                    .color(ui.visuals().error_fg_color),
            );
        }
    }

    /// The picker and the resolved name for an id field; nothing for other fields.
    pub fn field_ui(&mut self, ui: &mut Ui, draft: &mut Draft, path: &str) {
        if ![AVATAR, VOICE, LLM, PERSONA].contains(&path) {
            return;
        }
        let id = draft
            .get(path)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let title = match path {
            AVATAR => "Pick avatar",
            VOICE => "Pick voice",
            LLM => "Pick LLM",
            _ => "Pick persona",
        };
        ui.horizontal(|ui| self.picker_row(ui, draft, path, &id, title));
    }

    fn picker_row(&mut self, ui: &mut Ui, draft: &mut Draft, path: &str, id: &str, title: &str) {
        let id = id.to_string();
        let mut picked: Option<String> = None;
        let button = ui
            .button(format!("{title}…"))
            .accessible_name(title)
            .on_hover_text("Choose from this environment's catalog");
        egui::Popup::menu(&button)
            .width(440.0)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show(|ui| {
                self.ensure();
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                picked = self.list_ui(ui, path, &id);
            });
        if let Some(new_id) = picked {
            draft.set(path, Value::from(new_id.clone()));
            if path == VOICE {
                self.voice_picked(draft, &new_id);
            }
        }
        if path == PERSONA
            && ui
                .add_enabled(!id.trim().is_empty(), egui::Button::new("Start from persona"))
                .on_hover_text("Copy this persona's avatar, voice, LLM, prompt, greeting and voice options into a new ephemeral preset")
                .clicked()
        {
            self.ask("persona", UiCommand::StartFromPersona(id.clone()));
        }
        if self.persona_loading && path == PERSONA {
            ui.spinner();
        }
        if !id.is_empty()
            && let Some(c) = &self.catalog
        {
            match name_of(c, path, &id) {
                Some(name) => ui.weak(name),
                None => ui
                    .label(RichText::new("unknown id").color(ui.visuals().warn_fg_color))
                    .on_hover_text("Not in this environment's catalog. It is sent as it is."),
            };
        }
    }

    /// After a voice is picked: the provider follows the voice's family (ElevenLabs V1 or V2
    /// stays a choice).
    fn voice_picked(&self, draft: &mut Draft, id: &str) {
        let Some(voice) = self.catalog.as_ref().and_then(|c| c.voice(id)) else {
            return;
        };
        let family = voice.providers();
        match draft.voice_provider() {
            Some(p) if family.contains(&p) => {}
            _ => {
                if let Some(p) = family.last() {
                    draft.pick_provider(*p);
                }
            }
        }
    }

    /// The providers the current voice allows, when the catalog knows it.
    pub fn voice_family(&self, draft: &Draft) -> Option<Vec<crate::core::contract::VoiceProvider>> {
        let id = draft.get(VOICE)?.as_str()?;
        let voice = self.catalog.as_ref()?.voice(id)?;
        let family = voice.providers();
        (!family.is_empty()).then_some(family)
    }
}

/// "Name · secondary" for an id of the catalog.
fn name_of(c: &Catalog, path: &str, id: &str) -> Option<String> {
    match path {
        AVATAR => c.avatar(id).map(|a| a.display_name.clone()),
        VOICE => c
            .voice(id)
            .map(|v| format!("{} · {}", v.display_name, v.secondary())),
        LLM => c.llm(id).map(|l| l.display_name.clone()),
        _ => c.persona(id).map(|p| p.name.clone()),
    }
}
