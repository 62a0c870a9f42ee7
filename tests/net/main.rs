//! The loopback servers and clients without the window: the catalog (the sandbox's lists, the
//! client's paging, images, the disk cache), the worker, the demo page server and its SDK, the
//! servers' limits, and the copied snippets run for real. The browser tests (demo_browser) are
//! ignored unless `.ci/browser-tests` runs them with headless Chromium.

#[path = "../common/mod.rs"]
mod common;

mod catalog;
mod catalog_worker;
mod copy_as_curl;
mod demo_browser;
mod demo_sdk;
mod demo_server;
mod server_limits;
mod snippets_run;
