//! `set.toColumns()` and `EventSet.fromColumns()`'s wasm half (see src/columns.rs).
//! js/api.js names the columns and checks every argument before it comes here: the
//! typed arrays arrive as slices the glue copied into wasm memory, the name table as a
//! fresh array of strings.

use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;

use super::errors::{invalid_argument, to_js_error};
use super::events::{codes, column, decode_options, updated_at, JsEventSet};
use crate::columns::{from_columns, name_table, ColumnSlices};
use crate::decode::apply_mode;
use crate::error::ReportingError;
use crate::model::{NULL_ID, NULL_TIME};

#[wasm_bindgen(js_class = EventSet)]
impl JsEventSet {
    /// The columns, in the order js/api.js names them: the name table, then `name`, `id`,
    /// `value`, `valueInBusinessHours`, `eventStartTime`, `eventEndTime`, `accountId`,
    /// `conversationId`, `inboxId`, `userId`, `createdAt`, `updatedAt`. Each typed array
    /// has an `ArrayBuffer` of its own (a copy out of wasm memory), so it can be
    /// transferred; integer columns are converted one at a time so that wasm memory
    /// (which never shrinks) grows by one column at most.
    #[wasm_bindgen(js_name = _toColumns)]
    pub fn to_columns(&self) -> Array {
        let set = self.inner();
        let c = &set.columns;
        let names: Array = name_table(set).into_iter().map(JsValue::from_str).collect();
        let out = Array::new();
        out.push(&names);
        out.push(&codes(&c.name));
        out.push(&column(&c.id, NULL_ID));
        out.push(&Float64Array::from(&c.value[..]));
        out.push(&Float64Array::from(&c.value_in_business_hours[..]));
        out.push(&column(c.event_start_time.iter().copied(), NULL_TIME));
        out.push(&column(c.event_end_time.iter().copied(), NULL_TIME));
        out.push(&column(&c.account_id, NULL_ID));
        out.push(&column(&c.conversation_id, NULL_ID));
        out.push(&column(&c.inbox_id, NULL_ID));
        out.push(&column(&c.user_id, NULL_ID));
        out.push(&column(c.created_at.iter().copied(), NULL_TIME));
        out.push(&column(updated_at(c), NULL_TIME));
        out
    }
}

/// `EventSet.fromColumns(columns, options)`: columns validated as a body is, then strict
/// (any error throws `invalid_data`) or lenient (rows with errors dropped, listed in
/// `issues`). Columns of different lengths are an `invalid_argument`.
#[wasm_bindgen(js_name = _fromColumns)]
#[allow(clippy::too_many_arguments)]
pub fn from_columns_js(
    names: Array,
    name: &[u32],
    id: &[f64],
    value: &[f64],
    value_in_business_hours: &[f64],
    event_start_time: &[f64],
    event_end_time: &[f64],
    account_id: &[f64],
    conversation_id: &[f64],
    inbox_id: &[f64],
    user_id: &[f64],
    created_at: &[f64],
    updated_at: &[f64],
    opts: JsValue,
) -> Result<JsEventSet, JsValue> {
    // `parseEvents`' options; js/api.js has refused `maxBytes` (the columns are already
    // in memory), which spares a reader of their own (3.6 KB of wasm).
    let decode = decode_options(opts)?;
    let names = names
        .iter()
        .map(|v| v.as_string())
        .collect::<Option<Vec<String>>>()
        .ok_or_else(|| invalid_argument("The column `names` must be an array of strings."))?;
    let cols = ColumnSlices {
        names: &names,
        name,
        id,
        value,
        value_in_business_hours,
        event_start_time,
        event_end_time,
        account_id,
        conversation_id,
        inbox_id,
        user_id,
        created_at,
        updated_at,
    };
    let decoded = from_columns(&cols, &decode).map_err(|e| invalid_argument(e.message))?;
    apply_mode(decoded, decode.mode)
        .map(JsEventSet::new)
        .map_err(|f| to_js_error(ReportingError::from(f)))
}
