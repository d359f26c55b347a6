//! One MX host on port 25: the banner, EHLO, STARTTLS when offered, the TLS handshake with
//! SNI set to the MX host name (RFC 8461 §4.2 checks the certificate against that name), then
//! QUIT. No MAIL, RCPT or DATA is ever sent.

use crate::config::{Network, Timeouts};
use crate::net::{self, Deadline};
use mta_sts::relay::{MxProbe, ProbeError, Stage};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// A reply line longer than this is refused (RFC 5321 §4.5.3.1.5 allows 512).
const MAX_LINE: usize = 2048;
/// A multi-line reply with more lines than this is refused.
const MAX_LINES: usize = 64;
/// QUIT is a courtesy: its answer is not waited for long.
const QUIT_WAIT: Duration = Duration::from_secs(2);

/// Probes `host` (already a validated host name).
pub async fn probe_mx(
    net: &Network,
    timeouts: &Timeouts,
    ehlo_name: &str,
    host: &str,
    preference: u16,
) -> MxProbe {
    let mut out = MxProbe {
        host: host.to_owned(),
        preference,
        ..MxProbe::default()
    };
    let deadline = Deadline::after(timeouts.mx_total);
    if let Err(e) = probe(net, timeouts, &deadline, ehlo_name, &mut out).await {
        out.error = Some(e);
    }
    out
}

async fn probe(
    net: &Network,
    timeouts: &Timeouts,
    deadline: &Deadline,
    ehlo_name: &str,
    out: &mut MxProbe,
) -> Result<(), ProbeError> {
    let host = out.host.clone();
    let addresses = net::allowed_addresses(net, timeouts, deadline, &host).await?;
    out.addresses = addresses.iter().map(ToString::to_string).collect();
    let (tcp, ip) = net::connect(&addresses, net.smtp_port, timeouts, deadline).await?;
    out.address = Some(ip.to_string());
    out.address_kind = crate::address::non_public(ip).map(str::to_owned);
    let mut smtp = Conversation {
        stream: tcp,
        buf: Vec::new(),
        timeouts,
        deadline,
    };

    let banner = smtp.reply("banner").await?;
    out.banner = Some(banner.text());
    if banner.code != 220 {
        return Err(smtp_error(format!(
            "the greeting is not 220: {}",
            banner.text()
        )));
    }
    smtp.send(&format!("EHLO {ehlo_name}")).await?;
    let ehlo = smtp.reply("EHLO").await?;
    out.ehlo = Some(ehlo.text());
    if ehlo.code != 250 {
        return Err(smtp_error(format!("EHLO was refused: {}", ehlo.text())));
    }
    let offered = ehlo.keywords().any(|k| k.eq_ignore_ascii_case("STARTTLS"));
    out.starttls_offered = Some(offered);
    if !offered {
        smtp.quit().await;
        return Ok(());
    }
    smtp.send("STARTTLS").await?;
    let ready = smtp.reply("STARTTLS").await?;
    if ready.code != 220 {
        // Offered, then refused (454 TLS not available): no TLS for senders either.
        return Err(ProbeError {
            stage: Stage::Tls,
            message: format!("STARTTLS was refused: {}", ready.text()),
            timed_out: false,
        });
    }
    if !smtp.buf.is_empty() {
        // RFC 3207 §4.2: nothing may follow the 220 before the handshake (injection).
        return Err(smtp_error(
            "the server sent data after its reply to STARTTLS, before the TLS handshake".into(),
        ));
    }

    let (certificate, handshake) =
        net::tls_handshake(net, &host, smtp.stream, (false, false), timeouts, deadline).await;
    out.certificate = certificate;
    let tls = handshake?;
    let (_, session) = tls.get_ref();
    out.tls_version = session.protocol_version().map(|v| match v {
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".to_owned(),
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".to_owned(),
        other => format!("{other:?}"),
    });
    out.cipher = session
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()));
    let mut secure = Conversation {
        stream: tls,
        buf: Vec::new(),
        timeouts,
        deadline,
    };
    secure.quit().await;
    let _ = secure.stream.shutdown().await;
    Ok(())
}

fn smtp_error(message: String) -> ProbeError {
    ProbeError {
        stage: Stage::Smtp,
        message,
        timed_out: false,
    }
}

/// An SMTP reply: its code and its lines as received (without line ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub lines: Vec<String>,
}

impl Reply {
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// The EHLO keywords: the first word of every line after the first (RFC 5321 §4.1.1.1).
    pub fn keywords(&self) -> impl Iterator<Item = &str> {
        self.lines
            .iter()
            .skip(1)
            .filter_map(|l| l.get(4..))
            .filter_map(|rest| rest.split_whitespace().next())
    }
}

