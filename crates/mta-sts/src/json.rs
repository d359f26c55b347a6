//! A small JSON reader (RFC 8259) for the two JSON answers the engine reads: DoH answers
//! ([`crate::doh`]) and the probe relay's ([`crate::relay`]), and a small writer
//! ([`PrettyWriter`]) for the report's JSON export. Hand-written so that the browser build
//! carries no general-purpose serialiser or deserialiser; the relay service still writes its
//! answers with serde.
//!
//! The grammar, RFC 8259 §2-§7, one function per rule:
//!
//! ```text
//! JSON-text = ws value ws
//! value     = false / null / true / object / array / number / string
//! object    = begin-object [ member *( value-separator member ) ] end-object
//! member    = string name-separator value
//! array     = begin-array [ value *( value-separator value ) ] end-array
//! number    = [ minus ] int [ frac ] [ exp ]
//! string    = quotation-mark *char quotation-mark
//! char      = unescaped / escape ( %x22 / %x5C / %x2F / %x62 / %x66 /
//!                                  %x6E / %x72 / %x74 / %x75 4HEXDIG )
//! ws        = *( %x20 / %x09 / %x0A / %x0D )
//! ```
//!
//! Choices where the RFC leaves room (§9 allows limits): nesting deeper than [`MAX_DEPTH`]
//! is an error, not a stack overflow; a `\u` escape of a lone surrogate (§8.2) is an error,
//! since the text it stands for is not Unicode; numbers are kept as written (§6 leaves their
//! range to the reader), so a whole number is read exactly, never through a float; an object
//! keeps its members in order, duplicates included, and [`Value::get`] takes the last one
//! (§4: names SHOULD be unique, and "last one wins" is what most readers do).

use std::fmt::{self, Write as _};

/// How deeply arrays and objects may nest. DoH answers nest 3 deep, the relay's answer 5.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's text as written, which matches `number`: `-0`, `1.50`, `1e3`.
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// The members in the order written.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (the last one when the name repeats); `None` when there
    /// is none or this is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }

    /// A whole number 0..=u64::MAX written without fraction or exponent: `7`, not `7.0`,
    /// `7e0` or `"7"`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(text) if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
            _ => None,
        }
    }

    /// A whole number i64::MIN..=i64::MAX written without fraction or exponent.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(text) => {
                let digits = text.strip_prefix('-').unwrap_or(text);
                if digits.bytes().all(|b| b.is_ascii_digit()) {
                    text.parse().ok()
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// Writes the value back as compact JSON (members in their order; numbers as written).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(text) => f.write_str(text),
            Value::String(s) => write_string(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Object(members) => {
                f.write_str("{")?;
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, key)?;
                    write!(f, ":{value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A string as serde_json writes it: what §7 says must be escaped (`"`, `\` and
/// U+0000..U+001F) as `\"`, `\\`, `\b`, `\t`, `\n`, `\f`, `\r` or else `\u00xx` (lower-case
/// hex); everything else verbatim, U+007F and U+2028 included. The export promises
/// serde_json's bytes, so this is serde_json's table exactly.
fn write_string(out: &mut dyn fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    write_string_body(out, s)?;
    out.write_char('"')
}

/// What [`PrettyWriter::escaping_invisible`] also escapes: DEL and the C1 controls (a
/// terminal obeys some), and the invisible format characters that reorder or hide text
/// (bidirectional controls, zero-width characters, line and paragraph separators).
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}')
}

/// A string as [`write_string`] writes it, and the [`invisible`] characters as `\u` escapes
/// (all in the Basic Multilingual Plane, so one escape each): the same JSON value.
fn write_string_visible(out: &mut dyn fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if invisible(c) {
            write_string_body(out, s.get(start..i).unwrap_or_default())?;
            write!(out, "\\u{:04x}", c as u32)?;
            start = i + c.len_utf8();
        }
    }
    write_string_body(out, s.get(start..).unwrap_or_default())?;
    out.write_char('"')
}

