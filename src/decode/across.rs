//! The checks across the kept rows of a set, shared by the decoder and `fromColumns`:
//! duplicate ids, ordering and unknown names, each with the decoder's sentence.
//! `source` maps each kept row to its position in the input (the body's index, or the
//! row of the columns) for issue paths.

use crate::event_set::{EventSet, FIRST_OTHER_CODE};
use crate::issue::{Issue, IssueCode, Location};
use crate::model::Field;
use crate::sort::{int_key, order_by};
use crate::text::{push_excerpt, push_int};

/// Reports and drops every row whose id an earlier kept row has; `source` loses the
/// dropped rows too.
pub(crate) fn duplicates(set: &mut EventSet, source: &mut Vec<u32>) {
    let ids = &set.columns.id;
    let n = ids.len();
    let pairs = || ids.iter().zip(ids.iter().skip(1));
    if pairs().all(|(a, b)| a < b) || pairs().all(|(a, b)| a > b) {
        return;
    }
    let by_id = order_by(ids.iter().map(int_key).collect());
    let mut keep = vec![true; n];
    let mut found = Vec::new();
    let mut previous: Option<(i64, usize)> = None;
    for &i in &by_id {
        let Some(id) = ids.try_get(i) else { continue };
        match previous {
            Some((p, first)) if p == id => {
                if let Some(k) = keep.get_mut(i) {
                    *k = false;
                }
                found.push((i, first, id));
            }
            _ => previous = Some((id, i)),
        }
    }
    let at = |k: usize| source.get(k).copied().unwrap_or(k as u32);
    for &(i, first, id) in &found {
        let mut m = String::from("The id ");
        push_int(&mut m, id);
        m.push_str(" was already used by the event at [");
        push_int(&mut m, i64::from(at(first)));
        m.push_str("]; this copy is dropped.");
        let loc = Location::field(at(i), Field::Id);
        set.issues.push(Issue::new(loc, IssueCode::DuplicateId, m));
    }
    set.columns.retain_mask(&keep);
    let mut k = 0;
    source.retain(|_| {
        let r = keep.get(k).copied().unwrap_or(true);
        k += 1;
        r
    });
}

/// One warning at the first row whose `created_at` goes the wrong way: backwards for a
/// bare array (ascending, as the conversation endpoint sends), forwards when
/// `descending` (the account endpoint's pages, newest first, as Chatwoot sends them).
pub(crate) fn ordering(set: &mut EventSet, source: &[u32], descending: bool) {
    let created = &set.columns.created_at;
    let mut first = None;
    let mut count = 0i64;
    for (i, w) in created.windows(2).enumerate() {
        if w[1] != w[0] && (w[1] < w[0]) != descending {
            count += 1;
            first.get_or_insert(i + 1);
        }
    }
    let Some(i) = first else { return };
    let mut m = String::from(if descending {
        "`created_at` is later than the event before it: the page is not newest first ("
    } else {
        "`created_at` is earlier than the event before it: the events are not in ascending order ("
    });
    push_int(&mut m, count);
    m.push_str(if count == 1 {
        " step goes"
    } else {
        " steps go"
    });
    m.push_str(" the wrong way). They are kept in body order.");
    if let Some(&src) = source.get(i) {
        let loc = Location::field(src, Field::CreatedAt);
        set.issues.push(Issue::new(loc, IssueCode::Unsorted, m));
    }
}

/// One warning per unknown name the kept rows use, at its first row. Counted over the
/// kept rows only, after duplicates are gone, so that "kept" in the message is true.
pub(crate) fn unknown_names(set: &mut EventSet, source: &[u32]) {
    // Codes of unknown names are dense (FIRST_OTHER_CODE + position in the table), so a
    // vector indexed by them counts in code order without a map.
    let mut unknown: Vec<(u32, u32)> = vec![(0, 0); set.names.others().len()];
    for (code, &src) in set.columns.name.iter().zip(source) {
        if let Some((first, count)) = code.checked_sub(FIRST_OTHER_CODE).and_then(|k| unknown.get_mut(k as usize)) {
            if *count == 0 {
                *first = src;
            }
            *count += 1;
        }
    }
    for (k, &(first, count)) in unknown.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let code = FIRST_OTHER_CODE + k as u32;
        let mut m = String::from("`");
        push_excerpt(&mut m, set.names.text(code), 80);
        m.push_str("` is not an event name this version knows; ");
        push_int(&mut m, i64::from(count));
        m.push_str(if count == 1 {
            " event with it is kept."
        } else {
            " events with it are kept."
        });
        let loc = Location::field(first, Field::Name);
        set.issues.push(Issue::new(loc, IssueCode::UnknownName, m));
    }
}

/// The issues in body order (by row; issues about the whole body first), stable: one
/// row's issues stay in the order they were found.
pub(crate) fn issues_in_body_order(set: &mut EventSet) {
    let issues = std::mem::take(&mut set.issues);
    let order = order_by(
        issues
            .iter()
            .map(|i| i.location.index.map_or(0, |x| u64::from(x) + 1))
            .collect(),
    );
    let mut slots: Vec<Option<Issue>> = issues.into_iter().map(Some).collect();
    set.issues = order
        .iter()
        .filter_map(|&k| slots.get_mut(k).and_then(Option::take))
        .collect();
}
