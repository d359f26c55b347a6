//! Domain names: RFC 5321 §4.1.2 `Domain` syntax, the DNS length limits, and the small
//! normalisation helpers the other modules share (ASCII lower-casing, one trailing dot).
//!
//! Only ASCII is handled here. Internationalised names must arrive as A-labels (`xn--…`); the
//! browser's `URL` API does IDNA for user input, so this crate ships no IDNA tables.

use nom::bytes::complete::tag;
use nom::combinator::recognize;
use nom::error::{Error, ErrorKind};
use nom::multi::many0_count;
use nom::{IResult, Parser};
use std::fmt;

/// The longest DNS label, in octets (RFC 1035 §2.3.4).
pub const MAX_LABEL_LEN: usize = 63;
/// The longest domain name in presentation form without the trailing dot.
pub const MAX_DOMAIN_LEN: usize = 253;

/// `Let-dig = ALPHA / DIGIT` (RFC 5321 §4.1.2)
pub fn let_dig(i: &[u8]) -> IResult<&[u8], u8> {
    match i.split_first() {
        Some((&b, rest)) if b.is_ascii_alphanumeric() => Ok((rest, b)),
        _ => Err(nom::Err::Error(Error::new(i, ErrorKind::AlphaNumeric))),
    }
}

/// `Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig` (RFC 5321 §4.1.2)
///
/// The ABNF backtracks: a run that ends in hyphens gives them back, so the match always ends
/// on a letter or digit.
pub fn ldh_str(i: &[u8]) -> IResult<&[u8], &[u8]> {
    let run = i
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    let end = i
        .iter()
        .take(run)
        .rposition(|b| b.is_ascii_alphanumeric())
        .map(|p| p + 1);
    match end {
        Some(end) => {
            let (matched, rest) = i.split_at(end);
            Ok((rest, matched))
        }
        None => Err(nom::Err::Error(Error::new(i, ErrorKind::AlphaNumeric))),
    }
}

/// `sub-domain = Let-dig [Ldh-str]` (RFC 5321 §4.1.2)
pub fn sub_domain(i: &[u8]) -> IResult<&[u8], &[u8]> {
    recognize((let_dig, nom::combinator::opt(ldh_str))).parse(i)
}

/// `Domain = sub-domain *("." sub-domain)` (RFC 5321 §4.1.2)
pub fn domain(i: &[u8]) -> IResult<&[u8], &[u8]> {
    recognize((sub_domain, many0_count((tag(&b"."[..]), sub_domain)))).parse(i)
}

/// Why a text is not a usable host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    Empty,
    /// Ends with `.`: RFC 5321 `Domain` has no root dot.
    TrailingDot,
    /// Starts with `.` or has `..`; `at` is the 0-based byte offset of the empty label.
    EmptyLabel {
        at: usize,
    },
    /// Contains non-ASCII characters (a U-label, or a typographic character).
    NonAscii,
    /// A character that no label may hold; `at` is its 0-based byte offset.
    BadChar {
        ch: char,
        at: usize,
    },
    /// A label starts or ends with a hyphen.
    HyphenEdge {
        label: String,
    },
    LabelTooLong {
        label: String,
        len: usize,
    },
    TooLong {
        len: usize,
    },
    /// Four numbers: an IPv4 address, not a host name.
    IpAddress,
    /// One label only (`localhost`, `com`): no domain on the internet receives mail there.
    SingleLabel,
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::Empty => f.write_str("it is empty"),
            DomainError::TrailingDot => f.write_str("it ends with a dot"),
            DomainError::EmptyLabel { .. } => {
                f.write_str("it has an empty label (a leading dot or two dots in a row)")
            }
            DomainError::NonAscii => f.write_str("it contains non-ASCII characters"),
            DomainError::BadChar { ch, .. } => write!(
                f,
                "it contains `{}`, which is not allowed in a host name",
                ch.escape_debug()
            ),
            DomainError::HyphenEdge { label } => {
                write!(f, "the label `{label}` starts or ends with a hyphen")
            }
            DomainError::LabelTooLong { label, len } => write!(
                f,
                "the label `{label}` is {len} characters long; DNS allows {MAX_LABEL_LEN}"
            ),
            DomainError::TooLong { len } => write!(
                f,
                "it is {len} characters long; DNS allows {MAX_DOMAIN_LEN}"
            ),
            DomainError::IpAddress => f.write_str("it is an IP address, not a host name"),
            DomainError::SingleLabel => {
                f.write_str("it is a single label; a full domain such as example.com is needed")
            }
        }
    }
}

