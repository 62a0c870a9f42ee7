//! The worker's catalog commands: the catalog, a persona and an image, each as one event, over
//! real loopback HTTP against the sandbox.

use anam_studio::core::secrets::ApiKey;
use anam_studio::sandbox::{Config, Fault, Sandbox};
use std::time::Duration;

fn key() -> ApiKey {
    ApiKey::new("sk-test-catalog-worker").unwrap()
}

fn sandbox() -> Sandbox {
    Sandbox::start(Config::default()).unwrap()
}

#[test]
fn the_worker_fetches_catalogs_personas_and_images() {
    use anam_studio::worker::{Event, Request, Worker};
    let sandbox = sandbox();
    let mut worker = Worker::start(|| {}).unwrap();
    let timeout = Duration::from_secs(10);
    let wait = |worker: &Worker| {
        worker
            .recv_timeout(Duration::from_secs(20))
            .expect("an event")
    };

    let id = worker.next_id();
    worker.send(Request::FetchCatalog {
        id,
        base_url: sandbox.base_url(),
        key: key(),
        timeout,
    });
    let catalog = match wait(&worker) {
        Event::Catalog { id: got, result } => {
            assert_eq!(got, id);
            result.unwrap()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(catalog.voices.len(), 40);

    let id = worker.next_id();
    worker.send(Request::FetchPersona {
        id,
        base_url: sandbox.base_url(),
        key: key(),
        persona_id: catalog.personas[1].id.clone(),
        timeout,
    });
    match wait(&worker) {
        Event::Persona { id: got, result } => {
            assert_eq!(got, id);
            assert_eq!(result.unwrap().summary.name, catalog.personas[1].name);
        }
        other => panic!("{other:?}"),
    }

    let url = catalog.avatars[0].image_url.clone().unwrap();
    let id = worker.next_id();
    worker.send(Request::FetchImage {
        id,
        url: url.clone(),
        timeout,
    });
    match wait(&worker) {
        Event::Image {
            id: got,
            url: got_url,
            result,
        } => {
            assert_eq!((got, got_url), (id, url));
            assert!(result.unwrap().starts_with(b"\x89PNG"));
        }
        other => panic!("{other:?}"),
    }

    // Failures come back as sentences; a cancelled fetch as Cancelled.
    let id = worker.next_id();
    worker.send(Request::FetchImage {
        id,
        url: "http://example.com/a.png".into(),
        timeout,
    });
    match wait(&worker) {
        Event::Image { result, .. } => assert!(
            result
                .unwrap_err()
                .to_string()
                .contains("plain http:// is only allowed for localhost")
        ),
        other => panic!("{other:?}"),
    }
    let config = Config::default();
    config.catalog_faults.push(Fault::Hang);
    let hanging = Sandbox::start(config).unwrap();
    let id = worker.next_id();
    worker.send(Request::FetchCatalog {
        id,
        base_url: hanging.base_url(),
        key: key(),
        timeout,
    });
    worker.send(Request::Cancel { id });
    let event = wait(&worker);
    assert!(matches!(event, Event::Cancelled { .. }), "{event:?}");
    assert_eq!(event.id(), id);
}
