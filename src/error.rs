//! [`ReportingError`]: every failure the library reports, in the codes of API.md.
//! The bindings turn it into the JavaScript `ReportingError` class.

use crate::decode::ParseFailure;
use crate::issue::Issue;

/// The stable failure codes of API.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The data failed validation.
    InvalidData,
    /// The body exceeds `maxBytes`.
    TooLarge,
    /// HTTP 401.
    Unauthorized,
    /// HTTP 403.
    Forbidden,
    /// HTTP 404.
    NotFound,
    /// HTTP 429.
    RateLimited,
    /// HTTP 5xx.
    ServerError,
    /// Any other unexpected HTTP status.
    HttpError,
    /// A body that is not what the endpoint sends.
    BadResponse,
    /// The request never got an answer.
    Network,
    /// The request took longer than `timeoutMs`.
    Timeout,
    /// The caller aborted.
    Aborted,
    /// A bad argument or option.
    InvalidArgument,
}

impl ErrorCode {
    /// The code as API.md spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidData => "invalid_data",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServerError => "server_error",
            ErrorCode::HttpError => "http_error",
            ErrorCode::BadResponse => "bad_response",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::InvalidArgument => "invalid_argument",
        }
    }
}

/// A failure with its code, a sentence for a person, and what else API.md attaches.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportingError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// One or two plain sentences.
    pub message: String,
    /// The HTTP status, where there was one.
    pub status: Option<u16>,
    /// The validation issues, for `invalid_data` and `too_large`.
    pub issues: Option<Vec<Issue>>,
    /// The conversation's display id, for per-conversation failures.
    pub display_id: Option<i64>,
}

impl ReportingError {
    /// A failure with just a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ReportingError {
        ReportingError {
            code,
            message: message.into(),
            status: None,
            issues: None,
            display_id: None,
        }
    }

    /// An `invalid_argument` failure.
    pub fn invalid_argument(message: impl Into<String>) -> ReportingError {
        ReportingError::new(ErrorCode::InvalidArgument, message)
    }
}

impl From<ParseFailure> for ReportingError {
    fn from(f: ParseFailure) -> ReportingError {
        let code = if f.too_large {
            ErrorCode::TooLarge
        } else {
            ErrorCode::InvalidData
        };
        ReportingError {
            code,
            message: f.message,
            status: None,
            issues: Some(f.issues),
            display_id: None,
        }
    }
}
