//! TXT data in DNS presentation form, as Cloudflare's JSON gives it: `"part1" "part2"`.
//!
//! RFC 1035 §5.1 has no ABNF for it, only prose, quoted on each rule below; the grammar here
//! writes that prose out for the quoted form:
//!
//! ```text
//! txt-data      = quoted-string *( 1*WSP quoted-string )
//! quoted-string = DQUOTE *( qtext / escape ) DQUOTE
//! qtext         = <any character but DQUOTE and "\">
//! escape        = "\" ( 3DIGIT / <any character but a digit> )   ; 3DIGIT at most 255
//! ```

use nom::branch::alt;
use nom::bytes::complete::{take_while1, take_while_m_n};
use nom::character::complete::{char, satisfy};
use nom::combinator::{all_consuming, map, map_opt};
use nom::multi::{fold_many0, separated_list1};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

type Res<'a, O> = IResult<&'a str, O, nom::error::Error<&'a str>>;

/// A piece of a quoted string: a run of plain text, or what one escape stands for.
enum Piece<'a> {
    Text(&'a str),
    Octet(u8),
    Char(char),
}

/// The character-strings of a TXT record as the resolver gave them: the quoted form when the
/// data starts with `"` and parses as `txt-data`, otherwise the data as is, as one string
/// (Google's usual joined form, or text that merely starts with a quote). Octets are decoded
/// as UTF-8 lossily; the record checks flag what is not ASCII.
pub fn txt_strings(data: &str) -> Vec<String> {
    if data.starts_with('"') {
        if let Some(strings) = parse_txt_data(data) {
            return strings
                .iter()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect();
        }
    }
    vec![data.to_string()]
}

/// Parses the whole input as `txt-data`, giving each character-string's octets; `None` when
/// the input is not exactly that.
pub fn parse_txt_data(data: &str) -> Option<Vec<Vec<u8>>> {
    all_consuming(txt_data).parse(data).ok().map(|(_, s)| s)
}

/// `txt-data = quoted-string *( 1*WSP quoted-string )`
///
/// RFC 1035 §3.3.14: TXT-DATA is `One or more <character-string>s.`; §5.1: "Any combination
/// of tabs and spaces act as a delimiter between the separate items that make up an entry."
fn txt_data(input: &str) -> Res<'_, Vec<Vec<u8>>> {
    separated_list1(take_while1(|c| c == ' ' || c == '\t'), quoted_string).parse(input)
}

/// `quoted-string = DQUOTE *( qtext / escape ) DQUOTE`
///
/// RFC 1035 §5.1: `a string beginning with a " and ending with a ".  Inside a " delimited
/// string any character can occur, except for a " itself, which must be quoted using \ (the
/// back slash).`
fn quoted_string(input: &str) -> Res<'_, Vec<u8>> {
    let body = fold_many0(alt((qtext, escape)), Vec::new, |mut acc: Vec<u8>, piece| {
        match piece {
            Piece::Text(text) => acc.extend_from_slice(text.as_bytes()),
            Piece::Octet(octet) => acc.push(octet),
            Piece::Char(c) => acc.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
        acc
    });
    delimited(char('"'), body, char('"')).parse(input)
}

/// `qtext = <any character but DQUOTE and "\">` (one run of them)
fn qtext(input: &str) -> Res<'_, Piece<'_>> {
    map(take_while1(|c| c != '"' && c != '\\'), Piece::Text).parse(input)
}

/// `escape = "\" ( 3DIGIT / <any character but a digit> )`
///
/// RFC 1035 §5.1: "\X where X is any character other than a digit (0-9), is used to quote that
/// character so that its special meaning does not apply." and "\DDD where each D is a digit is
/// the octet corresponding to the decimal number described by DDD."
fn escape(input: &str) -> Res<'_, Piece<'_>> {
    let octet = map_opt(
        take_while_m_n(3, 3, |c: char| c.is_ascii_digit()),
        |d: &str| d.parse::<u8>().ok().map(Piece::Octet),
    );
    let quoted = map(satisfy(|c| !c.is_ascii_digit()), Piece::Char);
    preceded(char('\\'), alt((octet, quoted))).parse(input)
}

/// Writes character-strings in the quoted presentation form `parse_txt_data` reads: `"` and
/// `\` escaped with a backslash, octets outside printable ASCII as `\DDD`. Strings longer than
/// 255 octets are not split (that is the publisher's business).
pub fn quote_txt_data<S: AsRef<[u8]>>(strings: &[S]) -> String {
    let mut out = String::new();
    for (i, string) in strings.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push('"');
        for &octet in string.as_ref() {
            match octet {
                b'"' | b'\\' => {
                    out.push('\\');
                    out.push(char::from(octet));
                }
                0x20..=0x7e => out.push(char::from(octet)),
                _ => out.push_str(&format!("\\{octet:03}")),
            }
        }
        out.push('"');
    }
    out
}
