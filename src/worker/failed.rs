//! The event a request that panicked is answered with, so nothing waits for an answer that
//! will never come.

use super::{Event, Request, RequestId};
use crate::api::ApiError;

/// Which event a request answers with, kept before it runs: a request that panics is answered
/// with the same kind of event, carrying [`ApiError::Internal`].
pub(super) enum Failed {
    Mint(RequestId),
    TestKey(RequestId),
    Catalog(RequestId),
    Persona(RequestId),
    Image(RequestId, String),
    Pushed(RequestId),
    Sessions(RequestId),
    Session(RequestId),
    Transcript(RequestId),
    Cancel(RequestId),
}

impl Failed {
    pub(super) fn of(command: &Request) -> Failed {
        match command {
            Request::Mint { id, .. } => Failed::Mint(*id),
            Request::TestKey { id, .. } => Failed::TestKey(*id),
            Request::FetchCatalog { id, .. } => Failed::Catalog(*id),
            Request::FetchPersona { id, .. } => Failed::Persona(*id),
            Request::FetchImage { id, url, .. } => Failed::Image(*id, url.clone()),
            Request::PushPersona { id, .. } => Failed::Pushed(*id),
            Request::FetchSessions { id, .. } => Failed::Sessions(*id),
            Request::FetchSession { id, .. } => Failed::Session(*id),
            Request::FetchTranscript { id, .. } => Failed::Transcript(*id),
            Request::Store { id, .. } | Request::Cancel { id } => Failed::Cancel(*id),
        }
    }

    pub(super) fn event(self) -> Event {
        let error = |doing| ApiError::Internal { doing };
        match self {
            Failed::Mint(id) => Event::Failed {
                id,
                error: error("minting the token"),
            },
            Failed::TestKey(id) => Event::KeyTested {
                id,
                result: Err(error("testing the key")),
            },
            Failed::Catalog(id) => Event::Catalog {
                id,
                result: Err(error("loading the catalogs")),
            },
            Failed::Persona(id) => Event::Persona {
                id,
                result: Err(error("loading the persona")),
            },
            Failed::Image(id, url) => Event::Image {
                id,
                url,
                result: Err(error("loading an image")),
            },
            Failed::Pushed(id) => Event::PersonaPushed {
                id,
                result: Err(error("saving the persona")),
            },
            Failed::Sessions(id) => Event::Sessions {
                id,
                result: Err(error("loading the sessions")),
            },
            Failed::Session(id) => Event::Session {
                id,
                result: Err(error("loading the session")),
            },
            Failed::Transcript(id) => Event::Transcript {
                id,
                result: Err(error("loading the transcript")),
            },
            Failed::Cancel(id) => Event::Cancelled { id },
        }
    }
}
