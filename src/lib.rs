//! Chatwoot conversation reporting events: decode, validate, store and (in later
//! modules) summarize them, natively or in WebAssembly.
//!
//! Everything outside [`bindings`] is a pure Rust core with no JavaScript in it, tested
//! with plain `cargo test`; `bindings` (wasm32 only) converts between it and JS.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod chatwoot_inbox;
pub mod checks;
pub mod columns;
pub mod compact;
pub mod conversation_figures;
pub mod conversations;
pub mod decode;
pub mod duration;
pub mod encode;
pub mod error;
pub mod event_set;
pub mod float;
pub mod gem_hours;
pub mod history;
pub mod hour_of_week;
pub mod hours_json;
pub mod http;
mod ids;
pub mod issue;
pub mod json;
pub mod model;
pub mod origin;
pub mod path_de;
pub mod recompute;
pub mod schedule;
pub mod serialize;
pub mod sla_curve;
pub mod sort;
pub mod stats;
pub mod stream;
pub mod summary;
pub mod text;
pub mod timeseries;
pub mod timestamp;
pub mod window;
pub mod zone;

#[cfg(target_arch = "wasm32")]
pub mod bindings;

/// The unit tests' seeded inputs: a 64-bit linear congruential generator (Knuth's MMIX
/// constants) giving its whole state on each call. Its low bits have short periods, so
/// tests take high bits.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed
    }
}

pub use decode::{decode, parse, DecodeOptions, Decoded, Mode, PageMeta, ParseFailure};
pub use error::{ErrorCode, ReportingError};
pub use event_set::{EventSet, Filter};
pub use issue::{Issue, IssueCode, Location, Severity};
pub use model::{Event, Field, KnownName, Name};
pub use stream::StreamDecoder;
