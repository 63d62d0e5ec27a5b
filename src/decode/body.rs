//! The body's top level — a bare array of events or the account endpoint's envelope —
//! read in units, so that a body can be read whole or in pieces by the same code.
//!
//! A unit is the smallest piece that is read in one go: one array element with the `,` or
//! `]` after it, one envelope key with its `:`, one envelope value with the `,` or `}`
//! after it (but a `payload` array is only its `[`: its elements are units of their own),
//! the top-level value's first byte (or the whole value when it is not an array or an
//! object). [`Stage`] says which kind comes next.
//!
//! Two facts let a piece be read without the rest of the body (see [`crate::stream`]):
//! - A unit read from a piece without error gives what it gives in the whole body: each
//!   token it reads ends, inside the piece, at the byte that ends it (down to the separator
//!   after the value), and the checks that look further ahead (the fast paths) fall back,
//!   where the piece ends, to the general reading, which answers the same. (Only the
//!   top-level value has no separator after it: a number may go on in the next piece, so
//!   it is read again unless the piece ends the body.)
//! - A syntax error is reported where the check that failed began, and no check reads more
//!   than [`LOOKAHEAD`] bytes from there (the widest is the literal `false`): an error that
//!   far from the piece's end is the body's own; one closer may be the cut, and the unit
//!   is read again with more bytes.

use crate::issue::{IssueCode, Location};
use crate::json::{Reader, SyntaxError};
use crate::model::MAX_SAFE_INTEGER;
use crate::text::push_excerpt;

use super::sink::{Mark, Sink};
use super::PageMeta;

/// An error at least this far from the end of a piece is not caused by the cut; see the
/// module documentation.
const LOOKAHEAD: usize = 8;

/// Which unit comes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The top-level value.
    Start,
    /// Element `index` of an array of events; `first` right after the `[`, where a `]` may
    /// close it; `envelope` when the array is the envelope's `payload`.
    Array {
        /// The element's index in the array, for issue paths.
        index: u32,
        /// Right after `[`.
        first: bool,
        /// Inside the envelope.
        envelope: bool,
    },
    /// A key of the envelope; `first` right after its `{`, where a `}` may close it.
    Key {
        /// Right after `{`.
        first: bool,
    },
    /// The value of an envelope key, with the `,` or `}` after it.
    Value(Key),
    /// The `,` or `}` after the envelope's `payload` array.
    AfterPayload,
    /// After the top-level value: only white space may follow.
    End,
}

/// The envelope keys that mean something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key {
    /// `payload`: the events.
    Payload,
    /// `meta`: the page counts.
    Meta,
    /// `error`, `description` or `message`: the server's text in an error body.
    Said(&'static str),
    /// Anything else, skipped.
    Other,
}

/// How far [`drive`] got through a piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Every unit up to this offset of the piece was read; the rest (if any) is the start
    /// of a unit cut by the piece's end. At the body's end, everything was read.
    Read(usize),
    /// The body is not valid JSON (`pos` counted from the start of the body).
    Failed(SyntaxError),
}

/// A reader over one piece of the body, with what decoding has gathered.
pub(crate) struct Decoder<'a> {
    pub(super) r: Reader<'a>,
    pub(super) s: Sink,
}

/// Reads the units of `piece`, which starts at byte `at` of the body, from `stage` on, as
/// far as the piece goes (`last` when it runs to the body's end). Updates `stage` and
/// `sink` to the first unit not read.
pub(crate) fn drive(
    piece: &[u8],
    at: usize,
    stage: &mut Stage,
    sink: &mut Sink,
    last: bool,
) -> Outcome {
    // A byte-order mark is skipped only at the very start of the body.
    let r = if at == 0 {
        Reader::new(piece)
    } else {
        Reader::inside(piece)
    };
    // The sink moves in and back out, rather than being borrowed, so that the hot code
    // reaches its fields directly.
    let mut d = Decoder {
        r,
        s: std::mem::take(sink),
    };
    let outcome = d.units(stage, last);
    *sink = d.s;
    match outcome {
        Outcome::Failed(e) => Outcome::Failed(SyntaxError {
            pos: e.pos + at,
            what: e.what,
        }),
        read => read,
    }
}

impl<'a> Decoder<'a> {
    /// Records an issue (see [`Sink::issue`]).
    #[inline]
    pub(super) fn issue(&mut self, loc: Location, code: IssueCode, message: String) {
        self.s.issue(loc, code, message);
    }

