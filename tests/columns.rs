//! `to_columns` / `from_columns` (`set.toColumns()`, `EventSet.fromColumns()`):
//! - any set written out as columns and read back is the same set, bit for bit, with the
//!   same name table (also a set that lenient decoding left with names no event uses);
//! - columns are validated as a body is: rows built with every kind of fault that JSON can
//!   also carry (fractional and huge ids, nulls where Chatwoot has none, infinite values,
//!   bad times, negative values, end before start, another account, repeated ids, rows out
//!   of order, repeated first responses, unknown names) give, as columns and as a body, the
//!   same kept events, name table and issues (code, path, severity; and the sentence, but
//!   for times, which a body writes as text and columns as numbers);
//! - what has no body counterpart: codes outside the name table, ragged columns.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod generators;

use chatwoot_reporting::columns::{from_columns, to_columns, ColumnSlices, FloatColumns};
use chatwoot_reporting::decode::apply_mode;
use chatwoot_reporting::event_set::Columns;
use chatwoot_reporting::model::{KnownName, NULL_TIME};
use chatwoot_reporting::text::push_json_string;
use chatwoot_reporting::timestamp::{to_iso, MAX_MILLIS, MIN_MILLIS};
use chatwoot_reporting::{
    decode, DecodeOptions, Decoded, EventSet, Field, IssueCode, Mode, Severity,
};
use common::proptest_config as config;
use generators::events;
use proptest::prelude::*;

/// Every column as bits, so that NaN (null business hours) compares equal to itself and
/// −0 differs from 0.
fn bits(c: &Columns) -> Vec<Vec<u64>> {
    let ints = |v: &[i64]| v.iter().map(|&x| x as u64).collect::<Vec<_>>();
    let floats = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    vec![
        ints(&c.id.to_vec()),
        c.name.iter().map(u64::from).collect(),
        floats(&c.value),
        floats(&c.value_in_business_hours),
        ints(&c.event_start_time),
        ints(&c.event_end_time),
        ints(&c.account_id.to_vec()),
        ints(&c.conversation_id.to_vec()),
        ints(&c.inbox_id.to_vec()),
        ints(&c.user_id.to_vec()),
        ints(&c.created_at),
        ints(&(0..c.len()).map(|i| c.updated_at(i)).collect::<Vec<_>>()),
    ]
}

/// Float columns as bits (NaN equal to itself), with their name table.
fn float_bits(c: &FloatColumns) -> (Vec<String>, Vec<u32>, Vec<Vec<u64>>) {
    let cols = [
        &c.id,
        &c.value,
        &c.value_in_business_hours,
        &c.event_start_time,
        &c.event_end_time,
        &c.account_id,
        &c.conversation_id,
        &c.inbox_id,
        &c.user_id,
        &c.created_at,
        &c.updated_at,
    ];
    let bits = cols
        .iter()
        .map(|v| v.iter().map(|x| x.to_bits()).collect())
        .collect();
    (c.names.clone(), c.name.clone(), bits)
}

fn same_set(a: &EventSet, b: &EventSet) -> Result<(), TestCaseError> {
    prop_assert_eq!(bits(&a.columns), bits(&b.columns));
    prop_assert_eq!(a.names.others(), b.names.others());
    Ok(())
}

fn read(cols: &FloatColumns, opts: &DecodeOptions) -> Decoded {
    from_columns(&cols.slices(), opts).expect("columns of one length")
}

proptest! {
    #![proptest_config(config(256))]

    /// Out and back in: the same set.
    #[test]
    fn round_trip_is_exact(evs in events(40)) {
        let set = EventSet::from_events(&evs);
        let cols = to_columns(&set);
        prop_assert_eq!(cols.names.len(), 8 + set.names.others().len());
        let back = apply_mode(read(&cols, &DecodeOptions::default()), Mode::Strict)
            .map_err(|f| TestCaseError::fail(f.message))?;
        same_set(&set, &back)?;
        // Twice changes nothing either.
        prop_assert_eq!(float_bits(&to_columns(&back)), float_bits(&cols));
    }

    /// Rows with faults, as columns and as a body: the same result.
    #[test]
    fn validated_as_a_body_is(rows in prop::collection::vec(raw_row(), 0..24), account in prop_oneof![Just(None), Just(Some(1i64))]) {
        let opts = DecodeOptions { account_id: account, ..DecodeOptions::default() };
        let (cols, body) = both(&rows);
        let from_body = decode(body.as_bytes(), &opts);
        prop_assert!(!from_body.body_failed, "{}", body);
        let from_cols = read(&cols, &opts);
        same_set(&from_body.events, &from_cols.events)?;
        let a = &from_body.events.issues;
        let b = &from_cols.events.issues;
        let key = |i: &chatwoot_reporting::Issue| (i.path(), i.code.as_str(), i.severity());
        prop_assert_eq!(a.iter().map(key).collect::<Vec<_>>(), b.iter().map(key).collect::<Vec<_>>(), "{}", body);
        for (x, y) in a.iter().zip(b) {
            let time = matches!(x.location.field, Some(Field::EventStartTime | Field::EventEndTime | Field::CreatedAt | Field::UpdatedAt));
            if !(time && matches!(x.code, IssueCode::WrongType | IssueCode::InvalidTimestamp)) {
                prop_assert_eq!(&x.message, &y.message);
            }
        }
        // And so strict and lenient agree too.
        for mode in [Mode::Strict, Mode::Lenient] {
            let x = apply_mode(decode(body.as_bytes(), &opts), mode);
            let y = apply_mode(read(&cols, &opts), mode);
            prop_assert_eq!(x.is_ok(), y.is_ok());
        }
    }
}

