//! `sandbox`: the fake API on 127.0.0.1, served until Ctrl+C.

use super::*;

pub(super) fn run(port: u16) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| Failure(format!("could not listen on 127.0.0.1:{port}: {e}")))?;
        let url = format!("http://{}", listener.local_addr()?);
        eprintln!(
            "Sandbox listening on {url} (any non-empty API key is accepted; it keeps the newest {} sessions). Ctrl+C stops it.",
            crate::sandbox::MAX_RECORDS
        );
        eprintln!("Try: ANAM_API_KEY=demo anam-studio mint --preset presets/stateful-persona.json --base-url {url}");
        tokio::select! {
            served = crate::sandbox::serve(listener, crate::sandbox::Config::default()) => served.map_err(Failure::from),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}