    /// Reads unit after unit, as far as the piece goes.
    fn units(&mut self, stage: &mut Stage, last: bool) -> Outcome {
        loop {
            let next = match *stage {
                Stage::Array {
                    index,
                    first,
                    envelope,
                } => self.elements(stage, (index, first, envelope), last),
                _ => self.step(stage, last),
            };
            match next {
                Ok(None) => {}
                Ok(Some(stop)) => return Outcome::Read(stop),
                Err(e) => return Outcome::Failed(e),
            }
        }
    }

    /// Reads the unit at the cursor if it can be read from this piece (`None`); else says
    /// where it starts, to be read from there with more bytes. (Array elements are read
    /// by [`Decoder::elements`].) Kept out of `units`: it runs a few times a body, and
    /// inlined it costs the element loop there some speed (3 % more instructions).
    #[inline(never)]
    fn step(&mut self, stage: &mut Stage, last: bool) -> Result<Option<usize>, SyntaxError> {
        // White space between units belongs to none, so a cut unit is held from its
        // first byte.
        self.r.skip_ws();
        let start = self.r.pos();
        if start >= self.r.end() && (!last || *stage == Stage::End) {
            return Ok(Some(start));
        }
        let mark = self.s.mark();
        match self.unit(*stage) {
            // A top-level number that ends the piece may go on in the next one.
            Ok(Stage::End) if *stage == Stage::Start && !last && self.r.at_end() => {
                self.s.rollback(mark);
                Ok(Some(start))
            }
            Ok(next) => {
                *stage = next;
                Ok(None)
            }
            Err(e) => self.cut(e, start, mark, last),
        }
    }

    /// Elements of an array of events, from element `index` (`first` right after the
    /// `[`), each with the `,` or `]` after it, as far as the piece goes; answers as
    /// `step` does. Nearly all of a body goes through this loop, so the stage stays in
    /// registers until it leaves.
    #[inline(always)]
    fn elements(
        &mut self,
        stage: &mut Stage,
        (mut index, mut first, envelope): (u32, bool, bool),
        last: bool,
    ) -> Result<Option<usize>, SyntaxError> {
        loop {
            self.r.skip_ws();
            let start = self.r.pos();
            let mark = self.s.mark();
            match self.element(index, first) {
                Ok(true) => {
                    index = index.saturating_add(1);
                    first = false;
                }
                Ok(false) => {
                    *stage = if envelope {
                        Stage::AfterPayload
                    } else {
                        Stage::End
                    };
                    return Ok(None);
                }
                Err(e) => {
                    *stage = Stage::Array {
                        index,
                        first,
                        envelope,
                    };
                    return self.cut(e, start, mark, last);
                }
            }
        }
    }

    /// A syntax error in the unit that began at `start` (with the sink at `mark`): the
    /// body's own; or, near the end of a piece that is not the last, maybe the cut, and
    /// then the unit is taken back, to be read again with more bytes.
    #[cold]
    fn cut(
        &mut self,
        e: SyntaxError,
        start: usize,
        mark: Mark,
        last: bool,
    ) -> Result<Option<usize>, SyntaxError> {
        if !last && e.pos + LOOKAHEAD > self.r.end() {
            self.s.rollback(mark);
            Ok(Some(start))
        } else {
            Err(e)
        }
    }

    /// Reads one unit at the cursor and says which comes next.
    #[inline(always)]
    fn unit(&mut self, stage: Stage) -> Result<Stage, SyntaxError> {
        match stage {
            // Read by `elements`: `units` never sends it here.
            Stage::Array { .. } => Ok(stage),
            Stage::Start => self.start(),
            Stage::Key { first } => self.key(first),
            Stage::Value(key) => self.value_of(key),
            Stage::AfterPayload => self.after_value(),
            Stage::End => Err(SyntaxError {
                pos: self.r.pos(),
                what: "unexpected data after the JSON value",
            }),
        }
    }

    /// The top-level value: an array of events, or the account endpoint's envelope;
    /// anything else is valid JSON but not an array (if the rest of the body is valid).
    fn start(&mut self) -> Result<Stage, SyntaxError> {
        match self.r.peek_ws() {
            Some(b'[') => {
                self.r.bump();
                Ok(Stage::Array {
                    index: 0,
                    first: true,
                    envelope: false,
                })
            }
            Some(b'{') => {
                self.r.bump();
                Ok(Stage::Key { first: true })
            }
            Some(_) => {
                let kind = self.r.kind();
                self.r.skip_value()?;
                let mut m = String::from("The body is ");
                m.push_str(kind);
                m.push_str(", not an array of events.");
                self.s.failure = Some((IssueCode::NotAnArray, m));
                Ok(Stage::End)
            }
            None => Err(SyntaxError {
                pos: self.r.pos(),
                what: "unexpected end of input",
            }),
        }
    }

