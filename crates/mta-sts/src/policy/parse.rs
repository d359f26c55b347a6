//! The policy grammar of RFC 8461 §3.2: one nom function per ABNF rule, named after it, with
//! the rule quoted. Input is bytes: a served policy need not be UTF-8. The reader that keeps
//! going after an error is in `lines`.

use super::Mode;
use crate::domain;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while_m_n};
use nom::combinator::{all_consuming, eof, opt, peek, recognize, value};
use nom::error::{Error, ErrorKind};
use nom::multi::many0;
use nom::sequence::{preceded, terminated};
use nom::{IResult, Parser};
use serde::Serialize;

type Res<'a, O> = IResult<&'a [u8], O>;

fn reject<O>(i: &[u8], kind: ErrorKind) -> Res<'_, O> {
    Err(nom::Err::Error(Error::new(i, kind)))
}

/// What kind of field a line holds, as the grammar decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FieldKind {
    Version,
    Mode {
        mode: Mode,
    },
    MaxAge {
        seconds: u64,
    },
    Mx {
        wildcard: bool,
    },
    /// `sts-policy-extension`. This includes `mode: enforced` and other known names with a
    /// value their own production refuses (POL-17).
    Extension,
}

/// One field as the grammar matched it. `value` excludes the delimiter and trailing `*WSP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawField<'a> {
    pub name: &'a [u8],
    pub value: &'a [u8],
    pub kind: FieldKind,
}

pub(super) fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `WSP = SP / HTAB` (RFC 5234 appendix B.1)
pub fn wsp(i: &[u8]) -> Res<'_, u8> {
    match i.split_first() {
        Some((&b, rest)) if is_wsp(b) => Ok((rest, b)),
        _ => reject(i, ErrorKind::Space),
    }
}

/// `*WSP`
fn wsp0(i: &[u8]) -> Res<'_, &[u8]> {
    take_while(is_wsp)(i)
}

/// `sts-policy-term = LF / CRLF`
pub fn sts_policy_term(i: &[u8]) -> Res<'_, &[u8]> {
    alt((tag(&b"\n"[..]), tag(&b"\r\n"[..]))).parse(i)
}

/// `sts-policy-field-delim = ":" *WSP`
pub fn sts_policy_field_delim(i: &[u8]) -> Res<'_, &[u8]> {
    recognize((tag(&b":"[..]), wsp0)).parse(i)
}

/// `sts-policy-version-field = %s"version"`
pub fn sts_policy_version_field(i: &[u8]) -> Res<'_, &[u8]> {
    tag(&b"version"[..])(i)
}

/// `sts-policy-version-value = %s"STSv1"`
pub fn sts_policy_version_value(i: &[u8]) -> Res<'_, &[u8]> {
    tag(&b"STSv1"[..])(i)
}

/// `sts-policy-version = sts-policy-version-field sts-policy-field-delim
/// sts-policy-version-value`
pub fn sts_policy_version(i: &[u8]) -> Res<'_, RawField<'_>> {
    let (i, (name, _, value)) = (
        sts_policy_version_field,
        sts_policy_field_delim,
        sts_policy_version_value,
    )
        .parse(i)?;
    Ok((
        i,
        RawField {
            name,
            value,
            kind: FieldKind::Version,
        },
    ))
}

/// `sts-policy-mode-field = %s"mode"`
pub fn sts_policy_mode_field(i: &[u8]) -> Res<'_, &[u8]> {
    tag(&b"mode"[..])(i)
}

/// `sts-policy-mode-value = %s"testing" / %s"enforce" / %s"none"`
pub fn sts_policy_mode_value(i: &[u8]) -> Res<'_, Mode> {
    alt((
        value(Mode::Testing, tag(&b"testing"[..])),
        value(Mode::Enforce, tag(&b"enforce"[..])),
        value(Mode::None, tag(&b"none"[..])),
    ))
    .parse(i)
}

/// `sts-policy-mode = sts-policy-mode-field sts-policy-field-delim sts-policy-mode-value`
pub fn sts_policy_mode(i: &[u8]) -> Res<'_, RawField<'_>> {
    let (i, (name, _, (value, mode))) = (
        sts_policy_mode_field,
        sts_policy_field_delim,
        nom::combinator::consumed(sts_policy_mode_value),
    )
        .parse(i)?;
    Ok((
        i,
        RawField {
            name,
            value,
            kind: FieldKind::Mode { mode },
        },
    ))
}

/// `sts-policy-mx-field = %s"mx"`
pub fn sts_policy_mx_field(i: &[u8]) -> Res<'_, &[u8]> {
    tag(&b"mx"[..])(i)
}

/// `sts-policy-mx-value = ["*."] Domain`
///
/// Gives the whole value and whether it starts with `*.`.
pub fn sts_policy_mx_value(i: &[u8]) -> Res<'_, (&[u8], bool)> {
    let (rest, (value, (star, _))) =
        nom::combinator::consumed((opt(tag(&b"*."[..])), domain::domain)).parse(i)?;
    Ok((rest, (value, star.is_some())))
}

