//! IANA time zones from the JavaScript engine's `Intl` (js/zone.js), as core
//! [`ZoneTable`]s. One path for `timeseries` and the working-hours functions, so a zone
//! means the same thing everywhere.

use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

use super::errors::{invalid_argument, to_js_error};
use crate::zone::ZoneTable;

#[wasm_bindgen(module = "/js/zone.js")]
extern "C" {
    #[wasm_bindgen(js_name = zoneTransitions, catch)]
    fn zone_transitions(time_zone: &str, from: f64, to: f64) -> Result<Float64Array, JsValue>;
}

/// The offsets of IANA zone `name` over each of `ranges` (UTC seconds). Each range's first
/// entry is its offset at the range start; between ranges the table is wrong, which is
/// harmless because callers read it only inside the ranges they asked for.
pub fn zone_table(name: &str, ranges: &[(i64, i64)]) -> Result<ZoneTable, JsValue> {
    let unknown = || {
        let mut m = String::from("The time zone '");
        m.push_str(name);
        m.push_str("' is not known to this JavaScript engine (expected an IANA name such as 'Europe/Berlin').");
        invalid_argument(m)
    };
    let mut pairs: Vec<(i64, i32)> = Vec::new();
    for &(from, to) in ranges {
        let flat = zone_transitions(name, from as f64, to as f64)
            .map_err(|_| unknown())?
            .to_vec();
        pairs.extend(flat.chunks_exact(2).filter_map(|p| match p {
            [at, off] if at.is_finite() && off.is_finite() => Some((*at as i64, *off as i32)),
            _ => None,
        }));
    }
    ZoneTable::new(pairs).map_err(to_js_error)
}
