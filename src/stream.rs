//! Decoding a body as it arrives: [`StreamDecoder`], fed the body's bytes in pieces of any
//! size, gives exactly what [`decode`](crate::decode()) gives on the whole body, while holding only the
//! bytes of the unit (mostly one event) that the last piece cut.
//!
//! Each piece is read where it lies, by the same code as [`decode`](crate::decode()) (which is a stream
//! decoder given the whole body at once), unit by unit (see the `decode::body` module). A
//! unit cut by the piece's end is copied aside; the next piece adds a few hundred bytes to
//! it, the unit is read, and reading goes on in the new piece where it lies. Should those
//! bytes not finish it (a long unit, or broken JSON), it is read again each time it has
//! twice as many bytes: every byte is read a bounded number of times, and a syntax error
//! is found while the bytes held are at most about twice those before it.

use crate::decode::body::{drive, Outcome, Stage};
use crate::decode::sink::Sink;
use crate::decode::{body_failure, syntax_message, too_large, DecodeOptions, Decoded};
use crate::issue::IssueCode;
use crate::json::SyntaxError;

/// How many of the body's first bytes are kept for the message of a syntax error.
const HEAD: usize = 64;

/// How many bytes beyond a cut unit are added to it before reading it again: more than
/// the rest of any event Chatwoot writes (about 330 bytes in all), so that one reading
/// mostly does.
const AHEAD: usize = 512;

/// A decoder fed a body in pieces as they arrive:
///
/// ```
/// use chatwoot_reporting::{decode, DecodeOptions, StreamDecoder};
///
/// let body = br#"[{"id":1,"name":"reply_time","value":60.0,"account_id":3,
///     "created_at":"2026-04-07T14:27:20.123Z","updated_at":"2026-04-07T14:27:20.123Z"}]"#;
/// let opts = DecodeOptions::default();
/// let mut stream = StreamDecoder::new(&opts);
/// stream.size_hint(body.len()); // optional: a Content-Length
/// for piece in body.chunks(7) {
///     stream.push(piece);
/// }
/// let streamed = stream.finish();
/// let whole = decode(body, &opts);
/// assert_eq!(streamed.events.to_events(), whole.events.to_events());
/// assert_eq!(streamed.events.issues, whole.events.issues);
/// assert_eq!(streamed.events.len(), 1);
/// ```
///
/// The result is [`decode`](crate::decode())'s on the concatenated pieces, whatever their sizes: the same
/// events, issues (codes, paths, messages; syntax errors at their offset in the body),
/// page meta and failure. Bytes beyond `max_bytes` are counted but neither read nor kept.
#[derive(Debug)]
pub struct StreamDecoder {
    opts: DecodeOptions,
    sink: Sink,
    stage: Stage,
    /// The bytes of the unit the last piece cut, from its first byte (and, while it waits
    /// to be read again, those that came after it).
    held: Vec<u8>,
    /// Offset in the body of `held[0]`.
    held_at: usize,
    /// How many bytes `held` must have before it is read again.
    want: usize,
    /// Bytes pushed in all.
    total: usize,
    /// The body's first bytes, for the message of a syntax error.
    head: Vec<u8>,
    /// The body's syntax error, once found: later bytes are only counted.
    failed: Option<SyntaxError>,
}

impl StreamDecoder {
    /// A decoder for one body, with [`decode`](crate::decode())'s options.
    pub fn new(opts: &DecodeOptions) -> StreamDecoder {
        StreamDecoder {
            opts: *opts,
            sink: Sink::new(opts),
            stage: Stage::Start,
            held: Vec::new(),
            held_at: 0,
            want: 0,
            total: 0,
            head: Vec::new(),
            failed: None,
        }
    }

    /// The body's length, when it is known before its bytes (a `Content-Length`): the
    /// event columns are then sized once instead of regrowing as events come, which saves
    /// copying them. Optional, and only heeded before the first byte; a wrong length costs
    /// only memory (too long) or a regrowth (too short).
    pub fn size_hint(&mut self, body_len: usize) {
        if self.total == 0 {
            self.sink.reserve_for(body_len.min(self.opts.max_bytes));
        }
    }

