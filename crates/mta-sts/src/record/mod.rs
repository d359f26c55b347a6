//! The `_mta-sts` TXT record (RFC 8461 §3.1).
//!
//! [`parse_sts_fields`] reads the grammar (`sts-text-record`); [`parse_sts_record`] adds the
//! rule the ABNF only states in a comment, that a valid `id` is required (the first `id`
//! counts, RFC 8461 §3.2). [`check_sts_texts`] judges a whole TXT record set.

mod check;
mod parse;
mod repair;

use crate::finding::Finding;
use std::fmt;

pub(crate) use parse::{
    clip, explain_char, explain_field, explain_version, failure, fields_after_version, is_alnum,
    is_ext_name_char, is_ext_value_char, is_wsp, offset_of, spanned, sts_ext_name, sts_ext_value,
    sts_field_delim, syntax_error, Res,
};
pub(crate) use repair::{is_valid_ext, loose_fields};
pub use repair::{suggest_id, suggest_record};

/// A syntax error: what rule failed and where (0-based byte offset into the input).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for SyntaxError {}

/// One `name=value` field after the version, in the order published.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecordField {
    pub name: String,
    pub value: String,
    /// 0-based byte offset of the name in the record.
    pub offset: usize,
}

/// A syntactically valid `_mta-sts` record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StsRecord {
    /// The first `id` field's value (first wins, RFC 8461 §3.2), valid per `sts-id`.
    pub id: String,
    /// Every field after the version, in order (including `id` and duplicates).
    pub fields: Vec<RecordField>,
}

impl StsRecord {
    /// The record `v=STSv1; id=<id>`, when `id` is a valid `sts-id` value.
    pub fn new(id: &str) -> Option<StsRecord> {
        if !is_valid_id(id) {
            return None;
        }
        parse_sts_record(&format!("v=STSv1; id={id}")).ok()
    }
}

/// Renders the record as `v=STSv1; name=value; …`, every field in order. The text parses
/// back to the same id and fields (only the offsets may differ).
impl fmt::Display for StsRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=STSv1")?;
        for field in &self.fields {
            write!(f, "; {}={}", field.name, field.value)?;
        }
        Ok(())
    }
}

/// A valid `sts-id` derived from `seed` (16 hex digits of its FNV-1a hash), for the fixes of a
/// report: the same input gives the same report, and a changed policy a changed id. Where the
/// time is known (the set-up assistant), [`crate::setup::fresh_id`] makes the usual timestamp
/// id from the clock the caller passes in; the engine has no clock of its own.
pub fn derived_id(seed: &[u8]) -> String {
    format!("{:016x}", fnv1a_64(seed))
}

/// The 64-bit FNV-1a hash of `bytes`: a few lines, no table, the same on every platform.
/// For ids and change detection only (the monitor's hash of a policy body), never security:
/// anyone can make two texts with the same FNV hash on purpose.
pub(crate) fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Whether `id` is a valid `sts-id` value: 1 to 32 ASCII letters and digits.
pub fn is_valid_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.chars().all(is_alnum)
}

/// Parses one (already joined) record text against the grammar `sts-text-record` alone:
/// the fields in order, valid id or not.
pub fn parse_sts_fields(input: &str) -> Result<Vec<RecordField>, SyntaxError> {
    let (_, raw) = parse::sts_text_record(input).map_err(|e| syntax_error(input, e))?;
    Ok(raw
        .into_iter()
        .map(|f| RecordField {
            name: f.name.to_owned(),
            value: f.value.to_owned(),
            offset: offset_of(input, f.at),
        })
        .collect())
}

/// Parses one (already joined) record text against `sts-text-record`.
pub fn parse_sts_record(input: &str) -> Result<StsRecord, SyntaxError> {
    let fields = parse_sts_fields(input)?;
    let id = first_id(input, &fields)?;
    Ok(StsRecord { id, fields })
}

/// The first `id` field's value, when it is a valid `sts-id` (RFC 8461 §3.1, §3.2).
fn first_id(input: &str, fields: &[RecordField]) -> Result<String, SyntaxError> {
    let Some(field) = fields.iter().find(|f| f.name == "id") else {
        let message = match fields.iter().find(|f| f.name.eq_ignore_ascii_case("id")) {
            Some(other) => format!(
                "the record has no `id` field (`{}` is a different field: names are case-sensitive)",
                other.name
            ),
            None => "the record has no `id` field".to_owned(),
        };
        return Err(SyntaxError {
            offset: input.len(),
            message,
        });
    };
    let value_offset = field.offset.saturating_add(3);
    let value = clip(&field.value, 40);
    if !field.value.chars().all(is_alnum) {
        return Err(SyntaxError {
            offset: value_offset,
            message: format!("the id `{value}` may only contain letters and digits"),
        });
    }
    if field.value.len() > 32 {
        return Err(SyntaxError {
            offset: value_offset,
            message: format!(
                "the id `{value}` is {} characters long; at most 32 are allowed",
                field.value.len()
            ),
        });
    }
    Ok(field.value.clone())
}

/// Whether a TXT text counts as an MTA-STS record under RFC 8461 §3.1's discard rule
/// (begins with `v=STSv1;`), accepting whitespace before the `;` (erratum 6285).
pub fn is_sts_candidate(text: &str) -> bool {
    text.strip_prefix("v=STSv1")
        .is_some_and(|rest| rest.trim_start_matches(is_wsp).starts_with(';'))
}

/// The result of judging the TXT record set at `_mta-sts.<domain>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsRecordCheck {
    /// `sts-record` findings about the texts themselves.
    pub findings: Vec<Finding>,
    /// The one usable record, when there is exactly one valid candidate.
    pub record: Option<StsRecord>,
    /// How many texts begin with `v=STSv1` (candidates, valid or not).
    pub candidates: usize,
}

/// Judges the TXT texts found at `_mta-sts.<domain>` (each already joined from its
/// character-strings). Covers TXT-04..TXT-16 and TXT-19; DNS-level matters (lookup failure,
/// NXDOMAIN, the CNAME chain, the apex hint) are the report's.
pub fn check_sts_texts(domain: &str, texts: &[String]) -> StsRecordCheck {
    check::check_sts_texts(domain, texts)
}
