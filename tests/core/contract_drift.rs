//! The field-spec table must say exactly what the contract says: every range, enum, type,
//! default, example and description, and no field more or less.

use anam_studio::core::contract::{FIELDS, FieldSpec, Kind, Scope, Source, VoiceProvider};
use serde_json::Value;
use std::collections::BTreeSet;

const CONTRACT: &str = include_str!("../../assets/openapi/session-token.yaml");

struct Leaf {
    path: String,
    scope: Scope,
    schema: Value,
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.strip_prefix('#').expect("local ref");
            root.pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {r}"))
        }
        None => schema,
    }
}

fn provider_of(root: &Value, branch: &Value) -> VoiceProvider {
    let name = branch["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
    let _ = root;
    *VoiceProvider::ALL
        .iter()
        .find(|p| p.schema_name() == name)
        .unwrap_or_else(|| panic!("contract has a voice provider the code lacks: {name}"))
}

fn flatten(root: &Value, schema: &Value, path: &str, scope: Scope, out: &mut Vec<Leaf>) {
    let schema = resolve(root, schema);
    if let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        if schema.get("type").and_then(Value::as_str) == Some("string") {
            // A string with its enum inside a one-branch oneOf (`emotion`): a leaf.
            out.push(Leaf {
                path: path.into(),
                scope,
                schema: schema.clone(),
            });
            return;
        }
        for branch in branches {
            let b = resolve(root, branch);
            let scope = if path.ends_with("voiceGenerationOptions") {
                Scope::Voice(provider_of(root, branch))
            } else if b.pointer("/properties/personaId").is_some() {
                Scope::Stateful
            } else {
                Scope::Ephemeral
            };
            flatten(root, b, path, scope, out);
        }
        return;
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (key, child) in props {
            let child_path = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            flatten(root, child, &child_path, scope, out);
        }
        return;
    }
    out.push(Leaf {
        path: path.into(),
        scope,
        schema: schema.clone(),
    });
}

fn leaves() -> Vec<Leaf> {
    let root: Value = serde_yaml_ng::from_str(CONTRACT).expect("the contract parses");
    let body = root
        .pointer(
            "/paths/~1v1~1auth~1session-token/post/requestBody/content/application~1json/schema",
        )
        .expect("request body schema")
        .clone();
    let mut out = Vec::new();
    flatten(&root, &body, "", Scope::Session, &mut out);
    out
}

fn find(leaf: &Leaf) -> &'static FieldSpec {
    FIELDS
        .iter()
        .find(|f| f.path == leaf.path && f.scope == leaf.scope)
        .unwrap_or_else(|| {
            panic!(
                "contract field {} ({:?}) is missing from FIELDS",
                leaf.path, leaf.scope
            )
        })
}

fn json_text(v: Option<&'static str>) -> Option<Value> {
    v.map(|t| serde_json::from_str(t).expect("spec JSON literal"))
}

#[test]
fn every_contract_field_is_in_the_table_exactly() {
    let leaves = leaves();
    assert!(
        leaves.len() >= 30,
        "suspiciously few fields: {}",
        leaves.len()
    );
    for leaf in &leaves {
        let spec = find(leaf);
        let s = &leaf.schema;
        let what = format!("{} ({:?})", leaf.path, leaf.scope);
        assert_eq!(
            spec.description,
            s.get("description").and_then(Value::as_str).map(str::trim),
            "description of {what}"
        );
        assert_eq!(
            json_text(spec.default),
            s.get("default").cloned(),
            "default of {what}"
        );
        assert_eq!(
            json_text(spec.example),
            s.get("example").cloned(),
            "example of {what}"
        );
        let nullable = s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        let enum_values: Option<Vec<&str>> = s
            .get("enum")
            .or_else(|| s.pointer("/oneOf/0/enum"))
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect());
        match (s["type"].as_str().unwrap(), spec.kind) {
            ("number", Kind::Range { min, max, step }) => {
                assert_eq!(Some(min), s["minimum"].as_f64(), "minimum of {what}");
                assert_eq!(Some(max), s["maximum"].as_f64(), "maximum of {what}");
                assert!(step > 0.0 && step <= (max - min) / 10.0, "step of {what}");
            }
            ("number", Kind::Number) => {
                assert!(
                    s.get("minimum").is_none() && s.get("maximum").is_none(),
                    "{what} has a range: make it a Range"
                );
            }
            ("boolean", Kind::Bool) => {}
            ("string", Kind::Enum(values)) => {
                assert_eq!(Some(values.to_vec()), enum_values, "enum of {what}");
            }
            ("string", Kind::NullableText) => {
                assert!(nullable, "{what} is not nullable in the contract")
            }
            ("string", Kind::Text | Kind::LongText | Kind::LanguageCode) => {
                assert!(!nullable, "{what} is nullable in the contract");
                assert!(
                    enum_values.is_none(),
                    "{what} has an enum in the contract: make it an Enum"
                );
            }
            (ty, kind) => panic!("{what}: contract type {ty} does not match {kind:?}"),
        }
    }
}

