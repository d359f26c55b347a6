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

#[cfg(test)]
mod tests {
    use super::*;

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
