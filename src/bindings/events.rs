//! `parseEvents`, `validateEvents` and the `EventSet` class.

use js_sys::{Array, Float64Array, Uint32Array};
use wasm_bindgen::prelude::*;

use super::errors::{issues_to_js, to_js_error};
use super::options::{body_bytes, check_object, decode_options, opt_ids, opt_number, opt_strings};
use crate::decode::{apply_mode, decode, too_large, DecodeOptions, Decoded};
use crate::error::ReportingError;
use crate::event_set::{EventSet, Filter, FIRST_OTHER_CODE};
use crate::model::{KnownName, NULL_ID, NULL_TIME};

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = buildEvents)]
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
    ) -> JsValue;
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

/// Decodes a body with the size check done before copying it into wasm memory.
fn decode_body(body: &JsValue, opts: &DecodeOptions) -> Result<Decoded, JsValue> {
    Ok(match body_bytes(body, opts.max_bytes)? {
        Ok(bytes) => decode(&bytes, opts),
        Err(len) => too_large(len, opts.max_bytes),
    })
}

/// `parseEvents(body, options)`: bytes to a validated `EventSet` (see API.md).
#[wasm_bindgen(js_name = parseEvents)]
pub fn parse_events(body: JsValue, options: JsValue) -> Result<JsEventSet, JsValue> {
    let opts = decode_options(&options)?;
    let decoded = decode_body(&body, &opts)?;
    apply_mode(decoded, opts.mode)
        .map(JsEventSet::new)
        .map_err(|f| to_js_error(ReportingError::from(f)))
}

/// `validateEvents(body, options)`: every issue, never a throw for bad data.
#[wasm_bindgen(js_name = validateEvents)]
pub fn validate_events(body: JsValue, options: JsValue) -> Result<Array, JsValue> {
    let opts = decode_options(&options)?;
    Ok(issues_to_js(&decode_body(&body, &opts)?.events.issues))
}

/// An integer column as a Float64Array (exact below 2^53), with NaN where `null_value`.
fn column(v: &[i64], null_value: i64) -> Float64Array {
    let out: Vec<f64> = v
        .iter()
        .map(|&x| if x == null_value { f64::NAN } else { x as f64 })
        .collect();
    Float64Array::from(&out[..])
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
    pub fn to_array(&self) -> JsValue {
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
            Uint32Array::from(&c.name[..]),
            names,
            Float64Array::from(&c.value[..]),
            Float64Array::from(&c.value_in_business_hours[..]),
            column(&c.event_start_time, NULL_TIME),
            column(&c.event_end_time, NULL_TIME),
            column(&c.account_id, NULL_ID),
            column(&c.conversation_id, NULL_ID),
            column(&c.inbox_id, NULL_ID),
            column(&c.user_id, NULL_ID),
            column(&c.created_at, NULL_TIME),
            column(&c.updated_at, NULL_TIME),
        )
    }

    /// Same as `toArray()`, so `JSON.stringify(set)` writes Chatwoot's JSON.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        self.to_array()
    }

    /// The events that match every given criterion (see API.md).
    pub fn filter(&self, criteria: JsValue) -> Result<JsEventSet, JsValue> {
        check_object(&criteria, "The filter")?;
        let f = Filter {
            names: opt_strings(&criteria, "names")?,
            conversation_ids: opt_ids(&criteria, "conversationIds", false)?,
            inbox_ids: opt_ids(&criteria, "inboxIds", true)?,
            user_ids: opt_ids(&criteria, "userIds", true)?,
            since: opt_number(&criteria, "since")?,
            until: opt_number(&criteria, "until")?,
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
