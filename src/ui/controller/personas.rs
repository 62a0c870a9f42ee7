//! Pushing the form to a saved persona, and comparing a preset with one: the persona is fetched
//! (once the key is found), a [`Plan`] is made and shown, and the push goes out only when
//! confirmed. The window is [`crate::ui::view::PersonaPushPanel`].

use crate::api::ApiError;
use crate::core::catalog::PersonaDetail;
use crate::core::contract::fields;
use crate::core::persona::{self, Plan, Target};
use crate::ui::controller::Controller;
use crate::ui::feedback::Until;
use crate::ui::model::purpose::{AnamCall, AnamPurpose, NeedsKey};
use crate::ui::state::personas::Stage;
use crate::worker::Event;
use serde_json::Value;

impl Controller {
    /// "Push to saved persona…": opens the window on the choice of target.
    pub(super) fn open_persona_push(&mut self) {
        let env = self.state.environments.current().clone();
        self.panels.persona_push.open(false);
        self.state.push.start(&env, false);
        if let Err(e) = persona::settings(self.state.document.draft.body()) {
            self.state.push.stage = Stage::Failed(e.to_string());
        }
    }

    /// The target is chosen: a create is planned at once, an update once the persona is here.
    pub(super) fn plan_push(&mut self, target: Option<String>) {
        let body = self.state.document.draft.body().clone();
        match target {
            None => {
                self.state.push.stage = match persona::plan_create(&body) {
                    Ok(plan) => Stage::Ready(Box::new(plan)),
                    Err(e) => Stage::Failed(e.to_string()),
                }
            }
            Some(id) => self.fetch_for_plan(id, false),
        }
    }

    /// "Compare with saved persona": the persona the preset names, or the one it was pushed to.
    pub(super) fn compare_persona(&mut self) {
        let env = self.state.environments.current().clone();
        let body = self.state.document.draft.body();
        let named = body
            .get("personaConfig.personaId")
            .and_then(Value::as_str)
            .map(str::to_string);
        let preset = self.state.document.name.clone().unwrap_or_default();
        let id = named.or_else(|| self.state.push.pushed_id(&preset, &env.name));
        self.panels.persona_push.open(true);
        self.state.push.start(&env, true);
        match id {
            Some(id) => self.fetch_for_plan(id, true),
            None => {
                self.state.push.stage = Stage::Failed(
                    "This preset names no saved persona, and has not been pushed to one in this environment during this run.".into(),
                )
            }
        }
    }

    fn fetch_for_plan(&mut self, id: String, compare: bool) {
        let env = self.state.environments.current().clone();
        self.state.push.stage = Stage::Loading(id.clone());
        match self.services.base_url_of(&env) {
            Ok(base_url) => {
                let next = AnamCall::Persona {
                    base_url,
                    id,
                    compare,
                };
                self.services.find_key(&env, NeedsKey::Anam(next))
            }
            Err(sentence) => self.state.push.stage = Stage::Failed(sentence),
        }
    }

    /// "Push": sends the plan shown (the window checked the guard before enabling it).
    pub(super) fn confirm_push(&mut self) {
        let push = &mut self.state.push;
        let typed = &self.panels.persona_push.typed;
        let Stage::Ready(plan) = &push.stage else {
            return;
        };
        if push.guarded && persona::confirm_typed(typed, &plan.guard_phrase()).is_err() {
            return;
        }
        let Some(sent) = plan.push() else {
            return;
        };
        let env = (self.state.environments.list().iter())
            .find(|e| e.name == push.env)
            .cloned()
            .unwrap_or_else(|| self.state.environments.current().clone());
        push.stage = Stage::Pushing(plan.clone());
        match self.services.base_url_of(&env) {
            Ok(base_url) => {
                let call = AnamCall::Push {
                    base_url,
                    push: sent,
                };
                self.services.find_key(&env, NeedsKey::Anam(call))
            }
            Err(sentence) => self.state.push.stage = Stage::Failed(sentence),
        }
    }

    /// A key could not be found for a persona or session request.
    pub(super) fn anam_refused(&mut self, next: AnamCall, sentence: String) {
        match next {
            AnamCall::Session(next) => self.session_failed(next, sentence),
            _ => self.state.push.stage = Stage::Failed(sentence),
        }
    }

    /// The worker's answer to a persona or session request.
    pub(super) fn anam_answer(&mut self, purpose: AnamPurpose, event: Event) {
        match (purpose, event) {
            (AnamPurpose::Persona { compare }, Event::Persona { result, .. }) => {
                self.persona_here(compare, result)
            }
            (AnamPurpose::Pushed, Event::PersonaPushed { result, .. }) => self.pushed(result),
            (AnamPurpose::Session(next), event) => self.session_answer(next, event),
            (purpose, event) => tracing::warn!(?purpose, ?event, "an answer that fits no question"),
        }
    }

    fn persona_here(&mut self, compare: bool, result: Result<PersonaDetail, ApiError>) {
        let body = self.state.document.draft.body();
        let stateful = body.get("personaConfig.personaId").is_some();
        self.state.push.stage = match result {
            Err(e) => Stage::Failed(format!("Could not load the persona: {e}")),
            Ok(detail) if compare && stateful => Stage::Ready(Box::new(saved_only(&detail))),
            Ok(detail) => match persona::plan_update(body, &detail) {
                Ok(plan) => Stage::Ready(Box::new(plan)),
                Err(e) => Stage::Failed(e.to_string()),
            },
        };
    }

    fn pushed(&mut self, result: Result<PersonaDetail, ApiError>) {
        let push = &mut self.state.push;
        match result {
            Ok(detail) => {
                let env = push.env.clone();
                let preset = self.state.document.name.clone().unwrap_or_default();
                push.pushed(&preset, &env, &detail.summary.id);
                self.panels.persona_push.open = false;
                let persona = match detail.summary.name.trim() {
                    "" => detail.summary.id.clone(),
                    name => format!("{name} ({})", detail.summary.id),
                };
                self.state.feedback.say(
                    format!("Pushed to persona {persona} in {env}."),
                    Until::DocumentReplaced,
                );
            }
            Err(e) => push.stage = Stage::Failed(format!("The push failed: {e}")),
        }
    }
}

/// A stateful preset takes all its settings from the persona: both sides are the persona's.
fn saved_only(detail: &PersonaDetail) -> Plan {
    let body = detail.to_ephemeral_body().into_value();
    let body = match body.get(fields::PERSONA) {
        Some(config) => serde_json::json!({ fields::PERSONA: config }),
        None => body,
    };
    Plan {
        target: Target::Update {
            id: detail.summary.id.clone(),
        },
        name: detail.summary.name.clone(),
        current: body.clone(),
        future: body,
        send: Default::default(),
        left_out: Vec::new(),
    }
}
