//! A classic DNS client, asking servers directly as `dig @server` does: one question over UDP
//! (RFC 1035 §4.2.1), again over TCP when the reply is truncated (RFC 7766 §5), the next
//! server when one fails or says nothing within the time limit.

use super::servers::Server;
use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query};
use hickory_proto::rr::{DNSClass, Name, RData, Record};
use mta_sts::lookup::{
    DnsAnswer, DnsRecord, Lookup, LookupError, Rcode, RecordData, RecordType, Resolver,
};
use mta_sts::mx::MxHost;
use mta_sts::tlsa::{hex, Tlsa};
use std::hash::{BuildHasher, RandomState};
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};

/// The EDNS0 payload size announced: what fits in one packet on nearly every path
/// (DNS flag day 2020), so that large answers come truncated rather than fragmented.
pub const EDNS_PAYLOAD: u16 = 1232;

/// Datagrams with another id (late replies, forgeries) are skipped, but only this many.
const MAX_STRAY_DATAGRAMS: usize = 16;

/// The default time limit of one query to one server.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Asks one or more DNS servers, in order; each gets the whole time limit.
#[derive(Debug, Clone)]
pub struct DnsClient {
    servers: Vec<Server>,
    timeout: Duration,
}

impl DnsClient {
    /// Asks `servers` in order, the next one only when one fails or times out.
    pub fn new(servers: Vec<Server>, timeout: Duration) -> Result<DnsClient, String> {
        if servers.is_empty() {
            return Err("no DNS server to ask".into());
        }
        Ok(DnsClient { servers, timeout })
    }

    /// One server given as `ADDR[:PORT]` (see [`Server::parse`]).
    pub fn parse(addr: &str, timeout: Duration) -> Result<DnsClient, String> {
        DnsClient::new(vec![Server::parse(addr)?], timeout)
    }

    /// The servers of the system's configuration (see [`Server::from_system`]).
    pub fn system(timeout: Duration) -> Result<DnsClient, String> {
        DnsClient::new(Server::from_system()?, timeout)
    }

    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

impl Resolver for DnsClient {
    async fn query(&self, name: &str, rtype: RecordType, checking_disabled: bool) -> Lookup {
        let mut attempts = Vec::new();
        let qname = match absolute_name(name) {
            Ok(qname) => qname,
            Err(words) => {
                let label = self.servers.first().map_or("DNS", |s| s.label.as_str());
                return Err(LookupError::new(label, words));
            }
        };
        let question = Question {
            name: qname,
            rtype,
            checking_disabled,
        };
        for server in &self.servers {
            let asked = tokio::time::timeout(self.timeout, exchange(server.addr, &question));
            let words = match asked.await {
                Ok(Ok(reply)) => return Ok(answer(&reply, name, &question, &server.label)),
                Ok(Err(words)) => words,
                Err(_) => format!("timed out after {} ms", self.timeout.as_millis()),
            };
            attempts.push(format!("{}: {words}", server.label));
        }
        Err(LookupError { attempts })
    }
}

/// What is asked: the name as an absolute name, the type, and whether to ask with `cd=1`.
struct Question {
    name: Name,
    rtype: RecordType,
    checking_disabled: bool,
}

/// The name as an absolute DNS name, so that nothing is ever appended to it.
fn absolute_name(name: &str) -> Result<Name, String> {
    let mut qname =
        Name::from_ascii(name).map_err(|e| format!("{name:?} is not a DNS name ({e})"))?;
    qname.set_fqdn(true);
    Ok(qname)
}

/// One question to one server: over UDP, then over TCP when the reply is truncated.
async fn exchange(server: SocketAddr, question: &Question) -> Result<Message, String> {
    let reply = udp(server, question).await?;
    if !reply.truncated() {
        return Ok(reply);
    }
    // RFC 7766 §5: a truncated UDP reply is asked again over TCP.
    tcp(server, question).await
}

/// The query message: RD=1, AD=1 (RFC 6840 §5.7: asks the resolver to say whether the answer
/// validated), CD as asked, EDNS0 with our payload size (RFC 6891).
fn query_message(id: u16, question: &Question) -> Result<Vec<u8>, String> {
    let mut message = Message::new();
    message
        .set_id(id)
        .set_message_type(MessageType::Query)
        .set_op_code(OpCode::Query)
        .set_recursion_desired(true)
        .set_authentic_data(true)
        .set_checking_disabled(question.checking_disabled)
        .add_query(Query::query(
            question.name.clone(),
            question.rtype.code().into(),
        ));
    let mut edns = Edns::new();
    edns.set_max_payload(EDNS_PAYLOAD).set_version(0);
    message.set_edns(edns);
    message
        .to_vec()
        .map_err(|e| format!("cannot write the query ({e})"))
}

/// An id nobody off the path can guess (RFC 5452 §4.3): hashed by std's randomly keyed
/// SipHash from a counter, so no random number crate is needed.
fn random_id() -> u16 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    RandomState::new().hash_one(n) as u16
}

