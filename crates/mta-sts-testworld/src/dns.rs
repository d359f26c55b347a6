//! A DNS server on loopback (UDP and TCP on one random port of 127.0.0.1), answering from a
//! zone built in code as a recursive resolver would: CNAMEs within the zone followed, NXDOMAIN
//! for names that do not exist, and per-name behaviours (SERVFAIL unless `cd=1`, AD=1, no
//! answer at all, a reply to another question). Answers too large for the UDP payload are sent
//! truncated (TC=1) over UDP and whole over TCP. It counts what it was asked. Its tasks are
//! aborted when the handle is dropped.

use hickory_proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, MX, TLSA, TXT};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::task::{JoinHandle, JoinSet};

const TTL: u32 = 300;
/// A CNAME chain longer than this is cut, as resolvers do.
const MAX_CNAMES: usize = 8;
/// Messages answered on one TCP connection.
const MAX_TCP_MESSAGES: usize = 64;

/// The zone's key for a name: lower case, no trailing dot.
fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn fqdn(name: &str) -> Name {
    let mut n = Name::from_ascii(name).expect("a fixture name");
    n.set_fqdn(true);
    n
}

/// The fixture data and behaviours, by name.
#[derive(Debug, Default, Clone)]
pub struct Zone {
    records: HashMap<String, Vec<Record>>,
    cnames: HashMap<String, Record>,
    /// Every name that exists: owners of records and their ancestors (empty non-terminals
    /// answer NOERROR with no records, RFC 8020).
    existing: HashSet<String>,
    servfail: HashSet<String>,
    signed: HashSet<String>,
    silent: HashSet<String>,
    wrong_question: HashSet<String>,
    /// Names whose first UDP query goes unanswered, and those already dropped.
    lossy: HashSet<String>,
    /// Refuse every query, as a server that does not recurse for this client does.
    refuse_all: bool,
    dropped: Arc<Mutex<HashSet<String>>>,
}

impl Zone {
    fn add(mut self, name: &str, rdata: RData) -> Zone {
        self.exists(name);
        let record = Record::from_rdata(fqdn(name), TTL, rdata);
        self.records.entry(key(name)).or_default().push(record);
        self
    }

    fn exists(&mut self, name: &str) {
        let mut rest = key(name);
        loop {
            if !self.existing.insert(rest.clone()) {
                // Its ancestors are in already.
                return;
            }
            match rest.split_once('.') {
                Some((_, parent)) => rest = parent.to_owned(),
                None => return,
            }
        }
    }

    /// A TXT record of these character-strings (each at most 255 bytes).
    pub fn txt(self, name: &str, strings: &[&str]) -> Zone {
        let txt = TXT::new(strings.iter().map(|s| (*s).to_owned()).collect());
        self.add(name, RData::TXT(txt))
    }

    pub fn mx(self, name: &str, preference: u16, exchange: &str) -> Zone {
        self.add(name, RData::MX(MX::new(preference, fqdn(exchange))))
    }

    pub fn a(self, name: &str, ip: Ipv4Addr) -> Zone {
        self.add(name, RData::A(A(ip)))
    }

    pub fn aaaa(self, name: &str, ip: Ipv6Addr) -> Zone {
        self.add(name, RData::AAAA(AAAA(ip)))
    }

    /// A TLSA record (RFC 6698 §2.1): usage, selector, matching type and the association data,
    /// as given (any values, any length: fixtures for records senders cannot use).
    pub fn tlsa(self, name: &str, usage: u8, selector: u8, matching: u8, data: &[u8]) -> Zone {
        let tlsa = TLSA::new(
            usage.into(),
            selector.into(),
            matching.into(),
            data.to_vec(),
        );
        self.add(name, RData::TLSA(tlsa))
    }

    /// `name` is an alias of `target`.
    pub fn cname(mut self, name: &str, target: &str) -> Zone {
        self.exists(name);
        let record = Record::from_rdata(fqdn(name), TTL, RData::CNAME(CNAME(fqdn(target))));
        self.cnames.insert(key(name), record);
        self
    }

    /// SERVFAIL for `name`, unless asked with `cd=1`: how a resolver answers when DNSSEC
    /// validation fails.
    pub fn servfail(mut self, name: &str) -> Zone {
        self.exists(name);
        self.servfail.insert(key(name));
        self
    }

    /// AD=1 in answers for `name`: the resolver validated them.
    pub fn signed(mut self, name: &str) -> Zone {
        self.signed.insert(key(name));
        self
    }

    /// No answer at all for `name`, over UDP or TCP.
    pub fn silent(mut self, name: &str) -> Zone {
        self.silent.insert(key(name));
        self
    }

