//! Persona and session requests, sent once their key is found.

use super::Services;
use crate::core::secrets::ApiKey;
use crate::core::session::SessionQuery;
use crate::ui::model::purpose::{AnamCall, AnamPurpose, Purpose, SessionCall};
use crate::worker::Request;

impl Services {
    /// Sends a persona or session request once its key is found.
    pub(super) fn send_anam(&mut self, next: AnamCall, key: ApiKey) {
        let timeout = self.timeout;
        match next {
            AnamCall::Persona {
                base_url,
                id: persona_id,
                compare,
            } => self.request(Purpose::Anam(AnamPurpose::Persona { compare }), |id| {
                Request::FetchPersona {
                    id,
                    base_url,
                    key,
                    persona_id,
                    timeout,
                }
            }),
            AnamCall::Push { base_url, push } => {
                self.request(Purpose::Anam(AnamPurpose::Pushed), |id| {
                    Request::PushPersona {
                        id,
                        base_url,
                        key,
                        push,
                        timeout,
                    }
                })
            }
            AnamCall::Session(next) => self.send_session(next, key),
        }
    }
}

impl Services {
    pub(super) fn send_session(&mut self, next: SessionCall, key: ApiKey) {
        let timeout = self.timeout;
        let purpose = Purpose::Anam(AnamPurpose::Session(next.clone()));
        match next {
            SessionCall::ForEntry {
                base_url, label, ..
            } => self.request(purpose, |id| Request::FetchSessions {
                id,
                base_url,
                key,
                query: SessionQuery::by_label(&label),
                timeout,
            }),
            SessionCall::List { base_url, query } => {
                self.request(purpose, |id| Request::FetchSessions {
                    id,
                    base_url,
                    key,
                    query,
                    timeout,
                })
            }
            SessionCall::Detail {
                base_url,
                session_id,
                ..
            } => self.request(purpose, |id| Request::FetchSession {
                id,
                base_url,
                key,
                session_id,
                timeout,
            }),
            SessionCall::Transcript {
                base_url,
                session_id,
            } => self.request(purpose, |id| Request::FetchTranscript {
                id,
                base_url,
                key,
                session_id,
                timeout,
            }),
        }
    }
}
