//! What decoding gathers as it goes (the kept rows, the issues, the envelope's parts),
//! and the checks that need all of it: duplicate ids, ordering, unknown names.

use crate::event_set::EventSet;
use crate::issue::{Issue, IssueCode, Location, Severity};
use crate::model::Field;
use crate::timestamp::DateCache;

use super::event::Row;
use super::{across, body_failure, DecodeOptions, Decoded, PageMeta};

/// Everything decoding keeps between one unit of the body and the next (see
/// [`super::body`]): a body read in pieces hands it from piece to piece.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub(super) opts: DecodeOptions,
    /// The last date a timestamp held, for the next one.
    pub(super) dates: DateCache,
    pub(super) out: EventSet,
    /// Index in the body of each kept event, for issue paths found after decoding.
    pub(super) source: Vec<u32>,
    /// How many events were kept: the columns and `source` are sized ahead, and only
    /// their first `kept` entries are events.
    pub(super) kept: usize,
    /// Whether the events came in the account endpoint's envelope (newest first).
    pub(super) envelope: bool,
    pub(super) meta: Option<PageMeta>,
    /// Whether the envelope's last `payload` so far was an array.
    pub(super) saw_payload: bool,
    /// The server's text in an error body: each of `error`, `description` and `message`
    /// with its last value if that is a string, in the order the keys first came.
    pub(super) said: Vec<(&'static str, Option<String>)>,
    /// A body-level failure of valid JSON (not an array), decided at its end.
    pub(super) failure: Option<(IssueCode, String)>,
    /// Whether the event being decoded has an error so far.
    pub(super) row_errors: bool,
    /// Where the issues of the event being decoded begin in `out.issues`.
    pub(super) row_issues: usize,
}

/// What a unit may have added to a [`Sink`], to take it back when the unit turns out to
/// be cut off by the end of a piece (everything else a unit sets, it sets again the same
/// when read once more).
#[derive(Clone, Copy, Debug)]
pub(super) struct Mark {
    issues: usize,
    kept: usize,
}

impl Sink {
    /// Nothing gathered yet.
    pub(crate) fn new(opts: &DecodeOptions) -> Sink {
        Sink {
            opts: *opts,
            ..Sink::default()
        }
    }

    /// Room for the events of a body of `len` bytes, so that the columns need not regrow
    /// (a regrowth copies them); only before any event is kept, and only ever more room.
    pub(crate) fn reserve_for(&mut self, len: usize) {
        // A Chatwoot event is about 300 bytes of JSON; reserving for that avoids regrowing
        // the columns while keeping the guess harmless for small bodies.
        let guess = (len / 280).min(1 << 20);
        if self.kept == 0 && self.source.is_empty() && guess > self.source.capacity() {
            self.out.columns = crate::event_set::Columns::with_capacity(guess);
            self.source = Vec::with_capacity(guess);
        }
    }

    /// Records an issue; an error marks the event being decoded as not to be kept.
    #[inline]
    pub(super) fn issue(&mut self, loc: Location, code: IssueCode, message: String) {
        if code.severity() == Severity::Error {
            self.row_errors = true;
        }
        self.out.issues.push(Issue::new(loc, code, message));
    }

    /// Where the sink stands before a unit.
    #[inline(always)]
    pub(super) fn mark(&self) -> Mark {
        Mark {
            issues: self.out.issues.len(),
            kept: self.kept,
        }
    }

    /// Takes back what a unit added since `mark`.
    #[cold]
    pub(super) fn rollback(&mut self, mark: Mark) {
        self.out.issues.truncate(mark.issues);
        self.kept = mark.kept;
    }

    /// Drops the issues about `field` of the event being decoded.
    #[cold]
    pub(super) fn forget_row_issues(&mut self, field: Field) {
        let start = self.row_issues.min(self.out.issues.len());
        let mut k = 0;
        self.out.issues.retain(|i| {
            k += 1;
            k <= start || i.location.field != Some(field)
        });
        self.row_errors = self
            .out
            .issues
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .any(|i| i.code.severity() == Severity::Error);
    }

    /// Drops everything an earlier `payload` gave (if any): a later one replaces it, as in
    /// `JSON.parse`.
    #[cold]
    pub(super) fn forget_payload(&mut self) {
        self.kept = 0;
        self.out.issues.clear();
        self.out.names = Default::default();
    }

    /// Writes a row into the columns, which are sized ahead (written in place rather than
    /// pushed: thirteen pushes per event cost more, above all in a size-optimised build).
    #[inline(always)]
    pub(super) fn keep(&mut self, index: u32, row: &Row) {
        let k = self.kept;
        if k >= self.source.len() {
            // Zeros for the next rows, at most a few thousand at a time: zeroed far ahead,
            // they would leave the cache before being written. Past the reserved room (a
            // body read in pieces has no length to guess from), the vectors' own doubling
            // makes the room.
            let room = self.source.capacity();
            let ahead = k.clamp(64, 4096);
            let more = if k + 1 < room {
                room.min(k + ahead)
            } else {
                k + ahead
            };
            self.out.columns.resize(more);
            self.source.resize(more, 0);
        }
        let c = &mut self.out.columns;
        macro_rules! put {
            ($col:ident, $v:expr) => {{
                let col: &mut [_] = &mut c.$col;
                col[k] = $v;
            }};
        }
        c.id.write(k, row.id);
        c.name.set(k, row.name);
        put!(value, row.value);
        put!(value_in_business_hours, row.value_in_business_hours);
        put!(event_start_time, row.event_start_time);
        put!(event_end_time, row.event_end_time);
        c.account_id.write(k, row.account_id);
        c.conversation_id.write(k, row.conversation_id);
        c.inbox_id.write(k, row.inbox_id);
        c.user_id.write(k, row.user_id);
        put!(created_at, row.created_at);
        c.updated_offset.write(k, row.updated_at.saturating_sub(row.created_at));
        let source: &mut [u32] = &mut self.source;
        source[k] = index;
        self.kept = k + 1;
    }

    /// The result: the body-level failure if there is one, else the events after the
    /// whole-body checks over the columns, with the issues in body order.
    pub(crate) fn finish(mut self) -> Decoded {
        if let Some((code, message)) = self.failure.take() {
            return body_failure(code, message);
        }
        self.out.columns.resize(self.kept);
        self.source.truncate(self.kept);
        across::duplicates(&mut self.out, &mut self.source);
        across::ordering(&mut self.out, &self.source, self.envelope);
        crate::checks::append(&mut self.out, &self.source);
        across::unknown_names(&mut self.out, &self.source);
        across::issues_in_body_order(&mut self.out);
        self.out.columns.shrink_to_fit();
        Decoded {
            events: self.out,
            body_failed: false,
            meta: self.meta,
        }
    }
}