fn io_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => "connection refused".into(),
        io::ErrorKind::ConnectionReset => "connection reset".into(),
        _ => e.to_string(),
    }
}

async fn udp(server: SocketAddr, question: &Question) -> Result<Message, String> {
    let id = random_id();
    let query = query_message(id, question)?;
    let local: SocketAddr = if server.is_ipv4() {
        (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
    } else {
        (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
    };
    let socket = UdpSocket::bind(local).await.map_err(|e| io_words(&e))?;
    // Connected: datagrams from any other address are dropped by the system.
    socket.connect(server).await.map_err(|e| io_words(&e))?;
    socket.send(&query).await.map_err(|e| io_words(&e))?;
    // The largest datagram there is, so that no reply is cut by the buffer.
    let mut buf = vec![0u8; 65_535];
    // A datagram may be lost, the query or the reply (a busy server's buffer overflows): the
    // query is sent again, with the same id, after a second and then twice as long each time
    // (RFC 1536 §1), until the exchange's time limit cuts it short.
    let mut wait = FIRST_RETRANSMIT;
    let resend = tokio::time::sleep(wait);
    tokio::pin!(resend);
    let mut strays = 0;
    loop {
        tokio::select! {
            got = socket.recv(&mut buf) => {
                let n = got.map_err(|e| io_words(&e))?;
                let datagram = buf.get(..n).unwrap_or_default();
                if let Some(reply) = check_reply(datagram, id, question)? {
                    return Ok(reply);
                }
                strays += 1;
                if strays >= MAX_STRAY_DATAGRAMS {
                    return Err("too many replies that were not for this query".into());
                }
            }
            () = &mut resend => {
                socket.send(&query).await.map_err(|e| io_words(&e))?;
                wait *= 2;
                resend.as_mut().reset(tokio::time::Instant::now() + wait);
            }
        }
    }
}

/// When an unanswered UDP query is first sent again.
const FIRST_RETRANSMIT: std::time::Duration = std::time::Duration::from_secs(1);

async fn tcp(server: SocketAddr, question: &Question) -> Result<Message, String> {
    let id = random_id();
    let query = query_message(id, question)?;
    let mut stream = TcpStream::connect(server)
        .await
        .map_err(|e| format!("over TCP: {}", io_words(&e)))?;
    // RFC 1035 §4.2.2: each message is preceded by its length in two octets.
    let length = u16::try_from(query.len()).map_err(|_| "the query is too long".to_string())?;
    let mut framed = length.to_be_bytes().to_vec();
    framed.extend_from_slice(&query);
    stream
        .write_all(&framed)
        .await
        .map_err(|e| format!("over TCP: {}", io_words(&e)))?;
    let length = stream
        .read_u16()
        .await
        .map_err(|e| format!("over TCP: {}", io_words(&e)))?;
    let mut reply = vec![0u8; usize::from(length)];
    stream
        .read_exact(&mut reply)
        .await
        .map_err(|e| format!("over TCP: {}", io_words(&e)))?;
    check_reply(&reply, id, question)?
        .ok_or_else(|| "over TCP: the reply's id is not the query's".to_string())
}

/// The reply if it answers the query; `None` for a datagram with another id (skipped, RFC 5452
/// §9.1); an error for a reply with our id that does not answer our question.
fn check_reply(bytes: &[u8], id: u16, question: &Question) -> Result<Option<Message>, String> {
    let reply_id = match bytes {
        [a, b, ..] => u16::from_be_bytes([*a, *b]),
        _ => return Ok(None),
    };
    if reply_id != id {
        return Ok(None);
    }
    let reply =
        Message::from_vec(bytes).map_err(|e| format!("the reply could not be read ({e})"))?;
    let asked = reply.queries();
    let matches = reply.message_type() == MessageType::Response
        && asked.len() == 1
        && asked.iter().all(|q| {
            // Name comparison is case-insensitive (RFC 4343).
            q.name() == &question.name
                && u16::from(q.query_type()) == question.rtype.code()
                && q.query_class() == DNSClass::IN
        });
    if !matches {
        return Err("the reply did not match the question".into());
    }
    Ok(Some(reply))
}

/// The engine's answer from a reply.
fn answer(reply: &Message, asked_name: &str, question: &Question, label: &str) -> DnsAnswer {
    DnsAnswer {
        name: asked_name.to_owned(),
        rtype: question.rtype,
        rcode: Rcode::from_code(u16::from(reply.response_code())),
        authenticated: reply.authentic_data(),
        records: reply.answers().iter().map(record).collect(),
        resolver: label.to_owned(),
        checking_disabled: question.checking_disabled,
    }
}

/// One answer record: names with their trailing dot and in their ASCII form (A-labels, as DoH
/// resolvers write them: hickory's `Display` would turn `xn--` labels into Unicode, which no
/// host name check accepts), TXT as its character-strings, MX read, TLSA decoded from its
/// fields as the DoH decoder does (RFC 6698 §2.1), any other type in presentation form.
fn record(rr: &Record) -> DnsRecord {
    let data = match rr.data() {
        RData::TXT(txt) => RecordData::txt(
            txt.iter()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect(),
        ),
        RData::MX(mx) => RecordData::Mx(MxHost {
            preference: mx.preference(),
            exchange: mx.exchange().to_ascii(),
        }),
        RData::TLSA(t) => {
            let mut rdata = vec![
                u8::from(t.cert_usage()),
                u8::from(t.selector()),
                u8::from(t.matching()),
            ];
            rdata.extend_from_slice(t.cert_data());
            match Tlsa::from_rdata(&rdata) {
                Some(tlsa) => RecordData::Tlsa(tlsa),
                // Kept verbatim, in RFC 3597's generic form: a record without data.
                None => RecordData::UnreadableTlsa(format!("\\# {} {}", rdata.len(), hex(&rdata))),
            }
        }
        other => RecordData::Other(presentation(other)),
    };
    DnsRecord {
        name: rr.name().to_ascii(),
        rtype: u16::from(rr.record_type()),
        ttl: rr.ttl(),
        data,
    }
}

/// Record data in presentation form, the names in it in ASCII.
fn presentation(data: &RData) -> String {
    match data {
        RData::CNAME(name) => name.0.to_ascii(),
        RData::NS(name) => name.0.to_ascii(),
        RData::PTR(name) => name.0.to_ascii(),
        RData::ANAME(name) => name.0.to_ascii(),
        RData::SRV(srv) => format!(
            "{} {} {} {}",
            srv.priority(),
            srv.weight(),
            srv.port(),
            srv.target().to_ascii()
        ),
        RData::SOA(soa) => format!(
            "{} {} {} {} {} {} {}",
            soa.mname().to_ascii(),
            soa.rname().to_ascii(),
            soa.serial(),
            soa.refresh(),
            soa.retry(),
            soa.expire(),
            soa.minimum()
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> Question {
        Question {
            name: absolute_name("_mta-sts.example.com").unwrap(),
            rtype: RecordType::Txt,
            checking_disabled: false,
        }
    }

    /// A reply to `question()` with id 7 and one TXT record.
    fn reply_bytes() -> Vec<u8> {
        let q = question();
        let mut reply = Message::new();
        reply
            .set_id(7)
            .set_message_type(MessageType::Response)
            .add_query(Query::query(
                q.name.clone(),
                hickory_proto::rr::RecordType::TXT,
            ))
            .add_answer(Record::from_rdata(
                q.name.clone(),
                60,
                RData::TXT(hickory_proto::rr::rdata::TXT::new(vec![
                    "v=STSv1; id=1".into()
                ])),
            ));
        reply.to_vec().unwrap()
    }

    #[test]
    fn replies_are_checked_against_the_query() {
        let q = question();
        let bytes = reply_bytes();
        let reply = check_reply(&bytes, 7, &q).unwrap().unwrap();
        let answer = answer(&reply, "_mta-sts.example.com", &q, "test");
        assert_eq!(answer.records[0].data.text(), "v=STSv1; id=1");
        // Another id: not for us, skipped.
        assert_eq!(check_reply(&bytes, 8, &q), Ok(None));
        // Our id, another question.
        let other = Question {
            rtype: RecordType::Mx,
            ..question()
        };
        assert_eq!(
            check_reply(&bytes, 7, &other),
            Err("the reply did not match the question".into())
        );
        // Our id, but not a DNS message.
        assert!(check_reply(&[0, 7, 0xff], 7, &q)
            .unwrap_err()
            .starts_with("the reply could not be read"));
        assert_eq!(check_reply(&[0], 7, &q), Ok(None));
    }

    #[test]
    fn a_hostile_reply_never_panics() {
        let q = question();
        let bytes = reply_bytes();
        // Every prefix, and every single byte set to a few telling values.
        for n in 0..bytes.len() {
            let _ = check_reply(bytes.get(..n).unwrap(), 7, &q);
        }
        for i in 2..bytes.len() {
            for value in [0x00, 0x01, 0x3f, 0x40, 0xc0, 0xff] {
                let mut bad = bytes.clone();
                bad[i] = value;
                if let Ok(Some(reply)) = check_reply(&bad, 7, &q) {
                    let _ = answer(&reply, "_mta-sts.example.com", &q, "test");
                }
            }
        }
    }

    #[test]
    fn ids_vary() {
        let ids: std::collections::HashSet<u16> = (0..64).map(|_| random_id()).collect();
        assert!(ids.len() > 50, "{}", ids.len());
    }
}