    /// REFUSED for every query: a server that will not recurse for this client.
    pub fn refuse_all(mut self) -> Zone {
        self.refuse_all = true;
        self
    }

    /// The first UDP query for `name` (any type) is lost; later ones are answered.
    pub fn lossy(mut self, name: &str) -> Zone {
        self.lossy.insert(key(name));
        self
    }

    /// Answers for `name` carry another question (`wrong.invalid.`).
    pub fn wrong_question(mut self, name: &str) -> Zone {
        self.wrong_question.insert(key(name));
        self
    }

    /// The reply to `query`, as bytes; `None` to stay silent. Over UDP, a reply larger than the
    /// query's payload size (512 without EDNS, RFC 1035 §4.2.1) goes with TC=1 and no records.
    fn reply(&self, query: &Message, over_tcp: bool) -> Option<Vec<u8>> {
        let question = query.queries().first()?;
        let asked = key(&question.name().to_ascii());
        if self.silent.contains(&asked) {
            return None;
        }
        if !over_tcp
            && self.lossy.contains(&asked)
            && self.dropped.lock().unwrap().insert(asked.clone())
        {
            return None;
        }
        let mut reply = Message::new();
        reply
            .set_id(query.id())
            .set_message_type(MessageType::Response)
            .set_op_code(OpCode::Query)
            .set_recursion_desired(query.recursion_desired())
            .set_recursion_available(true)
            .set_checking_disabled(query.checking_disabled());
        if self.wrong_question.contains(&asked) {
            let mut other = question.clone();
            other.set_name(fqdn("wrong.invalid"));
            reply.add_query(other);
        } else {
            reply.add_query(question.clone());
        }
        if query.extensions().is_some() {
            let mut edns = Edns::new();
            edns.set_max_payload(1232).set_version(0);
            reply.set_edns(edns);
        }
        if self.refuse_all {
            reply.set_response_code(ResponseCode::Refused);
        } else if self.servfail.contains(&asked) && !query.checking_disabled() {
            reply.set_response_code(ResponseCode::ServFail);
        } else {
            self.resolve(&asked, question.query_type(), &mut reply);
        }
        let bytes = reply.to_vec().ok()?;
        let limit = usize::from(query.max_payload().max(512));
        if over_tcp || bytes.len() <= limit {
            return Some(bytes);
        }
        reply.answers_mut().clear();
        reply.set_truncated(true);
        reply.to_vec().ok()
    }

    /// Answers as a recursive resolver: the CNAME chain within the zone, then the records of
    /// the type at its end (RFC 1034 §4.3.2); the rcode is that of the last name (RFC 6604).
    fn resolve(&self, asked: &str, rtype: RecordType, reply: &mut Message) {
        let mut name = asked.to_owned();
        let mut authenticated = self.signed.contains(&name);
        for _ in 0..MAX_CNAMES {
            if rtype == RecordType::CNAME {
                break;
            }
            let Some(cname) = self.cnames.get(&name) else {
                break;
            };
            reply.add_answer(cname.clone());
            name = match cname.data() {
                RData::CNAME(target) => key(&target.0.to_ascii()),
                _ => break,
            };
            authenticated &= self.signed.contains(&name);
        }
        if rtype == RecordType::CNAME {
            if let Some(cname) = self.cnames.get(&name) {
                reply.add_answer(cname.clone());
            }
        }
        if !self.existing.contains(&name) {
            reply.set_response_code(ResponseCode::NXDomain);
        }
        if let Some(records) = self.records.get(&name) {
            reply.add_answers(records.iter().filter(|r| r.record_type() == rtype).cloned());
        }
        reply.set_authentic_data(authenticated);
    }
}

/// One question the server was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    /// Lower case, without the trailing dot.
    pub name: String,
    /// "TXT", "MX", …
    pub rtype: String,
    pub checking_disabled: bool,
    /// The query's RD and AD bits, and its EDNS payload size (`None`: no EDNS).
    pub recursion_desired: bool,
    pub authentic_data: bool,
    pub edns_payload: Option<u16>,
    pub tcp: bool,
}

