//! The `#[wasm_bindgen]` layer: converts between JavaScript values and the core, and does
//! nothing else. Every exported function returns `Result<_, JsValue>` whose error is a JS
//! `ReportingError`; no core function it calls can panic on any input.
//!
//! Why a JS exception can never unwind through these wasm frames (issue 12):
//! - what a caller passes reaches wasm only through js/api.js, which copies options into
//!   plain data, brand-checks bodies and AbortSignals with the engine's own getters, runs
//!   user callbacks in JavaScript and checks EventSet handles right before each call
//!   (js/guard.js); so the reads serde-wasm-bindgen makes without `catch` (`Object.entries`,
//!   indexing, iterator steps) only ever touch plain objects and arrays;
//! - every import that can still throw is declared `catch`: `fetch`, `AbortSignal.timeout`
//!   and `.any`, `setTimeout`, the body reader's `getReader`/`read`/`cancel`, `URL`,
//!   `Reflect.get`, `Intl` (js/zone.js), `Function.call` for the (already wrapped) progress
//!   callback;
//! - the remaining plain getters (`response.status`, `.headers`, `.body`, `.type`,
//!   `url.hostname`…, `signal.aborted`) are read on objects the engine made for us.

mod client;
mod columns;
mod convert;
mod errors;
mod events;
mod hours;
mod metrics;
mod series;
mod stream;
mod summary;
mod transport;
mod url;
mod zones;

pub use client::JsReportingClient;
pub use columns::from_columns_js;
pub use events::{parse_events, validate_events, JsEventSet};
pub use hours::{business_seconds, from_chatwoot_inbox_js, with_working_hours};
pub use series::timeseries;
