//! Core errors and issues as JavaScript values.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::ReportingError;
use crate::issue::Issue;

#[wasm_bindgen(module = "/js/support.js")]
extern "C" {
    // `catch`: building an Error runs no user code unless the page has tampered with
    // Error's prototype, and even then a throw must not unwind through wasm.
    #[wasm_bindgen(js_name = makeError, catch)]
    fn make_error(
        code: &str,
        message: &str,
        status: Option<u16>,
        issues: JsValue,
        display_id: Option<f64>,
    ) -> Result<JsValue, JsValue>;
}

/// A JS `ReportingError` from the core's error.
pub fn to_js_error(e: ReportingError) -> JsValue {
    let issues = e
        .issues
        .as_deref()
        .map_or(JsValue::UNDEFINED, |i| issues_to_js(i).into());
    // What the failed construction threw is still thrown: the best there is.
    make_error(
        e.code.as_str(),
        &e.message,
        e.status,
        issues,
        e.display_id.map(|d| d as f64),
    )
    .unwrap_or_else(|thrown| thrown)
}

/// Issues as an array of plain `{path, code, message, severity}` objects (the core's
/// `Serialize` of [`Issue`], through serde-wasm-bindgen).
pub fn issues_to_js(issues: &[Issue]) -> Array {
    super::convert::to_js(issues)
        .ok()
        .and_then(|v| v.dyn_into::<Array>().ok())
        .unwrap_or_default()
}

/// Shorthand for an `invalid_argument` error as a JS value.
pub fn invalid_argument(message: impl Into<String>) -> JsValue {
    to_js_error(ReportingError::invalid_argument(message))
}
