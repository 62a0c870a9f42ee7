//! How many values a JSON text holds, counted as it is read and without building any of them, so
//! a body too large to hold in memory is refused before it is built. Each value of serde_json's
//! `Value` takes about a hundred bytes (a number keeps its text), so the 8 MiB a preset may be,
//! written as four million one-digit numbers, would take well over a gigabyte.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The most values (numbers, strings, booleans, nulls, arrays, objects) a body may hold: far
/// beyond any real body (the fullest preset has about 40), and few enough that two bodies side
/// by side (`diff`) stay within a few hundred MB.
pub const MAX_VALUES: u64 = 250_000;

/// The key serde_json gives a number under `arbitrary_precision` (it reads as a one-entry map).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// `Err` with the place it stopped, when `bytes` holds more than [`MAX_VALUES`] values. A text
/// that is not JSON passes: the parse that follows says where it is broken.
pub fn check(bytes: &[u8]) -> Result<(), serde_json::Error> {
    let mut count = 0;
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    match Counter(&mut count).deserialize(&mut reader) {
        Err(e) if count > MAX_VALUES => Err(e),
        _ => Ok(()),
    }
}

struct Counter<'c>(&'c mut u64);

impl Counter<'_> {
    fn one<E: de::Error>(self) -> Result<(), E> {
        *self.0 += 1;
        if *self.0 > MAX_VALUES {
            return Err(E::custom(format!(
                "the body holds more than {MAX_VALUES} values (numbers, strings, arrays, objects), far more than a request body has, so it is not loaded"
            )));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Counter<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Counter<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.one()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.one()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.one()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.one()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.one()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.one()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let count = self.0;
        Counter(&mut *count).one()?;
        while seq.next_element_seed(Counter(&mut *count))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let count = self.0;
        Counter(&mut *count).one()?;
        while let Some(key) = map.next_key::<Key>()? {
            if key.0 {
                // A number: one value, already counted as the "object" it came as.
                map.next_value::<IgnoredAny>()?;
            } else {
                map.next_value_seed(Counter(&mut *count))?;
            }
        }
        Ok(())
    }
}

/// An object's key, read only to tell a number (serde_json's private token) from an object.
struct Key(bool);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(Key(key == NUMBER_TOKEN))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(n: u64) -> String {
        format!("{{\"a\": [{}]}}", vec!["1.5"; n as usize].join(","))
    }

    #[test]
    fn a_body_of_max_values_passes_and_one_more_is_refused() {
        // The body and its array are two values.
        assert!(check(numbers(MAX_VALUES - 2).as_bytes()).is_ok());
        let e = check(numbers(MAX_VALUES - 1).as_bytes()).unwrap_err();
        assert!(e.to_string().contains("more than 250000 values"), "{e}");
        // Keys are not values of their own; strings, nulls and objects are.
        let members: Vec<String> = (0..MAX_VALUES).map(|i| format!("\"k{i}\": null")).collect();
        assert!(check(format!("{{{}}}", members.join(",")).as_bytes()).is_err());
        assert!(
            check(b"{\"a\": [").is_ok(),
            "broken JSON is the parse's to report"
        );
    }
}