/// `sts-policy-mx = sts-policy-mx-field sts-policy-field-delim sts-policy-mx-value`
pub fn sts_policy_mx(i: &[u8]) -> Res<'_, RawField<'_>> {
    let (i, (name, _, (value, wildcard))) = (
        sts_policy_mx_field,
        sts_policy_field_delim,
        sts_policy_mx_value,
    )
        .parse(i)?;
    Ok((
        i,
        RawField {
            name,
            value,
            kind: FieldKind::Mx { wildcard },
        },
    ))
}

/// `sts-policy-max-age-field = %s"max_age"`
pub fn sts_policy_max_age_field(i: &[u8]) -> Res<'_, &[u8]> {
    tag(&b"max_age"[..])(i)
}

/// `sts-policy-max-age-value = 1*10(DIGIT)`
///
/// Ten digits at most, so the number always fits a `u64`.
pub fn sts_policy_max_age_value(i: &[u8]) -> Res<'_, (&[u8], u64)> {
    let (rest, digits) = take_while_m_n(1, 10, |b: u8| b.is_ascii_digit())(i)?;
    let n = digits
        .iter()
        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    Ok((rest, (digits, n)))
}

/// `sts-policy-max-age = sts-policy-max-age-field sts-policy-field-delim
/// sts-policy-max-age-value`
pub fn sts_policy_max_age(i: &[u8]) -> Res<'_, RawField<'_>> {
    let (i, (name, _, (value, seconds))) = (
        sts_policy_max_age_field,
        sts_policy_field_delim,
        sts_policy_max_age_value,
    )
        .parse(i)?;
    Ok((
        i,
        RawField {
            name,
            value,
            kind: FieldKind::MaxAge { seconds },
        },
    ))
}

/// `sts-policy-alphanum = ALPHA / DIGIT`
pub fn sts_policy_alphanum(i: &[u8]) -> Res<'_, u8> {
    match i.split_first() {
        Some((&b, rest)) if b.is_ascii_alphanumeric() => Ok((rest, b)),
        _ => reject(i, ErrorKind::AlphaNumeric),
    }
}

pub(super) fn is_ext_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// `sts-policy-ext-name = (sts-policy-alphanum) *31(sta-policy-alphanum / "_" / "-" / ".")`
///
/// (`sta-policy-alphanum` is the RFC's typo for `sts-policy-alphanum`.)
pub fn sts_policy_ext_name(i: &[u8]) -> Res<'_, &[u8]> {
    recognize((sts_policy_alphanum, take_while_m_n(0, 31, is_ext_name_char))).parse(i)
}

fn byte_in(i: &[u8], lo: u8, hi: u8) -> Res<'_, u8> {
    match i.split_first() {
        Some((&b, rest)) if (lo..=hi).contains(&b) => Ok((rest, b)),
        _ => reject(i, ErrorKind::Char),
    }
}

/// `UTF8-tail = %x80-BF` (RFC 3629 §4)
pub fn utf8_tail(i: &[u8]) -> Res<'_, u8> {
    byte_in(i, 0x80, 0xBF)
}

/// `UTF8-2 = %xC2-DF UTF8-tail` (RFC 3629 §4)
pub fn utf8_2(i: &[u8]) -> Res<'_, &[u8]> {
    recognize((|i| byte_in(i, 0xC2, 0xDF), utf8_tail)).parse(i)
}

/// `UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) /
///           %xED %x80-9F UTF8-tail / %xEE-EF 2( UTF8-tail )` (RFC 3629 §4)
pub fn utf8_3(i: &[u8]) -> Res<'_, &[u8]> {
    alt((
        recognize((
            |i| byte_in(i, 0xE0, 0xE0),
            |i| byte_in(i, 0xA0, 0xBF),
            utf8_tail,
        )),
        recognize((|i| byte_in(i, 0xE1, 0xEC), utf8_tail, utf8_tail)),
        recognize((
            |i| byte_in(i, 0xED, 0xED),
            |i| byte_in(i, 0x80, 0x9F),
            utf8_tail,
        )),
        recognize((|i| byte_in(i, 0xEE, 0xEF), utf8_tail, utf8_tail)),
    ))
    .parse(i)
}

/// `UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) /
///           %xF4 %x80-8F 2( UTF8-tail )` (RFC 3629 §4)
pub fn utf8_4(i: &[u8]) -> Res<'_, &[u8]> {
    alt((
        recognize((
            |i| byte_in(i, 0xF0, 0xF0),
            |i| byte_in(i, 0x90, 0xBF),
            utf8_tail,
            utf8_tail,
        )),
        recognize((|i| byte_in(i, 0xF1, 0xF3), utf8_tail, utf8_tail, utf8_tail)),
        recognize((
            |i| byte_in(i, 0xF4, 0xF4),
            |i| byte_in(i, 0x80, 0x8F),
            utf8_tail,
            utf8_tail,
        )),
    ))
    .parse(i)
}

/// `sts-policy-vchar = %x21-7E / UTF8-2 / UTF8-3 / UTF8-4`
pub fn sts_policy_vchar(i: &[u8]) -> Res<'_, &[u8]> {
    alt((
        recognize(|i| byte_in(i, 0x21, 0x7E)),
        utf8_2,
        utf8_3,
        utf8_4,
    ))
    .parse(i)
}

