//! The two directions of the boundary for object values, both through serde-wasm-bindgen:
//! options objects into `#[derive(Deserialize)]` structs (strictly: an unknown key is an
//! `invalid_argument` naming it and the accepted keys) and `#[derive(Serialize)]` results
//! into plain objects (`Option::None` as `null`, as API.md promises).
//!
//! Options reach here already copied into plain data by js/guard.js (no getters, Proxies
//! or non-finite numbers survive that copy), so reading them cannot throw through wasm.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::errors::invalid_argument;

/// `value` as a `T`; `what` names the object in messages ("The options of summarize").
///
/// serde-wasm-bindgen reads a struct by asking for its declared keys only, so a typo
/// (`sinc`) would pass unseen; reading the object as a JSON value first and deriving the
/// struct from that lets `deny_unknown_fields` see every key.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|_| invalid_argument([what, " could not be read."].concat()))?;
    crate::path_de::from_value(&json).map_err(|e| {
        let mut m = String::from(what);
        if e.path.is_empty() {
            m.push_str(" are not valid: ");
        } else {
            m.push_str(": `");
            m.push_str(&e.path);
            m.push_str("` is not valid: ");
        }
        m.push_str(&e.message);
        m.push('.');
        invalid_argument(m)
    })
}

/// Options that may be left out: `undefined` and `null` give `T::default()`.
pub fn options<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(invalid_argument([what, " must be an object."].concat()));
    }
    from_js(value, what)
}

/// A result as a plain JS value: structs and maps as objects, `None` as `null`.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let s = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&s)
        .map_err(|_| invalid_argument("The result could not be converted for JavaScript."))
}

/// JSON from a server (agents, inboxes) as plain JS values, keys as the server wrote them.
pub fn json_to_js(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| invalid_argument("The answer could not be converted for JavaScript."))
}
