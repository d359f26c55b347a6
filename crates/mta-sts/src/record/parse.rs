//! The nom rules of `sts-text-record` (RFC 8461 §3.1), one function per ABNF rule, and the
//! pieces RFC 8460 §3's `tlsrpt-record` shares with it (the same delimiter, the same
//! extension classes). Rules fail with a [`RuleError`] that says in plain words what is wrong
//! and where, because the words end up in a finding.

use nom::bytes::complete::{tag, take_while1, take_while_m_n};
use nom::character::complete::{char, satisfy, space0};
use nom::error::{ErrorKind, ParseError};
use nom::sequence::{preceded, separated_pair};
use nom::{IResult, Parser};
use std::borrow::Cow;

/// Why a rule failed: `at` is the rest of the input where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleError<'a> {
    pub at: &'a str,
    pub message: Cow<'static, str>,
}

impl<'a> ParseError<&'a str> for RuleError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        RuleError {
            at: input,
            message: Cow::Borrowed("unexpected text"),
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }
}

pub(crate) type Res<'a, T> = IResult<&'a str, T, RuleError<'a>>;

/// A failure that stops the whole parse (no alternative can do better).
pub(crate) fn failure<'a, T>(at: &'a str, message: impl Into<Cow<'static, str>>) -> Res<'a, T> {
    Err(nom::Err::Failure(RuleError {
        at,
        message: message.into(),
    }))
}

/// Turns a rule failure into a [`super::SyntaxError`] with a byte offset into `input`.
pub(crate) fn syntax_error(input: &str, err: nom::Err<RuleError<'_>>) -> super::SyntaxError {
    match err {
        nom::Err::Error(e) | nom::Err::Failure(e) => super::SyntaxError {
            offset: offset_of(input, e.at),
            message: e.message.into_owned(),
        },
        nom::Err::Incomplete(_) => super::SyntaxError {
            offset: input.len(),
            message: "the record ends too early".to_owned(),
        },
    }
}

/// What `parser` consumed, measured by length. nom's `recognize` measures by pointer, and
/// nom 8.0.0's `&str` runs (`space0`, `digit0`, `take_while`) that reach the end of the input
/// return an empty rest that points at their start, so `recognize` would cut the match short.
pub(crate) fn spanned<'a, O>(
    mut parser: impl Parser<&'a str, Output = O, Error = RuleError<'a>>,
) -> impl FnMut(&'a str) -> Res<'a, &'a str> {
    move |input: &'a str| {
        let (rest, _) = parser.parse(input)?;
        let used = offset_of(input, rest);
        let (done, rest) = input.split_at_checked(used).unwrap_or((input, ""));
        Ok((rest, done))
    }
}

/// Byte offset of `rest` (a suffix of `input`) in `input`.
pub(crate) fn offset_of(input: &str, rest: &str) -> usize {
    input.len().saturating_sub(rest.len())
}

/// `WSP = SP / HTAB`
pub(crate) fn is_wsp(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `ALPHA / DIGIT`
pub(crate) fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// `ALPHA / DIGIT / "_" / "-" / "."`, the later characters of an extension name.
pub(crate) fn is_ext_name_char(c: char) -> bool {
    is_alnum(c) || c == '_' || c == '-' || c == '.'
}

/// `%x21-3A / %x3C / %x3E-7E`: printable ASCII except `=` and `;`.
pub(crate) fn is_ext_value_char(c: char) -> bool {
    matches!(c, '\x21'..='\x3a' | '\x3c' | '\x3e'..='\x7e')
}

/// The first `max` characters of `s`, for quoting in a message.
pub(crate) fn clip(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// What is wrong with a character that no rule allows where it stands.
pub(crate) fn explain_char(c: char) -> String {
    match c {
        '=' => "a value cannot contain '='".to_owned(),
        ' ' => "a space is not allowed here".to_owned(),
        '\t' => "a tab is not allowed here".to_owned(),
        c if !c.is_ascii() => {
            format!("`{c}` is not allowed: the record must be plain US-ASCII")
        }
        c if c.is_ascii_control() => format!(
            "the control character U+{:04X} is not allowed",
            u32::from(c)
        ),
        c => format!("`{c}` is not allowed here"),
    }
}

/// `sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]`
pub(crate) fn sts_text_record(input: &str) -> Res<'_, Vec<RawField<'_>>> {
    let rest = match sts_version(input) {
        Ok((rest, _)) if rest.chars().next().is_none_or(|c| is_wsp(c) || c == ';') => rest,
        _ => return failure(input, explain_version(input, "v=STSv1", "v=sts")),
    };
    let (rest, fields) = fields_after_version(rest, sts_field_delim, sts_field)?;
    if fields.is_empty() {
        return failure(
            rest,
            "an id field must follow the version, as in `v=STSv1; id=20240101T000000Z`",
        );
    }
    Ok((rest, fields))
}

/// `sts-version = %s"v=STSv1"`
pub(crate) fn sts_version(input: &str) -> Res<'_, &str> {
    tag("v=STSv1").parse(input)
}

/// `sts-field-delim = *WSP ";" *WSP`
pub(crate) fn sts_field_delim(input: &str) -> Res<'_, &str> {
    spanned((space0, char(';'), space0))(input)
}

