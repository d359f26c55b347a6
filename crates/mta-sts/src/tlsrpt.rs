//! The TLS-RPT record at `_smtp._tls.<domain>` (RFC 8460 §3).
//! OWNER: helper "grammar". Public API fixed; bodies to be written.

use crate::finding::Finding;
pub use crate::record::SyntaxError;

/// A syntactically valid TLS-RPT record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TlsRptRecord {
    /// Every rua URI, in order, from every `rua=` field.
    pub rua: Vec<String>,
    /// Every field after the version as (name, value), in order.
    pub fields: Vec<(String, String)>,
}

pub fn parse_tlsrpt_record(_input: &str) -> Result<TlsRptRecord, SyntaxError> {
    todo!()
}

/// Judges the TXT texts found at `_smtp._tls.<domain>`. An empty slice means no record at all.
pub fn check_tlsrpt_texts(_domain: &str, _texts: &[String]) -> Vec<Finding> {
    todo!()
}
