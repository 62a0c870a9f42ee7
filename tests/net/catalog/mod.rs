//! The catalog over real loopback HTTP, by feature: the sandbox's lists (paging, search, the
//! catalog it serves), persona details into ephemeral bodies, errors as sentences, the client's
//! walk through pages and tolerant items (against a stub server that can lie), images, and the
//! disk cache; saved tools (tools.rs). `anam-studio list` is in the cli binary (tests/cli/catalog_list.rs).

use anam_studio::api::Client;
use anam_studio::core::secrets::ApiKey;
use anam_studio::sandbox::{Config, Sandbox};
use axum::response::Response;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const KEY: &str = "sk-test-catalog-0123456789";

fn block<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn key() -> ApiKey {
    ApiKey::new(KEY).unwrap()
}

fn client(base: &str) -> Client {
    Client::new(base, Duration::from_secs(10)).unwrap()
}

fn sandbox() -> Sandbox {
    Sandbox::start(Config::default()).unwrap()
}

/// A raw GET with the key: the status and the JSON reply.
fn get(url: &str) -> (u16, Value) {
    anam_studio::api::install_crypto_provider();
    block(async {
        let response = reqwest::Client::new()
            .get(url)
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    })
}

fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// A loopback server that records each request's path and query and answers with `handler`.
struct Stub {
    base: String,
    seen: Arc<Mutex<Vec<String>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Stub {
    fn start(handler: impl Fn(&str, &str) -> Response + Send + Sync + 'static) -> Stub {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let log = seen.clone();
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let (handler, log) = (handler.clone(), log.clone());
            async move {
                let query = uri.query().unwrap_or_default().to_string();
                log.lock().unwrap().push(format!("{}?{query}", uri.path()));
                handler(uri.path(), &query)
            }
        });
        runtime.spawn(async move { axum::serve(listener, app).await });
        Stub {
            base,
            seen,
            _runtime: runtime,
        }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

mod cache;
mod client;
mod errors;
mod images;
mod newer_fields;
mod personas;
mod sandbox_lists;
mod tools;