    /// Reads the next piece of the body (any size, cut anywhere, even inside a character).
    pub fn push(&mut self, piece: &[u8]) {
        let at = self.total;
        self.total = at.saturating_add(piece.len());
        if self.head.len() < HEAD {
            let room = HEAD - self.head.len();
            self.head
                .extend_from_slice(piece.get(..room).unwrap_or(piece));
        }
        if self.total > self.opts.max_bytes {
            if at <= self.opts.max_bytes {
                // Too large: free what was gathered, it will not be used.
                self.held = Vec::new();
                self.sink = Sink::default();
            }
            return;
        }
        if self.failed.is_some() {
            return;
        }
        if at == 0 {
            self.sink.reserve_for(piece.len());
        }
        let mut rest = piece;
        while !self.held.is_empty() {
            let take = self.want.saturating_sub(self.held.len()).min(rest.len());
            let (now, later) = rest.split_at_checked(take).unwrap_or((rest, &[]));
            self.held.extend_from_slice(now);
            rest = later;
            if self.held.len() < self.want {
                return; // the piece is used up
            }
            match drive(
                &self.held,
                self.held_at,
                &mut self.stage,
                &mut self.sink,
                false,
            ) {
                Outcome::Read(n) => {
                    let end = self.held_at + n;
                    match end.checked_sub(at).and_then(|k| piece.get(k..)) {
                        // What is still held came with this piece: read on where it lies.
                        Some(after) if n > 0 => {
                            self.held.clear();
                            rest = after;
                        }
                        // A unit begun before this piece is still cut: more bytes.
                        _ => {
                            self.held.drain(..n.min(self.held.len()));
                            self.held_at = end;
                            self.want = grown(self.held.len());
                            if rest.is_empty() {
                                return;
                            }
                        }
                    }
                }
                Outcome::Failed(e) => return self.fail(e),
            }
        }
        // Nothing held: the rest of the piece is read where it lies.
        let rest_at = self.total - rest.len();
        match drive(rest, rest_at, &mut self.stage, &mut self.sink, false) {
            Outcome::Read(n) => {
                let cut = rest.get(n..).unwrap_or(&[]);
                self.held.extend_from_slice(cut);
                self.held_at = rest_at + n;
                self.want = grown(cut.len());
                // One long unit must not keep its room for good.
                if self.held.capacity() > (4 * self.held.len()).max(1 << 16) {
                    self.held.shrink_to(2 * self.held.len());
                }
            }
            Outcome::Failed(e) => self.fail(e),
        }
    }

    /// Whether the body has already failed as a whole (too large, or not valid JSON),
    /// whatever comes next: a caller may stop reading it and call [`StreamDecoder::finish`]
    /// (a too-large body then reports the bytes counted so far, "or more").
    pub fn has_failed(&self) -> bool {
        self.failed.is_some() || self.total > self.opts.max_bytes
    }

    /// How many bytes have been pushed.
    pub fn pushed(&self) -> usize {
        self.total
    }

    /// How many bytes of the body are held: those of the unit the last piece cut (and,
    /// when pieces are smaller than a few hundred bytes, up to that many after it).
    pub fn held(&self) -> usize {
        self.held.len()
    }

    /// The end of the body: what [`decode`](crate::decode()) gives on all the bytes pushed.
    pub fn finish(mut self) -> Decoded {
        if self.total > self.opts.max_bytes {
            return too_large(self.total, self.opts.max_bytes);
        }
        if self.failed.is_none() {
            let at = self.total - self.held.len();
            if let Outcome::Failed(e) = drive(&self.held, at, &mut self.stage, &mut self.sink, true)
            {
                self.failed = Some(e);
            }
        }
        if let Some(e) = self.failed {
            return body_failure(IssueCode::InvalidJson, syntax_message(&e, &self.head));
        }
        self.sink.finish()
    }

    fn fail(&mut self, e: SyntaxError) {
        self.failed = Some(e);
        self.held = Vec::new();
        self.sink = Sink::default();
    }
}

/// The length at which `held` bytes not yet enough are read again.
fn grown(held: usize) -> usize {
    held.saturating_add(held.max(AHEAD))
}
