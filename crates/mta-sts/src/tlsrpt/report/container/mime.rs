//! An e-mail message (RFC 5322) as TLS-RPT reports arrive by mail (RFC 8460 §5.3): header
//! fields with folding, MIME multiparts (RFC 2046 §5.1), nested ones too, and the
//! base64 and quoted-printable transfer encodings (RFC 2045 §6). Only what finds the report
//! parts; everything else in the message is skipped.

use super::LoadError;

/// A part that holds a report, decoded: its file name (or a made-up one) and bytes, or why
/// it could not be decoded (an error for that part alone).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Attachment {
    pub name: String,
    pub bytes: Result<Vec<u8>, LoadError>,
}

/// Header fields, unfolded: (lower-case name, value).
type Fields = Vec<(String, String)>;

/// Splits a message or part into its header fields and body. `fields = *field CRLF body`;
/// a line starting with white space continues the field before it (folding, RFC 5322 §2.2.3).
fn header_and_body(bytes: &[u8]) -> (Fields, &[u8]) {
    let mut fields: Fields = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let end = bytes[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| pos + i);
        let line = &bytes[pos..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        pos = (end + 1).min(bytes.len());
        if line.is_empty() {
            return (fields, &bytes[pos..]);
        }
        let text = String::from_utf8_lossy(line);
        if line[0] == b' ' || line[0] == b'\t' {
            if let Some(last) = fields.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    (fields, &[])
}

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A parameter of a structured field (`boundary`, `name`, `filename`), unquoted; case of the
/// parameter name ignored (RFC 2045 §5.1).
fn parameter(value: &str, name: &str) -> Option<String> {
    for part in value.split(';').skip(1) {
        if let Some((n, v)) = part.split_once('=') {
            if n.trim().eq_ignore_ascii_case(name) {
                let v = v.trim();
                let v = v
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(v);
                return Some(v.to_owned());
            }
        }
    }
    None
}

/// Whether a part holds a report, by its media type or its file name.
fn is_report_part(media_type: &str, name: Option<&str>) -> bool {
    matches!(
        media_type,
        "application/tlsrpt+gzip"
            | "application/tlsrpt+json"
            | "application/gzip"
            | "application/x-gzip"
            | "application/json"
            | "application/zip"
    ) || name.is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".json") || n.ends_with(".gz") || n.ends_with(".zip")
    })
}

/// The report parts of a message, at most `max_depth` multiparts deep.
pub(super) fn attachments(
    bytes: &[u8],
    max_depth: usize,
    max_parts: usize,
) -> Result<Vec<Attachment>, LoadError> {
    let mut out = Vec::new();
    let mut parts = 0;
    walk(bytes, 0, max_depth, max_parts, &mut parts, &mut out)?;
    Ok(out)
}

fn walk(
    bytes: &[u8],
    depth: usize,
    max_depth: usize,
    max_parts: usize,
    parts: &mut usize,
    out: &mut Vec<Attachment>,
) -> Result<(), LoadError> {
    if depth > max_depth {
        return Err(LoadError::TooDeep);
    }
    *parts += 1;
    if *parts > max_parts {
        return Err(LoadError::TooManyEntries);
    }
    let (fields, body) = header_and_body(bytes);
    let content_type = field(&fields, "content-type").unwrap_or("text/plain");
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media_type.starts_with("multipart/") {
        let Some(boundary) = parameter(content_type, "boundary").filter(|b| !b.is_empty()) else {
            let error = LoadError::Corrupt("MIME: multipart without a boundary".into());
            if depth == 0 {
                return Err(error);
            }
            // Inside a message, the other parts are still read.
            out.push(Attachment {
                name: format!("part {}", *parts),
                bytes: Err(error),
            });
            return Ok(());
        };
        for part in multipart_bodies(body, &boundary) {
            walk(part, depth + 1, max_depth, max_parts, parts, out)?;
        }
        return Ok(());
    }
    if media_type == "message/rfc822" {
        return walk(body, depth + 1, max_depth, max_parts, parts, out);
    }
    let name = field(&fields, "content-disposition")
        .and_then(|d| parameter(d, "filename"))
        .or_else(|| parameter(content_type, "name"));
    if !is_report_part(&media_type, name.as_deref()) {
        return Ok(());
    }
    let encoding = field(&fields, "content-transfer-encoding")
        .unwrap_or("7bit")
        .trim()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => decode_base64(body),
        "quoted-printable" => Ok(decode_quoted_printable(body)),
        _ => Ok(body.to_vec()),
    };
    let name = name.unwrap_or_else(|| format!("part {}", *parts));
    out.push(Attachment { name, bytes });
    Ok(())
}

