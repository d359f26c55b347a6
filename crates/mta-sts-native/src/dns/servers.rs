//! Which DNS servers to ask: one given as `ADDR[:PORT]`, or the system's (`/etc/resolv.conf`
//! on Unix). A server is an IP address, never a name: naming the resolver would need DNS.

use std::net::{IpAddr, SocketAddr};

/// The DNS port (RFC 1035 §4.2).
pub const DNS_PORT: u16 = 53;

/// One DNS server, and the name it goes by in answers and errors ("192.0.2.1:53", "system
/// resolver 127.0.0.53").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub addr: SocketAddr,
    pub label: String,
}

impl Server {
    /// A server named by its address, labelled as written back (`192.0.2.1:53`).
    pub fn new(addr: SocketAddr) -> Server {
        Server {
            addr,
            label: addr.to_string(),
        }
    }

    /// `ADDR[:PORT]`: an IPv4 address, a bare IPv6 address, or either with a port (IPv6 then in
    /// brackets: `[2001:db8::1]:5353`). The port defaults to 53.
    pub fn parse(text: &str) -> Result<Server, String> {
        parse_addr(text).map(Server::new)
    }

    /// The servers of the system's configuration, in its order, each once.
    pub fn from_system() -> Result<Vec<Server>, String> {
        let (config, _) = hickory_resolver::system_conf::read_system_conf()
            .map_err(|e| format!("cannot read the system's DNS configuration: {e}"))?;
        let mut servers: Vec<Server> = Vec::new();
        // The configuration lists each address once per protocol (UDP, TCP).
        for ns in config.name_servers() {
            let addr = ns.socket_addr;
            if servers.iter().all(|s| s.addr != addr) {
                servers.push(Server::system(addr));
            }
        }
        if servers.is_empty() {
            return Err("the system's DNS configuration names no DNS server \
                        (no nameserver line in /etc/resolv.conf)"
                .into());
        }
        Ok(servers)
    }

    /// A server of the system's configuration: "system (127.0.0.53)" (the port only when it
    /// is not 53). Evidence names it "system (127.0.0.53) resolver".
    pub fn system(addr: SocketAddr) -> Server {
        let label = if addr.port() == DNS_PORT {
            format!("system ({})", addr.ip())
        } else {
            format!("system ({addr})")
        };
        Server { addr, label }
    }
}

/// Reads `ADDR[:PORT]` (see [`Server::parse`]).
pub fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    const HOW: &str = "give an IP address, optionally with a port: 192.0.2.1, 192.0.2.1:53, \
                       2001:db8::1 or [2001:db8::1]:53";
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("no DNS server given ({HOW})"));
    }
    // A bare address, IPv4 or IPv6: the default port.
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, DNS_PORT));
    }
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        // `[IPv6]` or `[IPv6]:PORT`.
        match rest.split_once(']') {
            Some((inside, "")) => (inside, None),
            Some((inside, after)) => match after.strip_prefix(':') {
                Some(port) => (inside, Some(port)),
                None => return Err(format!("{text:?} is not a DNS server address ({HOW})")),
            },
            None => return Err(format!("{text:?} has no closing bracket ({HOW})")),
        }
    } else {
        match text.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (text, None),
        }
    };
    let ip: IpAddr = host
        .parse()
        .map_err(|_| format!("{host:?} is not an IP address ({HOW})"))?;
    if text.starts_with('[') && ip.is_ipv4() {
        return Err(format!("{text:?}: brackets are for IPv6 addresses ({HOW})"));
    }
    let port = match port {
        None => DNS_PORT,
        Some(port) => match port.parse::<u16>() {
            Ok(p) if p > 0 => p,
            _ => return Err(format!("{port:?} is not a port number from 1 to 65535")),
        },
    };
    Ok(SocketAddr::new(ip, port))
}
