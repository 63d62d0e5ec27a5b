//! `parseEventStream`'s wasm half: a [`StreamDecoder`] that js/api.js feeds chunk by
//! chunk from a `ReadableStream` or async iterable, so a body is never held whole.

use wasm_bindgen::prelude::*;

use super::errors::{invalid_argument, to_js_error};
use super::events::{decode_options, JsEventSet};
use crate::decode::{apply_mode, Mode};
use crate::error::ReportingError;
use crate::stream::StreamDecoder;

/// A body being decoded as its bytes arrive.
#[wasm_bindgen(js_name = _StreamParser)]
pub struct JsStreamParser {
    decoder: Option<StreamDecoder>,
    mode: Mode,
}

#[wasm_bindgen(js_class = _StreamParser)]
impl JsStreamParser {
    /// A parser with `parseEvents`' options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsStreamParser, JsValue> {
        let opts = decode_options(options)?;
        Ok(JsStreamParser {
            decoder: Some(StreamDecoder::new(&opts)),
            mode: opts.mode,
        })
    }

    /// The next chunk (copied into wasm memory by the glue, then decoded).
    pub fn push(&mut self, chunk: &[u8]) {
        if let Some(d) = self.decoder.as_mut() {
            d.push(chunk);
        }
    }

    /// Whether the body already failed (too large, invalid JSON): reading more is useless.
    #[wasm_bindgen(getter)]
    pub fn failed(&self) -> bool {
        self.decoder.as_ref().map_or(true, |d| d.has_failed())
    }

    /// The events, validated as `parseEvents` validates a whole body.
    pub fn finish(&mut self) -> Result<JsEventSet, JsValue> {
        let decoder = self
            .decoder
            .take()
            .ok_or_else(|| invalid_argument("This stream was already finished."))?;
        apply_mode(decoder.finish(), self.mode)
            .map(JsEventSet::new)
            .map_err(|f| to_js_error(ReportingError::from(f)))
    }
}
