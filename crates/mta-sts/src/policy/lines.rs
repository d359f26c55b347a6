//! The line-by-line reader: every line of a body against `sts-policy-field *WSP`, and for
//! each line that fits no production, where and why (POL-01…POL-04, POL-13, POL-14, FETCH-14).

use super::parse::{is_ext_name_char, is_wsp, policy_line, sts_policy_vchar, FieldKind, RawField};
use serde::Serialize;

/// How a line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnding {
    Lf,
    CrLf,
    /// The last line, with no terminator after it (valid).
    None,
}

/// A field read from a line, owned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyField {
    pub name: String,
    pub value: String,
    pub kind: FieldKind,
}

impl PolicyField {
    fn from_raw(raw: &RawField<'_>) -> PolicyField {
        PolicyField {
            name: String::from_utf8_lossy(raw.name).into_owned(),
            value: String::from_utf8_lossy(raw.value).into_owned(),
            kind: raw.kind,
        }
    }
}

/// Why a line fits no production.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineErrorKind {
    ByteOrderMark,
    BlankLine,
    LeadingWhitespace,
    Comment,
    FrontMatter,
    BareCr,
    NoColon,
    EmptyName,
    WhitespaceBeforeColon,
    BadFieldName,
    EmptyValue,
    ControlCharacter,
    InvalidUtf8,
    Other,
}

/// A line that fits no production: where (1-based line and character column) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    pub line: usize,
    pub column: usize,
    pub kind: LineErrorKind,
    pub message: String,
}

/// One line of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyLine {
    /// 1-based.
    pub number: usize,
    /// The line without its terminator, as text (lossy UTF-8).
    pub text: String,
    pub ending: LineEnding,
    /// The field on the line: as the grammar read it, or, when the line is broken only by
    /// leading whitespace, whitespace before the colon or a byte order mark, as the many
    /// lenient senders read it (`salvaged`).
    pub field: Option<PolicyField>,
    pub salvaged: bool,
    pub error: Option<LineError>,
    /// Inside a YAML front matter block (`---` … `---` from line 1): left by a site generator.
    pub front_matter: bool,
}

/// The body read line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedPolicy {
    /// The body's size in bytes.
    pub size: usize,
    pub lines: Vec<PolicyLine>,
    /// The body is larger than [`READ_LIMIT`]: only the lines within it were read.
    pub truncated: bool,
    /// The size of the whole answer when the body is only its start and the server declared
    /// it (Content-Length).
    pub declared_size: Option<usize>,
}

/// How much of a body is read line by line: a policy over 64 KiB is refused by senders
/// anyway, and a pasted megabyte of blank lines must not exhaust a browser tab's memory.
pub const READ_LIMIT: usize = super::SIZE_LIMIT;

impl ParsedPolicy {
    /// Every line that fits no production, in order.
    pub fn errors(&self) -> impl Iterator<Item = &LineError> {
        self.lines.iter().filter_map(|l| l.error.as_ref())
    }

    /// The body is an `sts-policy-record`: at least one line, every line a field (for a
    /// truncated body, as far as it was read).
    pub fn is_grammatical(&self) -> bool {
        !self.lines.is_empty() && self.errors().next().is_none()
    }

    /// How many lines end in LF and in CRLF.
    pub fn line_ends(&self) -> (usize, usize) {
        let lf = self
            .lines
            .iter()
            .filter(|l| l.ending == LineEnding::Lf)
            .count();
        let crlf = self
            .lines
            .iter()
            .filter(|l| l.ending == LineEnding::CrLf)
            .count();
        (lf, crlf)
    }

