//! The core without a server or a window: the field table against the contract, the shipped
//! presets, pasted requests, and the property tests (their saved failing cases are in
//! tests/proptest-regressions/, where proptest looks for a binary whose root is main.rs).
//!
//! `.ci/windows` builds this binary for Windows and runs it under Wine: there only `presets`
//! runs (as tests/presets.rs did before the test files were grouped); the other modules are
//! built for unix only.

#[cfg(unix)]
#[path = "../common/mod.rs"]
mod common;

#[cfg(unix)]
mod contract_drift;
#[cfg(unix)]
mod intake_corpus;
#[cfg(unix)]
mod intake_quoting;
mod presets;
#[cfg(unix)]
mod properties;
#[cfg(unix)]
mod reliability_properties;
