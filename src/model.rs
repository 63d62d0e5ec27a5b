//! The event model: what one Chatwoot reporting event holds, and the names it can carry.
//!
//! Times are integer epoch milliseconds; absent values use the sentinels below rather than
//! `Option` so that columns stay plain `Vec<i64>`/`Vec<f64>` that can be handed to
//! JavaScript as typed arrays without a conversion pass.

/// Sentinel for a null id (`conversation_id`, `inbox_id`, `user_id`).
pub const NULL_ID: i64 = i64::MIN;
/// Sentinel for a null timestamp (`event_start_time`, `event_end_time`).
pub const NULL_TIME: i64 = i64::MIN;
/// Largest integer JavaScript represents exactly (2^53 − 1); ids beyond it would change
/// when handed to JS, so the decoder refuses them.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// The event names Chatwoot writes today. Unknown names are kept as text (see [`Name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum KnownName {
    /// Time to the first human reply; once per conversation, ever.
    FirstResponse = 0,
    /// Customer waiting time for each later reply.
    ReplyTime = 1,
    /// A resolution; its value is cumulative from the conversation's creation.
    ConversationResolved = 2,
    /// An opening: 0 on the first, time since the last resolution on a reopen.
    ConversationOpened = 3,
    /// A bot handed the conversation to humans.
    ConversationBotHandoff = 4,
    /// A bot closed the conversation with no human reply.
    ConversationBotResolved = 5,
    /// The AI assistant resolved the conversation.
    CaptainInferenceResolved = 6,
    /// The AI assistant handed the conversation over.
    CaptainInferenceHandoff = 7,
}

impl KnownName {
    /// Every known name, in code order.
    pub const ALL: [KnownName; 8] = [
        KnownName::FirstResponse,
        KnownName::ReplyTime,
        KnownName::ConversationResolved,
        KnownName::ConversationOpened,
        KnownName::ConversationBotHandoff,
        KnownName::ConversationBotResolved,
        KnownName::CaptainInferenceResolved,
        KnownName::CaptainInferenceHandoff,
    ];

    /// The name exactly as Chatwoot writes it.
    pub const fn as_str(self) -> &'static str {
        match self {
            KnownName::FirstResponse => "first_response",
            KnownName::ReplyTime => "reply_time",
            KnownName::ConversationResolved => "conversation_resolved",
            KnownName::ConversationOpened => "conversation_opened",
            KnownName::ConversationBotHandoff => "conversation_bot_handoff",
            KnownName::ConversationBotResolved => "conversation_bot_resolved",
            KnownName::CaptainInferenceResolved => "conversation_captain_inference_resolved",
            KnownName::CaptainInferenceHandoff => "conversation_captain_inference_handoff",
        }
    }

    /// Looks a name up by its exact bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<KnownName> {
        KnownName::ALL
            .into_iter()
            .find(|k| k.as_str().as_bytes() == bytes)
    }
}

/// An event name: one Chatwoot knows today, or any other text a newer server sends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Name {
    /// One of the names in [`KnownName`].
    Known(KnownName),
    /// Any other name, kept verbatim (e.g. `agent_participation`).
    Other(String),
}

impl Name {
    /// Builds a name from text, recognising the known ones.
    pub fn new(text: &str) -> Name {
        match KnownName::from_bytes(text.as_bytes()) {
            Some(k) => Name::Known(k),
            None => Name::Other(text.to_owned()),
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        match self {
            Name::Known(k) => k.as_str(),
            Name::Other(s) => s,
        }
    }
}

/// One reporting event, as a row. Columns in [`crate::event_set::EventSet`] hold the same
/// data; this type is for building, reading back and testing single events.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The event's database id.
    pub id: i64,
    /// What happened.
    pub name: Name,
    /// Seconds between start and end (wall clock).
    pub value: f64,
    /// Working seconds between start and end, `None` where the server sent null.
    pub value_in_business_hours: Option<f64>,
    /// Start in epoch milliseconds, or [`NULL_TIME`].
    pub event_start_time: i64,
    /// End in epoch milliseconds, or [`NULL_TIME`].
    pub event_end_time: i64,
    /// The account the event belongs to.
    pub account_id: i64,
    /// Internal conversation id (not the display id), or [`NULL_ID`].
    pub conversation_id: i64,
    /// The inbox, or [`NULL_ID`].
    pub inbox_id: i64,
    /// The agent, or [`NULL_ID`].
    pub user_id: i64,
    /// When the server wrote the event, epoch milliseconds.
    pub created_at: i64,
    /// When the event was last updated, epoch milliseconds.
    pub updated_at: i64,
}