/// `sts-policy-ext-value = sts-policy-vchar [*(%x20 / sts-policy-vchar) sts-policy-vchar]`
///
/// The value ends on its last `sts-policy-vchar`: spaces after it are given back, to be read
/// as the `*WSP` that may follow a field.
pub fn sts_policy_ext_value(i: &[u8]) -> Res<'_, &[u8]> {
    let (mut rest, _) = sts_policy_vchar(i)?;
    let mut end = i.len() - rest.len();
    loop {
        if let Ok((r, _)) = sts_policy_vchar(rest) {
            rest = r;
            end = i.len() - rest.len();
        } else if let Some((b' ', r)) = rest.split_first() {
            rest = r;
        } else {
            break;
        }
    }
    let (value, rest) = i.split_at(end);
    Ok((rest, value))
}

/// `sts-policy-extension = sts-policy-ext-name sts-policy-field-delim sts-policy-ext-value`
pub fn sts_policy_extension(i: &[u8]) -> Res<'_, RawField<'_>> {
    let (i, (name, _, value)) = (
        sts_policy_ext_name,
        sts_policy_field_delim,
        sts_policy_ext_value,
    )
        .parse(i)?;
    Ok((
        i,
        RawField {
            name,
            value,
            kind: FieldKind::Extension,
        },
    ))
}

/// Where a field may end: `*WSP`, then `sts-policy-term` or the end of input. Consumes nothing.
fn field_end(i: &[u8]) -> Res<'_, ()> {
    value((), peek((wsp0, alt((sts_policy_term, eof))))).parse(i)
}

/// ```text
/// sts-policy-field         = sts-policy-version /      ; required once
///                            sts-policy-mode    /      ; required once
///                            sts-policy-max-age /      ; required once
///                            sts-policy-mx /           ; required at least once, except when mode is "none"
///                            sts-policy-extension      ; other fields
/// ```
///
/// ABNF alternation is not ordered: `mode: enforced` is not `sts-policy-mode` plus junk but a
/// whole `sts-policy-extension` (POL-17). So each alternative must reach the end of its line
/// (`*WSP`, then a terminator or the end) before nom's ordered choice accepts it.
pub fn sts_policy_field(i: &[u8]) -> Res<'_, RawField<'_>> {
    alt((
        terminated(sts_policy_version, field_end),
        terminated(sts_policy_mode, field_end),
        terminated(sts_policy_max_age, field_end),
        terminated(sts_policy_mx, field_end),
        terminated(sts_policy_extension, field_end),
    ))
    .parse(i)
}

/// ```text
/// sts-policy-record        = sts-policy-field *WSP
///                            *(sts-policy-term sts-policy-field *WSP)
///                            [sts-policy-term]
/// ```
///
/// Strict and stops at the first error; [`parse_policy`] reads line by line instead.
pub fn sts_policy_record(i: &[u8]) -> Res<'_, Vec<RawField<'_>>> {
    let (i, first) = terminated(sts_policy_field, wsp0).parse(i)?;
    let (i, mut fields) = many0(preceded(
        sts_policy_term,
        terminated(sts_policy_field, wsp0),
    ))
    .parse(i)?;
    let (i, _) = opt(sts_policy_term).parse(i)?;
    fields.insert(0, first);
    Ok((i, fields))
}

/// Whether a whole body is an `sts-policy-record` and nothing else.
pub fn is_sts_policy_record(body: &[u8]) -> bool {
    all_consuming(sts_policy_record).parse(body).is_ok()
}

/// One line (without its terminator) as `sts-policy-field *WSP`.
pub(super) fn policy_line(content: &[u8]) -> Option<RawField<'_>> {
    all_consuming(terminated(sts_policy_field, wsp0))
        .parse(content)
        .ok()
        .map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_enforced_is_an_extension_not_a_mode() {
        let (_, f) = sts_policy_field(b"mode: enforced").unwrap();
        assert_eq!(f.kind, FieldKind::Extension);
        assert_eq!(f.value, b"enforced");
        let (_, f) = sts_policy_field(b"mode: enforce").unwrap();
        assert_eq!(
            f.kind,
            FieldKind::Mode {
                mode: Mode::Enforce
            }
        );
    }

    #[test]
    fn ext_value_gives_back_trailing_spaces() {
        assert_eq!(
            sts_policy_ext_value(b"a b  "),
            Ok((&b"  "[..], &b"a b"[..]))
        );
        assert!(sts_policy_ext_value(b" a").is_err());
    }

    #[test]
    fn record_allows_one_final_terminator_only() {
        assert!(is_sts_policy_record(b"a: b"));
        assert!(is_sts_policy_record(b"a: b\n"));
        assert!(is_sts_policy_record(b"a: b\r\n"));
        assert!(!is_sts_policy_record(b"a: b\n\n"));
        assert!(!is_sts_policy_record(b"\na: b"));
        assert!(!is_sts_policy_record(b""));
    }
}
