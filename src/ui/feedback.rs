//! What the app tells the user: a banner (a failure, one sentence and details), a notice (a line
//! of news) and a toast ("Token copied"). Each goes when the state it is about goes.

use crate::core::contract::Mode;
use std::time::Duration;

/// A failure shown as a banner: one sentence, and details to expand.
#[derive(Debug, Clone)]
pub struct Banner {
    pub sentence: String,
    pub details: Option<String>,
    /// The state it belongs to: the banner goes when that state goes.
    pub(super) cause: Cause,
}

/// What a banner is about: it goes when that goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cause {
    /// Something that happened (a refused file, a failed save): it stays until dismissed or
    /// replaced.
    Event,
    /// The Body tab's text does not parse: the banner goes when it parses or is reverted.
    UnparsedBody,
    /// A mint of this mode's body against this environment failed (or could not start): the
    /// banner goes when either changes, or the document is replaced.
    Attempt { environment: String, mode: Mode },
    /// The API rejected the body of this revision (400): the answer goes when the body
    /// changes (or the environment, or the document).
    Rejected { environment: String, revision: u64 },
}

impl Banner {
    pub fn new(sentence: impl Into<String>) -> Self {
        Banner {
            sentence: sentence.into(),
            details: None,
            cause: Cause::Event,
        }
    }

    pub fn with_details(sentence: impl Into<String>, details: Option<String>) -> Self {
        Banner {
            details,
            ..Banner::new(sentence)
        }
    }

    /// A banner that goes when the Body tab's text parses.
    pub(super) fn unparsed(sentence: String) -> Self {
        Banner {
            cause: Cause::UnparsedBody,
            ..Banner::new(sentence)
        }
    }

    /// A banner about a failed (or refused) mint of a body in `mode` against `environment`.
    pub(super) fn attempt(
        sentence: String,
        details: Option<String>,
        environment: &str,
        mode: Mode,
    ) -> Self {
        Banner {
            cause: Cause::Attempt {
                environment: environment.to_string(),
                mode,
            },
            ..Banner::with_details(sentence, details)
        }
    }
}

impl Banner {
    /// The API's answer to a body it rejected (400): it goes when the body changes.
    pub(super) fn rejected(
        sentence: String,
        details: Option<String>,
        environment: &str,
        revision: u64,
    ) -> Self {
        Banner {
            cause: Cause::Rejected {
                environment: environment.to_string(),
                revision,
            },
            ..Banner::with_details(sentence, details)
        }
    }
}

/// A line of news under the form. It goes when dismissed, or with the state it is about.
#[derive(Debug, Clone)]
pub(super) struct Notice {
    pub text: String,
    pub until: Until,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Until {
    Dismissed,
    /// Another preset is opened, or a new one started.
    DocumentReplaced,
    /// A mint starts, or a token arrives.
    NextMint,
}

const TOAST_SECS: f64 = 2.0;

#[derive(Default)]
pub struct Feedback {
    pub banner: Option<Banner>,
    pub(super) notice: Option<Notice>,
    /// "Copied" and when it goes away (in egui time).
    pub(super) toast: Option<(String, f64)>,
    /// What a pasted request offers (add its environment, save its key): it goes with the
    /// notice.
    pub(super) offer: Option<crate::ui::model::intake::Offer>,
}

impl Feedback {
    pub(super) fn say(&mut self, text: impl Into<String>, until: Until) {
        self.notice = Some(Notice {
            text: text.into(),
            until,
        });
    }

    /// The notice goes if it was waiting for `until`.
    pub(super) fn end_notice(&mut self, until: Until) {
        if self.notice.as_ref().is_some_and(|n| n.until == until) {
            self.notice = None;
        }
    }

    /// Messages about the document that was on screen go with it.
    pub(super) fn replaced_document(&mut self) {
        self.end_notice(Until::DocumentReplaced);
        self.offer = None;
        if self
            .banner
            .as_ref()
            .is_some_and(|b| matches!(b.cause, Cause::Attempt { .. } | Cause::Rejected { .. }))
        {
            self.banner = None;
        }
    }

    /// The banner goes when its state has ended (checked once a frame, before drawing).
    pub(super) fn drop_stale(&mut self, environment: &str, draft: &crate::core::draft::Draft) {
        let stale = match self.banner.as_ref().map(|b| &b.cause) {
            Some(Cause::UnparsedBody) => draft.unparsed().is_none(),
            Some(Cause::Attempt {
                environment: e,
                mode,
            }) => e != environment || *mode != draft.mode(),
            Some(Cause::Rejected {
                environment: e,
                revision,
            }) => e != environment || *revision != draft.revision(),
            Some(Cause::Event) | None => false,
        };
        if stale {
            self.banner = None;
        }
    }

    pub(super) fn toast(&mut self, text: &str, ctx: &egui::Context) {
        let until = ctx.input(|i| i.time) + TOAST_SECS;
        self.toast = Some((text.to_string(), until));
        ctx.request_repaint_after(Duration::from_secs_f64(TOAST_SECS));
    }

    /// Whether there is a banner or a notice to show.
    pub(super) fn has_messages(&self) -> bool {
        self.banner.is_some() || self.notice.is_some()
    }
}
