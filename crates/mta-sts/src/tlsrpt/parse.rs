//! The nom rules of `tlsrpt-record` (RFC 8460 §3), one function per ABNF rule, and the
//! RFC 3986 §3 rules its `tlsrpt-uri` needs.

use crate::record::{
    clip, explain_char, explain_field, explain_version, failure, fields_after_version, is_wsp,
    spanned, sts_ext_name, sts_ext_value, sts_field_delim, Res,
};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit0, satisfy, space0};
use nom::combinator::opt;
use nom::sequence::{preceded, separated_pair, terminated};
use nom::Parser;

/// One field as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawField<'a> {
    /// `value` is everything after `rua=`, as written.
    Rua {
        value: &'a str,
        uris: Vec<&'a str>,
    },
    Extension {
        name: &'a str,
        value: &'a str,
    },
}

/// `tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]`
pub(crate) fn tlsrpt_record(input: &str) -> Res<'_, Vec<RawField<'_>>> {
    let rest = match tlsrpt_version(input) {
        Ok((rest, _)) if rest.chars().next().is_none_or(|c| is_wsp(c) || c == ';') => rest,
        _ => return failure(input, explain_version(input, "v=TLSRPTv1", "v=tlsrpt")),
    };
    let (rest, fields) = fields_after_version(rest, field_delim, tlsrpt_field)?;
    if fields.is_empty() {
        return failure(
            rest,
            "a rua field must follow the version, as in `v=TLSRPTv1; rua=mailto:tlsrpt@example.com`",
        );
    }
    Ok((rest, fields))
}

/// `tlsrpt-version = %s"v=TLSRPTv1"`
pub(crate) fn tlsrpt_version(input: &str) -> Res<'_, &str> {
    tag("v=TLSRPTv1").parse(input)
}

/// `field-delim = *WSP ";" *WSP` (the same rule as `sts-field-delim`)
pub(crate) fn field_delim(input: &str) -> Res<'_, &str> {
    sts_field_delim(input)
}

/// `tlsrpt-field = tlsrpt-rua / tlsrpt-extension`
///
/// A field named `rua` is always read as `tlsrpt-rua`: `rua=noscheme` also fits
/// `tlsrpt-extension`, but reporters read every `rua=` as a list of URIs, so a bad one is
/// reported as a bad URI rather than as an extension.
pub(crate) fn tlsrpt_field(input: &str) -> Res<'_, RawField<'_>> {
    if let Some(after) = input.strip_prefix("rua=") {
        let (rest, uris) = tlsrpt_rua(input)?;
        rua_end(rest)?;
        let value = after
            .get(..after.len().saturating_sub(rest.len()))
            .unwrap_or(after);
        return Ok((rest, RawField::Rua { value, uris }));
    }
    match tlsrpt_extension(input) {
        Ok((rest, (name, value))) => Ok((rest, RawField::Extension { name, value })),
        Err(_) => {
            let (at, message) = explain_field(input);
            failure(at, message)
        }
    }
}

/// `tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)`
pub(crate) fn tlsrpt_rua(input: &str) -> Res<'_, Vec<&str>> {
    let (mut rest, _) = tag("rua=").parse(input)?;
    let (after, first) = uri_or_explain(rest, "after `rua=`")?;
    let mut uris = vec![first];
    rest = after;
    while let Ok((after_comma, _)) = uri_separator(rest) {
        let (after, uri) = uri_or_explain(after_comma, "after ','")?;
        uris.push(uri);
        rest = after;
    }
    Ok((rest, uris))
}

/// `*WSP "," *WSP`, between the URIs of `tlsrpt-rua`.
fn uri_separator(input: &str) -> Res<'_, &str> {
    spanned((space0, char(','), space0))(input)
}

/// After the URI list, only a field delimiter or the end may follow.
fn rua_end(rest: &str) -> Res<'_, ()> {
    let trimmed = rest.trim_start_matches(is_wsp);
    match trimmed.chars().next() {
        None | Some(';') => Ok((rest, ())),
        Some(_) if trimmed.len() < rest.len() => failure(
            trimmed,
            "expected ',' or ';' here: URIs are separated by ',', fields by ';', and a URI \
             cannot contain spaces",
        ),
        Some(c) => failure(rest, explain_uri_char(c)),
    }
}

