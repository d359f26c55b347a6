//! Test fixtures on loopback only: a test CA (rcgen), a resolver that maps names to loopback
//! addresses, an HTTPS policy host (which also plays a DoH provider) and an SMTP server
//! speaking STARTTLS, a small HTTP client for the relay, and a DNS server ([`dns`]). Every
//! server accepts a bounded number of connections and every loop has a bound, except the DNS
//! server's, which stop when its handle is dropped; so nothing outlives its test. Shared by the
//! tests of `mta-sts-native`, `mta-sts-relay` and the `mta-sts` command line.

pub mod dns;

use futures_util::future::BoxFuture;
use mta_sts_native::address::AddressPolicy;
use mta_sts_native::config::{Network, Timeouts};
use mta_sts_native::resolve::{MxAnswer, Resolve};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertifiedIssuer, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{RootCertStore, ServerConfig};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

pub const DOMAIN: &str = "example.test";
pub const POLICY_HOST: &str = "mta-sts.example.test";
pub const MX_HOST: &str = "mx.example.test";
pub const POLICY: &str =
    "version: STSv1\r\nmode: enforce\r\nmx: mx.example.test\r\nmax_age: 604800\r\n";
pub const LOOPBACK: &str = "127.0.0.1";
/// The name the probes send in EHLO.
pub const EHLO_NAME: &str = "probe.example.test";

/// A certificate and its key, as a server presents them.
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

impl Clone for Identity {
    fn clone(&self) -> Identity {
        Identity {
            chain: self.chain.clone(),
            key: self.key.clone_key(),
        }
    }
}

