//! `mx` pattern values: `["*."] Domain` (RFC 8461 §3.2), plus what the grammar leaves to DNS
//! and to common sense: label and name lengths, no IP addresses, A-labels only (POL-10…POL-12).

use crate::domain::{self, DomainError};

/// Why an `mx` value is not a usable pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MxProblem {
    Empty,
    /// `mail.example.com.`: the fix is the same name without the dot.
    TrailingDot {
        fixed: String,
    },
    /// Several names on one line, split by commas, semicolons or whitespace.
    List {
        parts: Vec<String>,
    },
    /// A U-label or other non-ASCII text instead of the A-label.
    NonAscii,
    IpAddress,
    /// `*` anywhere but as the whole first label.
    MisplacedStar,
    Domain(DomainError),
}

/// Checks one `mx` value. `Ok` means the pattern is `["*."] Domain` within the DNS limits and
/// not an IP address.
pub fn check_mx_pattern(value: &str) -> Result<(), MxProblem> {
    let v = value.trim_matches(|c| c == ' ' || c == '\t');
    if v.is_empty() {
        return Err(MxProblem::Empty);
    }
    let is_sep = |c: char| c == ',' || c == ';' || c.is_ascii_whitespace();
    if v.contains(is_sep) {
        let parts: Vec<String> = v
            .split(is_sep)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        if parts.len() > 1 {
            return Err(MxProblem::List { parts });
        }
    }
    if domain::has_non_ascii(v) {
        return Err(MxProblem::NonAscii);
    }
    let base = v.strip_prefix("*.").unwrap_or(v);
    if base.contains('*') {
        return Err(MxProblem::MisplacedStar);
    }
    if v.starts_with('[') {
        return Err(MxProblem::IpAddress);
    }
    match domain::check_host_name(base) {
        Ok(()) => Ok(()),
        Err(DomainError::TrailingDot) => Err(MxProblem::TrailingDot {
            fixed: domain::strip_trailing_dot(v).to_owned(),
        }),
        Err(DomainError::IpAddress) => Err(MxProblem::IpAddress),
        Err(e) => Err(MxProblem::Domain(e)),
    }
}

impl MxProblem {
    /// The patterns that should replace the value, when that is certain: the name without
    /// its trailing dot, or a list split into names that are each valid.
    pub fn fixed(&self) -> Option<Vec<String>> {
        match self {
            MxProblem::TrailingDot { fixed } => Some(vec![fixed.clone()]),
            // A loop, not `collect` into an `Option`: one iterator adapter less in the page.
            MxProblem::List { parts } => {
                let mut fixed = Vec::with_capacity(parts.len());
                for p in parts {
                    let p = domain::strip_trailing_dot(p);
                    check_mx_pattern(p).ok()?;
                    fixed.push(p.to_owned());
                }
                Some(fixed)
            }
            _ => None,
        }
    }

    /// What is wrong, as a clause about `value`.
    pub fn explain(&self, value: &str) -> String {
        match self {
            MxProblem::Empty => "the `mx` line has no value".into(),
            MxProblem::TrailingDot { .. } => format!(
                "`{value}` ends with a dot; patterns are written without the root dot"
            ),
            MxProblem::List { parts } => format!(
                "`{value}` holds {} host names on one line; each needs its own `mx:` line",
                parts.len()
            ),
            MxProblem::NonAscii => format!(
                "`{value}` is not plain ASCII; an internationalised name must be written as its A-label (`xn--…`)"
            ),
            MxProblem::IpAddress => format!(
                "`{value}` is an IP address; patterns must be host names, as in your MX records"
            ),
            MxProblem::MisplacedStar => format!(
                "`{value}` uses `*` other than as the whole first label; only `*.` followed by a domain is allowed"
            ),
            MxProblem::Domain(e) => format!("`{value}` is not a valid host name: {e}"),
        }
    }
}

/// Whether a valid pattern is a wildcard over a single label (`*.com`): it lets any host in
/// a whole top-level domain with a valid certificate act as the MX (RFC 8461 §10.4).
pub fn is_broad_wildcard(pattern: &str) -> bool {
    pattern
        .strip_prefix("*.")
        .is_some_and(domain::is_single_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        let cases: &[(&str, Result<(), MxProblem>)] = &[
            ("mail.example.com", Ok(())),
            ("*.example.com", Ok(())),
            ("*.com", Ok(())),
            ("", Err(MxProblem::Empty)),
            (
                "*.mx.cloudflare.net.",
                Err(MxProblem::TrailingDot {
                    fixed: "*.mx.cloudflare.net".into(),
                }),
            ),
            (
                "a.example, b.example",
                Err(MxProblem::List {
                    parts: vec!["a.example".into(), "b.example".into()],
                }),
            ),
            (
                "a.example b.example",
                Err(MxProblem::List {
                    parts: vec!["a.example".into(), "b.example".into()],
                }),
            ),
            ("møx.example", Err(MxProblem::NonAscii)),
            ("1.2.3.4", Err(MxProblem::IpAddress)),
            ("*.1.2.3.4", Err(MxProblem::IpAddress)),
            ("[192.0.2.1]", Err(MxProblem::IpAddress)),
            ("*.*.example", Err(MxProblem::MisplacedStar)),
            ("**.example", Err(MxProblem::MisplacedStar)),
            ("mx*.example.com", Err(MxProblem::MisplacedStar)),
            ("*example.com", Err(MxProblem::MisplacedStar)),
            ("*", Err(MxProblem::MisplacedStar)),
            (
                "test.example-",
                Err(MxProblem::Domain(DomainError::HyphenEdge {
                    label: "example-".into(),
                })),
            ),
            ("*.", Err(MxProblem::Domain(DomainError::Empty))),
        ];
        for (input, want) in cases {
            assert_eq!(&check_mx_pattern(input), want, "{input:?}");
        }
    }

    #[test]
    fn fixes_only_when_certain() {
        let p = check_mx_pattern("a.example., b.example").unwrap_err();
        assert_eq!(
            p.fixed(),
            Some(vec!["a.example".to_owned(), "b.example".to_owned()])
        );
        let p = check_mx_pattern("a.example, b_x.example").unwrap_err();
        assert_eq!(p.fixed(), None);
        assert_eq!(check_mx_pattern("1.2.3.4").unwrap_err().fixed(), None);
    }

    #[test]
    fn broad_wildcards() {
        assert!(is_broad_wildcard("*.com"));
        assert!(!is_broad_wildcard("*.example.com"));
        assert!(!is_broad_wildcard("com"));
    }
}
