//! The catalog of the selected environment (avatars, voices, LLMs, personas and saved tools), as
//! last fetched or read from the cache, and what is being fetched: the catalog, a persona, the
//! avatars' thumbnails.

use crate::core::catalog::{Catalog, Tool};
use crate::core::contract::VoiceProvider;
use crate::core::draft::Draft;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The id fields that have a catalog picker.
pub const AVATAR: &str = "personaConfig.avatarId";
pub const VOICE: &str = "personaConfig.voiceId";
pub const LLM: &str = "personaConfig.llmId";
pub const PERSONA: &str = "personaConfig.personaId";
/// The list of saved tools' ids (a list: its picker adds one id at a time).
pub const TOOL_IDS: &str = "personaConfig.toolIds";

/// Where a thumbnail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Loading,
    Ready,
    Failed,
}

/// The catalog of the current environment, and what is being fetched.
#[derive(Default)]
pub struct Catalogs {
    /// The environment the catalog belongs to (its key account) and its name.
    account: String,
    pub env_name: String,
    /// Whether this environment's catalog is cached on disk (not the sandbox's: its thumbnail
    /// URLs change with its port every run).
    cacheable: bool,
    catalog: Option<Catalog>,
    /// Set when the last refresh failed and the shown catalog is the cached one.
    pub offline: Option<String>,
    /// The error of the last refresh when there is nothing cached.
    pub error: Option<String>,
    /// A catalog fetch is in flight.
    pub loading: bool,
    /// The cached catalog is being read.
    pub reading_cache: bool,
    /// Where this environment's catalog is cached, if it is.
    cache_file: Option<PathBuf>,
    /// A persona is being fetched for "Start from persona".
    pub persona_loading: bool,
    images: HashMap<String, Image>,
}

impl Catalogs {
    /// Switches to an environment's catalog. Returns the cache file to read (on the worker)
    /// when the environment changed and its catalog is cached under `cache_dir`.
    pub fn select(
        &mut self,
        account: &str,
        name: &str,
        cacheable: bool,
        cache_dir: Option<&Path>,
    ) -> Option<PathBuf> {
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

    pub fn catalog(&self) -> Option<&Catalog> {
        self.catalog.as_ref()
    }

    /// The account's saved tools (`GET /v1/tools`), when the catalog is loaded.
    pub fn tools(&self) -> Option<&[Tool]> {
        self.catalog.as_ref().map(|c| c.tools.as_slice())
    }

    pub fn image_loaded(&mut self, url: &str, ok: bool) {
        self.images.insert(
            url.to_string(),
            if ok { Image::Ready } else { Image::Failed },
        );
    }

    /// Where the thumbnail at `url` is; `None` before it is asked for.
    pub fn image(&self, url: &str) -> Option<Image> {
        self.images.get(url).copied()
    }

    /// The thumbnail at `url` is being loaded.
    pub fn image_asked(&mut self, url: &str) {
        self.images.insert(url.to_string(), Image::Loading);
    }

    /// The providers the current voice allows, when the catalog knows it.
    pub fn voice_family(&self, draft: &Draft) -> Option<Vec<VoiceProvider>> {
        let id = draft.get(VOICE)?.as_str()?;
        let voice = self.catalog.as_ref()?.voice(id)?;
        let family = voice.providers();
        (!family.is_empty()).then_some(family)
    }
}
