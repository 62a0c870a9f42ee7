//! Property tests: arbitrary and near-valid bodies never make validation, the preset round trip
//! or JWT decoding panic, and the round trip is stable; strings with escapes and any Unicode
//! survive bodies and tokens; bodies valid by construction raise no error; any formatting of a
//! valid body loads to the same values. `PROPTEST_CASES` raises the case count.

use anam_studio::core::contract::{
    FIELDS, Kind, RequestBody, Scope, Source, VoiceProvider, number, pages,
};
use anam_studio::core::tools::ToolKind;
use anam_studio::core::{jwt, validate};
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
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Strings a JSON writer must escape or keep as they are: quotes, backslashes, control
/// characters, line and paragraph separators, bidi controls, combining marks, emoji, any script.
fn tricky_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\n\r\t\u{0}\u{1f}\u{7f}".to_string()),
        Just("\u{2028}\u{2029}".to_string()),
        Just("\u{202e}\u{200b}\u{feff}".to_string()),
        Just("e\u{301} é 日本語 😀 עברית".to_string()),
        Just("\\u0041 \\n".to_string()),
        any::<char>().prop_map(String::from),
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
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

/// A value the contract accepts for a field of `kind`.
fn valid_value(kind: Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::Range { min, max, step } if step >= 1.0 => {
            ((min as i64)..=(max as i64)).prop_map(Value::from).boxed()
        }
        Kind::Range { min, max, .. } => (min..=max).prop_map(number).boxed(),
        Kind::Number => (0.0..1.0e6f64).prop_map(number).boxed(),
        Kind::Enum(values) => prop::sample::select(values.to_vec())
            .prop_map(Value::from)
            .boxed(),
        Kind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::LanguageCode => prop::sample::select(vec!["en", "fr", "de", "ja", "es", "zh"])
            .prop_map(Value::from)
            .boxed(),
        Kind::NullableText => {
            prop_oneof![Just(Value::Null), tricky_string().prop_map(Value::String)].boxed()
        }
        // Ids and names: something to name (not blank), in any characters.
        Kind::Text | Kind::LongText => (tricky_string(), "[a-zA-Z0-9]{1,8}")
            .prop_map(|(s, core)| Value::String(format!("{core}{s}")))
            .boxed(),
        Kind::Tools => valid_tools().boxed(),
        Kind::ToolIds => prop::collection::vec("[a-z0-9-]{1,12}", 0..3)
            .prop_map(Value::from)
            .boxed(),
    }
}

/// Up to three tools, of any kinds, each complete and with its own name.
fn valid_tools() -> impl Strategy<Value = Value> {
    let tool = (prop::sample::select(ToolKind::ALL.to_vec()), any::<bool>());
    prop::collection::vec(tool, 0..3).prop_map(|tools| {
        let list = tools
            .into_iter()
            .enumerate()
            .map(|(i, (kind, flag))| {
                let mut t = kind.template();
                match kind {
                    ToolKind::System => {}
                    _ => {
                        t["name"] = Value::from(format!("tool_{i}"));
                        t["description"] = Value::from("Does a thing.");
                    }
                }
                match kind {
                    ToolKind::Client => t["awaitResult"] = Value::Bool(flag),
                    ToolKind::Webhook => t["url"] = Value::from("https://example.com/hook"),
                    ToolKind::Knowledge => t["documentFolderIds"] = serde_json::json!(["f-1"]),
                    ToolKind::System if i > 0 => t["name"] = Value::from("skip_turn"),
                    ToolKind::System => {}
                }
                t
            })
            .collect::<Vec<_>>();
        // Two system tools of one kind would share a name: keep the first.
        let mut seen = std::collections::HashSet::new();
        Value::Array(
            list.into_iter()
                .filter(|t| seen.insert(t["name"].to_string()))
                .collect(),
        )
    })
}

/// The fields newer pages document, with their rules across fields: a whole video size, a
/// preset style or a custom prompt (not both).
fn valid_newer(stateful: bool) -> impl Strategy<Value = Vec<Option<(&'static str, Value)>>> {
    let size = pages::VIDEO_SIZES
        .iter()
        .flat_map(|(_, sizes)| sizes.iter().copied())
        .collect::<Vec<_>>();
    let size = prop::option::of(prop::sample::select(size));
    let style = prop::option::of(prop::sample::select(pages::PRESET_STYLES.to_vec()));
    let prompt = prop::option::of("[a-zA-Z ]{1,30}");
    let persona = (
        prop::option::of((0.0..=1.0f64).prop_map(number)),
        any::<Option<bool>>(),
        prop::option::of(valid_tools()),
    );
    (size, style, prompt, persona).prop_map(move |(size, style, prompt, (expr, zdr, tools))| {
        let mut out = Vec::new();
        if let Some((w, h)) = size {
            out.push(Some((pages::VIDEO_WIDTH, Value::from(w))));
            out.push(Some((pages::VIDEO_HEIGHT, Value::from(h))));
        }
        if stateful {
            return out;
        }
        match (style, prompt) {
            (Some(s), _) => out.push(Some(("personaConfig.directorNotes.presetStyle", s.into()))),
            (None, Some(p)) => out.push(Some((
                "personaConfig.directorNotes.customStylePrompt",
                p.into(),
            ))),
            (None, None) => {}
        }
        out.push(expr.map(|e| ("personaConfig.directorNotes.expressivity", e)));
        out.push(zdr.map(|z| ("personaConfig.zeroDataRetention", Value::Bool(z))));
        out.push(tools.map(|t| (pages::TOOLS, t)));
        out.push(Some((pages::TOOL_IDS, serde_json::json!(["tool-1"]))));
        out
    })
}

