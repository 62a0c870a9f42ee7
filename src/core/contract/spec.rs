//! What a field spec is and how a value is checked against one; the specs themselves, and
//! their lookups, are the table in [`super::fields`].

use super::VoiceProvider;

/// What kind of JSON value a field holds, and how the form edits it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A single-line string.
    Text,
    /// A multi-line string (the system prompt).
    LongText,
    /// A string that may also be JSON `null`.
    NullableText,
    /// An ISO 639-1 language code.
    LanguageCode,
    Bool,
    /// A number with an inclusive range: a slider.
    Range {
        min: f64,
        max: f64,
        step: f64,
    },
    /// A number without a range (a drag value).
    Number,
    /// One of a fixed list of strings: a picker.
    Enum(&'static [&'static str]),
    /// A list of tool definitions (`personaConfig.tools`): the form's Tools section edits it,
    /// `core::validate::tools` checks each one by its kind ([`crate::core::tools`]).
    Tools,
    /// Saved tools by id (`personaConfig.toolIds`): chosen from `GET /v1/tools` in the Tools
    /// section, and pushed to a saved persona as its `toolIds`.
    ToolIds,
}

/// Where a field is written down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The seed contract (`assets/openapi/session-token.yaml`): the drift test checks the row.
    Contract,
    /// An Anam documentation page newer than the contract (its address): the row's hint is read
    /// from it, and `docs/anam-api.md` says what was assumed where the page is unclear.
    Page(&'static str),
}

/// Which form of the body a field belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Top level or `sessionOptions`: present in both persona modes.
    Session,
    /// `personaConfig.personaId`.
    Stateful,
    /// A field of the ephemeral persona.
    Ephemeral,
    /// A field of `voiceGenerationOptions` for one provider.
    Voice(VoiceProvider),
}

/// One field of the request body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// Dotted JSON path from the body's root.
    pub path: &'static str,
    /// A short label for the form.
    pub label: &'static str,
    pub kind: Kind,
    pub scope: Scope,
    /// The contract's `description`, verbatim (checked by the drift test).
    pub description: Option<&'static str>,
    /// Our own one-line help where the contract has no description.
    pub hint: &'static str,
    /// The contract's `default`, as JSON text.
    pub default: Option<&'static str>,
    /// The contract's `example`, as JSON text: the value a field takes when the user switches it on.
    pub example: Option<&'static str>,
    /// Unit shown beside numbers.
    pub unit: Option<&'static str>,
    /// The contract, or the page the field is documented on.
    pub source: Source,
    /// Values a newer page documents beyond the contract's enum (`cara-4`: [`super::pages`]):
    /// accepted, and offered after the contract's own.
    pub also: &'static [&'static str],
}

impl FieldSpec {
    /// The last segment of the path (the JSON key).
    pub fn key(&self) -> &'static str {
        self.path.rsplit('.').next().unwrap_or(self.path)
    }

    /// The tooltip: the contract's description, else our hint.
    pub fn help(&self) -> &'static str {
        self.description.unwrap_or(self.hint)
    }

    /// The values a picker offers: the contract's enum, then what newer pages add.
    pub fn choices(&self) -> impl Iterator<Item = &'static str> {
        let contract: &'static [&'static str] = match self.kind {
            Kind::Enum(values) => values,
            _ => &[],
        };
        contract.iter().chain(self.also).copied()
    }

    /// `(min, max)` for ranged numbers.
    pub fn range(&self) -> Option<(f64, f64)> {
        match self.kind {
            Kind::Range { min, max, .. } => Some((min, max)),
            _ => None,
        }
    }

    /// The value a field takes when it is switched on: the contract default, else its example,
    /// else an empty value of its kind.
    pub fn initial_value(&self) -> serde_json::Value {
        use serde_json::Value;
        if let Some(v) = self
            .default
            .or(self.example)
            .and_then(|t| serde_json::from_str(t).ok())
        {
            return v;
        }
        match self.kind {
            Kind::Bool => Value::Bool(false),
            Kind::Range { min, .. } => super::number(min),
            Kind::Number => Value::from(0),
            Kind::Enum(values) => Value::from(values[0]),
            Kind::LanguageCode => Value::from("en"),
            Kind::Text | Kind::LongText | Kind::NullableText => Value::from(""),
            Kind::Tools | Kind::ToolIds => Value::Array(Vec::new()),
        }
    }
}

/// Why a value does not fit a field.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueIssue {
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    BelowMinimum {
        value: f64,
        min: f64,
    },
    AboveMaximum {
        value: f64,
        max: f64,
    },
    NotInEnum {
        value: String,
        allowed: Vec<&'static str>,
    },
    NotLanguageCode(String),
}

