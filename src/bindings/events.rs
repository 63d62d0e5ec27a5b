//! `parseEvents`, `validateEvents` and the `EventSet` class.

use js_sys::{Array, Float64Array, Uint32Array};
use wasm_bindgen::prelude::*;

use serde::Deserialize;

use super::convert::options;
use super::errors::{invalid_argument, issues_to_js, to_js_error};
use crate::decode::{apply_mode, decode, too_large, DecodeOptions, Decoded, Mode, DEFAULT_MAX_BYTES};
use crate::error::{ErrorCode, ReportingError};
use crate::columns::ints_as_floats;
use crate::compact::CodeColumn;
use crate::event_set::{Columns, EventSet, Filter, FIRST_OTHER_CODE};
use crate::model::{KnownName, NULL_ID, NULL_TIME};

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    // `catch`: only running out of memory can make it throw, and that must not unwind
    // through wasm either.
    #[wasm_bindgen(js_name = buildEvents, catch)]
    #[allow(clippy::too_many_arguments)]
    fn build_events(
        id: Float64Array,
        code: Uint32Array,
        names: Array,
        value: Float64Array,
        bh: Float64Array,
        start: Float64Array,
        end: Float64Array,
        account: Float64Array,
        conv: Float64Array,
        inbox: Float64Array,
        user: Float64Array,
        created: Float64Array,
        updated: Float64Array,
    ) -> Result<JsValue, JsValue>;
}

/// Events decoded and validated, held column by column in wasm memory.
#[wasm_bindgen(js_name = EventSet)]
pub struct JsEventSet {
    inner: EventSet,
}

impl JsEventSet {
    /// Wraps a core set.
    pub fn new(inner: EventSet) -> JsEventSet {
        JsEventSet { inner }
    }

    /// The core set.
    pub fn inner(&self) -> &EventSet {
        &self.inner
    }
}

/// `mode` as JS spells it.
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum ModeName {
    /// Any error fails the whole body.
    Strict,
    /// Events with errors are dropped.
    Lenient,
}

impl From<ModeName> for Mode {
    fn from(m: ModeName) -> Mode {
        match m {
            ModeName::Strict => Mode::Strict,
            ModeName::Lenient => Mode::Lenient,
        }
    }
}

/// The options of `parseEvents` and `validateEvents`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ParseOptions {
    mode: Option<ModeName>,
    account_id: Option<i64>,
    max_bytes: Option<f64>,
}

pub(super) fn decode_options(value: JsValue) -> Result<DecodeOptions, JsValue> {
    let o: ParseOptions = options(value, "The parse options")?;
    let max_bytes = match o.max_bytes {
        None => DEFAULT_MAX_BYTES,
        Some(n) if n >= 0.0 => n.min(u32::MAX as f64) as usize,
        Some(_) => return Err(invalid_argument("The option `maxBytes` must not be negative.")),
    };
    Ok(DecodeOptions {
        mode: o.mode.map_or(Mode::Strict, Mode::from),
        account_id: o.account_id,
        max_bytes,
    })
}

/// Decodes a body: a string, or a `Uint8Array` that js/guard.js made over the caller's
/// bytes (any view, `ArrayBuffer` or `SharedArrayBuffer`, read through the engine's own
/// getters, so a spoofed `byteLength` never reaches here). The size is checked before
/// anything is copied into wasm memory.
fn decode_body(body: &JsValue, opts: &DecodeOptions) -> Result<Decoded, JsValue> {
    if let Some(s) = body.dyn_ref::<js_sys::JsString>() {
        // UTF-8 never has fewer bytes than UTF-16 has code units.
        let units = s.length() as usize;
        if units > opts.max_bytes {
            return Ok(too_large(units, opts.max_bytes));
        }
        return Ok(decode(String::from(s).as_bytes(), opts));
    }
    let Some(view) = body.dyn_ref::<js_sys::Uint8Array>() else {
        return Err(invalid_argument("The body must be a string, a Uint8Array or an ArrayBuffer."));
    };
    let len = view.length() as usize;
    if len > opts.max_bytes {
        return Ok(too_large(len, opts.max_bytes));
    }
    Ok(decode(&view.to_vec(), opts))
}

/// The criteria of `set.filter()`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FilterOptions {
    names: Option<Vec<String>>,
    conversation_ids: Option<Vec<i64>>,
    inbox_ids: Option<Vec<Option<i64>>>,
    user_ids: Option<Vec<Option<i64>>>,
    since: Option<f64>,
    until: Option<f64>,
}

/// Ids where `null` means "none" ([`NULL_ID`]).
fn nullable_ids(ids: Option<Vec<Option<i64>>>) -> Option<Vec<i64>> {
    ids.map(|v| v.into_iter().map(|id| id.unwrap_or(NULL_ID)).collect())
}