/// One field as written: `name=value`, and where its name starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawField<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub at: &'a str,
}

/// `sts-field = sts-id / sts-extension`
///
/// Every `sts-id` also fits `sts-extension`, and `id=2024-01-01` fits only the latter: the
/// record level decides whether the first `id` is a valid one, so the message can be precise.
pub(crate) fn sts_field(input: &str) -> Res<'_, RawField<'_>> {
    if let Ok((rest, value)) = sts_id(input) {
        if !rest.starts_with(is_ext_value_char) {
            let field = RawField {
                name: "id",
                value,
                at: input,
            };
            return Ok((rest, field));
        }
    }
    match sts_extension(input) {
        Ok((rest, (name, value))) => Ok((
            rest,
            RawField {
                name,
                value,
                at: input,
            },
        )),
        Err(_) => {
            let (at, message) = explain_field(input);
            failure(at, message)
        }
    }
}

/// `sts-id = %s"id=" 1*32(ALPHA / DIGIT)`
pub(crate) fn sts_id(input: &str) -> Res<'_, &str> {
    preceded(tag("id="), take_while_m_n(1, 32, is_alnum)).parse(input)
}

/// `sts-extension = sts-ext-name "=" sts-ext-value`
pub(crate) fn sts_extension(input: &str) -> Res<'_, (&str, &str)> {
    separated_pair(sts_ext_name, char('='), sts_ext_value).parse(input)
}

/// `sts-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")`
pub(crate) fn sts_ext_name(input: &str) -> Res<'_, &str> {
    spanned((satisfy(is_alnum), take_while_m_n(0, 31, is_ext_name_char)))(input)
}

/// `sts-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)`
pub(crate) fn sts_ext_value(input: &str) -> Res<'_, &str> {
    take_while1(is_ext_value_char).parse(input)
}

/// The shared tail of both records: `1*(delim field) [delim]` up to the end of the input
/// (an empty list is returned as such; the caller says which field is missing).
pub(crate) fn fields_after_version<'a, F>(
    mut rest: &'a str,
    delim: impl Fn(&'a str) -> Res<'a, &'a str>,
    mut field: impl FnMut(&'a str) -> Res<'a, F>,
) -> Res<'a, Vec<F>> {
    let mut fields = Vec::new();
    while !rest.is_empty() {
        let Ok((after, _)) = delim(rest) else {
            let (at, message) = explain_missing_delim(rest);
            return failure(at, message);
        };
        if after.is_empty() {
            return Ok((after, fields));
        }
        if after.starts_with(';') {
            return failure(after, "two ';' in a row make an empty field: remove one");
        }
        let (after_field, f) = field(after)?;
        fields.push(f);
        rest = after_field;
    }
    Ok((rest, fields))
}

/// Where a delimiter was expected after a field (or the version) but none is.
fn explain_missing_delim(rest: &str) -> (&str, Cow<'static, str>) {
    let trimmed = rest.trim_start_matches(is_wsp);
    if trimmed.len() < rest.len() {
        if trimmed.is_empty() {
            return (rest, "trailing whitespace must be followed by ';'".into());
        }
        return (
            trimmed,
            "expected ';' here: fields are separated by ';', and a value cannot contain spaces"
                .into(),
        );
    }
    match rest.chars().next() {
        Some(c) => (rest, explain_char(c).into()),
        None => (rest, "the record ends too early".into()),
    }
}

