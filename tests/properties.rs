//! Property tests: arbitrary and near-valid bodies never make validation, the preset round trip
//! or JWT decoding panic, and the round trip is stable. `PROPTEST_CASES` raises the case count.

use anam_studio::contract::{FIELDS, Kind, RequestBody, number};
use anam_studio::{jwt, validate};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(number),
        "[a-zA-Z0-9 ._-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Keys drawn mostly from the contract's own, so the validator's branches are reached.
fn arb_key() -> impl Strategy<Value = String> {
    let known: Vec<String> = FIELDS
        .iter()
        .flat_map(|f| f.path.split('.'))
        .map(str::to_string)
        .collect();
    prop_oneof![3 => prop::sample::select(known), 1 => "[a-z]{1,8}"]
}

/// A value for one field: usually right, sometimes off by a little or of the wrong type.
fn near_value(kind: Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::Range { min, max, .. } => prop_oneof![
            4 => (min..=max).prop_map(number),
            1 => ((min - 1.0)..(max + 1.0)).prop_map(number),
            1 => Just(Value::from("x")),
        ]
        .boxed(),
        Kind::Enum(values) => prop_oneof![
            3 => prop::sample::select(values.to_vec()).prop_map(Value::from),
            1 => "[a-z-]{0,8}".prop_map(Value::String),
        ]
        .boxed(),
        Kind::Bool => {
            prop_oneof![any::<bool>().prop_map(Value::Bool), Just(Value::from(1))].boxed()
        }
        Kind::LanguageCode => prop_oneof![
            Just(Value::from("en")),
            "[a-zA-Z]{0,3}".prop_map(Value::String)
        ]
        .boxed(),
        _ => prop_oneof![
            ".{0,20}".prop_map(Value::String),
            Just(Value::Null),
            Just(Value::from(0))
        ]
        .boxed(),
    }
}

/// A body built from a random subset of the table's fields.
fn near_valid_body() -> impl Strategy<Value = Value> {
    let fields: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = FIELDS
        .iter()
        .map(|f| prop::option::of(near_value(f.kind).prop_map(move |v| (f.path, v))).boxed())
        .collect();
    fields.prop_map(|chosen| {
        let mut body = RequestBody::new();
        for (path, value) in chosen.into_iter().flatten() {
            body.set(path, value);
        }
        body.into_value()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn validation_never_panics_on_arbitrary_json(v in arb_json()) {
        let _ = validate::validate(&v);
    }

    #[test]
    fn validation_and_round_trip_on_near_valid_bodies(v in near_valid_body()) {
        let problems = validate::validate(&v);
        for p in &problems {
            prop_assert!(!p.message.is_empty());
        }
        let text = RequestBody::parse(v.to_string().as_bytes()).unwrap().to_pretty();
        let again = RequestBody::parse(text.as_bytes()).unwrap().to_pretty();
        prop_assert_eq!(&text, &again);
    }

    #[test]
    fn round_trip_is_byte_stable(v in arb_json()) {
        if let Ok(body) = RequestBody::parse(v.to_string().as_bytes()) {
            let once = body.to_pretty();
            let twice = RequestBody::parse(once.as_bytes()).unwrap().to_pretty();
            prop_assert_eq!(once, twice);
        }
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = RequestBody::parse(&bytes);
    }

    #[test]
    fn jwt_decoding_never_panics(s in "[A-Za-z0-9_.=+/-]{0,200}") {
        let _ = jwt::decode(&s);
    }

    #[test]
    fn jwt_decoding_of_well_formed_parts(header in arb_json(), claims in arb_json()) {
        use base64::Engine;
        let enc = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let token = format!("{}.{}.sig", enc(&header), enc(&claims));
        match jwt::decode(&token) {
            Ok(d) => {
                prop_assert!(header.is_object() && claims.is_object());
                let _ = d.describe_expiry(chrono::Utc::now());
            }
            Err(_) => prop_assert!(!header.is_object() || !claims.is_object() || token.len() > jwt::MAX_TOKEN_LEN),
        }
    }
}