/// `parseEvents(body, options)`: bytes to a validated `EventSet` (see API.md).
#[wasm_bindgen(js_name = parseEvents)]
pub fn parse_events(body: JsValue, options: JsValue) -> Result<JsEventSet, JsValue> {
    let opts = decode_options(options)?;
    let decoded = decode_body(&body, &opts)?;
    apply_mode(decoded, opts.mode)
        .map(JsEventSet::new)
        .map_err(|f| to_js_error(ReportingError::from(f)))
}

/// `validateEvents(body, options)`: every issue, never a throw for bad data.
#[wasm_bindgen(js_name = validateEvents)]
pub fn validate_events(body: JsValue, options: JsValue) -> Result<Array, JsValue> {
    let opts = decode_options(options)?;
    Ok(issues_to_js(&decode_body(&body, &opts)?.events.issues))
}

/// An integer column as a Float64Array (exact below 2^53), with NaN where `null_value`.
pub(super) fn column(v: impl IntoIterator<Item = i64>, null_value: i64) -> Float64Array {
    Float64Array::from(&ints_as_floats(v, null_value)[..])
}

/// The name codes as a Uint32Array.
pub(super) fn codes(c: &CodeColumn) -> Uint32Array {
    let wide: Vec<u32> = c.iter().collect();
    Uint32Array::from(&wide[..])
}

/// `updated_at` of every event, epoch ms.
pub(super) fn updated_at(c: &Columns) -> impl Iterator<Item = i64> + '_ {
    (0..c.len()).map(|i| c.updated_at(i))
}

#[wasm_bindgen(js_class = EventSet)]
impl JsEventSet {
    /// Number of events.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// What validation found: warnings, and in lenient mode the errors of dropped events.
    #[wasm_bindgen(getter)]
    pub fn issues(&self) -> Array {
        issues_to_js(&self.inner.issues)
    }

    /// The events as plain objects with Chatwoot's keys and JSON types.
    #[wasm_bindgen(js_name = toArray)]
    pub fn to_array(&self) -> Result<JsValue, JsValue> {
        let c = &self.inner.columns;
        let names: Array = KnownName::ALL
            .iter()
            .map(|k| JsValue::from_str(k.as_str()))
            .chain(
                self.inner
                    .names
                    .others()
                    .iter()
                    .map(|s| JsValue::from_str(s)),
            )
            .collect();
        debug_assert_eq!(
            names.length(),
            FIRST_OTHER_CODE + self.inner.names.others().len() as u32
        );
        build_events(
            column(&c.id, NULL_ID),
            codes(&c.name),
            names,
            Float64Array::from(&c.value[..]),
            Float64Array::from(&c.value_in_business_hours[..]),
            column(c.event_start_time.iter().copied(), NULL_TIME),
            column(c.event_end_time.iter().copied(), NULL_TIME),
            column(&c.account_id, NULL_ID),
            column(&c.conversation_id, NULL_ID),
            column(&c.inbox_id, NULL_ID),
            column(&c.user_id, NULL_ID),
            column(c.created_at.iter().copied(), NULL_TIME),
            column(updated_at(c), NULL_TIME),
        )
        .map_err(|_| {
            to_js_error(ReportingError::new(
                ErrorCode::TooLarge,
                "The events are too many to build as JavaScript objects here: read them with toColumns(), or use the summaries.",
            ))
        })
    }

    /// Same as `toArray()`, so `JSON.stringify(set)` writes Chatwoot's JSON.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.to_array()
    }

    /// The events that match every given criterion (see API.md).
    pub fn filter(&self, criteria: JsValue) -> Result<JsEventSet, JsValue> {
        let o: FilterOptions = options(criteria, "The filter")?;
        let f = Filter {
            names: o.names,
            conversation_ids: o.conversation_ids,
            inbox_ids: nullable_ids(o.inbox_ids),
            user_ids: nullable_ids(o.user_ids),
            since: o.since,
            until: o.until,
        };
        Ok(JsEventSet::new(self.inner.filter(&f)))
    }

    /// A copy, the start of `concat` (which the package's JS wraps to take any number of
    /// sets without consuming them).
    #[wasm_bindgen(js_name = _copy)]
    pub fn copy(&self) -> JsEventSet {
        JsEventSet::new(self.inner.clone())
    }

    /// Appends another set's events, unsorted; part of `concat`.
    #[wasm_bindgen(js_name = _append)]
    pub fn append(&mut self, other: &JsEventSet) {
        self.inner.append(&other.inner);
    }

    /// Sorts by `created_at` and drops repeated ids; the end of `concat`.
    #[wasm_bindgen(js_name = _sortDedup)]
    pub fn sort_dedup(&mut self) {
        self.inner.sort_dedup();
    }
}

/// Always true: js/guard.js calls it to learn whether the module is instantiated (before
/// that, the glue throws in JavaScript without entering wasm).
#[wasm_bindgen(js_name = _loaded)]
pub fn loaded() -> bool {
    true
}