/// Whether `s` is an RFC 5321 `Domain` within the DNS limits (63 per label, 253 in all).
/// A dotted quad such as `1.2.3.4` fits this grammar; see [`check_host_name`].
pub fn is_domain(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(domain(b), Ok((rest, _)) if rest.is_empty()) && within_dns_limits(s).is_ok()
}

/// Checks `s` as a host name: an RFC 5321 `Domain` (no trailing dot), within the DNS limits,
/// and not a dotted-quad IPv4 address (POL-11). Says why when it is not.
pub fn check_host_name(s: &str) -> Result<(), DomainError> {
    if s.is_empty() {
        return Err(DomainError::Empty);
    }
    if has_non_ascii(s) {
        return Err(DomainError::NonAscii);
    }
    if is_dotted_quad(s) {
        return Err(DomainError::IpAddress);
    }
    let b = s.as_bytes();
    if !matches!(domain(b), Ok((rest, _)) if rest.is_empty()) {
        return Err(grammar_error(s));
    }
    within_dns_limits(s)
}

/// Checks `s` (A-labels, no trailing dot) as a domain that can have MTA-STS: a host name of
/// at least two labels. The one check of what a person or a caller asks to have checked: the
/// page's form and the relay's parameter both use it.
pub fn check_mail_domain(s: &str) -> Result<(), DomainError> {
    check_host_name(s)?;
    if is_single_label(s) {
        return Err(DomainError::SingleLabel);
    }
    Ok(())
}

/// The first reason `s` (ASCII) fails the `Domain` grammar.
fn grammar_error(s: &str) -> DomainError {
    if let Some(base) = s.strip_suffix('.') {
        if matches!(domain(base.as_bytes()), Ok((rest, _)) if rest.is_empty()) {
            return DomainError::TrailingDot;
        }
    }
    let mut at = 0;
    for label in s.split('.') {
        if label.is_empty() {
            return if at == s.len() {
                DomainError::TrailingDot
            } else {
                DomainError::EmptyLabel { at }
            };
        }
        if let Some((off, ch)) = label
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return DomainError::BadChar { ch, at: at + off };
        }
        if label.starts_with('-') || label.ends_with('-') {
            return DomainError::HyphenEdge {
                label: label.to_owned(),
            };
        }
        at += label.len() + 1;
    }
    // Unreachable for ASCII input that failed the grammar; a safe answer all the same.
    DomainError::EmptyLabel { at: 0 }
}

fn within_dns_limits(s: &str) -> Result<(), DomainError> {
    if let Some(label) = s.split('.').find(|l| l.len() > MAX_LABEL_LEN) {
        return Err(DomainError::LabelTooLong {
            label: label.to_owned(),
            len: label.len(),
        });
    }
    if s.len() > MAX_DOMAIN_LEN {
        return Err(DomainError::TooLong { len: s.len() });
    }
    Ok(())
}

/// Whether `s` is a dotted-quad IPv4 address (`192.0.2.1`): four decimal numbers of at most
/// three digits, each at most 255.
pub fn is_dotted_quad(s: &str) -> bool {
    // Counted, not collected: every mx line of a policy passes through here.
    let number = |p: &str| {
        (1..=3).contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok_and(|n| n <= 255)
    };
    let mut parts = 0;
    s.split('.').all(|p| {
        parts += 1;
        parts <= 4 && number(p)
    }) && parts == 4
}

/// Whether `s` contains anything beyond ASCII: a U-label (`møx.example`) or a stray
/// typographic character. Policies and DNS names must use A-labels (POL-12).
pub fn has_non_ascii(s: &str) -> bool {
    !s.is_ascii()
}

