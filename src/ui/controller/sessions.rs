//! What became of each token: its session, found by the token's client label and mint time, and
//! the session list for QA. Refreshed on request, and every few seconds while a session window
//! is open on a live session (nothing is polled otherwise). Drawn by
//! [`crate::ui::view::sessions`].

use crate::core::environment::Environment;
use crate::core::session::{SessionQuery, SessionState, session_for_mint};
use crate::ui::controller::Controller;
use crate::ui::model::purpose::{AnamCall, NeedsKey, SessionCall};
use crate::ui::state::sessions::{SessionList, SessionView};
use crate::worker::Event;
use std::time::Duration;

/// How often an open window on a live session asks again.
pub const LIVE_REFRESH: Duration = Duration::from_secs(5);

impl Controller {
    /// "Session…" on a history entry: opens its window and looks the session up.
    pub(super) fn show_session(&mut self, entry: usize) {
        let Some(token) = self.state.tokens.at(entry).cloned() else {
            return;
        };
        self.state.sessions.view = Some(SessionView::new(entry, &token));
        self.refresh_session();
    }

    pub(super) fn refresh_session(&mut self) {
        let Some(view) = &mut self.state.sessions.view else {
            return;
        };
        let Some(label) = view.label.clone() else {
            return;
        };
        view.loading = true;
        let next = SessionCall::ForEntry {
            base_url: view.base_url.clone(),
            entry: view.entry,
            label,
        };
        let name = view.environment.clone();
        let env = self.environment_named(&name);
        self.services
            .find_key(&env, NeedsKey::Anam(AnamCall::Session(next)));
    }

    /// Reads the session found in full (once per session): what it ran with.
    fn fetch_session_detail(&mut self) {
        let Some(view) = self
            .state
            .sessions
            .view
            .as_mut()
            .filter(|v| v.wants_detail())
        else {
            return;
        };
        let Some(found) = &view.found else {
            return;
        };
        view.detail_loading = true;
        let next = SessionCall::Detail {
            base_url: view.base_url.clone(),
            entry: view.entry,
            session_id: found.id.clone(),
        };
        let name = view.environment.clone();
        let env = self.environment_named(&name);
        self.services
            .find_key(&env, NeedsKey::Anam(AnamCall::Session(next)));
    }

    pub(super) fn show_transcript(&mut self) {
        let Some(view) = &mut self.state.sessions.view else {
            return;
        };
        let Some(found) = &view.found else {
            return;
        };
        view.transcript_loading = true;
        let next = SessionCall::Transcript {
            base_url: view.base_url.clone(),
            session_id: found.id.clone(),
        };
        let name = view.environment.clone();
        let env = self.environment_named(&name);
        self.services
            .find_key(&env, NeedsKey::Anam(AnamCall::Session(next)));
    }

    /// "Sessions" (View menu): the list for the selected environment.
    pub(super) fn show_sessions(&mut self) {
        let env = self.state.environments.current().clone();
        self.panels.sessions.list_open = true;
        self.state.sessions.list.environment = env.name.clone();
        self.search_sessions();
    }

    pub(super) fn search_sessions(&mut self) {
        let env = self.environment_named(&self.state.sessions.list.environment.clone());
        let list = &mut self.state.sessions.list;
        let base_url = match self.services.base_url_of(&env) {
            Ok(url) => url,
            Err(sentence) => return list.error = Some(sentence),
        };
        list.loading = true;
        let search = self.panels.sessions.label_filter.trim();
        let query = SessionQuery {
            search: (!search.is_empty()).then(|| search.to_string()),
            per_page: 100,
            ..Default::default()
        };
        let next = SessionCall::List { base_url, query };
        self.services
            .find_key(&env, NeedsKey::Anam(AnamCall::Session(next)));
    }

    fn environment_named(&self, name: &str) -> Environment {
        (self.state.environments.list().iter())
            .find(|e| e.name == name)
            .cloned()
            .unwrap_or_else(|| self.state.environments.current().clone())
    }

    pub(super) fn session_failed(&mut self, next: SessionCall, sentence: String) {
        let sessions = &mut self.state.sessions;
        match next {
            SessionCall::ForEntry { entry, .. } => {
                if let Some(view) = sessions.view.as_mut().filter(|v| v.entry == entry) {
                    view.failed(sentence);
                }
            }
            SessionCall::Detail { .. } => {
                if let Some(view) = &mut sessions.view {
                    view.detail_loading = false;
                    view.error = Some(sentence);
                }
            }
            SessionCall::Transcript { .. } => {
                if let Some(view) = &mut sessions.view {
                    view.transcript_loading = false;
                    view.error = Some(sentence);
                }
            }
            SessionCall::List { .. } => {
                sessions.list.loading = false;
                sessions.list.error = Some(sentence);
            }
        }
    }

