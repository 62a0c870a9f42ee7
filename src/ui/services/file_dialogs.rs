//! File dialogs (import, export), behind a trait so tests can stand in for them.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use tracing::{Level, Subscriber};
use tracing_log::NormalizeEvent as _;
use tracing_subscriber::layer::{Context, Layer};

/// The file chooser could not open: a path can be typed instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChooserFailed;

/// What a file chooser gave: a file, `None` when it was closed without one (or, where that
/// cannot be told apart, no chooser opened), or [`ChooserFailed`].
pub type Chosen = Result<Option<PathBuf>, ChooserFailed>;

/// File dialogs, behind a trait so tests can stand in for them.
pub trait FileDialogs {
    fn open_body(&mut self) -> Chosen;
    fn save_body(&mut self, suggested_name: &str) -> Chosen;
}

/// The platform's dialogs (`rfd`).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_body(&mut self) -> Chosen {
        native(|| {
            rfd::FileDialog::new()
                .set_title("Import a request body")
                .add_filter("JSON", &["json"])
                .pick_file()
        })
    }

    fn save_body(&mut self, suggested_name: &str) -> Chosen {
        native(|| {
            rfd::FileDialog::new()
                .set_title("Export the request body")
                .add_filter("JSON", &["json"])
                .set_file_name(format!("{suggested_name}.json"))
                .save_file()
        })
    }
}

/// File dialogs that are always cancelled.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open_body(&mut self) -> Chosen {
        Ok(None)
    }
    fn save_body(&mut self, _suggested_name: &str) -> Chosen {
        Ok(None)
    }
}

thread_local! {
    /// The level of rfd's last warning or error on this thread (the chooser runs on it).
    static LAST_WORD: Cell<Option<Level>> = const { Cell::new(None) };
}

/// Listens to the log for rfd's words: rfd returns no file both when a chooser is cancelled and
/// when none could open, and logs an error only for the latter (a warning when it falls back to
/// another chooser, which may still open). Installed with the window's logging (`main`).
pub struct ChooserLog;

impl<S: Subscriber> Layer<S> for ChooserLog {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        // rfd logs through `log`: a bridged record's own target and level.
        let normalized = event.normalized_metadata();
        let meta = normalized.as_ref().unwrap_or_else(|| event.metadata());
        if meta.target().starts_with("rfd") && *meta.level() <= Level::WARN {
            LAST_WORD.set(Some(*meta.level()));
        }
    }
}

/// Runs a native chooser: it failed when it panicked, or gave no file after its last word was an
/// error.
fn native(pick: impl FnOnce() -> Option<PathBuf>) -> Chosen {
    LAST_WORD.set(None);
    let picked = catch_unwind(AssertUnwindSafe(pick)).map_err(|_| ChooserFailed)?;
    match (picked, LAST_WORD.take()) {
        (None, Some(Level::ERROR)) => Err(ChooserFailed),
        (picked, _) => Ok(picked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_log::log;
    use tracing_subscriber::layer::SubscriberExt as _;

    /// Runs `f` with the app's listener installed.
    fn listened<T>(f: impl FnOnce() -> T) -> T {
        let subscriber = tracing_subscriber::registry().with(ChooserLog);
        tracing::subscriber::with_default(subscriber, f)
    }

    /// A record as rfd logs it (through `log`, bridged as the app's logging does).
    fn logs(target: &str, level: log::Level, message: &str) {
        tracing_log::format_trace(
            &log::Record::builder()
                .target(target)
                .level(level)
                .args(format_args!("{message}"))
                .build(),
        )
        .unwrap();
    }

    const PORTAL: &str = "rfd::backend::xdg_desktop_portal";

    #[test]
    fn a_chooser_whose_last_word_is_an_error_failed() {
        let chosen = listened(|| {
            native(|| {
                logs(
                    PORTAL,
                    log::Level::Error,
                    "Failed to connect to session bus",
                );
                logs(PORTAL, log::Level::Warn, "Using zenity fallback");
                logs(PORTAL, log::Level::Error, "Failed to pick file with zenity");
                None
            })
        });
        assert_eq!(chosen, Err(ChooserFailed));
    }

    #[test]
    fn a_fallback_chooser_that_opened_and_was_cancelled_did_not_fail() {
        let chosen = listened(|| {
            native(|| {
                logs(PORTAL, log::Level::Error, "OpenFile failed");
                logs(PORTAL, log::Level::Warn, "Using zenity fallback");
                None
            })
        });
        assert_eq!(chosen, Ok(None));
    }

    #[test]
    fn a_file_is_taken_whatever_was_logged_and_other_crates_errors_are_not_the_choosers() {
        let picked = PathBuf::from("/tmp/body.json");
        let chosen = listened(|| {
            native(|| {
                logs(PORTAL, log::Level::Error, "OpenFile failed");
                Some(picked.clone())
            })
        });
        assert_eq!(chosen, Ok(Some(picked)));
        let chosen = listened(|| {
            native(|| {
                logs("zbus::connection", log::Level::Error, "unrelated");
                None
            })
        });
        assert_eq!(chosen, Ok(None));
    }

    #[test]
    fn a_chooser_that_panics_failed() {
        assert_eq!(native(|| panic!("the chooser broke")), Err(ChooserFailed));
    }
}
