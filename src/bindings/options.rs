//! Reading option objects and bodies passed from JavaScript, with a clear
//! `invalid_argument` for anything of the wrong shape.

use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::invalid_argument;
use crate::decode::{DecodeOptions, Mode, DEFAULT_MAX_BYTES};
use crate::model::{MAX_SAFE_INTEGER, NULL_ID};

/// `obj[key]`, or `undefined` when `obj` is not an object.
pub fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if !obj.is_object() {
        return Ok(JsValue::UNDEFINED);
    }
    // A throwing getter or proxy must become our error, not escape as something else.
    Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| invalid_argument(["The option `", key, "` could not be read."].concat()))
}

/// Checks that options, when given, are an object.
pub fn check_object(obj: &JsValue, what: &str) -> Result<(), JsValue> {
    if obj.is_undefined() || obj.is_null() || obj.is_object() {
        Ok(())
    } else {
        Err(invalid_argument([what, " must be an object."].concat()))
    }
}

/// An optional finite number.
pub fn opt_number(obj: &JsValue, key: &str) -> Result<Option<f64>, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() => Ok(Some(n)),
        _ => Err(invalid_argument(
            ["The option `", key, "` must be a finite number."].concat(),
        )),
    }
}

/// An optional whole number within JavaScript's safe range.
pub fn opt_integer(obj: &JsValue, key: &str) -> Result<Option<i64>, JsValue> {
    match opt_number(obj, key)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER as f64 => Ok(Some(n as i64)),
        Some(_) => Err(invalid_argument(
            ["The option `", key, "` must be a whole number."].concat(),
        )),
    }
}

/// An optional boolean; `undefined` and `null` are false.
pub fn opt_bool(obj: &JsValue, key: &str) -> Result<bool, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| invalid_argument(["The option `", key, "` must be true or false."].concat()))
}

/// An optional string.
pub fn opt_string(obj: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| invalid_argument(["The option `", key, "` must be a string."].concat()))
}

/// An optional array of whole numbers; `null` entries become [`NULL_ID`] when allowed.
pub fn opt_ids(obj: &JsValue, key: &str, allow_null: bool) -> Result<Option<Vec<i64>>, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let bad =
        || invalid_argument(["The option `", key, "` must be an array of whole numbers."].concat());
    let arr: js_sys::Array = v.dyn_into().map_err(|_| bad())?;
    let mut out = Vec::with_capacity(arr.length() as usize);
    for x in arr.iter() {
        if x.is_null() && allow_null {
            out.push(NULL_ID);
            continue;
        }
        match x.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER as f64 => out.push(n as i64),
            _ => return Err(bad()),
        }
    }
    Ok(Some(out))
}

/// An optional array of strings.
pub fn opt_strings(obj: &JsValue, key: &str) -> Result<Option<Vec<String>>, JsValue> {
    let v = get(obj, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let bad = || invalid_argument(["The option `", key, "` must be an array of strings."].concat());
    let arr: js_sys::Array = v.dyn_into().map_err(|_| bad())?;
    arr.iter()
        .map(|x| x.as_string().ok_or_else(bad))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The options of `parseEvents` and `validateEvents`.
pub fn decode_options(obj: &JsValue) -> Result<DecodeOptions, JsValue> {
    check_object(obj, "The options")?;
    let mode = match opt_string(obj, "mode")?.as_deref() {
        None | Some("strict") => Mode::Strict,
        Some("lenient") => Mode::Lenient,
        Some(_) => {
            return Err(invalid_argument(
                "The option `mode` must be 'strict' or 'lenient'.",
            ))
        }
    };
    let account_id = opt_integer(obj, "accountId")?;
    let max_bytes = match opt_number(obj, "maxBytes")? {
        None => DEFAULT_MAX_BYTES,
        Some(n) if n >= 0.0 => n.min(usize::MAX as f64) as usize,
        Some(_) => {
            return Err(invalid_argument(
                "The option `maxBytes` must not be negative.",
            ))
        }
    };
    Ok(DecodeOptions {
        mode,
        account_id,
        max_bytes,
    })
}

/// A body as bytes: a string (UTF-8 encoded), a `Uint8Array` or other view, or an
/// `ArrayBuffer`. `Err(Some(len))` means it is certainly longer than `max_bytes`, found
/// before copying it into wasm memory.
pub fn body_bytes(body: &JsValue, max_bytes: usize) -> Result<Result<Vec<u8>, usize>, JsValue> {
    if let Some(s) = body.dyn_ref::<js_sys::JsString>() {
        // UTF-8 never has fewer bytes than UTF-16 has code units.
        let units = s.length() as usize;
        if units > max_bytes {
            return Ok(Err(units));
        }
        return Ok(Ok(String::from(s).into_bytes()));
    }
    let view = if let Some(a) = body.dyn_ref::<Uint8Array>() {
        a.clone()
    } else if let Some(b) = body.dyn_ref::<ArrayBuffer>() {
        Uint8Array::new(b)
    } else if ArrayBuffer::is_view(body) {
        let buf = Reflect::get(body, &"buffer".into())
            .ok()
            .and_then(|b| b.dyn_into::<ArrayBuffer>().ok());
        let off = Reflect::get(body, &"byteOffset".into())
            .ok()
            .and_then(|v| v.as_f64());
        let len = Reflect::get(body, &"byteLength".into())
            .ok()
            .and_then(|v| v.as_f64());
        match (buf, off, len) {
            (Some(b), Some(o), Some(l)) => {
                Uint8Array::new_with_byte_offset_and_length(&b, o as u32, l as u32)
            }
            _ => return Err(invalid_argument("The body's buffer could not be read.")),
        }
    } else {
        return Err(invalid_argument(
            "The body must be a string, a Uint8Array or an ArrayBuffer.",
        ));
    };
    let len = view.length() as usize;
    if len > max_bytes {
        return Ok(Err(len));
    }
    Ok(Ok(view.to_vec()))
}
