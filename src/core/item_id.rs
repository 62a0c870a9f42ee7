//! The id of one item the API keeps (a persona, a session), checked before it goes into a URL:
//! `{base}/v1/personas/{id}` must name that item and nothing else. `..` and `.` would make the
//! URL another endpoint (the list), a URL drops CR, LF and tab without a word (another id), and
//! an empty id names no item at all; each is refused, so nothing is ever sent to an id the user
//! did not give.

use crate::core::shown::{is_hidden, shown};
use std::fmt;

/// Why an id was refused; one sentence each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Empty { what: &'static str },
    Dots { what: &'static str, id: String },
    Control { what: &'static str, id: String },
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty { what } => write!(
                f,
                "The {what} id is empty: give the id of one {what}; nothing was sent."
            ),
            IdError::Dots { what, id } => write!(
                f,
                "\"{id}\" is not an id: it would name another endpoint, not one {what}; nothing was sent."
            ),
            IdError::Control { what, id } => write!(
                f,
                "The {what} id \"{}\" holds a control character (a line break, tab or escape): copy the id again without it; nothing was sent.",
                shown(id)
            ),
        }
    }
}

impl std::error::Error for IdError {}

/// The id to send: `id` without the spaces around it. `what` names the item in the sentence
/// ("persona", "session").
pub fn check<'a>(id: &'a str, what: &'static str) -> Result<&'a str, IdError> {
    if id.chars().any(is_hidden) {
        return Err(IdError::Control {
            what,
            id: id.to_string(),
        });
    }
    match id.trim() {
        "" => Err(IdError::Empty { what }),
        dots @ ("." | "..") => Err(IdError::Dots {
            what,
            id: dots.to_string(),
        }),
        id => Ok(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_id_that_names_one_item_passes() {
        assert_eq!(check(" 3c1f-2a9e ", "persona"), Ok("3c1f-2a9e"));
        assert_eq!(check("a/b?c#d", "persona"), Ok("a/b?c#d"));
        assert_eq!(check("...", "persona"), Ok("..."));
        for id in ["", "   "] {
            assert_eq!(
                check(id, "session"),
                Err(IdError::Empty { what: "session" })
            );
        }
        for id in [".", " .. "] {
            assert!(
                matches!(check(id, "persona"), Err(IdError::Dots { .. })),
                "{id}"
            );
        }
        for id in ["a\r\nb", "a\tb", "a\u{1b}[2J", "a\u{202e}b", "ab\n"] {
            let e = check(id, "persona").unwrap_err();
            assert!(matches!(e, IdError::Control { .. }), "{id:?}");
            assert!(!e.to_string().chars().any(is_hidden), "{e}");
        }
    }
}