/// [`write_string`] without the quotes.
fn write_string_body(out: &mut dyn fmt::Write, s: &str) -> fmt::Result {
    // Runs of characters that need no escape are written whole; `start..i` always ends at an
    // ASCII byte, so it lies on character boundaries.
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\x08' => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            b'\x0c' => "\\f",
            b'\r' => "\\r",
            0..=0x1f => "",
            _ => continue,
        };
        out.write_str(s.get(start..i).unwrap_or_default())?;
        if short.is_empty() {
            write!(out, "\\u{b:04x}")?;
        } else {
            out.write_str(short)?;
        }
        start = i + 1;
    }
    out.write_str(s.get(start..).unwrap_or_default())
}

/// Writes JSON as serde_json's `to_string_pretty` does, byte for byte: each member and item
/// on its own line, indented two spaces a level, `"name": value`, and `{}` or `[]` for an
/// empty object or array. The caller writes the values in order, a member's with
/// [`PrettyWriter::key`] first, an item's with [`PrettyWriter::item`] first (as
/// [`crate::wire`]'s types do).
#[derive(Debug, Default)]
pub struct PrettyWriter {
    out: String,
    /// Objects and arrays open.
    depth: usize,
    /// Nothing has been written yet into the innermost open object or array.
    empty: bool,
    /// Strings are written with [`write_string_visible`].
    escape_invisible: bool,
}

// `#[inline(never)]`: the export calls these about a hundred times; one call each instead
// of an inlined copy keeps the browser's download smaller.
impl PrettyWriter {
    /// A writer that also writes DEL, the C1 controls and invisible format characters
    /// (bidirectional overrides, zero-width characters) as `\u` escapes: the same JSON, but
    /// text from untrusted sources can neither drive a terminal nor hide in an editor. Not
    /// serde_json's bytes for such strings.
    pub fn escaping_invisible() -> PrettyWriter {
        PrettyWriter {
            escape_invisible: true,
            ..PrettyWriter::default()
        }
    }

    #[inline(never)]
    pub fn begin_object(&mut self) {
        self.open('{');
    }

    #[inline(never)]
    pub fn end_object(&mut self) {
        self.close('}');
    }

    #[inline(never)]
    pub fn begin_array(&mut self) {
        self.open('[');
    }

    #[inline(never)]
    pub fn end_array(&mut self) {
        self.close(']');
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth = self.depth.saturating_sub(1);
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        // An object or array is only ever opened as a member or item, so the one around it
        // is not empty.
        self.empty = false;
    }

