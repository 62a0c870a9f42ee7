//! Deserializers that accept what a picker can live with: a number where a string was expected,
//! `null` for "absent", and a value of the wrong shape as absent rather than a failed catalog.

use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error};
use serde_json::Value;

fn text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An id: a non-empty string (or a number).
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match text(Value::deserialize(d)?) {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(D::Error::custom("the id is not a non-empty string")),
    }
}

pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(text(Value::deserialize(d)?).unwrap_or_default())
}

pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(text(Value::deserialize(d)?))
}

pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    })
}

fn number(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(number(&Value::deserialize(d)?).unwrap_or_default())
}

pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(opt_u32(d)?.unwrap_or_default())
}

pub fn opt_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(number(&Value::deserialize(d)?).and_then(|n| u32::try_from(n).ok()))
}

/// A nested item; one that does not read (no id, say) is absent.
pub fn opt_item<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// A JSON object, kept as it is; anything else is absent.
pub fn opt_object<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Ok(Some(Value::deserialize(d)?).filter(Value::is_object))
}

/// A list of ids: each item a non-empty string (or number), or an object with such an `id`;
/// other items are skipped. Anything but a list is absent.
pub fn opt_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let Value::Array(items) = Value::deserialize(d)? else {
        return Ok(None);
    };
    let ids = items
        .into_iter()
        .filter_map(|item| match item {
            Value::Object(mut map) => map.remove("id").and_then(text),
            other => text(other),
        })
        .filter(|id| !id.trim().is_empty())
        .collect();
    Ok(Some(ids))
}
