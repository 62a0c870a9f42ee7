//! Near-valid bodies of a second kind: a shipped preset (valid) with exactly one mutation. The
//! validator, the preset round trip and the draft never panic on them; the round trip stays
//! byte-stable; an edit keeps every key in its place; and one value pushed out of its range, out
//! of its enum or to the wrong type is always reported at that field. `PROPTEST_CASES` sets the
//! case count (10,000 by default, as in tests/properties.rs).

use anam_studio::core::contract::{FIELDS, Kind, RequestBody, fields, number};
use anam_studio::core::draft::Draft;
use anam_studio::core::validate;
use anam_studio::store::preset;
use proptest::prelude::*;
use serde_json::{Map, Value};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// The shipped presets, parsed (once).
fn shipped() -> &'static [RequestBody] {
    static BODIES: std::sync::LazyLock<Vec<RequestBody>> = std::sync::LazyLock::new(|| {
        preset::SHIPPED
            .iter()
            .map(|(_, text)| RequestBody::parse(text.as_bytes()).unwrap())
            .collect()
    });
    &BODIES
}

/// Every dotted path in `value` (objects and leaves), in document order.
fn paths(value: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in value {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        out.push(path.clone());
        if let Value::Object(inner) = v {
            paths(inner, &path, out);
        }
    }
}

fn all_paths(body: &RequestBody) -> Vec<String> {
    let mut out = Vec::new();
    paths(body.as_map(), "", &mut out);
    out
}

/// A value that may be anything: the kinds a hand-edited or generated file could hold.
fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(number),
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(1e308),
            Just(-1e308),
            Just(5e-324),
            Just(0.1 + 0.2)
        ]
        .prop_map(number),
        Just(Value::from(u64::MAX)),
        ".{0,24}".prop_map(Value::String),
        prop_oneof![
            Just(String::new()),
            Just(" ".to_string()),
            Just("\u{0}\u{1b}[2J".to_string()),
            Just("\u{202e}evil".to_string()),
            Just("🙂".repeat(50)),
            Just("x".repeat(5000)),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{1,8}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// One change to one place of a body.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the value at a path with anything.
    Replace(Value),
    /// Remove the key.
    Remove,
    /// Add a key beside it (a field from a newer contract, or a typo).
    AddSibling(String, Value),
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => arb_value().prop_map(Mutation::Replace),
        1 => Just(Mutation::Remove),
        1 => ("[a-zA-Z]{1,10}", arb_value()).prop_map(|(k, v)| Mutation::AddSibling(k, v)),
    ]
}

/// A shipped preset, one of its paths, and one mutation there.
fn one_mutation() -> impl Strategy<Value = (usize, String, Mutation)> {
    let bodies = shipped();
    let per_body: Vec<Vec<String>> = bodies.iter().map(all_paths).collect();
    (0..bodies.len()).prop_flat_map(move |i| {
        (
            Just(i),
            prop::sample::select(per_body[i].clone()),
            arb_mutation(),
        )
    })
}

fn apply(body: &RequestBody, path: &str, mutation: &Mutation) -> RequestBody {
    let mut body = body.clone();
    match mutation {
        Mutation::Replace(v) => body.set(path, v.clone()),
        Mutation::Remove => {
            body.remove(path);
        }
        Mutation::AddSibling(key, v) => {
            let sibling = match path.rsplit_once('.') {
                Some((parent, _)) => format!("{parent}.{key}"),
                None => key.clone(),
            };
            body.set(&sibling, v.clone());
        }
    }
    body
}

/// A ranged, enum or typed field of a shipped preset (not a voice-generation field: their
/// ranges depend on the provider), with a value it must never accept.
fn one_bad_value() -> impl Strategy<Value = (usize, &'static str, Value)> {
    let bodies = shipped();
    let mut targets: Vec<(usize, &'static str)> = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        for spec in FIELDS {
            if body.contains(spec.path) && !spec.path.starts_with(fields::VOICE_GENERATION) {
                targets.push((i, spec.path));
            }
        }
    }
    assert!(targets.len() >= 5, "enough fields to mutate: {targets:?}");
    prop::sample::select(targets).prop_flat_map(|(i, path)| {
        let bad: BoxedStrategy<Value> = match fields::spec(path).unwrap().kind {
            Kind::Range { min, max, .. } => prop_oneof![
                (1e-6..1e6f64).prop_map(move |d| number(max + d)),
                (1e-6..1e6f64).prop_map(move |d| number(min - d)),
                Just(Value::from("0.5")),
                Just(Value::Bool(true)),
            ]
            .boxed(),
            Kind::Enum(values) => prop_oneof![
                "[a-zA-Z0-9-]{0,10}"
                    .prop_filter("not an allowed value", move |s| !values
                        .contains(&s.as_str()))
                    .prop_map(Value::String),
                Just(Value::from(1)),
            ]
            .boxed(),
            Kind::Bool => prop_oneof![Just(Value::from("true")), Just(Value::from(1))].boxed(),
            Kind::Text | Kind::LongText => {
                prop_oneof![any::<i64>().prop_map(Value::from), Just(Value::Bool(false))].boxed()
            }
            _ => Just(Value::Array(vec![])).boxed(),
        };
        (Just(i), Just(path), bad)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Validation, the file round trip and the draft take any one-mutation body without a
    /// panic, and the round trip is byte-stable.
    #[test]
    fn one_mutation_of_a_shipped_preset_never_panics_and_round_trips((i, path, mutation) in one_mutation()) {
        let body = apply(&shipped()[i], &path, &mutation);
        for p in validate::validate(&body.to_value()) {
            prop_assert!(!p.message.is_empty(), "{p:?}");
        }
        let text = body.to_pretty();
        let again = RequestBody::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(&again, &body);
        prop_assert_eq!(again.to_pretty(), text.clone());
        let draft = Draft::new(body);
        prop_assert_eq!(draft.text(), text.as_str());
    }

    /// Replacing a value keeps every key where it was (a save never reorders a file).
    #[test]
    fn replacing_a_value_keeps_every_key_in_place((i, path, value) in (0..4usize, any::<prop::sample::Index>(), arb_value())) {
        let original = &shipped()[i];
        let before = all_paths(original);
        let path = &before[path.index(before.len())];
        let mutated = apply(original, path, &Mutation::Replace(value));
        let after: Vec<String> = all_paths(&mutated)
            .into_iter()
            .filter(|p| before.contains(p))
            .collect();
        // The keys that were there come in the same order; only keys under `path` may go.
        let kept: Vec<&String> = before
            .iter()
            .filter(|p| !p.starts_with(&format!("{path}.")))
            .collect();
        prop_assert_eq!(after.iter().collect::<Vec<_>>(), kept);
    }

    /// One value out of its range, out of its enum or of the wrong type is always an error, at
    /// that field.
    #[test]
    fn one_bad_value_is_always_reported_at_its_field((i, path, value) in one_bad_value()) {
        let mut body = shipped()[i].clone();
        body.set(path, value.clone());
        let problems = validate::validate(&body.to_value());
        prop_assert!(
            problems.iter().any(|p| p.is_error() && p.path == path),
            "{path} = {value} not reported: {problems:?}"
        );
    }
}

#[test]
fn the_shipped_presets_are_valid_to_start_with() {
    for body in shipped() {
        assert!(!validate::has_errors(&validate::validate(&body.to_value())));
    }
    assert_eq!(shipped().len(), 4, "the strategies index four presets");
}