impl Event {
    /// A minimal event for tests and builders: everything optional is null.
    pub fn new(id: i64, name: Name, value: f64, account_id: i64, created_at: i64) -> Event {
        Event {
            id,
            name,
            value,
            value_in_business_hours: None,
            event_start_time: NULL_TIME,
            event_end_time: NULL_TIME,
            account_id,
            conversation_id: NULL_ID,
            inbox_id: NULL_ID,
            user_id: NULL_ID,
            created_at,
            updated_at: created_at,
        }
    }
}

/// The fields of an event, for issue paths and key matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `id`
    Id,
    /// `name`
    Name,
    /// `value`
    Value,
    /// `value_in_business_hours`
    ValueInBusinessHours,
    /// `event_start_time`
    EventStartTime,
    /// `event_end_time`
    EventEndTime,
    /// `account_id`
    AccountId,
    /// `conversation_id`
    ConversationId,
    /// `inbox_id`
    InboxId,
    /// `user_id`
    UserId,
    /// `created_at`
    CreatedAt,
    /// `updated_at`
    UpdatedAt,
}

impl Field {
    /// Every field, in the order Chatwoot writes them.
    pub const ALL: [Field; 12] = [
        Field::Id,
        Field::Name,
        Field::Value,
        Field::ValueInBusinessHours,
        Field::EventStartTime,
        Field::EventEndTime,
        Field::AccountId,
        Field::InboxId,
        Field::UserId,
        Field::ConversationId,
        Field::CreatedAt,
        Field::UpdatedAt,
    ];

    /// The JSON key.
    pub const fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Name => "name",
            Field::Value => "value",
            Field::ValueInBusinessHours => "value_in_business_hours",
            Field::EventStartTime => "event_start_time",
            Field::EventEndTime => "event_end_time",
            Field::AccountId => "account_id",
            Field::ConversationId => "conversation_id",
            Field::InboxId => "inbox_id",
            Field::UserId => "user_id",
            Field::CreatedAt => "created_at",
            Field::UpdatedAt => "updated_at",
        }
    }

    /// Whether the field may be null.
    pub const fn nullable(self) -> bool {
        matches!(
            self,
            Field::ValueInBusinessHours
                | Field::EventStartTime
                | Field::EventEndTime
                | Field::ConversationId
                | Field::InboxId
                | Field::UserId
        )
    }

    /// Matches a key by its length first, then its bytes: the decoder's hot path.
    #[inline]
    pub fn from_key(key: &[u8]) -> Option<Field> {
        let f = match key.len() {
            2 => Field::Id,
            4 => Field::Name,
            5 => Field::Value,
            7 => Field::UserId,
            8 => Field::InboxId,
            10 if key[0] == b'a' => Field::AccountId,
            10 if key[0] == b'c' => Field::CreatedAt,
            10 => Field::UpdatedAt,
            14 => Field::EventEndTime,
            15 => Field::ConversationId,
            16 => Field::EventStartTime,
            23 => Field::ValueInBusinessHours,
            _ => return None,
        };
        if f.key().as_bytes() == key {
            Some(f)
        } else {
            None
        }
    }

    /// A bit for this field, for "seen" sets.
    pub const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}