/// One row with each field as columns hold it (NaN = null), faults included.
#[derive(Clone, Debug)]
struct Raw {
    id: f64,
    name: &'static str,
    value: f64,
    bh: f64,
    start: f64,
    end: f64,
    account: f64,
    inbox: f64,
    user: f64,
    conversation: f64,
    created: f64,
    updated: f64,
}

const NAMES: &[&str] = &[
    "first_response",
    "reply_time",
    "conversation_resolved",
    "conversation_opened",
    "conversation_bot_handoff",
    "agent_participation",
    "new \"kind\" ✓",
];

fn fault() -> impl Strategy<Value = f64> {
    prop::sample::select(vec![
        f64::NAN,
        1.5,
        -2.25,
        f64::INFINITY,
        f64::NEG_INFINITY,
        9_007_199_254_740_992.0, // 2^53
        1.152_921_504_606_847e18,
        -0.0,
    ])
}

fn small_id() -> impl Strategy<Value = f64> {
    prop_oneof![8 => (0i32..12).prop_map(f64::from), 1 => fault()]
}

fn nullable_id() -> impl Strategy<Value = f64> {
    prop_oneof![4 => (1i32..4).prop_map(f64::from), 2 => Just(f64::NAN), 1 => fault()]
}

fn duration() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (0i32..5_000).prop_map(f64::from),
        1 => (-100i32..0).prop_map(f64::from),
        1 => fault(),
    ]
}

const T0: f64 = 1_767_225_600_000.0; // 2026-01-01

fn time() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (0i32..100_000).prop_map(|s| T0 + f64::from(s) * 1000.0),
        // Equal times: the order checks tell equal from earlier.
        2 => (0i32..3).prop_map(|s| T0 + f64::from(s)),
        1 => prop::sample::select(vec![MIN_MILLIS as f64, MAX_MILLIS as f64, MAX_MILLIS as f64 + 1.0, 0.5, 1e300]),
        1 => fault(),
    ]
}

fn nullable_time() -> impl Strategy<Value = f64> {
    prop_oneof![3 => time(), 1 => Just(f64::NAN)]
}

prop_compose! {
    fn raw_row()(
        id in small_id(),
        name in prop::sample::select(NAMES),
        value in duration(),
        bh in prop_oneof![2 => Just(f64::NAN), 3 => duration()],
        // Business seconds just under, at and over the 1 s tolerance above the value.
        bh_over in prop_oneof![3 => Just(None), 1 => prop::sample::select(vec![0.5, 1.0, 1.5, 2.0]).prop_map(Some)],
        start in nullable_time(),
        end in nullable_time(),
        account in prop_oneof![6 => Just(1.0), 1 => Just(2.0), 1 => fault()],
        inbox in nullable_id(),
        user in nullable_id(),
        conversation in nullable_id(),
        created in time(),
        updated in time(),
    ) -> Raw {
        let bh = bh_over.map_or(bh, |over| value + over);
        Raw { id, name, value, bh, start, end, account, inbox, user, conversation, created, updated }
    }
}

/// A number as JSON writes it; NaN is null and the infinities a literal too large for a
/// double (which the decoder reads as infinite).
fn number(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("null");
    } else if x.is_infinite() {
        out.push_str(if x > 0.0 { "1e400" } else { "-1e400" });
    } else {
        out.push_str(&format!("{x:?}"));
    }
}

/// A time as JSON writes it: an RFC 3339 string where the column holds a time the
/// decoder can read, else a string that is no timestamp.
fn time_text(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("null");
    } else if x.fract() == 0.0 && (MIN_MILLIS as f64..=MAX_MILLIS as f64).contains(&x) {
        out.push('"');
        out.push_str(&to_iso(x as i64));
        out.push('"');
    } else {
        out.push_str("\"not a time\"");
    }
}