    /// One element of an array of events and the `,` (true) or `]` (false) after it; or,
    /// `first` right after the `[`, the `]` of an empty array.
    #[inline(always)]
    fn element(&mut self, index: u32, first: bool) -> Result<bool, SyntaxError> {
        if first && self.r.peek_ws() == Some(b']') {
            self.r.bump();
            return Ok(false);
        }
        if let Some(b'{') = self.r.peek_ws() {
            self.event(index)?;
        } else {
            let kind = self.r.kind();
            self.r.skip_value()?;
            let mut m = String::from("The event is ");
            m.push_str(kind);
            m.push_str(", not an object.");
            self.issue(Location::event(index), IssueCode::NotAnObject, m);
        }
        self.r.comma_or(b']', "expected ',' or ']'")
    }

    /// A key of the envelope `{"payload": [...], "meta": {...}}` (or of any other object,
    /// such as an error body `{"error": "Invalid Access Token"}`), with its `:`.
    fn key(&mut self, first: bool) -> Result<Stage, SyntaxError> {
        if first && self.r.peek_ws() == Some(b'}') {
            self.r.bump();
            return Ok(self.envelope_end());
        }
        let key = self.r.object_key()?;
        Ok(Stage::Value(match &*key {
            b"payload" => Key::Payload,
            b"meta" => Key::Meta,
            b"error" => Key::Said("error"),
            b"description" => Key::Said("description"),
            b"message" => Key::Said("message"),
            _ => Key::Other,
        }))
    }

    /// The value of an envelope key. A repeated key replaces what came before, as in
    /// `JSON.parse`.
    fn value_of(&mut self, key: Key) -> Result<Stage, SyntaxError> {
        match (key, self.r.peek()) {
            (Key::Payload, Some(b'[')) => {
                self.r.bump();
                self.s.forget_payload();
                self.s.saw_payload = true;
                self.s.envelope = true;
                return Ok(Stage::Array {
                    index: 0,
                    first: true,
                    envelope: true,
                });
            }
            (Key::Payload, _) => {
                self.s.saw_payload = false;
                self.r.skip_value()?;
            }
            (Key::Meta, Some(b'{')) => self.meta()?,
            (Key::Meta, _) => {
                self.s.meta = None;
                self.r.skip_value()?;
            }
            (Key::Said(key), next) => {
                let text = if next == Some(b'"') {
                    Some(String::from_utf8_lossy(&self.r.string()?).into_owned())
                } else {
                    self.r.skip_value()?;
                    None
                };
                match self.s.said.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = text,
                    None => self.s.said.push((key, text)),
                }
            }
            (Key::Other, _) => self.r.skip_value()?,
        }
        self.after_value()
    }

    /// The `,` or `}` after an envelope value.
    fn after_value(&mut self) -> Result<Stage, SyntaxError> {
        if self.r.comma_or(b'}', "expected ',' or '}'")? {
            Ok(Stage::Key { first: false })
        } else {
            Ok(self.envelope_end())
        }
    }

    /// The envelope is closed: without a `payload` array it was not an array of events.
    fn envelope_end(&mut self) -> Stage {
        if !self.s.saw_payload {
            let mut m = String::from("The body is an object, not an array of events");
            if let Some(text) = self.s.said.iter().find_map(|(_, t)| t.as_ref()) {
                m.push_str(" (the server said: \"");
                push_excerpt(&mut m, text, 200);
                m.push_str("\")");
            }
            m.push('.');
            self.s.failure = Some((IssueCode::NotAnArray, m));
        }
        Stage::End
    }

    /// The envelope's `meta` object; a repeated count replaces the earlier one.
    fn meta(&mut self) -> Result<(), SyntaxError> {
        self.r.bump();
        let mut meta = PageMeta::default();
        if self.r.peek_ws() == Some(b'}') {
            self.r.bump();
        } else {
            loop {
                let key = self.r.object_key()?;
                let slot = match &*key {
                    b"count" => Some(&mut meta.count),
                    b"current_page" => Some(&mut meta.current_page),
                    b"total_pages" => Some(&mut meta.total_pages),
                    _ => None,
                };
                match (slot, self.r.peek()) {
                    (Some(slot), Some(b'-' | b'0'..=b'9')) => {
                        let v = self.r.number()?.value;
                        let whole = v.fract() == 0.0 && v.abs() <= MAX_SAFE_INTEGER as f64;
                        *slot = whole.then_some(v as i64);
                    }
                    // Anything else is no number, even after one (the last key wins).
                    (Some(slot), _) => {
                        *slot = None;
                        self.r.skip_value()?;
                    }
                    (None, _) => self.r.skip_value()?,
                }
                if !self.r.comma_or(b'}', "expected ',' or '}'")? {
                    break;
                }
            }
        }
        self.s.meta = Some(meta);
        Ok(())
    }
}
