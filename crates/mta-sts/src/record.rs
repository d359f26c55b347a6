//! The `_mta-sts` TXT record (RFC 8461 §3.1).
//! OWNER: helper "grammar". Public API fixed; bodies to be written.

use crate::finding::Finding;

/// A syntax error: what rule failed and where (0-based byte offset into the input).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// One `name=value` field after the version, in the order published.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Field {
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
    pub fields: Vec<Field>,
}

/// Parses one (already joined) record text against `sts-text-record`.
pub fn parse_sts_record(_input: &str) -> Result<StsRecord, SyntaxError> {
    todo!()
}

/// Whether a TXT text counts as an MTA-STS record under RFC 8461 §3.1's discard rule
/// (begins with `v=STSv1;`), accepting whitespace before the `;` (erratum 6285).
pub fn is_sts_candidate(_text: &str) -> bool {
    todo!()
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
pub fn check_sts_texts(_domain: &str, _texts: &[String]) -> StsRecordCheck {
    todo!()
}