    pub(super) fn session_answer(&mut self, next: SessionCall, event: Event) {
        let sessions = &mut self.state.sessions;
        match (next, event) {
            (SessionCall::ForEntry { entry, label, .. }, Event::Sessions { result, .. }) => {
                let Some(view) = sessions.view.as_mut().filter(|v| v.entry == entry) else {
                    return;
                };
                match result {
                    Ok(page) => {
                        let found = session_for_mint(&page.data, &label, view.minted_at);
                        view.answered(found.cloned());
                        self.fetch_session_detail();
                    }
                    Err(e) => view.failed(format!("Could not look the session up: {e}")),
                }
            }
            (SessionCall::Detail { session_id, .. }, Event::Session { result, .. }) => {
                let Some(view) = &mut sessions.view else {
                    return;
                };
                view.detail_loading = false;
                match result {
                    Ok(d) if view.found.as_ref().is_some_and(|f| f.id == session_id) => {
                        view.detailed(d)
                    }
                    Ok(_) => {}
                    Err(e) => {
                        view.error = Some(format!("Could not read what the session ran with: {e}"))
                    }
                }
            }
            (SessionCall::Transcript { session_id, .. }, Event::Transcript { result, .. }) => {
                let Some(view) = &mut sessions.view else {
                    return;
                };
                view.transcript_loading = false;
                match result {
                    Ok(t) if view.found.as_ref().is_some_and(|f| f.id == session_id) => {
                        view.transcript = Some(t)
                    }
                    Ok(_) => {}
                    Err(e) => view.error = Some(format!("Could not load the transcript: {e}")),
                }
            }
            (SessionCall::List { .. }, Event::Sessions { result, .. }) => {
                let list: &mut SessionList = &mut sessions.list;
                list.loading = false;
                let config = self.state.environments.config();
                match result {
                    Ok(page) => list.listed(page.data, config.label_template(&list.environment)),
                    Err(e) => list.error = Some(format!("Could not list the sessions: {e}")),
                }
            }
            (next, event) => tracing::warn!(?next, ?event, "an answer that fits no question"),
        }
    }

    /// While a session window is open on a live session, it is asked again every few seconds.
    pub fn tick_sessions(&mut self, ctx: &egui::Context) {
        let Some(view) = &self.state.sessions.view else {
            return;
        };
        let live = view
            .found
            .as_ref()
            .is_some_and(|s| s.state() == SessionState::Live);
        if !live || view.loading {
            return;
        }
        let since = view.answered_at.map_or(LIVE_REFRESH, |t| t.elapsed());
        if since >= LIVE_REFRESH {
            self.refresh_session();
        } else {
            ctx.request_repaint_after(LIVE_REFRESH - since);
        }
    }
}

impl Controller {
    /// Settings' "Save template": the config changes now, the file is written on the worker.
    pub(super) fn set_label_template(&mut self, env: &str, template: &str) {
        let mut config = self.state.environments.config().clone();
        match config.set_label_template(env, Some(template)) {
            Ok(()) => self.save_config(config),
            Err(sentence) => {
                self.state.feedback.banner = Some(crate::ui::feedback::Banner::new(sentence))
            }
        }
    }

    /// The body a mint sends to `env` and the label it carries: the preset's own clientLabel,
    /// else the environment's template filled in (the preset is not changed).
    pub(super) fn labelled_body(
        &self,
        env: &Environment,
    ) -> Result<(serde_json::Value, Option<String>), String> {
        use crate::core::label::{self, LabelContext};
        let draft = &self.state.document.draft;
        let literal = (draft.get("clientLabel"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let template = self.state.environments.config().label_template(&env.name);
        let ctx = LabelContext {
            preset: self
                .state
                .document
                .name
                .clone()
                .unwrap_or_else(|| "Untitled".into()),
            user: ["USER", "USERNAME", "LOGNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
                .unwrap_or_default(),
            env: env.name.clone(),
            time: chrono::Utc::now(),
        };
        let (sent, filled) = label::apply(draft.body(), template, &ctx)
            .map_err(|e| format!("{e} (the {} environment, in Settings)", env.name))?;
        Ok((sent.into_value(), filled.or(literal)))
    }
}
