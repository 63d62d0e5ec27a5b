//! A serde `Deserializer` over an options object already read into a `serde_json::Value`,
//! whose errors carry the path of the key that failed (`sla.firstResponse`,
//! `weekly.mon.0`), so a message can name it.
//!
//! Why not serde_path_to_error (which did this before, issue 16): it wraps every visitor,
//! map and sequence access of every option type in generic adapters, 54 KB of the .wasm
//! (10 KB gzip) for options objects a few keys deep. Here the path is built only on the
//! way out of a failure: each map value or sequence element that fails puts its key in
//! front of the path the inner error already has; nothing is tracked on success.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::Value;
use std::fmt;

/// What failed and where: `path` is empty at the top level.
#[derive(Debug)]
pub struct PathError {
    /// The keys and indices from the top to the failing value, joined with `.`.
    pub path: String,
    /// serde's sentence for what was wrong ("unknown field `sinc`, expected one of …").
    pub message: String,
}

impl PathError {
    /// The error with `segment` put in front of its path. Not inlined: it is the cold
    /// path of every map and sequence access, instantiated once per option type.
    #[inline(never)]
    fn under(mut self, segment: &str) -> Self {
        self.path = if self.path.is_empty() { segment.to_owned() } else { [segment, ".", &self.path].concat() };
        self
    }

    /// The error with a sequence index put in front of its path.
    #[inline(never)]
    fn under_index(self, index: usize) -> Self {
        self.under(&index.to_string())
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

impl de::Error for PathError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PathError { path: String::new(), message: msg.to_string() }
    }
}

/// `T` read from `value`, reading it as serde_json's own `Value` deserializer would.
pub fn from_value<T: de::DeserializeOwned>(value: &Value) -> Result<T, PathError> {
    T::deserialize(ValueDe(value))
}

/// The deserializer for one value.
struct ValueDe<'a>(&'a Value);

impl<'de> de::Deserializer<'de> for ValueDe<'_> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    // serde_json's numbers are u64, i64 or finite f64: this is the last.
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(SeqDe { items: items.iter(), index: 0 }),
            Value::Object(map) => visitor.visit_map(MapDe { entries: map.iter(), pending: None }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Only an object is read as a struct. serde would also read an array by position
    /// (`[60, 3600]` as `{ firstResponse, resolution }`), which no options object means;
    /// refusing it here also lets the compiler drop every option type's `visit_seq`.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(MapDe { entries: map.iter(), pending: None }),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_newtype_struct(self)
    }

    /// The options' enums are unit variants written as strings (`'week'`, `'cohort'`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            _ => self.deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// What serde's messages call `value` ("invalid type: sequence, expected …").
fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (None, Some(i)) => de::Unexpected::Signed(i),
            _ => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

/// An array's elements; a failing one puts its index in front of the path.
struct SeqDe<'a> {
    items: std::slice::Iter<'a, Value>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_> {
    type Error = PathError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, PathError> {
        let Some(item) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        seed.deserialize(ValueDe(item)).map(Some).map_err(|e| e.under_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object's entries; a failing value puts its key in front of the path.
struct MapDe<'a> {
    entries: serde_json::map::Iter<'a>,
    pending: Option<(&'a str, &'a Value)>,
}

impl<'de> de::MapAccess<'de> for MapDe<'_> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, PathError> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.pending = Some((key, value));
        // An unknown key fails here: the path is where the object is, the message names the key.
        seed.deserialize(key.as_str().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, PathError> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        seed.deserialize(ValueDe(value)).map_err(|e| e.under(key))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, PartialEq, Default)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Sla {
        first_response: Option<f64>,
        resolution: Option<u32>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Unit {
        Day,
        Week,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Zone {
        Name(String),
        Hours(f64),
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Id(u32);

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Options {
        #[serde(default)]
        sla: Sla,
        group_by: Option<Unit>,
        zone: Option<Zone>,
        #[serde(default)]
        weekly: BTreeMap<String, Vec<[String; 2]>>,
        id: Option<Id>,
        flag: Option<bool>,
    }

    fn read(text: &str) -> Result<Options, PathError> {
        from_value(&serde_json::from_str::<Value>(text).unwrap())
    }

    /// The same as serde_json's own `Value` deserializer on what it accepts.
    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{}"#,
            r#"{"sla":{"firstResponse":60,"resolution":3600},"groupBy":"week","zone":"Europe/Berlin"}"#,
            r#"{"sla":{"firstResponse":1.5,"resolution":null},"groupBy":null,"zone":-3.5,"flag":true}"#,
            r#"{"weekly":{"mon":[["09:00","17:00"],["18:00","19:00"]]},"id":7}"#,
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            let ours: Options = from_value(&value).unwrap();
            let theirs: Options = serde_json::from_value(value).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn names_the_path_of_what_failed() {
        let cases = [
            (r#"{"sinc":1}"#, "", "unknown field `sinc`, expected one of `sla`, `groupBy`, `zone`, `weekly`, `id`, `flag`"),
            (r#"{"sla":{"firstRespons":60}}"#, "sla", "unknown field `firstRespons`, expected `firstResponse` or `resolution`"),
            (r#"{"sla":{"firstResponse":"60"}}"#, "sla.firstResponse", "invalid type: string \"60\", expected f64"),
            (r#"{"sla":{"resolution":-1}}"#, "sla.resolution", "invalid value: integer `-1`, expected u32"),
            (r#"{"groupBy":"fortnight"}"#, "groupBy", "unknown variant `fortnight`, expected `day` or `week`"),
            (r#"{"weekly":{"mon":[["09:00","17:00"],["09:00"]]}}"#, "weekly.mon.1", "invalid length 1, expected an array of length 2"),
            (r#"{"zone":true}"#, "zone", "data did not match any variant of untagged enum Zone"),
            (r#"{"id":"x"}"#, "id", "invalid type: string \"x\", expected u32"),
            (r#"{"id":1.5}"#, "id", "invalid type: floating point `1.5`, expected u32"),
            (r#"{"sla":{"resolution":true}}"#, "sla.resolution", "invalid type: boolean `true`, expected u32"),
            (r#"{"weekly":{"mon":{}}}"#, "weekly.mon", "invalid type: map, expected a sequence"),
            // Not by position, as serde would read an array.
            (r#"[1]"#, "", "invalid type: sequence, expected struct Options"),
            (r#"{"sla":[60]}"#, "sla", "invalid type: sequence, expected struct Sla"),
            (r#"{"sla":"fast"}"#, "sla", "invalid type: string \"fast\", expected struct Sla"),
        ];
        for (text, path, message) in cases {
            let e = read(text).unwrap_err();
            assert_eq!((e.path.as_str(), e.message.as_str()), (path, message), "{text}");
        }
    }
}