/// A test certificate authority.
pub struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Ca {
    pub fn new(name: &str) -> Ca {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        params.not_before = date_time_ymd(2000, 1, 1);
        params.not_after = date_time_ymd(2099, 12, 31);
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Ca { issuer }
    }

    /// The CA certificate in PEM, for a program told to trust it (`mta-sts check --ca-file`).
    pub fn pem(&self) -> String {
        self.issuer.pem()
    }

    pub fn roots(&self) -> RootCertStore {
        let mut roots = RootCertStore::empty();
        roots.add(self.issuer.der().clone()).unwrap();
        roots
    }

    /// A server certificate for `names`, valid from `from` to `until` (years).
    pub fn issue(&self, names: &[&str], from: i32, until: i32) -> Identity {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut params = CertificateParams::new(names.clone()).unwrap();
        params.distinguished_name.push(
            DnType::CommonName,
            names.first().cloned().unwrap_or_default(),
        );
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.not_before = date_time_ymd(from, 1, 1);
        params.not_after = date_time_ymd(until, 1, 1);
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &*self.issuer).unwrap();
        Identity {
            chain: vec![cert.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        }
    }

    /// A certificate for `name` that expires `days` days from now (valid since 2020).
    pub fn expiring(&self, name: &str, days: i64) -> Identity {
        let mut params = CertificateParams::new(vec![name.to_owned()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.not_before = date_time_ymd(2020, 1, 1);
        params.not_after = time::OffsetDateTime::now_utc() + time::Duration::days(days);
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &*self.issuer).unwrap();
        Identity {
            chain: vec![cert.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        }
    }

    /// A good certificate for `name`, valid 2020–2099.
    pub fn good(&self, name: &str) -> Identity {
        self.issue(&[name], 2020, 2099)
    }

    /// `id` with this CA's certificate after its own, as a server that sends its chain.
    pub fn chained(&self, mut id: Identity) -> Identity {
        id.chain.push(self.issuer.der().clone());
        id
    }
}

/// Names to loopback addresses, and a count of the questions asked.
#[derive(Debug, Default)]
pub struct MapResolver {
    pub mx: HashMap<String, MxAnswer>,
    pub hosts: HashMap<String, Vec<IpAddr>>,
    /// Answers for the second and later lookups of a name (DNS rebinding).
    pub later: HashMap<String, Vec<IpAddr>>,
    pub lookups: Mutex<Vec<String>>,
}

impl MapResolver {
    pub fn host(mut self, name: &str, ips: &[&str]) -> MapResolver {
        self.hosts.insert(
            name.to_owned(),
            ips.iter().map(|ip| ip.parse().unwrap()).collect(),
        );
        self
    }

    pub fn mx(mut self, domain: &str, answer: MxAnswer) -> MapResolver {
        self.mx.insert(domain.to_owned(), answer);
        self
    }

    pub fn lookups(&self) -> Vec<String> {
        self.lookups.lock().unwrap().clone()
    }

    /// How many probes ran: each begins with the domain's MX lookup.
    pub fn probes(&self) -> usize {
        self.lookups()
            .iter()
            .filter(|l| l.starts_with("MX"))
            .count()
    }
}

impl Resolve for MapResolver {
    fn mx<'a>(&'a self, domain: &'a str) -> BoxFuture<'a, Result<MxAnswer, String>> {
        self.lookups.lock().unwrap().push(format!("MX {domain}"));
        let answer = self.mx.get(domain).cloned().unwrap_or(MxAnswer::NoDomain);
        Box::pin(async move { Ok(answer) })
    }

    fn addresses<'a>(&'a self, host: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, String>> {
        let mut lookups = self.lookups.lock().unwrap();
        let asked_before = lookups.iter().any(|l| l == &format!("A/AAAA {host}"));
        lookups.push(format!("A/AAAA {host}"));
        let answer = match self.later.get(host) {
            Some(later) if asked_before => later.clone(),
            _ => self.hosts.get(host).cloned().unwrap_or_default(),
        };
        Box::pin(async move { Ok(answer) })
    }
}

/// The tests' address policy: loopback only (never anything off this machine).
#[derive(Debug)]
pub struct LoopbackOnly;

impl AddressPolicy for LoopbackOnly {
    fn check(&self, ip: IpAddr) -> Result<(), String> {
        if ip.is_loopback() {
            Ok(())
        } else {
            Err(format!("{ip} is not loopback"))
        }
    }
}

/// Exactly one address.
#[derive(Debug)]
pub struct Only(pub IpAddr);

impl AddressPolicy for Only {
    fn check(&self, ip: IpAddr) -> Result<(), String> {
        if ip == self.0 {
            Ok(())
        } else {
            Err(format!("{ip} is not {}", self.0))
        }
    }
}

/// Short limits, so that the timeout tests take a second, not a minute.
pub fn timeouts() -> Timeouts {
    Timeouts {
        resolve: Duration::from_secs(2),
        connect: Duration::from_secs(2),
        tls: Duration::from_secs(2),
        http: Duration::from_millis(800),
        smtp_reply: Duration::from_secs(2),
        mx_total: Duration::from_secs(6),
    }
}

pub fn network(
    resolver: Arc<MapResolver>,
    policy: Arc<dyn AddressPolicy>,
    ca: &Ca,
    https_port: u16,
    smtp_port: u16,
) -> Network {
    Network::custom(resolver, policy, ca.roots(), https_port, smtp_port).unwrap()
}

fn server_config(id: &Identity) -> Arc<ServerConfig> {
    server_config_for(id, rustls::DEFAULT_VERSIONS)
}

fn server_config_for(
    id: &Identity,
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> Arc<ServerConfig> {
    Arc::new(
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_protocol_versions(versions)
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(id.chain.clone(), id.key.clone_key())
            .unwrap(),
    )
}

/// What the test policy host answers.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 200, text/plain, the policy.
    Policy,
    /// 301 to another URL.
    Redirect,
    /// The policy, after a pause.
    Slow(Duration),
    /// 200 with this many bytes, announced in Content-Length.
    Huge(usize),
    /// 200 with this many bytes, chunked (no length announced).
    HugeChunked(usize),
    /// 200, application/dns-json, this body: a DoH provider's JSON API.
    Json(String),
    /// This status and an empty body.
    Status(u16),
    /// 200, text/plain, this body.
    Body(String),
}

/// What a test server saw.
#[derive(Debug, Default)]
pub struct Seen {
    pub accepted: AtomicUsize,
    /// HTTP: the request line and the Host header; SMTP: every command line.
    pub lines: Mutex<Vec<String>>,
    /// The SNI names the clients sent.
    pub sni: Mutex<Vec<String>>,
}

impl Seen {
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    pub fn sni(&self) -> Vec<String> {
        self.sni.lock().unwrap().clone()
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

/// An HTTPS policy host on 127.0.0.1 (any free port), serving at most `max` connections.
pub async fn policy_host(id: Identity, answer: Answer, max: usize) -> (u16, Arc<Seen>) {
    let listener = TcpListener::bind((LOOPBACK, 0)).await.unwrap();
    serve_policy(listener, id, answer, max)
}

/// An HTTPS policy host on `listener` (see [`Lab`]).
pub fn serve_policy(
    listener: TcpListener,
    id: Identity,
    answer: Answer,
    max: usize,
) -> (u16, Arc<Seen>) {
    let acceptor = TlsAcceptor::from(server_config(&id));
    serve(listener, max, move |tcp, log| {
        let acceptor = acceptor.clone();
        let answer = answer.clone();
        async move {
            let Ok(Ok(tls)) =
                tokio::time::timeout(Duration::from_secs(5), acceptor.accept(tcp)).await
            else {
                return;
            };
            if let Some(sni) = tls.get_ref().1.server_name() {
                log.sni.lock().unwrap().push(sni.to_owned());
            }
            let _ = tokio::time::timeout(Duration::from_secs(10), http_answer(tls, &answer, &log))
                .await;
        }
    })
}

/// Accepts at most `max` connections on `listener`, counting them, each handled by `session`
/// in a task of its own.
fn serve<F, Fut>(listener: TcpListener, max: usize, session: F) -> (u16, Arc<Seen>)
where
    F: Fn(TcpStream, Arc<Seen>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Seen::default());
    let log = seen.clone();
    tokio::spawn(async move {
        for _ in 0..max {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            log.accepted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(session(tcp, log.clone()));
        }
    });
    (port, seen)
}

async fn http_answer<S: AsyncRead + AsyncWrite + Unpin>(stream: S, answer: &Answer, log: &Seen) {
    let mut reader = BufReader::new(stream);
    // The request head: at most 50 lines.
    for _ in 0..50 {
        let mut line = String::new();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if line.starts_with("GET") || lower.starts_with("host:") || lower.starts_with("accept:") {
            log.lines.lock().unwrap().push(line);
        }
    }
    let mut stream = reader.into_inner();
    let ok = |len: usize| {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n")
    };
    match answer {
        Answer::Policy => {
            let _ = stream
                .write_all(format!("{}{POLICY}", ok(POLICY.len())).as_bytes())
                .await;
        }
        Answer::Body(body) => {
            let _ = stream
                .write_all(format!("{}{body}", ok(body.len())).as_bytes())
                .await;
        }
        Answer::Redirect => {
            let _ = stream
                .write_all(b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.example.test/mta-sts.txt\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .await;
        }
        Answer::Slow(pause) => {
            tokio::time::sleep(*pause).await;
            let _ = stream
                .write_all(format!("{}{POLICY}", ok(POLICY.len())).as_bytes())
                .await;
        }
        Answer::Huge(size) => {
            if stream.write_all(ok(*size).as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'x'; 16 * 1024];
            let mut sent = 0;
            while sent < *size {
                let n = chunk.len().min(size - sent);
                if stream.write_all(&chunk[..n]).await.is_err() {
                    return;
                }
                sent += n;
            }
        }
        Answer::Json(body) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/dns-json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
        }
        Answer::Status(status) => {
            let head =
                format!("HTTP/1.1 {status} Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
        }
        Answer::HugeChunked(size) => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = format!("4000\r\n{}\r\n", "y".repeat(0x4000));
            for _ in 0..size / 0x4000 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
        }
    }
    let _ = stream.shutdown().await;
}

/// How the test MX host behaves.
#[derive(Clone)]
pub enum Mx {
    /// Offers STARTTLS and presents this certificate.
    StartTls(Identity),
    /// Offers STARTTLS, speaking TLS 1.2 only.
    StartTls12(Identity),
    /// Offers STARTTLS, then refuses it (454).
    Refuses,
    /// Does not offer STARTTLS.
    Plain,
}

/// An SMTP server on 127.0.0.1 (any free port), serving at most `max` connections.
pub async fn mx_host(mode: Mx, max: usize) -> (u16, Arc<Seen>) {
    let listener = TcpListener::bind((LOOPBACK, 0)).await.unwrap();
    serve_mx(listener, mode, max)
}

/// An SMTP server on `listener` (see [`Lab`]).
pub fn serve_mx(listener: TcpListener, mode: Mx, max: usize) -> (u16, Arc<Seen>) {
    serve(listener, max, move |tcp, log| {
        let mode = mode.clone();
        async move {
            let _ =
                tokio::time::timeout(Duration::from_secs(10), smtp_session(tcp, mode, log)).await;
        }
    })
}

async fn smtp_session(tcp: TcpStream, mode: Mx, log: Arc<Seen>) {
    let mut reader = BufReader::new(tcp);
    if reader
        .get_mut()
        .write_all(b"220-mx.example.test ESMTP test server\r\n220 ready\r\n")
        .await
        .is_err()
    {
        return;
    }
    let upgrade = commands(&mut reader, &mode, &log).await;
    let config = match (upgrade, mode) {
        (Some(()), Mx::StartTls(id)) => server_config(&id),
        (Some(()), Mx::StartTls12(id)) => server_config_for(&id, &[&rustls::version::TLS12]),
        _ => return,
    };
    let tcp = reader.into_inner();
    let Ok(tls) = TlsAcceptor::from(config).accept(tcp).await else {
        return;
    };
    if let Some(sni) = tls.get_ref().1.server_name() {
        log.sni.lock().unwrap().push(sni.to_owned());
    }
    let mut reader = BufReader::new(tls);
    let _ = commands(&mut reader, &Mx::Plain, &log).await;
}

/// Answers up to ten commands; `Some(())` when the client asked for STARTTLS and got 220.
async fn commands<S: AsyncRead + AsyncWrite + Unpin>(
    reader: &mut BufReader<S>,
    mode: &Mx,
    log: &Seen,
) -> Option<()> {
    for _ in 0..10 {
        let mut line = String::new();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return None;
        }
        let line = line.trim_end().to_owned();
        log.lines.lock().unwrap().push(line.clone());
        let verb = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let (reply, then): (&[u8], Option<bool>) = match (verb.as_str(), mode) {
            ("EHLO", Mx::StartTls(_) | Mx::StartTls12(_) | Mx::Refuses) => (
                b"250-mx.example.test greets you\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n",
                None,
            ),
            ("EHLO", Mx::Plain) => (b"250-mx.example.test greets you\r\n250 8BITMIME\r\n", None),
            ("STARTTLS", Mx::StartTls(_) | Mx::StartTls12(_)) => (b"220 2.0.0 ready to start TLS\r\n", Some(true)),
            ("STARTTLS", Mx::Refuses) => (b"454 4.7.0 TLS not available\r\n", None),
            ("QUIT", _) => (b"221 2.0.0 bye\r\n", Some(false)),
            _ => (b"502 5.5.2 not here\r\n", None),
        };
        if reader.get_mut().write_all(reply).await.is_err() {
            return None;
        }
        match then {
            Some(true) => return Some(()),
            Some(false) => return None,
            None => {}
        }
    }
    None
}

/// A listener that counts connections and answers nothing: proof that nobody connected.
pub async fn silent_listener() -> (u16, Arc<Seen>) {
    let listener = TcpListener::bind((LOOPBACK, 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Seen::default());
    let log = seen.clone();
    tokio::spawn(async move {
        for _ in 0..4 {
            if listener.accept().await.is_ok() {
                log.accepted.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    (port, seen)
}

/// An HTTP answer of the relay.
#[derive(Debug)]
pub struct Http {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Http {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `head` (request line and headers, CRLF-separated, without the final blank line)
/// and reads the answer to the end.
pub async fn request(relay: SocketAddr, head: &str) -> Http {
    raw(relay, &format!("{head}\r\nConnection: close\r\n\r\n")).await
}

/// Sends `text` as it is and reads the answer to the end.
pub async fn raw(relay: SocketAddr, text: &str) -> Http {
    let mut tcp = TcpStream::connect(relay).await.unwrap();
    tcp.write_all(text.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), tcp.read_to_end(&mut raw))
        .await
        .expect("the relay answers in time")
        .unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Http {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// `GET <target>` with extra header lines.
pub async fn get(relay: SocketAddr, target: &str, extra: &[&str]) -> Http {
    let mut head = format!("GET {target} HTTP/1.1\r\nHost: relay.test");
    for line in extra {
        head.push_str("\r\n");
        head.push_str(line);
    }
    request(relay, &head).await
}

/// Servers that share two ports, each on its own loopback address (127.0.0.2, .3, …: Linux
/// routes all of 127.0.0.0/8 to the loopback interface): a program probing "port 443" and
/// "port 25" of many hosts reaches a different server per host, as on the internet, with
/// `--https-port` and `--smtp-port` pointing at the two ports.
pub struct Lab {
    pub https_port: u16,
    pub smtp_port: u16,
    https: Vec<TcpListener>,
    smtp: Vec<TcpListener>,
}

impl Lab {
    /// Listeners on 127.0.0.2 … 127.0.0.(1 + hosts), on one HTTPS and one SMTP port free on
    /// all of them (tried again with other ports when one is taken).
    pub async fn new(hosts: u8) -> Lab {
        'again: for _ in 0..50 {
            let first = TcpListener::bind(("127.0.0.2", 0)).await.unwrap();
            let https_port = first.local_addr().unwrap().port();
            let mut https = vec![first];
            let first = TcpListener::bind(("127.0.0.2", 0)).await.unwrap();
            let smtp_port = first.local_addr().unwrap().port();
            let mut smtp = vec![first];
            for i in 1..hosts {
                let ip = Lab::ip(i);
                let (Ok(h), Ok(s)) = (
                    TcpListener::bind((ip.as_str(), https_port)).await,
                    TcpListener::bind((ip.as_str(), smtp_port)).await,
                ) else {
                    continue 'again;
                };
                https.push(h);
                smtp.push(s);
            }
            return Lab {
                https_port,
                smtp_port,
                https,
                smtp,
            };
        }
        panic!("no pair of ports free on the lab's loopback addresses");
    }

    /// The address of host `i` (0-based): 127.0.0.(2 + i).
    pub fn ip(i: u8) -> String {
        format!("127.0.0.{}", 2 + u16::from(i))
    }

    /// Serves a policy host on host `i`'s HTTPS port.
    pub fn policy(&mut self, i: u8, id: Identity, answer: Answer, max: usize) -> Arc<Seen> {
        let listener = self.take(i, true);
        serve_policy(listener, id, answer, max).1
    }

    /// Serves an MX host on host `i`'s SMTP port.
    pub fn mx(&mut self, i: u8, mode: Mx, max: usize) -> Arc<Seen> {
        let listener = self.take(i, false);
        serve_mx(listener, mode, max).1
    }

    /// Accepts on host `i`'s SMTP port and never answers: an MX host that times out.
    pub fn silent_mx(&mut self, i: u8) -> Arc<Seen> {
        let listener = self.take(i, false);
        let seen = Arc::new(Seen::default());
        let log = seen.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            for _ in 0..16 {
                if let Ok((tcp, _)) = listener.accept().await {
                    log.accepted.fetch_add(1, Ordering::SeqCst);
                    held.push(tcp);
                }
            }
        });
        seen
    }

    fn take(&mut self, i: u8, https: bool) -> TcpListener {
        let list = if https {
            &mut self.https
        } else {
            &mut self.smtp
        };
        let ip: IpAddr = Lab::ip(i).parse().unwrap();
        let at = list
            .iter()
            .position(|l| l.local_addr().unwrap().ip() == ip)
            .expect("a lab host not made, or already serving");
        list.swap_remove(at)
    }
}