/// The rows as columns (names in order of first use, after the known ones) and as a body.
fn both(rows: &[Raw]) -> (FloatColumns, String) {
    let mut cols = FloatColumns {
        names: KnownName::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect(),
        ..FloatColumns::default()
    };
    let mut body = String::from("[");
    for (k, r) in rows.iter().enumerate() {
        let code = match cols.names.iter().position(|n| n == r.name) {
            Some(c) => c,
            None => {
                cols.names.push(r.name.to_owned());
                cols.names.len() - 1
            }
        };
        cols.name.push(code as u32);
        cols.id.push(r.id);
        cols.value.push(r.value);
        cols.value_in_business_hours.push(r.bh);
        cols.event_start_time.push(r.start);
        cols.event_end_time.push(r.end);
        cols.account_id.push(r.account);
        cols.inbox_id.push(r.inbox);
        cols.user_id.push(r.user);
        cols.conversation_id.push(r.conversation);
        cols.created_at.push(r.created);
        cols.updated_at.push(r.updated);
        if k > 0 {
            body.push(',');
        }
        body.push_str("{\"id\":");
        number(&mut body, r.id);
        body.push_str(",\"name\":");
        push_json_string(&mut body, r.name);
        body.push_str(",\"value\":");
        number(&mut body, r.value);
        body.push_str(",\"value_in_business_hours\":");
        number(&mut body, r.bh);
        body.push_str(",\"event_start_time\":");
        time_text(&mut body, r.start);
        body.push_str(",\"event_end_time\":");
        time_text(&mut body, r.end);
        body.push_str(",\"account_id\":");
        number(&mut body, r.account);
        body.push_str(",\"inbox_id\":");
        number(&mut body, r.inbox);
        body.push_str(",\"user_id\":");
        number(&mut body, r.user);
        body.push_str(",\"conversation_id\":");
        number(&mut body, r.conversation);
        body.push_str(",\"created_at\":");
        time_text(&mut body, r.created);
        body.push_str(",\"updated_at\":");
        time_text(&mut body, r.updated);
        body.push('}');
    }
    body.push(']');
    (cols, body)
}

/// A body that lenient decoding reads into a set whose name table has a name no kept
/// event uses (the dropped event's), and one that is newest first: both still come back
/// exactly.
#[test]
fn decoded_sets_come_back_exactly() {
    let body = br#"{"payload":[
        {"id":3,"name":"later_kind","value":5.0,"value_in_business_hours":null,"event_start_time":null,"event_end_time":null,"account_id":1,"inbox_id":null,"user_id":null,"conversation_id":7,"created_at":"2026-01-02T00:00:00.000Z","updated_at":"2026-01-02T00:00:00.000Z"},
        {"id":2,"name":"dropped_kind","value":-1.0,"value_in_business_hours":null,"event_start_time":null,"event_end_time":null,"account_id":1,"inbox_id":null,"user_id":null,"conversation_id":7,"created_at":"2026-01-01T12:00:00.000Z","updated_at":"2026-01-01T12:00:00.000Z"},
        {"id":1,"name":"first_response","value":60.0,"value_in_business_hours":30.0,"event_start_time":"2026-01-01T00:00:00.000Z","event_end_time":"2026-01-01T00:01:00.000Z","account_id":1,"inbox_id":4,"user_id":9,"conversation_id":7,"created_at":"2026-01-01T00:01:00.000Z","updated_at":"2026-01-01T00:01:00.000Z"}
    ],"meta":{"count":3,"current_page":1}}"#;
    let opts = DecodeOptions {
        mode: Mode::Lenient,
        ..DecodeOptions::default()
    };
    let set = apply_mode(decode(body, &opts), Mode::Lenient).unwrap();
    assert_eq!(set.len(), 2);
    assert_eq!(
        set.names.others().len(),
        2,
        "the dropped event's name stays in the table"
    );
    let cols = to_columns(&set);
    assert_eq!(cols.names[8..], ["later_kind", "dropped_kind"]);
    let back = read(&cols, &DecodeOptions::default());
    same_set(&set, &back.events).unwrap();
    // Newest first is a warning for columns (which are read as a bare array is), and
    // only `later_kind` is in use.
    let codes: Vec<_> = back
        .events
        .issues
        .iter()
        .map(|i| (i.path(), i.code))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("[0].name".to_owned(), IssueCode::UnknownName),
            ("[1].created_at".to_owned(), IssueCode::Unsorted),
        ]
    );
}

fn one_row() -> FloatColumns {
    let (cols, _) = both(&[Raw {
        id: 1.0,
        name: "reply_time",
        value: 10.0,
        bh: f64::NAN,
        start: T0,
        end: T0 + 10_000.0,
        account: 1.0,
        inbox: f64::NAN,
        user: 2.0,
        conversation: 3.0,
        created: T0 + 10_000.0,
        updated: T0 + 10_000.0,
    }]);
    cols
}