/// A running DNS server: its address, and what it was asked. Dropping it stops it.
pub struct DnsServer {
    pub addr: SocketAddr,
    asked: Arc<Mutex<Vec<Asked>>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl DnsServer {
    /// Serves `zone` on UDP and TCP on one port of 127.0.0.1.
    pub async fn start(zone: Zone) -> DnsServer {
        let zone = Arc::new(zone);
        let asked = Arc::new(Mutex::new(Vec::new()));
        let (udp, tcp) = bind_both().await;
        let addr = udp.local_addr().unwrap();
        let tasks = vec![
            tokio::spawn(serve_udp(udp, zone.clone(), asked.clone())),
            tokio::spawn(serve_tcp(tcp, zone, asked.clone())),
        ];
        DnsServer { addr, asked, tasks }
    }

    /// The address as the client takes it: `127.0.0.1:PORT`.
    pub fn addr_text(&self) -> String {
        self.addr.to_string()
    }

    /// Every question, in the order seen.
    pub fn asked(&self) -> Vec<Asked> {
        self.asked.lock().unwrap().clone()
    }

    /// How many times `name` was asked for `rtype` ("TXT"), by any transport.
    pub fn count(&self, name: &str, rtype: &str) -> usize {
        let name = key(name);
        self.asked
            .lock()
            .unwrap()
            .iter()
            .filter(|a| a.name == name && a.rtype == rtype)
            .count()
    }

    /// How many times `name` was asked for `rtype` with `cd=1`.
    pub fn count_cd(&self, name: &str, rtype: &str) -> usize {
        let name = key(name);
        self.asked
            .lock()
            .unwrap()
            .iter()
            .filter(|a| a.name == name && a.rtype == rtype && a.checking_disabled)
            .count()
    }

    /// How many questions came over TCP.
    pub fn tcp_count(&self) -> usize {
        self.asked.lock().unwrap().iter().filter(|a| a.tcp).count()
    }

    pub fn total(&self) -> usize {
        self.asked.lock().unwrap().len()
    }
}

/// A UDP socket and a TCP listener on the same free port.
async fn bind_both() -> (UdpSocket, TcpListener) {
    for _ in 0..20 {
        let udp = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
        let port = udp.local_addr().unwrap().port();
        if let Ok(tcp) = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
            return (udp, tcp);
        }
    }
    panic!("no free port for both UDP and TCP");
}

fn log(asked: &Mutex<Vec<Asked>>, query: &Message, tcp: bool) {
    if let Some(q) = query.queries().first() {
        asked.lock().unwrap().push(Asked {
            name: key(&q.name().to_ascii()),
            rtype: q.query_type().to_string(),
            checking_disabled: query.checking_disabled(),
            recursion_desired: query.recursion_desired(),
            authentic_data: query.authentic_data(),
            edns_payload: query.extensions().as_ref().map(Edns::max_payload),
            tcp,
        });
    }
}

async fn serve_udp(socket: UdpSocket, zone: Arc<Zone>, asked: Arc<Mutex<Vec<Asked>>>) {
    let mut buf = vec![0u8; 65_535];
    loop {
        let Ok((n, from)) = socket.recv_from(&mut buf).await else {
            // E.g. a port-unreachable left by a client that went away; never spin on it.
            tokio::time::sleep(Duration::from_millis(1)).await;
            continue;
        };
        let Ok(query) = Message::from_vec(&buf[..n]) else {
            continue;
        };
        log(&asked, &query, false);
        if let Some(reply) = zone.reply(&query, false) {
            let _ = socket.send_to(&reply, from).await;
        }
    }
}

async fn serve_tcp(listener: TcpListener, zone: Arc<Zone>, asked: Arc<Mutex<Vec<Asked>>>) {
    // Dropped with this task, which aborts every connection still open.
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors, say: wait for some to be closed rather than spin.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        while connections.try_join_next().is_some() {}
        let (zone, asked) = (zone.clone(), asked.clone());
        connections.spawn(async move {
            let _ = tokio::time::timeout(
                Duration::from_secs(10),
                serve_connection(stream, &zone, &asked),
            )
            .await;
        });
    }
}

/// RFC 1035 §4.2.2: messages preceded by their length in two octets.
async fn serve_connection(mut stream: TcpStream, zone: &Zone, asked: &Mutex<Vec<Asked>>) {
    for _ in 0..MAX_TCP_MESSAGES {
        let Ok(length) = stream.read_u16().await else {
            return;
        };
        let mut buf = vec![0u8; usize::from(length)];
        if stream.read_exact(&mut buf).await.is_err() {
            return;
        }
        let Ok(query) = Message::from_vec(&buf) else {
            return;
        };
        log(asked, &query, true);
        let Some(reply) = zone.reply(&query, true) else {
            continue;
        };
        let Ok(length) = u16::try_from(reply.len()) else {
            return;
        };
        let mut framed = length.to_be_bytes().to_vec();
        framed.extend_from_slice(&reply);
        if stream.write_all(&framed).await.is_err() {
            return;
        }
    }
}
