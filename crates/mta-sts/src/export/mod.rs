//! The report and findings as JSON (`json`) and as Markdown for tickets (`markdown`).
//! Everything the checked domain serves is shown verbatim but with control characters made
//! visible, so that it can neither be read as markup nor drive a terminal. (The text for
//! terminals is the command line's, `crates/mta-sts-cli`.)

mod json;
mod markdown;

pub use json::findings_json;
pub(crate) use json::report_json;
pub(crate) use markdown::report_markdown;

use std::fmt::Write as _;

/// Makes control characters, bidirectional overrides and other invisible format characters
/// visible (`\r`, `\t`, `\x1b`, `\u{202e}`); everything else is kept as is.
pub fn escape_display(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\x7f' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if ('\u{80}'..='\u{9f}').contains(&c)
                || ('\u{200b}'..='\u{200f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
                || c == '\u{feff}' =>
            {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// One CSV field (RFC 4180 §2): quoted when it holds a comma, quote or line break or starts
/// or ends with a space (which spreadsheets would trim), quotes doubled. A field a spreadsheet
/// would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, so
/// that untrusted text (a report, a DNS answer) cannot run one. For a terminal, pass the text
/// through [`escape_display`] first.
pub fn csv_field(value: &str) -> String {
    let defused;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        defused = format!("'{value}");
        defused.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\r', '\n']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_keep_their_spaces_and_run_no_formula() {
        assert_eq!(csv_field(" padded "), "\" padded \"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn control_characters_become_visible() {
        let cases = [
            ("mode: enforce", "mode: enforce"),
            ("a\tb\r", "a\\tb\\r"),
            ("\x1b[31mred", "\\x1b[31mred"),
            ("\u{202e}txt", "\\u{202e}txt"),
            ("\u{feff}version", "\\u{feff}version"),
            ("café", "café"),
        ];
        for (input, shown) in cases {
            assert_eq!(escape_display(input), shown, "{input:?}");
        }
    }
}
