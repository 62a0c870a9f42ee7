//! Carrying out a request: each one's client call, and the event that says how it went.

use super::{Event, Request};
use crate::api::{ApiError, Client};
use std::time::Duration;

/// Carries out one request over the network and says how it went.
pub async fn perform(request: Request) -> Event {
    match request {
        Request::Mint {
            id,
            base_url,
            key,
            body,
            timeout,
        } => match with_client(&base_url, timeout, async |c| c.mint(&key, &body).await).await {
            Ok(minted) => Event::Minted { id, minted },
            Err(error) => Event::Failed { id, error },
        },
        Request::TestKey {
            id,
            base_url,
            key,
            timeout,
        } => Event::KeyTested {
            id,
            result: with_client(&base_url, timeout, async |c| c.test_key(&key).await).await,
        },
        Request::FetchCatalog {
            id,
            base_url,
            key,
            timeout,
        } => Event::Catalog {
            id,
            result: with_client(&base_url, timeout, async |c| c.catalog(&key).await).await,
        },
        Request::FetchPersona {
            id,
            base_url,
            key,
            persona_id,
            timeout,
        } => Event::Persona {
            id,
            result: with_client(&base_url, timeout, async |c| {
                c.persona(&key, &persona_id).await
            })
            .await,
        },
        Request::FetchImage { id, url, timeout } => {
            let result = crate::api::fetch_image(&url, timeout).await;
            Event::Image { id, url, result }
        }
        Request::PushPersona {
            id,
            base_url,
            key,
            push,
            timeout,
        } => Event::PersonaPushed {
            id,
            result: with_client(&base_url, timeout, async |c| {
                c.push_persona(&key, &push).await
            })
            .await,
        },
        Request::FetchSessions {
            id,
            base_url,
            key,
            query,
            timeout,
        } => Event::Sessions {
            id,
            result: with_client(&base_url, timeout, async |c| c.sessions(&key, &query).await).await,
        },
        Request::FetchSession {
            id,
            base_url,
            key,
            session_id,
            timeout,
        } => Event::Session {
            id,
            result: with_client(&base_url, timeout, async |c| {
                c.session(&key, &session_id).await
            })
            .await,
        },
        Request::FetchTranscript {
            id,
            base_url,
            key,
            session_id,
            timeout,
        } => Event::Transcript {
            id,
            result: with_client(&base_url, timeout, async |c| {
                c.transcript(&key, &session_id).await
            })
            .await,
        },
        // `dispatch` runs store calls and cancels itself; they never come here.
        Request::Store { id, .. } | Request::Cancel { id } => Event::Cancelled { id },
    }
}

/// The one place a request builds its client: a base URL that does not pass the check fails
/// the request with that sentence before anything is sent.
async fn with_client<T>(
    base_url: &str,
    timeout: Duration,
    call: impl AsyncFnOnce(&Client) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let client = Client::new(base_url, timeout)?;
    call(&client).await
}