    /// Whether the body mostly uses CRLF, so that a corrected copy should too.
    pub fn prefers_crlf(&self) -> bool {
        let (lf, crlf) = self.line_ends();
        crlf > lf
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a policy body line by line. Never fails: lines that fit no production carry a
/// [`LineError`]; the body is valid grammar when [`ParsedPolicy::is_grammatical`].
pub fn parse_policy(body: &[u8]) -> ParsedPolicy {
    let truncated = body.len() > READ_LIMIT;
    let read = if truncated {
        // Up to the last line end within the limit, so that no line is cut in two.
        let head = body.get(..READ_LIMIT).unwrap_or(body);
        head.iter()
            .rposition(|&b| b == b'\n')
            .and_then(|p| head.get(..=p))
            .unwrap_or(head)
    } else {
        body
    };
    let raw = split_lines(read);
    let front_matter_end = front_matter_end(&raw);
    let lines = raw
        .iter()
        .enumerate()
        .map(|(idx, (content, ending))| {
            let in_front_matter = front_matter_end.is_some_and(|end| idx <= end);
            read_line(idx + 1, content, *ending, in_front_matter)
        })
        .collect();
    ParsedPolicy {
        size: body.len(),
        lines,
        truncated,
        declared_size: None,
    }
}

/// Splits at LF; a CR right before the LF belongs to the terminator. Text after the last
/// terminator is a line only when it is not empty.
fn split_lines(body: &[u8]) -> Vec<(&[u8], LineEnding)> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(p) = rest.iter().position(|&b| b == b'\n') {
        let (line, after) = rest.split_at(p);
        let (content, ending) = match line.strip_suffix(b"\r") {
            Some(c) => (c, LineEnding::CrLf),
            None => (line, LineEnding::Lf),
        };
        out.push((content, ending));
        rest = after.get(1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        out.push((rest, LineEnding::None));
    }
    out
}

fn trim_wsp_end(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|&c| !is_wsp(c)).map_or(0, |p| p + 1);
    b.get(..end).unwrap_or_default()
}

fn is_front_matter_marker(content: &[u8]) -> bool {
    let c = content.strip_prefix(BOM).unwrap_or(content);
    trim_wsp_end(c) == b"---"
}

/// The index of the line closing a front matter block opened on the first line.
fn front_matter_end(lines: &[(&[u8], LineEnding)]) -> Option<usize> {
    let (first, _) = lines.first()?;
    if !is_front_matter_marker(first) {
        return None;
    }
    lines
        .iter()
        .skip(1)
        .position(|(c, _)| is_front_matter_marker(c))
        .map(|p| p + 1)
}

fn read_line(number: usize, content: &[u8], ending: LineEnding, front_matter: bool) -> PolicyLine {
    let text = String::from_utf8_lossy(content).into_owned();
    if let Some(raw) = policy_line(content) {
        return PolicyLine {
            number,
            text,
            ending,
            field: Some(PolicyField::from_raw(&raw)),
            salvaged: false,
            error: None,
            front_matter,
        };
    }
    let (mut kind, offset, mut message) = diagnose(content, number == 1);
    let salvage = match kind {
        LineErrorKind::ByteOrderMark
        | LineErrorKind::LeadingWhitespace
        | LineErrorKind::WhitespaceBeforeColon
        | LineErrorKind::BareCr => salvage(content),
        _ => None,
    };
    if front_matter && kind != LineErrorKind::FrontMatter {
        kind = LineErrorKind::FrontMatter;
        message = format!("YAML front matter: {message}");
    }
    PolicyLine {
        number,
        text,
        ending,
        salvaged: salvage.is_some() && !front_matter,
        field: if front_matter { None } else { salvage },
        error: Some(LineError {
            line: number,
            column: column(content, offset),
            kind,
            message,
        }),
        front_matter,
    }
}

/// What lenient senders make of a line: without a BOM, leading whitespace, whitespace
/// before the colon, or carriage returns at its end.
fn salvage(content: &[u8]) -> Option<PolicyField> {
    let c = content.strip_prefix(BOM).unwrap_or(content);
    let end = c.iter().rposition(|&b| b != b'\r').map_or(0, |p| p + 1);
    let c = c.get(..end)?;
    let start = c.iter().position(|&b| !is_wsp(b))?;
    let c = c.get(start..)?;
    let colon = c.iter().position(|&b| b == b':')?;
    let (name, rest) = c.split_at(colon);
    let mut cleaned = trim_wsp_end(name).to_vec();
    cleaned.extend_from_slice(rest);
    policy_line(&cleaned).map(|raw| PolicyField::from_raw(&raw))
}

/// 1-based character column of byte `offset` in `content` (invalid UTF-8 counts as the
/// replacement characters the line's text shows).
fn column(content: &[u8], offset: usize) -> usize {
    let prefix = content.get(..offset).unwrap_or(content);
    String::from_utf8_lossy(prefix).chars().count() + 1
}

fn control_name(b: u8) -> String {
    match b {
        0x00 => "NUL".into(),
        0x09 => "TAB".into(),
        0x0D => "CR".into(),
        0x7F => "DEL".into(),
        _ => format!("U+{b:04X}"),
    }
}

/// Why `content` fits no production: the first problem found, with its byte offset.
fn diagnose(content: &[u8], first_line: bool) -> (LineErrorKind, usize, String) {
    use LineErrorKind as K;
    if first_line && content.starts_with(BOM) {
        return (
            K::ByteOrderMark,
            0,
            "starts with a UTF-8 byte order mark (BOM), which no field name may contain".into(),
        );
    }
    if content.iter().all(|&b| is_wsp(b)) {
        let msg = if content.is_empty() {
            "blank line"
        } else {
            "line holds only spaces or tabs"
        };
        return (K::BlankLine, 0, msg.into());
    }
    if content.first().copied().is_some_and(is_wsp) {
        return (
            K::LeadingWhitespace,
            0,
            "starts with whitespace; a line must start with the field name".into(),
        );
    }
    if content.first() == Some(&b'#') {
        return (
            K::Comment,
            0,
            "`#` comment line; the policy format has no comments".into(),
        );
    }
    if is_front_matter_marker(content) {
        return (K::FrontMatter, 0, "YAML front matter marker `---`".into());
    }
    if let Some(p) = content.iter().position(|&b| b == b'\r') {
        return (
            K::BareCr,
            p,
            "carriage return (CR) without a line feed; only LF or CRLF end a line".into(),
        );
    }
    let Some(colon) = content.iter().position(|&b| b == b':') else {
        return (
            K::NoColon,
            0,
            "no colon; every line must be `name: value`".into(),
        );
    };
    let name = content.get(..colon).unwrap_or_default();
    if name.is_empty() {
        return (
            K::EmptyName,
            0,
            "nothing before the colon; the field name is missing".into(),
        );
    }
    let trimmed = trim_wsp_end(name);
    if trimmed.len() < name.len() {
        return (
            K::WhitespaceBeforeColon,
            trimmed.len(),
            "whitespace before the colon".into(),
        );
    }
    let shown = String::from_utf8_lossy(name);
    if !name.first().is_some_and(u8::is_ascii_alphanumeric) {
        return (
            K::BadFieldName,
            0,
            format!("field name `{shown}` must start with a letter or a digit"),
        );
    }
    if let Some(p) = name.iter().position(|&b| !is_ext_name_char(b)) {
        let bad = String::from_utf8_lossy(name.get(p..).unwrap_or_default())
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        return (
            K::BadFieldName,
            p,
            format!(
                "field name `{shown}` contains `{}`; names use only letters, digits, `_`, `-` and `.`",
                bad.escape_debug()
            ),
        );
    }
    if name.len() > 32 {
        return (
            K::BadFieldName,
            32,
            format!(
                "field name `{shown}` is {} characters long; at most 32 are allowed",
                name.len()
            ),
        );
    }
    let after = content.get(colon + 1..).unwrap_or_default();
    let lead = after.iter().take_while(|&&b| is_wsp(b)).count();
    let value_start = colon + 1 + lead;
    let value = content.get(value_start..).unwrap_or_default();
    if value.is_empty() {
        return (
            K::EmptyValue,
            value_start,
            "no value after the colon".into(),
        );
    }
    // Walk the value as `*(%x20 / sts-policy-vchar)` and look at what stops it.
    let mut rest = value;
    loop {
        if let Ok((r, _)) = sts_policy_vchar(rest) {
            rest = r;
        } else if let Some((b' ', r)) = rest.split_first() {
            rest = r;
        } else {
            break;
        }
    }
    let stop = value_start + (value.len() - rest.len());
    match rest.first() {
        Some(b'\t') => (
            K::ControlCharacter,
            stop,
            "TAB inside the value; only spaces may separate words in a value".into(),
        ),
        Some(&b) if b < 0x20 || b == 0x7F => (
            K::ControlCharacter,
            stop,
            format!("control character {} in the value", control_name(b)),
        ),
        Some(&b) if b >= 0x80 => (
            K::InvalidUtf8,
            stop,
            format!("invalid UTF-8 (byte 0x{b:02X}) in the value"),
        ),
        _ => (K::Other, 0, "does not fit the policy grammar".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_lines_keeps_terminators_apart() {
        let lines = split_lines(b"a\r\nb\nc");
        assert_eq!(
            lines,
            vec![
                (&b"a"[..], LineEnding::CrLf),
                (&b"b"[..], LineEnding::Lf),
                (&b"c"[..], LineEnding::None)
            ]
        );
        assert_eq!(split_lines(b"a\n\n").len(), 2);
        assert!(split_lines(b"").is_empty());
    }
}