/// The bodies of a multipart's parts (RFC 2046 §5.1.1): between lines `--boundary`, up to
/// `--boundary--`; the line break before a delimiter belongs to the delimiter. The preamble
/// and epilogue are skipped.
fn multipart_bodies<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let dash = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    while pos <= body.len() {
        let end = body[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |i| pos + i);
        let line = &body[pos..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(rest) = line.strip_prefix(dash.as_bytes()) {
            let close = rest.starts_with(b"--");
            let rest = if close { &rest[2..] } else { rest };
            if rest.iter().all(|&b| b == b' ' || b == b'\t') {
                if let Some(s) = start {
                    // Drop the line break before this delimiter.
                    let mut e = pos;
                    if e > s && body[e - 1] == b'\n' {
                        e -= 1;
                        if e > s && body[e - 1] == b'\r' {
                            e -= 1;
                        }
                    }
                    parts.push(&body[s..e.max(s)]);
                }
                if close {
                    return parts;
                }
                start = Some((end + 1).min(body.len()));
            }
        }
        pos = end + 1;
    }
    // No closing delimiter: the last part runs to the end.
    if let Some(s) = start {
        parts.push(&body[s..]);
    }
    parts
}

/// base64 (RFC 2045 §6.8): white space and line breaks skipped, decoding ends at `=`.
pub(super) fn decode_base64(text: &[u8]) -> Result<Vec<u8>, LoadError> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &b in text {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return Err(LoadError::Corrupt("MIME: invalid base64".into())),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

/// quoted-printable (RFC 2045 §6.7): `=XX` is a byte, `=` at the end of a line joins it to
/// the next; anything else, an `=` not followed by two hex digits included, as written.
pub(super) fn decode_quoted_printable(text: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if b == b'=' {
            match (text.get(i + 1), text.get(i + 2)) {
                (Some(b'\n'), _) => {
                    i += 2;
                    continue;
                }
                (Some(b'\r'), Some(b'\n')) => {
                    i += 3;
                    continue;
                }
                (Some(&h), Some(&l)) => {
                    if let (Some(h), Some(l)) = (hex(h), hex(l)) {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                }
                _ => {}
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Whether bytes look like the start of a message: a header field `name:` on the first line.
pub(super) fn looks_like_message(bytes: &[u8]) -> bool {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line[..colon].iter().all(|&b| (33..=126).contains(&b)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode_base64(b"aGVs\r\nbG8=").unwrap(), b"hello");
        assert!(decode_base64(b"a*b").is_err());
        assert_eq!(
            decode_quoted_printable(b"{\"a\"=3D1,=\r\n\"b\":2}=4"),
            b"{\"a\"=1,\"b\":2}=4"
        );
    }

    #[test]
    fn folded_headers_and_parameters() {
        let (fields, body) =
            header_and_body(b"Content-Type: multipart/mixed;\r\n\tboundary=\"b 1\"\r\n\r\nbody");
        assert_eq!(body, b"body");
        let ct = field(&fields, "content-type").unwrap();
        assert_eq!(parameter(ct, "BOUNDARY").as_deref(), Some("b 1"));
    }

    #[test]
    fn multipart_bodies_drop_preamble_and_epilogue() {
        let body = b"pre\r\n--b\r\nA\r\n--b \r\nB\n--b--\r\nepilogue";
        assert_eq!(multipart_bodies(body, "b"), vec![&b"A"[..], &b"B"[..]]);
    }
}
