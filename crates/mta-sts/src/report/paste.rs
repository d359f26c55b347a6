//! What a person pastes into the policy editor: a policy body, or the whole output of
//! `curl -si https://mta-sts.<domain>/.well-known/mta-sts.txt` (status line and headers
//! included). Pasted headers and status count as evidence for the fetch checks; a body alone
//! only for the policy content.

use crate::finding::Provenance;
use crate::lookup::{policy_url, FetchOutcome, PolicyObservation};

/// A paste, split into what `curl -si` printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastedPolicy {
    /// The status of the last response in the paste; `None` when only a body was pasted.
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub location: Option<String>,
    /// The body, byte for byte as pasted.
    pub body: Vec<u8>,
}

impl PastedPolicy {
    /// The paste as a fetch, when it has a status line: it then stands in for the fetch.
    pub fn observation(&self, domain: &str) -> Option<PolicyObservation> {
        let status = self.status?;
        let outcome = if (300..400).contains(&status) {
            FetchOutcome::Redirect {
                status: Some(status),
                location: self.location.clone(),
            }
        } else {
            FetchOutcome::Read {
                status,
                content_type: self.content_type.clone(),
                body: self.body.clone(),
                truncated: false,
                size: u64::try_from(self.body.len()).ok(),
            }
        };
        Some(PolicyObservation {
            url: policy_url(domain),
            outcome,
            provenance: Provenance::Pasted,
            elapsed_ms: None,
        })
    }
}

/// Splits a paste. Text that starts (after blank space) with `HTTP/` and a status code is read
/// as `curl -si` output: one or more header blocks (`100 Continue`, a proxy's `CONNECT`
/// answer), each ended by an empty line, then the body. Anything else is a body, kept exactly.
pub fn parse_pasted(text: &[u8]) -> PastedPolicy {
    let body_only = PastedPolicy {
        status: None,
        content_type: None,
        location: None,
        body: text.to_vec(),
    };
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let mut rest = text.get(start..).unwrap_or_default();
    let mut parsed: Option<PastedPolicy> = None;
    while rest.starts_with(b"HTTP/") {
        let (head, body) = split_head(rest);
        let Some(block) = parse_head(head) else { break };
        parsed = Some(PastedPolicy {
            body: body.to_vec(),
            ..block
        });
        rest = body;
    }
    parsed.unwrap_or(body_only)
}

/// Splits at the first empty line (CRLF CRLF, or LF LF when line ends were normalised).
fn split_head(text: &[u8]) -> (&[u8], &[u8]) {
    let crlf = find(text, b"\r\n\r\n").map(|i| (i, 4));
    let lf = find(text, b"\n\n").map(|i| (i, 2));
    let cut = match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    match cut {
        Some((i, n)) => (
            text.get(..i).unwrap_or_default(),
            text.get(i + n..).unwrap_or_default(),
        ),
        None => (text, &[]),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(head: &[u8]) -> Option<PastedPolicy> {
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines().map(|l| l.trim_end_matches('\r'));
    let status_line = lines.next()?;
    let code = status_line.split_whitespace().nth(1)?;
    let status = code
        .parse::<u16>()
        .ok()
        .filter(|s| (100..600).contains(s) && code.len() == 3)?;
    let mut block = PastedPolicy {
        status: Some(status),
        content_type: None,
        location: None,
        body: Vec::new(),
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_owned();
        if name.trim().eq_ignore_ascii_case("content-type") {
            block.content_type = Some(value);
        } else if name.trim().eq_ignore_ascii_case("location") {
            block.location = Some(value);
        }
    }
    Some(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (paste, status, content type, body)
    type Case = (
        &'static [u8],
        Option<u16>,
        Option<&'static str>,
        &'static [u8],
    );

    #[test]
    fn pastes_split_as_curl_prints_them() {
        let cases: [Case; 6] = [
            (b"version: STSv1\nmode: testing\n", None, None, b"version: STSv1\nmode: testing\n"),
            (
                b"HTTP/2 200 \r\ncontent-type: text/plain; charset=utf-8\r\n\r\nversion: STSv1\r\n",
                Some(200),
                Some("text/plain; charset=utf-8"),
                b"version: STSv1\r\n",
            ),
            (
                b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<h1>",
                Some(404),
                Some("text/html"),
                b"<h1>",
            ),
            (b"\nHTTP/1.1 200 OK\nContent-Type: TEXT/PLAIN\n\nmx: a\n", Some(200), Some("TEXT/PLAIN"), b"mx: a\n"),
            (b"HTTP/1.1 200 OK\r\n", Some(200), None, b""),
            (b"HTTP/x nonsense\n\nbody", None, None, b"HTTP/x nonsense\n\nbody"),
        ];
        for (paste, status, ct, body) in cases {
            let p = parse_pasted(paste);
            assert_eq!(p.status, status, "{paste:?}");
            assert_eq!(p.content_type.as_deref(), ct, "{paste:?}");
            assert_eq!(p.body, body, "{paste:?}");
        }
    }

    #[test]
    fn a_pasted_redirect_is_a_redirect() {
        let p = parse_pasted(b"HTTP/1.1 301 Moved\r\nLocation: https://www.example.com/\r\n\r\n");
        let obs = p.observation("example.com").map(|o| o.outcome);
        assert_eq!(
            obs,
            Some(FetchOutcome::Redirect {
                status: Some(301),
                location: Some("https://www.example.com/".into())
            })
        );
    }

    proptest::proptest! {
        #[test]
        fn any_paste_is_split_without_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let mut text = b"HTTP/1.1 200 OK\r\n".to_vec();
            text.extend_from_slice(&bytes);
            let _ = parse_pasted(&text);
            let _ = parse_pasted(&bytes);
        }
    }
}