/// Why `input` (the start of a field) fits neither the field rules of the grammar.
pub(crate) fn explain_field(input: &str) -> (&str, Cow<'static, str>) {
    let name_len = input
        .find(|c: char| !is_ext_name_char(c))
        .unwrap_or(input.len());
    let (name, after_name) = input.split_at_checked(name_len).unwrap_or((input, ""));
    match name.chars().next() {
        None => {
            return match after_name.chars().next() {
                Some('=') => (input, "a field needs a name before '='".into()),
                Some(c) if c.is_ascii_graphic() => (
                    input,
                    format!("a field name must begin with a letter or digit, not `{c}`").into(),
                ),
                Some(c) => (input, explain_char(c).into()),
                None => (input, "expected a field".into()),
            }
        }
        Some(first) if !is_alnum(first) => {
            return (
                input,
                format!("a field name must begin with a letter or digit, not `{first}`").into(),
            )
        }
        Some(_) => {}
    }
    if name.len() > 32 {
        return (
            input,
            format!(
                "the field name `{}` is {} characters long; at most 32 are allowed",
                clip(name, 40),
                name.len()
            )
            .into(),
        );
    }
    let Some(value) = after_name.strip_prefix('=') else {
        return match after_name.chars().next() {
            None | Some(';') => (
                input,
                format!("the field `{name}` has no value: fields are written `name=value`").into(),
            ),
            Some(c) if is_wsp(c) => {
                if after_name.trim_start_matches(is_wsp).starts_with('=') {
                    (after_name, "there may be no space before '='".into())
                } else {
                    (
                        input,
                        format!("the field `{name}` has no value: fields are written `name=value`")
                            .into(),
                    )
                }
            }
            Some(c) if c.is_ascii_graphic() => (
                after_name,
                format!(
                    "a field name may only contain letters, digits, '_', '-' and '.', not `{c}`"
                )
                .into(),
            ),
            Some(c) => (after_name, explain_char(c).into()),
        };
    };
    match value.chars().next() {
        None | Some(';') if name == "id" => (
            value,
            "the id is empty: it needs 1 to 32 letters and digits".into(),
        ),
        None | Some(';') => (
            value,
            format!("the field `{name}` has an empty value").into(),
        ),
        Some(c) if is_wsp(c) => (value, "there may be no space after '='".into()),
        Some(c) => (value, explain_char(c).into()),
    }
}

/// Why a record does not begin with the version `expected` (`family` is its lower-case
/// stem, e.g. `v=sts`, to recognise other versions and case slips).
pub(crate) fn explain_version(input: &str, expected: &str, family: &str) -> String {
    if input
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .is_empty()
    {
        return format!("the record is empty: it must begin with `{expected}`");
    }
    if input.starts_with(|c: char| c.is_ascii_whitespace()) {
        return format!("the record must begin with `{expected}`, with no whitespace before it");
    }
    let token_len = input
        .find(|c: char| c == ';' || c.is_ascii_whitespace())
        .unwrap_or(input.len());
    let token = clip(input.get(..token_len).unwrap_or(input), 40);
    let lower = token.to_ascii_lowercase();
    if token == expected {
        // Only reachable when the version is followed by something odd; the caller
        // reports that at the field level, but stay truthful if it gets here.
        return format!("`{expected}` must be followed by ';'");
    }
    if lower == expected.to_ascii_lowercase() {
        return format!(
            "the version must be written exactly `{expected}` (case matters), not `{token}`"
        );
    }
    if lower.starts_with(family) {
        return format!("the version is `{token}`, but the only version is `{expected}`");
    }
    let squeezed: String = input
        .chars()
        .take(60)
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if squeezed.starts_with(expected) {
        return format!("there may be no space around '=' in `{expected}`");
    }
    if input.contains(expected) {
        return format!("the record must begin with `{expected}`, but it comes later");
    }
    format!("the record must begin with `{expected}`")
}
