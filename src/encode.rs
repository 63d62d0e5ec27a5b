//! Events back to Chatwoot's JSON: the same keys, in the server's order, the same JSON
//! types, timestamps as UTC `YYYY-MM-DDTHH:MM:SS.sssZ`.

use crate::event_set::EventSet;
use crate::model::{NULL_ID, NULL_TIME};
use crate::text::{push_int, push_json_string};
use crate::timestamp::write_iso;

/// The set as a JSON array, one object per event.
pub fn to_json(set: &EventSet) -> String {
    let c = &set.columns;
    let mut out = String::with_capacity(set.len() * 320 + 2);
    out.push('[');
    for i in 0..set.len() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"id\":");
        push_int(&mut out, c.id.get(i));
        out.push_str(",\"name\":");
        push_json_string(&mut out, set.name_of(i));
        out.push_str(",\"value\":");
        push_float(&mut out, c.value[i]);
        out.push_str(",\"value_in_business_hours\":");
        let bh = c.value_in_business_hours[i];
        if bh.is_nan() {
            out.push_str("null");
        } else {
            push_float(&mut out, bh);
        }
        out.push_str(",\"event_start_time\":");
        push_time(&mut out, c.event_start_time[i]);
        out.push_str(",\"event_end_time\":");
        push_time(&mut out, c.event_end_time[i]);
        out.push_str(",\"account_id\":");
        push_int(&mut out, c.account_id.get(i));
        out.push_str(",\"inbox_id\":");
        push_id(&mut out, c.inbox_id.get(i));
        out.push_str(",\"user_id\":");
        push_id(&mut out, c.user_id.get(i));
        out.push_str(",\"conversation_id\":");
        push_id(&mut out, c.conversation_id.get(i));
        out.push_str(",\"created_at\":");
        push_time(&mut out, c.created_at[i]);
        out.push_str(",\"updated_at\":");
        push_time(&mut out, c.updated_at(i));
        out.push('}');
    }
    out.push(']');
    out
}

fn push_id(out: &mut String, v: i64) {
    if v == NULL_ID {
        out.push_str("null");
    } else {
        push_int(out, v);
    }
}

fn push_time(out: &mut String, v: i64) {
    if v == NULL_TIME {
        out.push_str("null");
    } else {
        out.push('"');
        write_iso(out, v);
        out.push('"');
    }
}

/// Writes a float as Ruby does for whole values (`120.0`), else in the shortest form that
/// reads back to the same bits.
fn push_float(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        push_int(out, v as i64);
        out.push_str(".0");
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{v:?}");
    }
}