fn explain_uri_char(c: char) -> String {
    match c {
        '!' => "`!` must be percent-encoded as %21 in a rua URI; TLS-RPT has no size limits \
                such as DMARC's `!10m`"
            .to_owned(),
        '%' => "`%` must be followed by two hexadecimal digits (percent-encoding)".to_owned(),
        c if c.is_ascii_graphic() => format!(
            "`{c}` is not allowed in a URI: percent-encode it as %{:02X}",
            u32::from(c)
        ),
        c => explain_char(c),
    }
}

fn uri_or_explain<'a>(input: &'a str, place: &str) -> Res<'a, &'a str> {
    match tlsrpt_uri(input) {
        Ok(done) => Ok(done),
        Err(nom::Err::Failure(e)) => Err(nom::Err::Failure(e)),
        Err(_) => {
            let token_len = input
                .find(|c: char| c == ';' || c == ',' || c.is_ascii_whitespace())
                .unwrap_or(input.len());
            let token = clip(input.get(..token_len).unwrap_or(input), 60);
            let message = if token.is_empty() {
                format!("expected a URI {place}, such as `mailto:tlsrpt@example.com`")
            } else if !token.contains(':') {
                format!("`{token}` is not a URI: it has no scheme such as `mailto:` or `https:`")
            } else {
                format!("`{token}` is not a URI: a URI begins with a scheme such as `mailto:` or `https:`")
            };
            failure(input, message)
        }
    }
}

/// `tlsrpt-extension = tlsrpt-ext-name "=" tlsrpt-ext-value` (as `sts-extension`)
pub(crate) fn tlsrpt_extension(input: &str) -> Res<'_, (&str, &str)> {
    separated_pair(tlsrpt_ext_name, char('='), tlsrpt_ext_value).parse(input)
}

/// `tlsrpt-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")`
pub(crate) fn tlsrpt_ext_name(input: &str) -> Res<'_, &str> {
    sts_ext_name(input)
}

/// `tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)`
pub(crate) fn tlsrpt_ext_value(input: &str) -> Res<'_, &str> {
    sts_ext_value(input)
}

/// `tlsrpt-uri = URI`, where RFC 3986 §3 has
/// `URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]`.
/// RFC 8460 §3: "," "!" and ";" MUST be percent-encoded, so here they end a URI.
pub(crate) fn tlsrpt_uri(input: &str) -> Res<'_, &str> {
    spanned((
        scheme,
        char(':'),
        hier_part,
        opt(preceded(char('?'), query)),
        opt(preceded(char('#'), fragment)),
    ))(input)
}

/// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`
pub(crate) fn scheme(input: &str) -> Res<'_, &str> {
    spanned((
        satisfy(|c| c.is_ascii_alphabetic()),
        take_while(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
    ))(input)
}

/// `hier-part = "//" authority path-abempty / path-absolute / path-rootless / path-empty`
///
/// The last three together are any run of `pchar` and "/" (a run that begins with "//" is
/// taken by the first alternative, which always matches it).
fn hier_part(input: &str) -> Res<'_, &str> {
    alt((spanned((tag("//"), authority, path_abempty)), |i| {
        run(i, |c| is_pchar(c) || c == '/')
    }))
    .parse(input)
}

/// `authority = [ userinfo "@" ] host [ ":" port ]`
fn authority(input: &str) -> Res<'_, &str> {
    let (rest, found) = spanned((
        opt(terminated(userinfo, char('@'))),
        host,
        opt(preceded(char(':'), port)),
    ))(input)?;
    match rest.chars().next() {
        Some(c) if c != '%' && (is_pchar(c) || c == '[' || c == ']') => {
            let after_host = found.rsplit_once(']').map_or(found, |(_, p)| p);
            if after_host.contains(':') && c.is_ascii_alphanumeric() {
                failure(rest, "the port after ':' must be a number")
            } else {
                failure(
                    rest,
                    format!("`{c}` is not allowed in the host name of a URI"),
                )
            }
        }
        _ => Ok((rest, found)),
    }
}

/// `userinfo = *( unreserved / pct-encoded / sub-delims / ":" )`
fn userinfo(input: &str) -> Res<'_, &str> {
    run(input, |c| is_unreserved(c) || is_sub_delim(c) || c == ':')
}

