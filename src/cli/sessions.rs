//! `sessions list` and `sessions show`: what became of the tokens minted.

use super::*;
use crate::core::session::{SessionQuery, SessionSummary, resolved};

pub(super) fn run(action: SessionsAction) -> Result<(), Failure> {
    match action {
        SessionsAction::List {
            label,
            persona,
            limit,
            json,
            base_url,
            timeout,
        } => {
            let query = SessionQuery {
                search: label.clone(),
                persona_id: persona,
                page: 1,
                per_page: limit,
            };
            list(&query, json, &base_url, timeout)
        }
        SessionsAction::Show {
            id,
            transcript,
            preset,
            json,
            base_url,
            timeout,
        } => {
            // The preset is read first: a file that does not load fails before any request.
            let asked = match &preset {
                Some(path) => Some(preset::load(path)?.into_value()),
                None => None,
            };
            show(&id, transcript, asked.as_ref(), json, &base_url, timeout)
        }
    }
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map_or_else(
        || "—".into(),
        |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}

fn list(query: &SessionQuery, json: bool, base_url: &str, timeout: u64) -> Result<(), Failure> {
    let (key, client, runtime) = connect(base_url, timeout)?;
    let page = runtime.block_on(client.sessions(&key, query))?;
    if json {
        return print_json(&serde_json::to_value(&page.data)?);
    }
    if page.data.is_empty() {
        say_none("sessions", query.search.as_deref());
        return Ok(());
    }
    let now = chrono::Utc::now();
    let rows: Vec<[String; 5]> = page
        .data
        .iter()
        .map(|s: &SessionSummary| {
            [
                s.id.clone(),
                time(s.started()),
                s.state_text(),
                s.length_text(now),
                s.client_label.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = std::io::stdout().lock();
    out.write_all(table(["ID", "STARTED", "STATE", "LENGTH", "LABEL"], &rows).as_bytes())?;
    if page.meta.total > page.data.len() as u64 {
        eprintln!(
            "Showing the newest {} of {} sessions (--limit shows up to 100).",
            page.data.len(),
            page.meta.total
        );
    }
    Ok(())
}

fn show(
    id: &str,
    transcript: bool,
    asked: Option<&serde_json::Value>,
    json: bool,
    base_url: &str,
    timeout: u64,
) -> Result<(), Failure> {
    let (key, client, runtime) = connect(base_url, timeout)?;
    let (detail, said) = runtime.block_on(async {
        let detail = client.session(&key, id).await?;
        let said = match transcript {
            true => Some(client.transcript(&key, id).await?),
            false => None,
        };
        Ok::<_, api::ApiError>((detail, said))
    })?;
    let compared = asked.map(|a| resolved::asked_and_ran(a, &detail));
    if json {
        let mut out = serde_json::json!({ "session": detail });
        if let Some(t) = &said {
            out["transcript"] = serde_json::to_value(t)?;
        }
        if let Some(rows) = &compared {
            out["askedAndRan"] = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "label": r.label, "path": r.path, "asked": r.asked,
                        "ranWith": r.ran_with, "verdict": r.verdict.text(),
                    })
                })
                .collect();
        }
        return print_json(&out);
    }
    let s = &detail.summary;
    let persona = match (
        &s.persona_id,
        detail
            .persona_config
            .as_ref()
            .and_then(|c| c.get("name"))
            .and_then(|n| n.as_str()),
    ) {
        (Some(id), _) => format!("saved persona {id}"),
        (None, Some(name)) => format!("ephemeral (\"{}\")", terminal_text(name)),
        (None, None) => "ephemeral".into(),
    };
    let mut text = String::new();
    for (name, value) in [
        ("Session", s.id.clone()),
        (
            "Label",
            s.client_label.clone().unwrap_or_else(|| "—".into()),
        ),
        ("Persona", persona),
        ("Started", time(s.started())),
        ("Ended", time(s.end_time)),
        ("State", s.state_text()),
        ("Length", s.length_text(chrono::Utc::now())),
    ] {
        text.push_str(&format!("{name:<8} {}\n", terminal_text(&value)));
    }
    if let Some(rows) = compared {
        text.push_str(&asked_and_ran_text(&rows));
    }
    if let Some(t) = said {
        text.push_str("\nTranscript:\n");
        for line in t.lines() {
            text.push_str(&format!("  {}\n", terminal_text(&line)));
        }
    }
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// What the preset asked for beside what the session ran with: the summary, then the settings
/// that did not take, then the rest of what was asked (fields only in the snapshot are left to
/// `--json`).
fn asked_and_ran_text(rows: &[resolved::Compared]) -> String {
    let mut text = String::from("\nAsked for and ran with:\n");
    if rows.is_empty() {
        text.push_str("  The session reports no persona configuration to compare with.\n");
        return text;
    }
    text.push_str(&format!("  {}\n", terminal_text(&resolved::summary(rows))));
    let asked = |r: &&resolved::Compared| r.asked != resolved::NOT_SET;
    let (marked, rest): (Vec<_>, Vec<_>) =
        rows.iter().filter(asked).partition(|r| r.verdict.marked());
    for r in marked.iter().chain(rest.iter()) {
        let mark = match r.verdict.marked() {
            true => format!("  [{}]", r.verdict.text()),
            false => String::new(),
        };
        text.push_str(&format!(
            "  {}: {} → {}{mark}\n",
            terminal_text(&r.label),
            terminal_text(&r.asked),
            terminal_text(&r.ran_with)
        ));
    }
    text
}