#[test]
fn the_table_has_no_field_the_contract_lacks() {
    let contract: BTreeSet<(String, String)> = leaves()
        .iter()
        .map(|l| (l.path.clone(), format!("{:?}", l.scope)))
        .collect();
    let from_contract: Vec<&FieldSpec> = FIELDS
        .iter()
        .filter(|f| f.source == Source::Contract)
        .collect();
    for f in &from_contract {
        assert!(
            contract.contains(&(f.path.to_string(), format!("{:?}", f.scope))),
            "{} ({:?}) is not in the contract",
            f.path,
            f.scope
        );
    }
    assert_eq!(
        contract.len(),
        from_contract.len(),
        "duplicate entries in FIELDS"
    );
}

/// The pages the newer rows may name: those `../shared/anam/api-notes.md` lists for them.
const PAGES: [&str; 5] = [
    "https://anam.ai/docs/api-reference/tools/create-tool",
    "https://anam.ai/docs/personas/director-notes",
    "https://anam.ai/docs/personas/session/video",
    "https://docs.anam.ai/concepts/privacy",
    "https://anam.ai/docs/tools/introduction",
];

#[test]
fn each_newer_row_names_its_page_and_is_not_in_the_contract() {
    let contract: BTreeSet<String> = leaves().iter().map(|l| l.path.clone()).collect();
    let newer: Vec<&FieldSpec> = FIELDS
        .iter()
        .filter(|f| f.source != Source::Contract)
        .collect();
    let paths: Vec<&str> = newer.iter().map(|f| f.path).collect();
    assert_eq!(
        paths,
        [
            "personaConfig.directorNotes.presetStyle",
            "personaConfig.directorNotes.customStylePrompt",
            "personaConfig.directorNotes.expressivity",
            "personaConfig.zeroDataRetention",
            "personaConfig.tools",
            "personaConfig.toolIds",
            "sessionOptions.videoWidth",
            "sessionOptions.videoHeight",
        ]
    );
    for f in newer {
        let Source::Page(page) = f.source else {
            unreachable!()
        };
        assert!(
            PAGES.contains(&page),
            "{}: {page} is not a listed page",
            f.path
        );
        assert!(
            !contract.contains(f.path),
            "{} is in the contract now: its row must come from the contract",
            f.path
        );
        // The tooltip is ours (read from the page), never passed off as the contract's words.
        assert!(f.description.is_none() && !f.hint.is_empty(), "{}", f.path);
        assert_eq!(
            FIELDS.iter().filter(|g| g.path == f.path).count(),
            1,
            "{} twice",
            f.path
        );
    }
}

#[test]
fn values_beyond_the_contract_enum_are_new_to_it() {
    // `also` adds what a page documents: a value already in the contract's enum, or one that
    // is not in its page's list, is a mistake in the table.
    for f in FIELDS.iter().filter(|f| !f.also.is_empty()) {
        let Kind::Enum(values) = f.kind else {
            panic!("{}: `also` on a field that is not an enum", f.path)
        };
        for v in f.also {
            assert!(
                !values.contains(v),
                "{}: {v} is in the contract already",
                f.path
            );
        }
    }
    let model = anam_studio::core::contract::fields::spec("personaConfig.avatarModel").unwrap();
    assert_eq!(
        model.choices().collect::<Vec<_>>(),
        ["cara-2", "cara-3", "cara-4-latest", "cara-4"]
    );
}

#[test]
fn the_shipped_copy_matches_the_shared_contract() {
    // The project stands alone with its own copy; when ../shared is beside it, they must agree.
    // CI always has ../shared, so there a missing or unreadable contract is a failure.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/anam/session-token.openapi.yaml");
    match std::fs::read_to_string(&shared) {
        Ok(text) => assert_eq!(
            text, CONTRACT,
            "assets/openapi/session-token.yaml is out of date: copy it again"
        ),
        Err(e) => assert!(
            std::env::var_os("CI").is_none(),
            "CI must check the copy against {}: {e}",
            shared.display()
        ),
    }
}
