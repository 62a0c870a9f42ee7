//! `anam-studio demo`: serve the page for a token just minted, until Ctrl+C.

use super::*;
use crate::demo::{DemoServer, LaunchRequest, SdkOptions};

/// How long the first launch may take (fetching the SDK from the registry).
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(120);

/// `demo`: mint as `mint` does, then serve the page until Ctrl+C.
pub(super) fn run(path: &Path, base_url: &str, timeout: u64, open: bool) -> Result<(), Failure> {
    let minted = mint_token(path, base_url, timeout, false)?;
    let preset_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    serve(minted.token, base_url, preset_name, open)
}

/// The name the page shows for an environment given by its base URL.
fn environment_name(base_url: &str) -> String {
    match crate::api::normalize_base_url(base_url) {
        Ok(url) if url == crate::api::PRODUCTION_URL => crate::core::environment::PRODUCTION.into(),
        Ok(url) => url,
        Err(_) => base_url.to_string(),
    }
}

/// Serves the page for `token` until Ctrl+C: prints its address on stdout, opens it in the
/// system browser unless `open` is false.
fn serve(token: String, base_url: &str, preset_name: String, open: bool) -> Result<(), Failure> {
    let options = SdkOptions::pinned(SdkOptions::default_cache_dir(), None);
    let server = DemoServer::start(options, || {})
        .map_err(|e| Failure(format!("could not start the page server: {e}")))?;
    let launch = server.launch_blocking(
        LaunchRequest {
            token,
            base_url: base_url.to_string(),
            preset_name: preset_name.clone(),
            environment_name: environment_name(base_url),
        },
        LAUNCH_TIMEOUT,
    )?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", launch.url)?;
        out.flush()?;
    }
    let left = launch
        .expires_at
        .map(|e| crate::core::jwt::describe_seconds_left((e - chrono::Utc::now()).num_seconds()))
        .unwrap_or_else(|| "no expiry in the token".into());
    eprintln!(
        "Serving the demo page for {preset_name} (token: {left}). Open the address above in Chrome, Edge or Safari on this machine; Ctrl+C stops it."
    );
    if open && let Err(e) = webbrowser::open(&launch.url) {
        eprintln!("Could not open a browser ({e}): open the address yourself.");
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime
        .block_on(tokio::signal::ctrl_c())
        .map_err(|e| Failure(format!("could not wait for Ctrl+C: {e}")))?;
    drop(server);
    Ok(())
}