/// A body valid by construction: stateful (a persona id) or ephemeral (the core fields, and
/// voice options of one provider), with any subset of the other fields it may carry.
fn valid_body() -> impl Strategy<Value = Value> {
    let provider = prop::sample::select(VoiceProvider::ALL.to_vec());
    (any::<bool>(), provider).prop_flat_map(|(stateful, provider)| {
        let fields: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = FIELDS
            .iter()
            .filter(|f| f.source == Source::Contract)
            .filter(|f| match f.scope {
                Scope::Session => true,
                Scope::Stateful => stateful,
                Scope::Ephemeral => !stateful,
                Scope::Voice(p) => !stateful && p == provider,
            })
            .map(|f| {
                let core = matches!(f.scope, Scope::Stateful)
                    || anam_studio::core::contract::fields::EPHEMERAL_CORE
                        .iter()
                        .any(|k| f.path == format!("personaConfig.{k}"));
                let value = valid_value(f.kind).prop_map(move |v| (f.path, v));
                if core {
                    value.prop_map(Some).boxed()
                } else {
                    prop::option::of(value).boxed()
                }
            })
            .collect();
        (fields, valid_newer(stateful)).prop_map(|(mut chosen, newer)| {
            chosen.extend(newer);
            body_of(chosen)
        })
    })
}

/// `value` written as JSON in another way: other whitespace, escaped characters, exponents.
fn reformat(value: &Value, style: u8) -> String {
    match value {
        Value::Object(map) => {
            let sep = ["", " ", "\n\t", "\r\n  "][usize::from(style % 4)];
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{sep}{}{sep}:{sep}{}",
                        escape_all(k, style),
                        reformat(v, style.wrapping_add(1))
                    )
                })
                .collect();
            format!("{{{}{sep}}}", items.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| reformat(v, style)).collect();
            format!("[ {} ]", items.join(" ,"))
        }
        Value::String(s) => escape_all(s, style),
        Value::Number(n) if style.is_multiple_of(3) && n.is_f64() => {
            format!("{:e}", n.as_f64().unwrap())
        }
        other => other.to_string(),
    }
}

/// The same JSON values: numbers compared by what they mean (`1.5e0` is `1.5`), keys in order.
fn same_values(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_values(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same_values(vx, vy))
        }
        _ => a == b,
    }
}

/// A JSON string literal; with some styles every non-ASCII character is a `\u` escape.
fn escape_all(s: &str, style: u8) -> String {
    if style.is_multiple_of(2) {
        return Value::from(s).to_string();
    }
    let mut out = String::from("\"");
    for unit in s.encode_utf16() {
        out.push_str(&format!("\\u{unit:04x}"));
    }
    out.push('"');
    out
}

/// A body built from a random subset of the table's fields.
fn near_valid_body() -> impl Strategy<Value = Value> {
    let fields: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = FIELDS
        .iter()
        .map(|f| prop::option::of(near_value(f.kind).prop_map(move |v| (f.path, v))).boxed())
        .collect();
    fields.prop_map(body_of)
}

/// The body holding the chosen fields.
fn body_of(chosen: Vec<Option<(&'static str, Value)>>) -> Value {
    let mut body = RequestBody::new();
    for (path, value) in chosen.into_iter().flatten() {
        body.set(path, value);
    }
    body.into_value()
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
    fn a_body_valid_by_construction_raises_no_error(v in valid_body()) {
        let errors: Vec<_> = validate::validate(&v).into_iter().filter(|p| p.is_error()).collect();
        prop_assert!(errors.is_empty(), "false alarms {errors:?} for {v}");
    }

    #[test]
    fn any_formatting_of_a_valid_body_loads_to_the_same_values(v in valid_body(), style in any::<u8>()) {
        let text = reformat(&v, style);
        let body = RequestBody::parse(text.as_bytes()).unwrap();
        prop_assert!(same_values(&body.to_value(), &v), "{} from {}", body.to_value(), text);
        let saved = body.to_pretty();
        let again = RequestBody::parse(saved.as_bytes()).unwrap();
        prop_assert!(same_values(&again.to_value(), &v), "{}", saved);
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
    fn jwt_claims_with_escapes_and_any_unicode_decode_to_the_same_values(
        label in tricky_string(),
        name in tricky_string(),
    ) {
        use base64::Engine;
        let header = serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": name});
        let claims = serde_json::json!({"clientLabel": label, "exp": 4_000_000_000u64});
        let enc = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let token = format!("{}.{}.sig", enc(&header), enc(&claims));
        let decoded = jwt::decode(&token).unwrap();
        prop_assert_eq!(Some(&decoded.header), header.as_object());
        prop_assert_eq!(Some(&decoded.claims), claims.as_object());
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
