//! What validation reports: an [`Issue`] with a stable code, a path, a sentence and a
//! severity, exactly the vocabulary of API.md.

use crate::model::Field;
use crate::text::push_int;

/// How serious an issue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The event (or the body) is not usable.
    Error,
    /// Worth knowing; the event is kept in every mode.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stable machine codes of API.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueCode {
    /// The body is not JSON.
    InvalidJson,
    /// The body is JSON but not an array of events.
    NotAnArray,
    /// An element of the array is not an object.
    NotAnObject,
    /// A required field is absent.
    MissingField,
    /// A field has the wrong JSON type (or a number out of range).
    WrongType,
    /// A timestamp is not RFC 3339.
    InvalidTimestamp,
    /// A duration is below zero.
    NegativeValue,
    /// `event_end_time` is before `event_start_time`.
    EndBeforeStart,
    /// Business-hours seconds exceed wall-clock seconds by more than 1 s.
    BusinessExceedsValue,
    /// `created_at` goes backwards.
    Unsorted,
    /// A second event with an id already seen.
    DuplicateId,
    /// An event of another account than the one asked for.
    AccountMismatch,
    /// A name this version does not know (kept).
    UnknownName,
    /// The body exceeds `maxBytes`.
    TooLarge,
    /// A second `first_response` in one conversation (Chatwoot writes one, ever).
    RepeatedFirstResponse,
    /// A second `conversation_bot_handoff` in one conversation.
    RepeatedBotHandoff,
    /// A `reply_time` after a resolution of its conversation with no reopening between.
    ReplyAfterResolution,
    /// A `conversation_resolved` whose value is below an earlier one of its
    /// conversation (the values are cumulative from creation).
    ResolutionDecreased,
}

impl IssueCode {
    /// The code as API.md spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            IssueCode::InvalidJson => "invalid_json",
            IssueCode::NotAnArray => "not_an_array",
            IssueCode::NotAnObject => "not_an_object",
            IssueCode::MissingField => "missing_field",
            IssueCode::WrongType => "wrong_type",
            IssueCode::InvalidTimestamp => "invalid_timestamp",
            IssueCode::NegativeValue => "negative_value",
            IssueCode::EndBeforeStart => "end_before_start",
            IssueCode::BusinessExceedsValue => "business_exceeds_value",
            IssueCode::Unsorted => "unsorted",
            IssueCode::DuplicateId => "duplicate_id",
            IssueCode::AccountMismatch => "account_mismatch",
            IssueCode::UnknownName => "unknown_name",
            IssueCode::TooLarge => "too_large",
            IssueCode::RepeatedFirstResponse => "repeated_first_response",
            IssueCode::RepeatedBotHandoff => "repeated_bot_handoff",
            IssueCode::ReplyAfterResolution => "reply_after_resolution",
            IssueCode::ResolutionDecreased => "resolution_decreased",
        }
    }

    /// Warnings never drop an event; everything else is an error.
    pub const fn severity(self) -> Severity {
        match self {
            IssueCode::Unsorted
            | IssueCode::UnknownName
            | IssueCode::RepeatedFirstResponse
            | IssueCode::RepeatedBotHandoff
            | IssueCode::ReplyAfterResolution
            | IssueCode::ResolutionDecreased
            // Chatwoot's working_hours gem counts wall-clock window lengths on days when
            // clocks change, so a real server can store business seconds up to an hour
            // above `value` (CHATWOOT.md, "More facts"): a data check, not a broken event.
            | IssueCode::BusinessExceedsValue => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// Where an issue is: the whole body, one event, or one field of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Index of the event in the body's array.
    pub index: Option<u32>,
    /// The field within that event.
    pub field: Option<Field>,
}

impl Location {
    /// The whole body.
    pub const BODY: Location = Location {
        index: None,
        field: None,
    };

    /// Event `index`.
    pub const fn event(index: u32) -> Location {
        Location {
            index: Some(index),
            field: None,
        }
    }

    /// Field `field` of event `index`.
    pub const fn field(index: u32, field: Field) -> Location {
        Location {
            index: Some(index),
            field: Some(field),
        }
    }

    /// The path as API.md writes it: `""`, `"[3]"` or `"[3].value"`.
    pub fn path(&self) -> String {
        let mut s = String::new();
        if let Some(i) = self.index {
            s.push('[');
            push_int(&mut s, i64::from(i));
            s.push(']');
        }
        if let Some(f) = self.field {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(f.key());
        }
        s
    }
}

/// One finding of validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Where.
    pub location: Location,
    /// What, as a stable code.
    pub code: IssueCode,
    /// One plain sentence for a person.
    pub message: String,
}

/// An issue crosses to JavaScript as API.md's `Issue`: `{path, code, message, severity}`.
impl serde::Serialize for Issue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Issue", 4)?;
        st.serialize_field("path", &self.path())?;
        st.serialize_field("code", self.code.as_str())?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("severity", self.severity().as_str())?;
        st.end()
    }
}

impl Issue {
    /// A new issue.
    pub fn new(location: Location, code: IssueCode, message: String) -> Issue {
        Issue {
            location,
            code,
            message,
        }
    }

    /// Error or warning, from the code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The path string (see [`Location::path`]).
    pub fn path(&self) -> String {
        self.location.path()
    }
}