/// `host = IP-literal / IPv4address / reg-name` (an IPv4 address is also a `reg-name`)
fn host(input: &str) -> Res<'_, &str> {
    alt((ip_literal, reg_name)).parse(input)
}

/// `IP-literal = "[" ( IPv6address / IPvFuture ) "]"`, read loosely as
/// `"[" 1*( unreserved / sub-delims / ":" ) "]"` (the characters both forms use).
fn ip_literal(input: &str) -> Res<'_, &str> {
    spanned((
        char('['),
        take_while1(|c| is_unreserved(c) || is_sub_delim(c) || c == ':'),
        char(']'),
    ))(input)
}

/// `reg-name = *( unreserved / pct-encoded / sub-delims )`
fn reg_name(input: &str) -> Res<'_, &str> {
    run(input, |c| is_unreserved(c) || is_sub_delim(c))
}

/// `port = *DIGIT`
fn port(input: &str) -> Res<'_, &str> {
    digit0(input)
}

/// `path-abempty = *( "/" segment )`, with `segment = *pchar`
fn path_abempty(input: &str) -> Res<'_, &str> {
    if input.starts_with('/') {
        run(input, |c| is_pchar(c) || c == '/')
    } else {
        Ok((input, ""))
    }
}

/// `query = *( pchar / "/" / "?" )`
fn query(input: &str) -> Res<'_, &str> {
    run(input, |c| is_pchar(c) || c == '/' || c == '?')
}

/// `fragment = *( pchar / "/" / "?" )`
fn fragment(input: &str) -> Res<'_, &str> {
    query(input)
}

/// `pchar = unreserved / pct-encoded / sub-delims / ":" / "@"` (pct-encoded is handled by
/// [`run`])
fn is_pchar(c: char) -> bool {
    is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@'
}

/// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`
fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

/// `sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`, less
/// the "!" "," ";" that RFC 8460 §3 requires to be percent-encoded.
fn is_sub_delim(c: char) -> bool {
    matches!(c, '$' | '&' | '\'' | '(' | ')' | '*' | '+' | '=')
}

/// The longest run of characters that `allowed` accepts and of
/// `pct-encoded = "%" HEXDIG HEXDIG`; possibly empty.
fn run(input: &str, allowed: impl Fn(char) -> bool) -> Res<'_, &str> {
    let bytes = input.as_bytes();
    let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
    let mut pos = 0;
    loop {
        match bytes.get(pos) {
            Some(b'%') if hex(pos + 1) && hex(pos + 2) => pos += 3,
            Some(&b) if b.is_ascii() && allowed(char::from(b)) => pos += 1,
            _ => break,
        }
    }
    // Only ASCII bytes were consumed, so `pos` is a character boundary.
    let (done, rest) = input.split_at_checked(pos).unwrap_or(("", input));
    Ok((rest, done))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_rule_takes_exactly_the_uri() {
        // (input, what tlsrpt_uri consumes) — RFC 3986 §3, RFC 8460 §3 (RPT-05)
        let cases = [
            (
                "mailto:tlsrpt@example.com",
                Some("mailto:tlsrpt@example.com"),
            ),
            (
                "https://r.example:8443/tlsrpt?id=1",
                Some("https://r.example:8443/tlsrpt?id=1"),
            ),
            (
                "https://[2001:db8::1]/x#frag",
                Some("https://[2001:db8::1]/x#frag"),
            ),
            ("mailto:a@b.example!10m", Some("mailto:a@b.example")),
            (
                "mailto:a%2Cb@x.example,https://y",
                Some("mailto:a%2Cb@x.example"),
            ),
            ("http://bad/%", Some("http://bad/")),
            ("mailto:", Some("mailto:")),
            // A port that runs to the end of the input (nom 8.0.0's `digit0` rest quirk).
            ("https://h.example:8443", Some("https://h.example:8443")),
            ("https://:0", Some("https://:0")),
            ("noscheme", None),
            ("1mailto:x", None),
            ("", None),
        ];
        for (input, want) in cases {
            let got = tlsrpt_uri(input).ok().map(|(_, uri)| uri);
            assert_eq!(got, want, "{input:?}");
        }
        assert!(matches!(
            tlsrpt_uri("https://h:abc/"),
            Err(nom::Err::Failure(_))
        ));
        assert!(tlsrpt_ext_name("a.b-c_d=1").is_ok() && tlsrpt_ext_value("=").is_err());
    }
}
