//! The pure core's budgets (docs/performance.md):
//! - validation + serialisation of a full body: < 20 µs;
//! - a presets folder of 1,000 presets: scanned well within the 100 ms start-up budget;
//! - `diff` of two large bodies (100,000 keys, and 1,000 arrays of 200 numbers): linear, in
//!   milliseconds (it was quadratic: 27 s for 100,000 keys).
//!
//! Figures are thread CPU time (benches/support). Run:
//! `cargo bench --bench core -- --warm-up-time 1 --measurement-time 3`

use anam_studio::core::compare;
use anam_studio::core::contract::RequestBody;
use anam_studio::core::draft::Draft;
use anam_studio::core::validate;
use anam_studio::store::preset;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use std::hint::black_box;
use std::path::Path;
use support::ThreadCpu;

mod support;

/// The shipped preset with every section filled (persona, voice detection, ElevenLabs voice
/// generation, session options).
const FULL: &str = include_str!("../presets/elevenlabs-v2-sales-demo.json");

fn full_body() -> RequestBody {
    RequestBody::parse(FULL.as_bytes()).expect("the shipped preset parses")
}

/// Writes `count` presets (copies of the shipped ones, with their own labels) into `dir`.
fn write_presets(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        let (name, text) = preset::SHIPPED[i % preset::SHIPPED.len()];
        let mut body = RequestBody::parse(text.as_bytes()).unwrap();
        body.set("clientLabel", json!(format!("bench-{i:04}")));
        let path = preset::path_for(dir, &format!("{name}-{i:04}"));
        std::fs::write(path, body.to_pretty()).unwrap();
    }
}

fn validation(c: &mut Criterion<ThreadCpu>) {
    let body = full_body();
    let mut g = c.benchmark_group("body");
    // What the form does after every edit (Draft::refresh): pretty text + problems.
    g.bench_function("validate+serialise", |b| {
        b.iter(|| {
            let text = black_box(&body).to_pretty();
            let problems = validate::validate(&black_box(&body).to_value());
            (text, problems)
        })
    });
    g.bench_function("validate", |b| {
        let value = body.to_value();
        b.iter(|| validate::validate(black_box(&value)))
    });
    g.bench_function("to_pretty", |b| b.iter(|| black_box(&body).to_pretty()));
    g.bench_function("parse", |b| {
        b.iter(|| RequestBody::parse(black_box(FULL.as_bytes())).unwrap())
    });
    // One keystroke in a text field: Draft::set -> refresh, alternating so it always changes.
    g.bench_function("draft_edit", |b| {
        let mut draft = Draft::new(body.clone());
        let names = [json!("Cara"), json!("Carab")];
        let mut i = 0;
        b.iter(|| {
            i ^= 1;
            draft.set("personaConfig.name", names[i].clone());
        })
    });
    g.finish();
}

fn presets(c: &mut Criterion<ThreadCpu>) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("presets");
    write_presets(&folder, 1000);
    let mut g = c.benchmark_group("presets");
    g.sample_size(20);
    g.bench_function("scan_1000", |b| {
        b.iter(|| {
            let entries = preset::scan(black_box(&folder)).unwrap();
            assert_eq!(entries.len(), 1000);
            entries
        })
    });
    let shipped = dir.path().join("shipped");
    preset::seed(&shipped).unwrap();
    g.bench_function("scan_shipped_4", |b| {
        b.iter(|| preset::scan(black_box(&shipped)).unwrap())
    });
    g.finish();
}

/// A body of `n` top-level numeric keys; the first `changed` hold 1, the rest 0.
fn wide_body(n: usize, changed: usize) -> serde_json::Value {
    let map = (0..n)
        .map(|i| (format!("key{i:06}"), json!(u8::from(i < changed))))
        .collect();
    serde_json::Value::Object(map)
}

/// 1,000 keys, each an array of 200 numbers; the last number is `last`.
fn arrays_body(last: u32) -> serde_json::Value {
    let map = (0..1000)
        .map(|i| {
            let mut items: Vec<u32> = (0..200).collect();
            items[199] = last + i;
            (format!("a{i}"), json!(items))
        })
        .collect();
    serde_json::Value::Object(map)
}

fn diff(c: &mut Criterion<ThreadCpu>) {
    let mut g = c.benchmark_group("diff");
    g.sample_size(10);
    let (a, b) = (wide_body(100_000, 0), wide_body(100_000, 3));
    g.bench_function("keys_100k", |bench| {
        bench.iter(|| compare::differences(black_box(&a), black_box(&b)))
    });
    let (a, b) = (arrays_body(0), arrays_body(1));
    g.bench_function("arrays_1000x200", |bench| {
        bench.iter(|| compare::differences(black_box(&a), black_box(&b)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = {
        eprintln!("clock: {}", support::describe());
        Criterion::default().with_measurement(ThreadCpu::default())
    };
    targets = validation, presets, diff
}
criterion_main!(benches);