#[test]
fn the_row_is_kept_when_every_field_is_right() {
    let d = read(&one_row(), &DecodeOptions::default());
    assert_eq!(d.events.len(), 1);
    assert!(d.events.issues.is_empty(), "{:?}", d.events.issues);
    assert_eq!(
        d.events.columns.inbox_id.get(0),
        chatwoot_reporting::model::NULL_ID
    );
    assert_eq!(d.events.columns.event_end_time[0], 1_767_225_610_000);
}

#[test]
fn codes_outside_the_name_table_are_errors() {
    let mut cols = one_row();
    cols.name[0] = cols.names.len() as u32;
    let d = read(&cols, &DecodeOptions::default());
    assert!(d.events.is_empty());
    let i = &d.events.issues[0];
    assert_eq!(
        (i.path().as_str(), i.code, i.severity()),
        ("[0].name", IssueCode::WrongType, Severity::Error)
    );
    assert_eq!(
        i.message,
        "`name` is code 8, outside the name table of 8 names."
    );
    // A table of any order maps onto the set's codes.
    let mut cols = one_row();
    cols.names = vec!["x".into(), "reply_time".into()];
    cols.name[0] = 1;
    let d = read(&cols, &DecodeOptions::default());
    assert_eq!(d.events.columns.name, vec![KnownName::ReplyTime as u32].into());
    assert_eq!(d.events.names.others(), ["x".into()]);
    assert!(d.events.issues.is_empty(), "an unused name is no issue");
}

#[test]
fn times_must_be_whole_milliseconds_in_range() {
    for (bad, want) in [
        (T0 + 0.5, "`event_start_time` is not a time: 1767225600000.5 is not a whole number of epoch milliseconds from the year 0000 to 9999."),
        (MAX_MILLIS as f64 + 1.0, "`event_start_time` is not a time: 253402300800000 is not a whole number of epoch milliseconds from the year 0000 to 9999."),
        (MIN_MILLIS as f64 - 1.0, "`event_start_time` is not a time: -62167219200001 is not a whole number of epoch milliseconds from the year 0000 to 9999."),
    ] {
        let mut cols = one_row();
        cols.event_start_time[0] = bad;
        let d = read(&cols, &DecodeOptions::default());
        assert!(d.events.is_empty());
        assert_eq!(d.events.issues[0].code, IssueCode::InvalidTimestamp);
        assert_eq!(d.events.issues[0].message, want);
    }
    let mut cols = one_row();
    cols.created_at[0] = f64::NAN;
    let d = read(&cols, &DecodeOptions::default());
    assert_eq!(
        d.events.issues[0].message,
        "`created_at` should be a time in epoch milliseconds, but it is null."
    );
    // The ends of the range are times.
    let mut cols = one_row();
    cols.event_start_time[0] = MIN_MILLIS as f64;
    cols.event_end_time[0] = MAX_MILLIS as f64;
    let d = read(&cols, &DecodeOptions::default());
    assert_eq!(d.events.len(), 1);
    assert_ne!(d.events.columns.event_start_time[0], NULL_TIME);
}

#[test]
fn ragged_columns_are_refused_before_any_row() {
    for k in 0..12 {
        let mut cols = one_row();
        let col: &mut Vec<f64> = match k {
            0 => &mut cols.id,
            1 => &mut cols.value,
            2 => &mut cols.value_in_business_hours,
            3 => &mut cols.event_start_time,
            4 => &mut cols.event_end_time,
            5 => &mut cols.account_id,
            6 => &mut cols.conversation_id,
            7 => &mut cols.inbox_id,
            8 => &mut cols.user_id,
            9 => &mut cols.created_at,
            10 => &mut cols.updated_at,
            _ => {
                cols.name.push(0);
                let e = from_columns(&cols.slices(), &DecodeOptions::default()).unwrap_err();
                assert_eq!(
                    e.message,
                    "The columns must all have one length: `id` has 1 entries but `name` has 2."
                );
                continue;
            }
        };
        col.push(1.0);
        assert!(
            from_columns(&cols.slices(), &DecodeOptions::default()).is_err(),
            "column {k}"
        );
    }
    // Borrowed columns of any text type work the same.
    let names = ["reply_time"];
    let one = [1.0];
    let nan = [f64::NAN];
    let t = [T0];
    let s = ColumnSlices {
        names: &names[..],
        name: &[0],
        id: &one,
        value: &one,
        value_in_business_hours: &nan,
        event_start_time: &nan,
        event_end_time: &nan,
        account_id: &one,
        conversation_id: &nan,
        inbox_id: &nan,
        user_id: &nan,
        created_at: &t,
        updated_at: &t,
    };
    let d = from_columns(&s, &DecodeOptions::default()).unwrap();
    assert_eq!(d.events.len(), 1);
}