    /// Ends the previous member or item, if any, and starts a line at the current depth.
    fn next(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.newline();
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Starts a member of the open object: its value comes next.
    #[inline(never)]
    pub fn key(&mut self, name: &str) {
        self.next();
        self.string(name);
        self.out.push_str(": ");
    }

    /// Starts an item of the open array: its value comes next.
    #[inline(never)]
    pub fn item(&mut self) {
        self.next();
    }

    /// A string value.
    #[inline(never)]
    pub fn string(&mut self, s: &str) {
        // Writing to a String cannot fail.
        let _ = if self.escape_invisible {
            write_string_visible(&mut self.out, s)
        } else {
            write_string(&mut self.out, s)
        };
    }

    /// A whole number value.
    #[inline(never)]
    pub fn number(&mut self, value: u64) {
        let _ = write!(self.out, "{value}");
    }

    /// A whole number value that may be negative.
    pub fn signed(&mut self, value: i64) {
        let _ = write!(self.out, "{value}");
    }

    #[inline(never)]
    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    #[inline(never)]
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    /// A member whose value is a string: [`PrettyWriter::key`] and the value in one call, the
    /// commonest member (one call instead of two keeps the browser's download smaller).
    #[inline(never)]
    pub fn string_member(&mut self, name: &str, value: &str) {
        self.key(name);
        self.string(value);
    }

    #[inline(never)]
    pub fn number_member(&mut self, name: &str, value: u64) {
        self.key(name);
        self.number(value);
    }

    /// The JSON written.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Why a text is not JSON, and where: "expected a value at line 1 column 1".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: &'static str,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for Error {}

/// Parses a whole text as one JSON value.
///
/// `JSON-text = ws value ws`
pub fn parse(text: &str) -> Result<Value, Error> {
    parse_with_limit(text, usize::MAX)
}

/// The error message when a text holds more than `max_values` values.
pub const TOO_MANY_VALUES: &str = "more values than the limit";

/// [`parse`], with at most `max_values` values (every array, object, string, number and
/// literal counts one). For texts from anyone: a few bytes of `[0,0,0,…]` each become a
/// [`Value`] of many more, so the input size alone does not bound the memory used.
pub fn parse_with_limit(text: &str, max_values: usize) -> Result<Value, Error> {
    let mut p = Parser {
        text,
        pos: 0,
        depth: 0,
        values_left: max_values,
    };
    p.ws();
    let value = p.value()?;
    p.ws();
    if p.pos < text.len() {
        return Err(p.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    /// The next byte to read. Moves only past ASCII bytes or whole characters, so it is always
    /// on a character boundary.
    pos: usize,
    /// Arrays and objects open around `pos`.
    depth: usize,
    /// How many more values may be read.
    values_left: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Moves past `byte` when it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        if next {
            self.pos += 1;
        }
        next
    }

    fn error(&self, message: &'static str) -> Error {
        let before = self.text.as_bytes().get(..self.pos).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Error {
            message,
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
            column: 1 + before.len() - line_start,
        }
    }

    /// `ws = *( %x20 / %x09 / %x0A / %x0D )`
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// `value = false / null / true / object / array / number / string`
    fn value(&mut self) -> Result<Value, Error> {
        if self.values_left == 0 {
            return Err(self.error(TOO_MANY_VALUES));
        }
        self.values_left -= 1;
        match self.peek() {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => {
                for (word, value) in [
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                    ("true", Value::Bool(true)),
                ] {
                    if self
                        .text
                        .get(self.pos..)
                        .is_some_and(|t| t.starts_with(word))
                    {
                        self.pos += word.len();
                        return Ok(value);
                    }
                }
                Err(self.error("expected a value"))
            }
        }
    }

    /// An array or object, one level deeper, at most [`MAX_DEPTH`].
    fn nested(&mut self, rule: fn(&mut Self) -> Result<Value, Error>) -> Result<Value, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.depth += 1;
        let value = rule(self);
        self.depth -= 1;
        value
    }

    /// `object = begin-object [ member *( value-separator member ) ] end-object`
    ///
    /// `begin-object = ws %x7B ws`, `end-object = ws %x7D ws`, `value-separator = ws %x2C ws`
    fn object(&mut self) -> Result<Value, Error> {
        self.pos += 1; // `{`, seen by `value`
        self.ws();
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            members.push(self.member()?);
            self.ws();
            if self.eat(b'}') {
                return Ok(Value::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `}`"));
            }
            self.ws();
        }
    }

    /// `member = string name-separator value`, `name-separator = ws %x3A ws`
    fn member(&mut self) -> Result<(String, Value), Error> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a name in quotes"));
        }
        let name = self.string()?;
        self.ws();
        if !self.eat(b':') {
            return Err(self.error("expected `:`"));
        }
        self.ws();
        Ok((name, self.value()?))
    }