struct Conversation<'a, S> {
    stream: S,
    /// Bytes received and not yet consumed.
    buf: Vec<u8>,
    timeouts: &'a Timeouts,
    deadline: &'a Deadline,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Conversation<'_, S> {
    async fn send(&mut self, command: &str) -> Result<(), ProbeError> {
        let line = format!("{command}\r\n");
        let stream = &mut self.stream;
        self.deadline
            .run(self.timeouts.smtp_reply, Stage::Smtp, command, async {
                stream
                    .write_all(line.as_bytes())
                    .await
                    .map_err(|e| format!("sending {command}: {e}"))
            })
            .await
    }

    async fn reply(&mut self, what: &str) -> Result<Reply, ProbeError> {
        let Conversation { stream, buf, .. } = self;
        self.deadline
            .run(
                self.timeouts.smtp_reply,
                Stage::Smtp,
                &format!("reply to {what}"),
                read_reply(stream, buf),
            )
            .await
    }

    /// Says goodbye; whatever happens is of no consequence.
    async fn quit(&mut self) {
        let Conversation { stream, buf, .. } = self;
        let _ = tokio::time::timeout(QUIT_WAIT, async {
            if stream.write_all(b"QUIT\r\n").await.is_ok() {
                let _ = read_reply(stream, buf).await;
            }
        })
        .await;
    }
}

/// Reads one reply, however many lines (`250-…` continues, `250 …` ends it).
pub async fn read_reply<S: AsyncRead + Unpin>(
    stream: &mut S,
    buf: &mut Vec<u8>,
) -> Result<Reply, String> {
    let mut lines = Vec::new();
    let mut code = None;
    loop {
        let line = read_line(stream, buf).await?;
        let parsed = parse_line(&line).ok_or_else(|| format!("not an SMTP reply: {line:?}"))?;
        if *code.get_or_insert(parsed.0) != parsed.0 {
            return Err(format!("reply codes differ within one reply: {line:?}"));
        }
        lines.push(line);
        if parsed.1 {
            return Ok(Reply {
                code: parsed.0,
                lines,
            });
        }
        if lines.len() >= MAX_LINES {
            return Err(format!("a reply of more than {MAX_LINES} lines"));
        }
    }
}

/// `Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF`
/// (RFC 5321 §4.2): the code, and whether this line ends the reply.
pub fn parse_line(line: &str) -> Option<(u16, bool)> {
    let digits = line.get(..3)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let code = digits.parse().ok()?;
    match line.as_bytes().get(3) {
        None | Some(b' ') => Some((code, true)),
        Some(b'-') => Some((code, false)),
        Some(_) => None,
    }
}

/// One line without its line end (CRLF, or a bare LF from a lenient server).
async fn read_line<S: AsyncRead + Unpin>(
    stream: &mut S,
    buf: &mut Vec<u8>,
) -> Result<String, String> {
    loop {
        if let Some(end) = buf.iter().position(|b| *b == b'\n') {
            let rest = buf.split_off(end + 1);
            let mut line = std::mem::replace(buf, rest);
            line.truncate(end);
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(String::from_utf8_lossy(&line).into_owned());
        }
        if buf.len() > MAX_LINE {
            return Err(format!("a reply line longer than {MAX_LINE} bytes"));
        }
        let mut chunk = [0u8; 1024];
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|e| format!("reading: {e}"))?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_lines_known_answers() {
        for (line, want) in [
            ("220 mx.example.com ESMTP", Some((220, true))),
            ("250-mx.example.com", Some((250, false))),
            ("250 STARTTLS", Some((250, true))),
            ("250", Some((250, true))),
            ("25", None),
            ("2x0 hello", None),
            ("250_x", None),
            ("", None),
            ("é50 x", None),
        ] {
            assert_eq!(parse_line(line), want, "{line:?}");
        }
    }

    #[tokio::test]
    async fn multi_line_replies_and_keywords() {
        let mut input: &[u8] =
            b"250-mx.example.com Hello\r\n250-PIPELINING\r\n250-STARTTLS\n250 SIZE 1000\r\n220 next";
        let mut buf = Vec::new();
        let reply = read_reply(&mut input, &mut buf).await.unwrap();
        assert_eq!(reply.code, 250);
        assert_eq!(reply.lines.len(), 4);
        let keywords: Vec<&str> = reply.keywords().collect();
        assert_eq!(keywords, ["PIPELINING", "STARTTLS", "SIZE"]);
        // The rest stays for the next reply; without its line end it cannot complete.
        assert!(read_reply(&mut input, &mut buf).await.is_err());
    }

    #[tokio::test]
    async fn bad_replies_are_errors_not_panics() {
        let long = format!("250-{}\r\n", "x".repeat(MAX_LINE + 10));
        let many = "250-x\r\n".repeat(MAX_LINES + 1);
        for input in [
            "hello\r\n".to_owned(),
            "250-a\r\n354 b\r\n".to_owned(),
            long,
            many,
            String::new(),
        ] {
            let mut bytes = input.as_bytes();
            let mut buf = Vec::new();
            assert!(
                read_reply(&mut bytes, &mut buf).await.is_err(),
                "{:?}",
                input.get(..20)
            );
        }
    }
}
