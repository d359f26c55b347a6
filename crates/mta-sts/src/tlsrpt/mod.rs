//! The TLS-RPT record at `_smtp._tls.<domain>` (RFC 8460 §3).
//!
//! [`parse_tlsrpt_record`] reads the grammar `tlsrpt-record` and requires a `rua` field (the
//! ABNF states that in a comment); which URI schemes reporters support, and whether a
//! `mailto:` holds a mail address, are judged by [`check_tlsrpt_texts`].

mod check;
mod parse;
mod repair;
pub mod report;
mod uri;

use crate::finding::Finding;
use crate::record::{is_wsp, offset_of, syntax_error};
use std::fmt;

pub use crate::record::SyntaxError;
pub use repair::{example_tlsrpt_record, suggest_tlsrpt_record};

/// A syntactically valid TLS-RPT record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TlsRptRecord {
    /// Every rua URI, in order, from every `rua=` field.
    pub rua: Vec<String>,
    /// Every field after the version as (name, value), in order.
    pub fields: Vec<(String, String)>,
}

/// Renders the record as `v=TLSRPTv1; name=value; …`, every field in order, a `rua` value as
/// written. The text parses back to the same record.
impl fmt::Display for TlsRptRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("v=TLSRPTv1")?;
        for (name, value) in &self.fields {
            write!(f, "; {name}={value}")?;
        }
        Ok(())
    }
}

/// Parses one (already joined) record text against `tlsrpt-record`, requiring a `rua` field.
/// Every `rua=` must be a list of RFC 3986 URIs; which schemes reporters use is not judged here.
pub fn parse_tlsrpt_record(input: &str) -> Result<TlsRptRecord, SyntaxError> {
    let (_, raw) = parse::tlsrpt_record(input).map_err(|e| syntax_error(input, e))?;
    let mut record = TlsRptRecord {
        rua: Vec::new(),
        fields: Vec::new(),
    };
    for field in raw {
        match field {
            parse::RawField::Rua { value, uris } => {
                record.rua.extend(uris.into_iter().map(str::to_owned));
                record.fields.push(("rua".to_owned(), value.to_owned()));
            }
            parse::RawField::Extension { name, value } => {
                record.fields.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    if record.rua.is_empty() {
        let near = record
            .fields
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("rua"));
        let message = match near {
            Some((name, _)) => format!(
                "the record has no rua field (`{name}` is a different field: names are case-sensitive)"
            ),
            None => "the record has no rua field, so reporters do not know where to send reports"
                .to_owned(),
        };
        return Err(SyntaxError {
            offset: offset_of(input, ""),
            message,
        });
    }
    Ok(record)
}

/// Whether a TXT text counts as a TLS-RPT record under RFC 8460 §3's discard rule (begins
/// with `v=TLSRPTv1;`), accepting whitespace before the `;` as for MTA-STS (erratum 6285).
pub fn is_tlsrpt_candidate(text: &str) -> bool {
    text.strip_prefix("v=TLSRPTv1")
        .is_some_and(|rest| rest.trim_start_matches(is_wsp).starts_with(';'))
}

/// Judges the TXT texts found at `_smtp._tls.<domain>`. An empty slice means no record at all.
pub fn check_tlsrpt_texts(domain: &str, texts: &[String]) -> Vec<Finding> {
    check::check_tlsrpt_texts(domain, texts)
}