impl std::fmt::Display for ValueIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValueIssue::WrongType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ValueIssue::BelowMinimum { value, min } => {
                write!(f, "{value} is below the minimum {min}")
            }
            ValueIssue::AboveMaximum { value, max } => {
                write!(f, "{value} is above the maximum {max}")
            }
            ValueIssue::NotInEnum { value, allowed } => {
                write!(f, "\"{value}\" is not one of {}", allowed.join(", "))
            }
            ValueIssue::NotLanguageCode(code) => {
                let lower = code.to_ascii_lowercase();
                if lower != *code && isolang::Language::from_639_1(&lower).is_some() {
                    write!(f, "\"{code}\" must be lower case: \"{lower}\"")
                } else {
                    write!(
                        f,
                        "\"{code}\" is not an ISO 639-1 language code (such as \"en\" or \"fr\")"
                    )
                }
            }
        }
    }
}

impl FieldSpec {
    /// Checks a value against this field's type, range, enum or code list.
    pub fn check(&self, value: &serde_json::Value) -> Result<(), ValueIssue> {
        use serde_json::Value;
        let wrong = |expected| {
            Err(ValueIssue::WrongType {
                expected,
                found: super::type_name(value),
            })
        };
        match (self.kind, value) {
            (Kind::Bool, Value::Bool(_)) => Ok(()),
            (Kind::Bool, _) => wrong("true or false"),
            (Kind::Text | Kind::LongText, Value::String(_)) => Ok(()),
            (Kind::NullableText, Value::String(_) | Value::Null) => Ok(()),
            (Kind::Text | Kind::LongText, _) => wrong("a string"),
            (Kind::NullableText, _) => wrong("a string or null"),
            (Kind::LanguageCode, Value::String(s)) => {
                if s.len() == 2 && isolang::Language::from_639_1(s).is_some() {
                    Ok(())
                } else {
                    Err(ValueIssue::NotLanguageCode(s.clone()))
                }
            }
            (Kind::LanguageCode, _) => wrong("a language code string"),
            (Kind::Number, Value::Number(_)) => Ok(()),
            (Kind::Number, _) => wrong("a number"),
            (Kind::Range { min, max, .. }, Value::Number(n)) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if x < min {
                    Err(ValueIssue::BelowMinimum { value: x, min })
                } else if x > max {
                    Err(ValueIssue::AboveMaximum { value: x, max })
                } else {
                    Ok(())
                }
            }
            (Kind::Range { .. }, _) => wrong("a number"),
            (Kind::Enum(allowed), Value::String(s)) => {
                if allowed.contains(&s.as_str()) || self.also.contains(&s.as_str()) {
                    Ok(())
                } else {
                    Err(ValueIssue::NotInEnum {
                        value: s.clone(),
                        allowed: self.choices().collect(),
                    })
                }
            }
            (Kind::Enum(_), _) => wrong("a string"),
            (Kind::Tools, Value::Array(_)) => Ok(()),
            (Kind::Tools, _) => wrong("an array of tools"),
            (Kind::ToolIds, Value::Array(ids))
                if ids
                    .iter()
                    .all(|id| id.as_str().is_some_and(|s| !s.trim().is_empty())) =>
            {
                Ok(())
            }
            (Kind::ToolIds, Value::Array(_)) => Err(ValueIssue::WrongType {
                expected: "an array of tool ids",
                found: "an id that is empty or not a string",
            }),
            (Kind::ToolIds, _) => wrong("an array of tool ids"),
        }
    }
}

// Builders for the table, so each row reads as one line of data.

pub(super) const fn field(
    path: &'static str,
    label: &'static str,
    kind: Kind,
    scope: Scope,
) -> FieldSpec {
    FieldSpec {
        path,
        label,
        kind,
        scope,
        description: None,
        hint: "",
        default: None,
        example: None,
        unit: None,
        source: Source::Contract,
        also: &[],
    }
}

pub(super) const fn range(min: f64, max: f64, step: f64) -> Kind {
    Kind::Range { min, max, step }
}

pub(super) const fn described(mut f: FieldSpec, description: &'static str) -> FieldSpec {
    f.description = Some(description);
    f
}

pub(super) const fn hinted(mut f: FieldSpec, hint: &'static str) -> FieldSpec {
    f.hint = hint;
    f
}

pub(super) const fn example(mut f: FieldSpec, example: &'static str) -> FieldSpec {
    f.example = Some(example);
    f
}

pub(super) const fn unit(mut f: FieldSpec, unit: &'static str) -> FieldSpec {
    f.unit = Some(unit);
    f
}

pub(super) const fn also(mut f: FieldSpec, values: &'static [&'static str]) -> FieldSpec {
    f.also = values;
    f
}

pub(super) const fn documented_at(mut f: FieldSpec, page: &'static str) -> FieldSpec {
    f.source = Source::Page(page);
    f
}

/// `a` then `b`, as one array of `N` rows (`N` must be their sum: checked when compiled).
pub(super) const fn join<const N: usize>(a: &[FieldSpec], b: &[FieldSpec]) -> [FieldSpec; N] {
    assert!(a.len() + b.len() == N, "N must be the number of rows");
    let mut out = [field("", "", Kind::Text, Scope::Session); N];
    let mut i = 0;
    while i < a.len() {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - a.len()];
        i += 1;
    }
    out
}