/// `s` with ASCII letters lower-cased; other characters are left as they are.
pub fn to_ascii_lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// `s` without one trailing root dot (`mail.example.com.` → `mail.example.com`).
pub fn strip_trailing_dot(s: &str) -> &str {
    s.strip_suffix('.').unwrap_or(s)
}

/// Whether `s` is a single label (`com`, `localhost`): no dot inside.
pub fn is_single_label(s: &str) -> bool {
    !s.is_empty() && !s.contains('.')
}

/// The form used to compare names: ASCII lower case, one trailing dot removed.
pub fn normalize(s: &str) -> String {
    to_ascii_lower(strip_trailing_dot(s.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ldh_str_gives_back_trailing_hyphens() {
        assert_eq!(ldh_str(b"ab-c"), Ok((&b""[..], &b"ab-c"[..])));
        assert_eq!(ldh_str(b"ab--"), Ok((&b"--"[..], &b"ab"[..])));
        assert!(ldh_str(b"--").is_err());
        assert!(ldh_str(b"").is_err());
    }

    #[test]
    fn domain_stops_before_a_trailing_dot() {
        assert_eq!(
            domain(b"mail.example.com."),
            Ok((&b"."[..], &b"mail.example.com"[..]))
        );
        assert_eq!(domain(b"a-.b"), Ok((&b"-.b"[..], &b"a"[..])));
    }

    #[test]
    fn host_names_known_answers() {
        let long_label = "a".repeat(64);
        let ok_label = "a".repeat(63);
        let long_name = format!("{ok_label}.{ok_label}.{ok_label}.{}", "b".repeat(62));
        let cases: &[(&str, Option<DomainError>)] = &[
            ("mail.example.com", None),
            ("329706630.pamx1.hotmail.com", None),
            ("x", None),
            (&ok_label, None),
            ("", Some(DomainError::Empty)),
            ("mail.example.com.", Some(DomainError::TrailingDot)),
            (".example.com", Some(DomainError::EmptyLabel { at: 0 })),
            ("a..b", Some(DomainError::EmptyLabel { at: 2 })),
            ("møx.example", Some(DomainError::NonAscii)),
            ("1.2.3.4", Some(DomainError::IpAddress)),
            ("127.0.0.1", Some(DomainError::IpAddress)),
            (
                "mail_1.example",
                Some(DomainError::BadChar { ch: '_', at: 4 }),
            ),
            (
                "test.example-",
                Some(DomainError::HyphenEdge {
                    label: "example-".into(),
                }),
            ),
            (
                &long_label,
                Some(DomainError::LabelTooLong {
                    label: long_label.clone(),
                    len: 64,
                }),
            ),
            (&long_name, Some(DomainError::TooLong { len: 254 })),
        ];
        for (input, want) in cases {
            assert_eq!(check_host_name(input).err(), *want, "{input:?}");
        }
    }

    #[test]
    fn dotted_quads() {
        for (s, want) in [
            ("1.2.3.4", true),
            ("255.255.255.255", true),
            ("256.1.1.1", false),
            ("1.2.3", false),
            ("1.2.3.4.5", false),
            ("1.2.3.a", false),
            ("0001.2.3.4", false),
            ("1..3.4", false),
            ("1.2.3.4.", false),
            ("", false),
            ("+1.2.3.4", false),
            ("0.0.0.0", true),
        ] {
            assert_eq!(is_dotted_quad(s), want, "{s}");
        }
    }

    #[test]
    fn normalisation_helpers() {
        assert_eq!(strip_trailing_dot("a.example."), "a.example");
        assert_eq!(strip_trailing_dot("a.example.."), "a.example.");
        assert_eq!(to_ascii_lower("MÖX.Example"), "mÖx.example");
        assert_eq!(normalize(" Mail.Example.COM. "), "mail.example.com");
        assert!(is_single_label("com"));
        assert!(!is_single_label("example.com"));
        assert!(is_domain("1.2.3.4"));
        assert!(!is_domain("a.example."));
    }
}
