//! `list`: the catalog as a table or JSON.

use super::*;

/// A catalog list as rows of (id, name, details) and as JSON.
pub(super) fn rows<T: serde::Serialize>(
    items: &[T],
    row: impl Fn(&T) -> [String; 3],
) -> Result<(Vec<[String; 3]>, serde_json::Value), Failure> {
    Ok((
        items.iter().map(row).collect(),
        serde_json::to_value(items)?,
    ))
}

pub(super) fn list(
    what: ListKind,
    search: Option<&str>,
    json: bool,
    base_url: &str,
    timeout: u64,
) -> Result<(), Failure> {
    use crate::core::catalog::{Avatar, Llm, PersonaSummary, Tool, Voice};
    let (key, client, runtime) = connect(base_url, timeout)?;
    let (noun, details) = match what {
        ListKind::Avatars => ("avatars", "VARIANT"),
        ListKind::Voices => ("voices", "PROVIDER · GENDER · COUNTRY"),
        ListKind::Llms => ("LLMs", "MODEL"),
        ListKind::Personas => ("personas", "DESCRIPTION"),
        ListKind::Tools => ("tools", "TYPE · DESCRIPTION"),
    };
    let (rows, value) = runtime.block_on(async {
        Ok::<_, Failure>(match what {
            ListKind::Avatars => {
                let items: Vec<Avatar> = client.list(&key, "v1/avatars", search).await?;
                rows(&items, |a| {
                    [a.id.clone(), a.display_name.clone(), a.secondary()]
                })?
            }
            ListKind::Voices => {
                let items: Vec<Voice> = client.list(&key, "v1/voices", search).await?;
                rows(&items, |v| {
                    [v.id.clone(), v.display_name.clone(), v.secondary()]
                })?
            }
            ListKind::Llms => {
                let items: Vec<Llm> = client.list(&key, "v1/llms", search).await?;
                rows(&items, |l| {
                    [l.id.clone(), l.display_name.clone(), l.secondary()]
                })?
            }
            ListKind::Personas => {
                let items: Vec<PersonaSummary> = client.list(&key, "v1/personas", search).await?;
                rows(&items, |p| [p.id.clone(), p.name.clone(), p.secondary()])?
            }
            ListKind::Tools => {
                let items: Vec<Tool> = client.tools(&key, search).await?;
                rows(&items, |t| [t.id.clone(), t.name.clone(), t.secondary()])?
            }
        })
    })?;
    if json {
        return print_json(&value);
    }
    if rows.is_empty() {
        say_none(noun, search);
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    out.write_all(table(["ID", "NAME", details], &rows).as_bytes())?;
    Ok(())
}

/// An empty list said on stderr: "No voices." or, after a search, "No voices match "x"."
pub(super) fn say_none(noun: &str, search: Option<&str>) {
    match search.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => eprintln!("No {noun} match \"{}\".", terminal_text(s)),
        None => eprintln!("No {noun}."),
    }
}

/// Server text as one line for a terminal: whitespace (line breaks, tabs) folded to single
/// spaces, then what is left that would act on the terminal shown as escapes ([`shown`]).
pub(super) fn terminal_text(text: &str) -> String {
    shown(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Columns padded to their widest cell (the last one not padded), one row a line.
pub(super) fn table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let cells: Vec<[String; N]> = std::iter::once(header.map(str::to_string))
        .chain(rows.iter().map(|r| r.clone().map(|c| terminal_text(&c))))
        .collect();
    let mut widths = [0; N];
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 < N {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(
                    ' ',
                    widths[i] - cell.chars().count() + 2,
                ));
            } else {
                line.push_str(cell);
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}
