//! The `#[wasm_bindgen]` layer: converts between JavaScript values and the core, and does
//! nothing else. Every exported function returns `Result<_, JsValue>` whose error is a JS
//! `ReportingError`; no core function it calls can panic on any input.

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
mod zones;

pub use client::JsReportingClient;
pub use columns::from_columns_js;
pub use events::{parse_events, validate_events, JsEventSet};
pub use hours::{business_seconds, from_chatwoot_inbox_js, with_working_hours};
pub use series::timeseries;
