//! TLS-RPT aggregate reports (RFC 8460 §4): what sending servers tell a domain about the TLS
//! sessions they tried.
//!
//! - [`model`]: the report and its reader, [`parse_report`] (strict about RFC 8460 §4.4's
//!   shape, lenient with a [`Note`] about what real reporters send);
//! - [`container`]: from a file's bytes (JSON, gzip, zip, e-mail) to reports, within
//!   [`Limits`], with the inflating left to the caller ([`Opener`]);
//! - [`summary`]: many reports merged ([`summarize`]);
//! - [`explain`]: result types in words, the reporter's policy linted, failures against
//!   today's policy and MX hosts;
//! - [`export`]: CSV and JSON.

pub mod container;
pub mod explain;
pub mod export;
pub mod model;
pub mod summary;

pub use crate::export::csv_field;
pub use container::{
    crc32, open_async, open_with, sniff, Format, Inflate, InflateError, Limits, LoadError, Loaded,
    Opener, Step,
};
pub use explain::{
    check_live, check_reported_policy, explain, reported_policy_text, Explanation, LiveCheck,
    MxPresence, PolicyCover,
};
pub use export::{reports_csv, reports_csv_for_display, summary_json, utc_text, CSV_COLUMNS};
pub use model::{
    day_text, parse_date_time, parse_report, DateTime, FailureDetail, Note, NoteKind, ParseError,
    ParsedDateTime, ParsedReport, PolicyResult, PolicyType, Report, ReportedPolicy, ResultType,
    MAX_REPORT_VALUES, RESULT_TYPES,
};
pub use summary::{summarize, DaySessions, Duplicate, FailureGroup, PolicySummary, Summary};