    /// `array = begin-array [ value *( value-separator value ) ] end-array`
    ///
    /// `begin-array = ws %x5B ws`, `end-array = ws %x5D ws`
    fn array(&mut self) -> Result<Value, Error> {
        self.pos += 1; // `[`, seen by `value`
        self.ws();
        let mut items = Vec::new();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.ws();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `]`"));
            }
            self.ws();
        }
    }

    /// `number = [ minus ] int [ frac ] [ exp ]`
    ///
    /// `int = zero / ( digit1-9 *DIGIT )`, `frac = decimal-point 1*DIGIT`,
    /// `exp = e [ minus / plus ] 1*DIGIT`
    fn number(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return Err(self.error("expected a digit"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("expected a digit after `.`"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'-') || self.eat(b'+');
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        Ok(Value::Number(text.to_string()))
    }

    /// `*DIGIT`: moves past the digits and says how many there were.
    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `string = quotation-mark *char quotation-mark`
    ///
    /// `char = unescaped / escape (...)`, `unescaped = %x20-21 / %x23-5B / %x5D-10FFFF`:
    /// U+0000..U+001F must be escaped.
    fn string(&mut self) -> Result<String, Error> {
        self.pos += 1; // `"`, seen by the caller
        let mut out = String::new();
        loop {
            let start = self.pos;
            while self
                .peek()
                .is_some_and(|b| b >= 0x20 && b != b'"' && b != b'\\')
            {
                self.pos += 1;
            }
            // Stopped at an ASCII byte or the end: a character boundary.
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// What follows `escape = %x5C`: `%x22 / %x5C / %x2F / %x62 / %x66 / %x6E / %x72 / %x74 /
    /// %x75 4HEXDIG`. A character outside the Basic Multilingual Plane is a UTF-16 surrogate
    /// pair of two `\u` escapes (§7); half a pair is an error.
    fn escape(&mut self) -> Result<char, Error> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err(self.error("lone surrogate in a \\u escape"));
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("lone surrogate in a \\u escape"));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.error("lone surrogate in a \\u escape")),
                    _ => unit,
                };
                return char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"));
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.pos += 1;
        Ok(c)
    }

    /// `4HEXDIG`
    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected four hex digits"))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("expected four hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Value {
        Value::Number(text.into())
    }

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    #[test]
    fn valid_texts() {
        for (text, want) in [
            ("null", Value::Null),
            (" true ", Value::Bool(true)),
            ("\t\r\n false\n", Value::Bool(false)),
            ("0", n("0")),
            ("-0", n("-0")),
            ("-12.50e+3", n("-12.50e+3")),
            ("1E-2", n("1E-2")),
            ("18446744073709551616", n("18446744073709551616")),
            (r#""""#, s("")),
            (r#""a/b""#, s("a/b")),
            (
                r#""\" \\ \/ \b \f \n \r \t""#,
                s("\" \\ / \u{8} \u{c} \n \r \t"),
            ),
            (r#""\u0041\u00e9\u20AC""#, s("Aé€")),
            (r#""\ud834\udd1e""#, s("\u{1D11E}")),
            (r#""\u0000""#, s("\0")),
            ("\"é😀\u{7f}\"", s("é😀\u{7f}")),
            ("[]", Value::Array(vec![])),
            (
                "[ 1 , [ ] ]",
                Value::Array(vec![n("1"), Value::Array(vec![])]),
            ),
            ("{}", Value::Object(vec![])),
            (
                r#"{ "a" : 1 , "b":{"c":null}, "a":"x" }"#,
                Value::Object(vec![
                    ("a".into(), n("1")),
                    ("b".into(), Value::Object(vec![("c".into(), Value::Null)])),
                    ("a".into(), s("x")),
                ]),
            ),
        ] {
            assert_eq!(parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn invalid_texts() {
        for (text, message, column) in [
            ("", "expected a value", 1),
            ("   ", "expected a value", 4),
            ("nul", "expected a value", 1),
            ("True", "expected a value", 1),
            ("'a'", "expected a value", 1),
            ("01", "trailing characters", 2),
            ("+1", "expected a value", 1),
            (".5", "expected a value", 1),
            ("-", "expected a digit", 2),
            ("-a", "expected a digit", 2),
            ("1.", "expected a digit after `.`", 3),
            ("1.e3", "expected a digit after `.`", 3),
            ("1e", "expected a digit in the exponent", 3),
            ("1e+", "expected a digit in the exponent", 4),
            ("NaN", "expected a value", 1),
            ("[1,]", "expected a value", 4),
            ("[1 2]", "expected `,` or `]`", 4),
            ("[", "expected a value", 2),
            ("{\"a\":1,}", "expected a name in quotes", 8),
            ("{a:1}", "expected a name in quotes", 2),
            ("{\"a\" 1}", "expected `:`", 6),
            ("{\"a\":1 \"b\":2}", "expected `,` or `}`", 8),
            ("{\"a\":1", "expected `,` or `}`", 7),
            ("\"abc", "unterminated string", 5),
            ("\"a\tb\"", "control character in a string", 3),
            ("\"\\x\"", "invalid escape", 3),
            ("\"\\", "invalid escape", 3),
            ("\"\\u12\"", "expected four hex digits", 4),
            ("\"\\u12G4\"", "expected four hex digits", 4),
            ("\"\\u+123\"", "expected four hex digits", 4),
            ("\"\\ud834\"", "lone surrogate in a \\u escape", 8),
            ("\"\\ud834\\u0041\"", "lone surrogate in a \\u escape", 14),
            ("\"\\ud834\\ud834\"", "lone surrogate in a \\u escape", 14),
            ("\"\\udd1e\\ud834\"", "lone surrogate in a \\u escape", 8),
            ("\"\\ud834\\n\"", "lone surrogate in a \\u escape", 9),
            ("{} {}", "trailing characters", 4),
            ("1 x", "trailing characters", 3),
            ("\"é\" é", "trailing characters", 6),
        ] {
            let error = parse(text).expect_err(text);
            assert_eq!(
                (error.message, error.line, error.column),
                (message, 1, column),
                "{text}"
            );
        }
    }

    #[test]
    fn errors_say_where_in_lines_and_columns() {
        let error = parse("{\n  \"a\": [1,\n   2,,]}").unwrap_err();
        assert_eq!(error.to_string(), "expected a value at line 3 column 6");
    }

    #[test]
    fn nesting_is_limited() {
        let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let error = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(
            (error.message, error.column),
            ("nested too deeply", MAX_DEPTH + 1)
        );
        let objects = "{\"a\":".repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&objects).unwrap_err().message, "nested too deeply");
        // Depth is what is open, not how many have been: siblings do not add up.
        let wide = format!("[{}]", vec![nested(MAX_DEPTH - 1); 3].join(","));
        assert!(parse(&wide).is_ok());
        assert!(parse(&"[".repeat(1_000_000)).is_err());
    }

    #[test]
    fn invisible_characters_can_be_escaped() {
        let text = "a\u{1b}\u{7f}\u{9b}\u{202e}é\u{feff}\"";
        let mut w = PrettyWriter::escaping_invisible();
        w.string(text);
        let written = w.finish();
        assert_eq!(written, r#""a\u001b\u007f\u009b\u202eé\ufeff\"""#);
        assert_eq!(parse(&written), Ok(Value::String(text.into())));
        let mut w = PrettyWriter::default();
        w.string(text);
        assert_eq!(w.finish(), "\"a\\u001b\u{7f}\u{9b}\u{202e}é\u{feff}\\\"\"");
    }

    #[test]
    fn values_can_be_limited() {
        let text = r#"{"a":[1,"x",null],"b":{}}"#;
        assert!(parse_with_limit(text, 6).is_ok());
        let error = parse_with_limit(text, 5).unwrap_err();
        assert_eq!(error.message, TOO_MANY_VALUES);
        assert!(parse(text).is_ok());
    }

    #[test]
    fn whole_numbers_are_read_exactly() {
        for (text, u, i) in [
            ("0", Some(0), Some(0)),
            ("-0", None, Some(0)),
            ("18446744073709551615", Some(u64::MAX), None),
            ("18446744073709551616", None, None),
            ("9223372036854775807", Some(i64::MAX as u64), Some(i64::MAX)),
            ("-9223372036854775808", None, Some(i64::MIN)),
            ("-9223372036854775809", None, None),
            (
                "9007199254740993",
                Some(9_007_199_254_740_993),
                Some(9_007_199_254_740_993),
            ),
            ("-1", None, Some(-1)),
            ("1.0", None, None),
            ("1e2", None, None),
        ] {
            let value = parse(text).unwrap();
            assert_eq!((value.as_u64(), value.as_i64()), (u, i), "{text}");
        }
        assert_eq!(s("1").as_u64(), None);
        assert_eq!(Value::Bool(true).as_i64(), None);
    }

    #[test]
    fn get_takes_the_last_member_of_that_name() {
        let value = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(value.get("a"), Some(&n("3")));
        assert_eq!(value.get("b"), Some(&n("2")));
        assert_eq!(value.get("c"), None);
        assert_eq!(parse("[1]").unwrap().get("a"), None);
    }

    #[test]
    fn display_writes_compact_json_that_parses_back() {
        let text = "{\"k\\\"\": [null, true, -1.5e3, \"\\u0001\\n\\\"\\\\/é\"], \"\": {}}";
        let value = parse(text).unwrap();
        let written = value.to_string();
        assert_eq!(
            written,
            "{\"k\\\"\":[null,true,-1.5e3,\"\\u0001\\n\\\"\\\\/é\"],\"\":{}}"
        );
        assert_eq!(parse(&written), Ok(value));
    }
}
