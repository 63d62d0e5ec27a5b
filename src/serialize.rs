//! How the core's compact representations appear in the JSON/JavaScript shapes of its
//! results: the core keeps absent ids as [`NULL_ID`] and absent durations as NaN (plain
//! columns, no `Option` per value), while JavaScript sees `null`. These helpers are used
//! with `#[serde(serialize_with = ...)]` on the result types, so each shape is still
//! defined once, on the Rust type.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use crate::model::NULL_ID;

/// An id, `null` for [`NULL_ID`].
pub fn id<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
    if *v == NULL_ID {
        s.serialize_none()
    } else {
        s.serialize_some(v)
    }
}

/// A duration in seconds, `null` for NaN (the core's "no value").
pub fn seconds<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_nan() {
        s.serialize_none()
    } else {
        s.serialize_some(v)
    }
}

/// A list of durations, each `null` where NaN.
pub fn seconds_list<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for x in v {
        seq.serialize_element(&(!x.is_nan()).then_some(*x))?;
    }
    seq.end()
}

/// An instant in epoch milliseconds as whole epoch seconds, as the JavaScript API gives
/// times (truncated toward zero, as the flat-array bindings did).
pub fn millis_as_seconds<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(*v / 1000)
}

/// The first-response distribution's keys, in bucket order.
pub const DISTRIBUTION_KEYS: [&str; 5] = ["0-1h", "1-4h", "4-8h", "8-24h", "24h+"];

/// The first-response distribution as `{ "0-1h": n, "1-4h": n, … }`.
pub fn distribution<S: Serializer>(v: &[u64; 5], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(v.len()))?;
    for (key, n) in DISTRIBUTION_KEYS.iter().zip(v) {
        map.serialize_entry(key, n)?;
    }
    map.end()
}
