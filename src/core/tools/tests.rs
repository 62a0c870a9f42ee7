use super::*;

#[test]
fn each_template_is_of_its_kind() {
    for kind in ToolKind::ALL {
        assert_eq!(ToolKind::of(&kind.template()), Some(kind), "{kind}");
    }
}

#[test]
fn kinds_come_from_type_and_subtype() {
    assert_eq!(ToolKind::of(&json!({"type": "server"})), None);
    assert_eq!(
        ToolKind::of(&json!({"type": "server", "subtype": "rag"})),
        None
    );
    assert_eq!(ToolKind::of(&json!({"name": "x"})), None);
    assert_eq!(
        ToolKind::of(&json!({"type": "server", "subtype": "knowledge"})),
        Some(ToolKind::Knowledge)
    );
}

#[test]
fn display_names() {
    assert_eq!(display_name(&json!({"name": "get_weather"})), "get_weather");
    assert_eq!(display_name(&json!({"name": " "})), "(no name)");
    assert_eq!(display_name(&json!(7)), "(no name)");
}
