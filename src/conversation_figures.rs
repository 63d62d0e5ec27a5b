//! Per-conversation figures of a summary, what Zendesk and Intercom report and Chatwoot
//! cannot (its rollups keep one value per event). First and full resolution are the
//! resolution values of the events [`crate::history`] flags, sorted with the other
//! resolution values by the summary; this module collects the other two.
//! - first resolution: each conversation's earliest `conversation_resolved` value (in
//!   event time), counted in the window its event lies in;
//! - full resolution: each conversation's latest one (its whole lifetime, the final
//!   close), likewise;
//! - requester wait: per conversation, the sum of its `first_response` and `reply_time`
//!   values in the window (the customer's total wait for answers there; in a cohort
//!   window, the conversation's whole wait);
//! - one touch: of the conversations with a resolution in the window, those answered by
//!   exactly one human reply (one `first_response`, no `reply_time`) and never reopened,
//!   judged on all of the conversation's events in the set.
//!
//! With business hours the values are `value_in_business_hours`, nulls skipped as
//! elsewhere. Events without a conversation are left out of requester wait and one
//! touch, which group by conversation; a resolution without one is its own first and
//! last.

use serde::Serialize;

use crate::model::KnownName;
use crate::stats::Stats;

const FIRST_RESPONSE: u32 = KnownName::FirstResponse as u32;
const REPLY_TIME: u32 = KnownName::ReplyTime as u32;
const RESOLVED: u32 = KnownName::ConversationResolved as u32;

/// Conversations resolved with a single human reply (API.md's `oneTouch`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OneTouch {
    /// Resolved conversations with one `first_response`, no `reply_time`, no reopening.
    pub count: u64,
    /// `count` over the conversations with a resolution in the window; `None` when
    /// there are none.
    pub share: Option<f64>,
}

/// Collects one window's per-conversation figures as the summary goes through its
/// events (see [`WindowFigures::take`]).
pub(crate) struct WindowFigures {
    /// Per conversation: the wait summed so far (NaN before any value).
    wait: Vec<f64>,
    /// Per conversation: whether it has a resolution in the window.
    resolved: Vec<bool>,
}

impl WindowFigures {
    pub(crate) fn new(conversations: usize) -> WindowFigures {
        WindowFigures {
            wait: vec![f64::NAN; conversations],
            resolved: vec![false; conversations],
        }
    }

    /// Takes an event of the window: its name, conversation number `g` (out of range for
    /// none) and value `v` (the business value with business hours).
    #[inline(always)]
    pub(crate) fn take(&mut self, name: u32, g: u32, v: f64) {
        match name {
            FIRST_RESPONSE | REPLY_TIME => {
                if let (Some(w), false) = (self.wait.get_mut(g as usize), v.is_nan()) {
                    *w = if w.is_nan() { v } else { *w + v };
                }
            }
            RESOLVED => {
                if let Some(r) = self.resolved.get_mut(g as usize) {
                    *r = true;
                }
            }
            _ => {}
        }
    }

    /// The figures, with `touches` (see `history::Conversations::touches`) deciding
    /// which resolved conversations are one touch: exactly one first response, no
    /// reply, no reopening.
    pub(crate) fn finish(self, touches: &[u8]) -> (Stats, OneTouch) {
        let waits: Vec<f64> = self.wait.into_iter().filter(|w| !w.is_nan()).collect();
        let mut resolved = 0u64;
        let mut count = 0u64;
        for (g, &r) in self.resolved.iter().enumerate() {
            if r {
                resolved += 1;
                count += u64::from(touches.get(g) == Some(&1));
            }
        }
        let one_touch = OneTouch {
            count,
            share: (resolved > 0).then(|| count as f64 / resolved as f64),
        };
        (Stats::of(&waits), one_touch)
    }
}
