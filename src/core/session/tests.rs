//! Sessions and transcripts: unit tests.

use super::*;
use serde_json::json;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn the_documented_session_reads_and_odd_fields_do_not_break_it() {
    let s: SessionDetail = serde_json::from_value(json!({
        "id": "s1", "personaId": null, "clientLabel": "anam-lab-chat",
        "startTime": "2026-04-20T09:00:00.000Z", "endTime": "2026-04-20T09:12:34.000Z",
        "sessionLengthMs": 754000, "exitStatus": "CLOSED_BY_ENGINE",
        "engineHost": 7, "personaConfig": {"type": "ephemeral"}, "somethingNew": [1]
    }))
    .unwrap();
    assert_eq!(s.summary.client_label.as_deref(), Some("anam-lab-chat"));
    assert_eq!(s.summary.length_text(Utc::now()), "12 min 34 s");
    assert_eq!(s.summary.state_text(), "ended (closed by engine)");
    assert_eq!(s.engine_host.as_deref(), Some("7"));
    assert!(s.persona_config.is_some());
    let live: SessionSummary = serde_json::from_value(
        json!({"id": 5, "startTime": "2026-04-20T09:00:00Z", "endTime": "soon"}),
    )
    .unwrap();
    assert_eq!(live.id, "5");
    assert_eq!(live.state(), SessionState::Live);
    assert_eq!(live.length_text(at("2026-04-20T09:00:45Z")), "45 s so far");
    assert!(serde_json::from_value::<SessionSummary>(json!({"clientLabel": "x"})).is_err());
    let page = SessionPage::from_items(
        vec![json!({"id": "a"}), json!({"no": "id"})],
        Meta::default(),
    );
    assert_eq!(page.data.len(), 1);
}

#[test]
fn lengths_read_like_a_person_would_say_them() {
    assert_eq!(format_length(999), "0 s");
    assert_eq!(format_length(59_000), "59 s");
    assert_eq!(format_length(61_000), "1 min 01 s");
    assert_eq!(format_length(3_720_000), "1 h 02 min");
}

#[test]
fn the_query_uses_the_api_names_and_bounds() {
    let q = SessionQuery {
        search: Some("  ".into()),
        persona_id: Some("p".into()),
        page: 0,
        per_page: 500,
    };
    assert_eq!(
        q.pairs(),
        [
            ("page", "1".to_string()),
            ("perPage", "100".into()),
            ("personaId", "p".into())
        ]
    );
    assert_eq!(
        SessionQuery::by_label("studio/x").pairs()[2],
        ("search", "studio/x".into())
    );
}

#[test]
fn a_mint_finds_its_session_by_label_and_time() {
    let s = |id: &str, label: &str, start: &str| SessionSummary {
        id: id.into(),
        persona_id: None,
        client_label: Some(label.into()),
        start_time: Some(at(start)),
        end_time: None,
        session_length_ms: None,
        exit_status: None,
        created_at: None,
    };
    let all = [
        s("old", "qa/1", "2026-01-01T09:00:00Z"),
        s("other", "qa/2", "2026-01-01T10:00:10Z"),
        s("later", "qa/1", "2026-01-01T10:05:00Z"),
        s("mine", "qa/1", "2026-01-01T10:00:30Z"),
    ];
    let minted = at("2026-01-01T10:00:00Z");
    assert_eq!(session_for_mint(&all, "qa/1", minted).unwrap().id, "mine");
    assert!(session_for_mint(&all, "qa/3", minted).is_none());
}

#[test]
fn a_transcript_reads_as_lines_with_offsets() {
    let t: Transcript = serde_json::from_value(json!({
        "sessionId": "s1", "startTime": "2026-04-20T09:00:00Z",
        "messages": [
            {"role": "persona", "message": "Hi!", "timestamp": "2026-04-20T09:00:01Z"},
            {"role": "user", "message": " Hello ", "timestamp": "2026-04-20T09:01:05Z", "wasInterrupted": true},
            "not a message"
        ]
    }))
    .unwrap();
    assert_eq!(
        t.lines(),
        ["[0:01] persona: Hi!", "[1:05] user: Hello (interrupted)"]
    );
    let none: Transcript =
        serde_json::from_value(json!({"transcriptsEnabled": false, "messages": null})).unwrap();
    assert_eq!(
        none.lines(),
        ["No transcript: this session did not keep one."]
    );
}
