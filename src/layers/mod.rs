//! The layers of `docs/architecture.md`, checked against the code's own paths. The compiler
//! sees one crate, so nothing stops a module from naming one above it; these tests do. Every
//! `crate::…` and `super::…` path in `src/` is resolved to the module file it names, and:
//! - a module may name modules of its own layer or below it, never above (the tables below);
//! - no two modules name each other, directly or round a longer circle, except a module and
//!   its own parent or child (`mod` lines and `use super::*` go both ways by nature).
//!
//! Test-only: it reads the source, it is not part of the app.

mod circles;
mod paths;

use circles::circles;
use paths::{paths_in, resolve, strip_comments_and_strings};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crate's layers, lowest first. A module takes the layer of its longest listed prefix.
const CRATE: &[(&str, u8)] = &[
    ("core", 0),
    ("store", 1),
    ("api", 1),
    ("serve", 1),
    ("console", 1),
    ("sandbox", 2),
    ("demo", 2),
    ("worker", 3),
    ("cli", 4),
    ("ui", 4),
    ("layers", 5),
    ("", 5),
];

/// `ui/`'s layers, lowest first: plain data; commands, feedback and services; the state; the
/// views that draw it and push commands; the controller that applies them; the window.
const UI: &[(&str, u8)] = &[
    ("ui::style", 0),
    ("ui::model", 0),
    ("ui::command", 1),
    ("ui::feedback", 1),
    ("ui::services", 1),
    ("ui::state", 2),
    ("ui::view", 3),
    ("ui::controller", 4),
    ("ui::app", 5),
    ("ui", 6),
];

/// A module's path (`ui::view::form`) → its source text.
type Sources = BTreeMap<String, String>;

/// What the checks found: one line each.
fn problems(sources: &Sources) -> Vec<String> {
    let mut found = Vec::new();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in sources {
        let from_layer = layer_of(module);
        if from_layer.is_none() {
            found.push(format!(
                "{module}: in no layer (add it to a table in src/layers/mod.rs)"
            ));
        }
        for target in named_modules(module, text, sources) {
            if target == *module || is_family(module, &target) {
                continue;
            }
            if let (Some(from), Some(to)) = (from_layer, layer_of(&target))
                && upward(from, to)
            {
                found.push(format!(
                    "{module} names {target}, a layer above it ({} is above {})",
                    to.2, from.2
                ));
            }
            edges.entry(module).or_default().insert(target);
        }
    }
    for circle in circles(&edges) {
        found.push(format!("a circle of names: {}", circle.join(" → ")));
    }
    found
}

/// Whether `a` and `b` are the same module seen from a parent and its child.
fn is_family(a: &str, b: &str) -> bool {
    let child_of = |c: &str, p: &str| {
        p.is_empty() && !c.contains("::") || c.strip_prefix(p).is_some_and(|r| r.starts_with("::"))
    };
    child_of(a, b) || child_of(b, a)
}

/// The layer of a module: (its table, "ui" or "crate"; its layer; the prefix that placed it).
fn layer_of(module: &str) -> Option<(&'static str, u8, &'static str)> {
    let in_ui = module == "ui" || module.starts_with("ui::");
    let (scope, table) = if in_ui { ("ui", UI) } else { ("crate", CRATE) };
    let (prefix, layer) = table
        .iter()
        .filter(|(prefix, _)| {
            prefix.is_empty()
                || module == *prefix
                || (module.strip_prefix(prefix)).is_some_and(|r| r.starts_with("::"))
        })
        .max_by_key(|(prefix, _)| prefix.len())?;
    let prefix = if prefix.is_empty() {
        "the crate root"
    } else {
        prefix
    };
    Some((scope, *layer, prefix))
}

/// Whether naming `to` from `from` points up. Inside `ui/`, `ui`'s own table decides; from
/// elsewhere, `ui` is one module of the crate's table.
fn upward(from: (&str, u8, &str), to: (&str, u8, &str)) -> bool {
    match (from.0, to.0) {
        ("ui", "ui") | ("crate", "crate") => to.1 > from.1,
        // Outside into `ui/`: `ui` is at the crate's layer 4.
        ("crate", _) => 4 > from.1,
        // `ui/` names the rest of the crate: all of it is below `ui`.
        _ => false,
    }
}

/// The modules `text` (the source of `module`) names through `crate::` and `super::` paths.
fn named_modules(module: &str, text: &str, sources: &Sources) -> BTreeSet<String> {
    let code = strip_comments_and_strings(text);
    let mut named = BTreeSet::new();
    for path in paths_in(&code) {
        if let Some(target) = resolve(module, &path, sources) {
            named.insert(target);
        }
    }
    named
}

/// Reads `src/`: each `.rs` file under its module path (`src/ui/mod.rs` is `ui`, `src/lib.rs`
/// and `src/main.rs` the root).
fn read_sources(dir: &Path, module: &str, into: &mut Sources) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("src/ is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let join = |child: &str| match module {
            "" => child.to_string(),
            m => format!("{m}::{child}"),
        };
        if path.is_dir() {
            read_sources(&path, &join(name), into);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            let this = match stem {
                "mod" | "lib" | "main" => module.to_string(),
                other => join(other),
            };
            let text = std::fs::read_to_string(&path).expect("a source file is UTF-8");
            let entry = into.entry(this).or_default();
            entry.push_str(&text);
            entry.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> Sources {
        let mut sources = Sources::new();
        read_sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            "",
            &mut sources,
        );
        sources
    }

    #[test]
    fn no_module_names_a_layer_above_it_and_there_is_no_circle() {
        let found = problems(&src());
        assert!(found.is_empty(), "{}", found.join("\n"));
    }

    /// The check itself: an upward `use` planted in a copy of the sources is found, in `ui/`
    /// and across the crate, and so is the circle it makes.
    #[test]
    fn a_planted_upward_use_is_found() {
        let sources = src();
        let plant = |module: &str, line: &str| {
            let mut planted = sources.clone();
            let text = planted.get_mut(module).expect("the module exists");
            text.push_str(line);
            problems(&planted)
        };
        // The top bar draws from the state: naming it from the state closes a circle too.
        let found = plant("ui::state", "\nuse super::view::top_bar;\n");
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("ui::state names ui::view::top_bar")),
            "{found:?}"
        );
        assert!(found.iter().any(|p| p.starts_with("a circle")), "{found:?}");
        let found = plant(
            "core::draft",
            "\nfn f() { crate::store::paths::data_dir(); }\n",
        );
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("core::draft names store::paths")),
            "{found:?}"
        );
        let found = plant(
            "ui::model",
            "use crate::ui::{style, controller::Controller};",
        );
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("ui::model names ui::controller")),
            "{found:?}"
        );
        // A path in a comment or a string names nothing.
        let commented = "// super::view\nconst S: &str = \"crate::ui::app\";";
        assert_eq!(plant("ui::state", commented), problems(&sources));
    }

    #[test]
    fn paths_are_read_as_rust_writes_them() {
        let code = strip_comments_and_strings(
            "use super::{a, b::C, self};\n// crate::x\nlet s = r#\"crate::y\"#; let c = '\"'; fn f<'a>() { crate::z::W }",
        );
        let paths: Vec<String> = paths_in(&code).iter().map(|p| p.join("::")).collect();
        assert_eq!(paths, ["super::a", "super::b::C", "super", "crate::z::W"]);
    }
}
