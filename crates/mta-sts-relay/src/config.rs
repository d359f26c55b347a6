//! Configuration: the settings an operator chooses (command line or environment). The network
//! the probes go to and their time limits are `mta_sts_native`'s.

pub use mta_sts_native::config::{Network, Timeouts};
use std::net::SocketAddr;
use std::time::Duration;

/// The per-client rate limit: a token bucket per client address (per /64 for IPv6).
#[derive(Debug, Clone)]
pub struct RateLimit {
    /// Probes a client may start at once after a quiet spell.
    pub burst: u32,
    /// Probes per minute a client gets back.
    pub per_minute: u32,
    /// How many client buckets to hold at most; beyond that, new clients wait (429).
    pub max_clients: usize,
}

impl Default for RateLimit {
    fn default() -> RateLimit {
        RateLimit {
            burst: 5,
            per_minute: 10,
            max_clients: 100_000,
        }
    }
}

/// What an operator chooses.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// Origins whose pages may read the answers (`Access-Control-Allow-Origin`), exactly as a
    /// browser sends them: `https://example.github.io`. `*` allows every origin.
    pub allow_origins: Vec<String>,
    pub rate: RateLimit,
    /// Probes running at once on this instance.
    pub max_concurrent: usize,
    /// Connections held open at once.
    pub max_connections: usize,
    /// How many proxies in front of the relay append to `X-Forwarded-For`: the client is the
    /// entry that many places from the end (1: the last entry, as Fly.io and Cloud Run give it;
    /// 2 behind Google's external load balancer, which appends its own address too). 0: the
    /// header is not trusted and the client is the peer address.
    pub trusted_proxies: usize,
    /// The name sent in EHLO.
    pub ehlo_name: String,
    /// Who answers the probes' DNS questions, as `--resolver` named it (checked when read):
    /// `system`, `google`, `cloudflare` or `ADDR[:PORT]`, built by
    /// [`NativeResolver::from_choice`](mta_sts_native::dns::NativeResolver::from_choice), as
    /// the command line's `--resolver` is.
    pub resolver: String,
    pub timeouts: Timeouts,
    /// Reading a request's headers from a client of the relay.
    pub request_headers_timeout: Duration,
    /// How long a request waits for a free probe slot before the relay answers 503.
    pub queue_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            listen: SocketAddr::from(([0, 0, 0, 0], 8080)),
            allow_origins: Vec::new(),
            rate: RateLimit::default(),
            max_concurrent: 16,
            max_connections: 512,
            trusted_proxies: 0,
            ehlo_name: "mta-sts-relay.invalid".into(),
            resolver: "system".into(),
            timeouts: Timeouts::default(),
            request_headers_timeout: Duration::from_secs(10),
            queue_timeout: Duration::from_secs(2),
        }
    }
}

const USAGE: &str = "\
mta-sts-relay: probes a domain's MTA-STS policy host and MX hosts for the MTA-STS checker

Usage: mta-sts-relay [options]

  --listen ADDR            address to listen on (default 0.0.0.0:8080; $PORT sets the port)
  --allow-origin ORIGIN    a site whose pages may read the answers, e.g. https://x.github.io
                           (repeatable; $MTA_STS_RELAY_ALLOW_ORIGINS, comma-separated)
  --rate-burst N           probes a client may start at once (default 5)
  --rate-per-minute N      probes per minute a client gets back (default 10)
  --max-concurrent N       probes running at once on this instance (default 16)
  --trusted-proxies N      proxies in front that append to X-Forwarded-For: the client is
                           the Nth entry from the end (default 0: use the peer address)
  --ehlo-name NAME         the name sent in EHLO (default mta-sts-relay.invalid)
  --resolver NAME          system (/etc/resolv.conf), google or cloudflare (DNS over
                           HTTPS, the other as fallback), or a DNS server's ADDR[:PORT]
                           (default system)
  --help                   this text

Every option can also be given as an environment variable: MTA_STS_RELAY_ and the option's
name in capitals with underscores (MTA_STS_RELAY_RATE_BURST=5).";

/// Reads the settings from the arguments (without the program name) and the environment
/// (`env` gives a variable's value). `Err` holds the text to print: usage or a complaint.
pub fn parse(args: &[String], env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, String> {
    let mut s = Settings::default();
    let var = |name: &str| env(&format!("MTA_STS_RELAY_{name}")).filter(|v| !v.is_empty());
    if let Some(port) = env("PORT").filter(|v| !v.is_empty()) {
        s.listen.set_port(number(&port, "PORT")?);
    }
    if let Some(v) = var("LISTEN") {
        s.listen = address(&v)?;
    }
    if let Some(v) = var("ALLOW_ORIGINS") {
        s.allow_origins = v.split(',').map(|o| o.trim().to_owned()).collect();
    }
    if let Some(v) = var("RATE_BURST") {
        s.rate.burst = number(&v, "MTA_STS_RELAY_RATE_BURST")?;
    }
    if let Some(v) = var("RATE_PER_MINUTE") {
        s.rate.per_minute = number(&v, "MTA_STS_RELAY_RATE_PER_MINUTE")?;
    }
    if let Some(v) = var("MAX_CONCURRENT") {
        s.max_concurrent = number(&v, "MTA_STS_RELAY_MAX_CONCURRENT")?;
    }
    if let Some(v) = var("TRUSTED_PROXIES") {
        s.trusted_proxies = number(&v, "MTA_STS_RELAY_TRUSTED_PROXIES")?;
    }
    if let Some(v) = var("EHLO_NAME") {
        s.ehlo_name = v;
    }
    if let Some(v) = var("RESOLVER") {
        s.resolver = resolver(v)?;
    }
    let mut from_args = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--help" | "-h" => return Err(USAGE.to_owned()),
            "--listen" => s.listen = address(&value("--listen")?)?,
            "--allow-origin" => from_args.push(value("--allow-origin")?),
            "--rate-burst" => s.rate.burst = number(&value(arg)?, arg)?,
            "--rate-per-minute" => s.rate.per_minute = number(&value(arg)?, arg)?,
            "--max-concurrent" => s.max_concurrent = number(&value(arg)?, arg)?,
            "--trusted-proxies" => s.trusted_proxies = number(&value(arg)?, arg)?,
            "--ehlo-name" => s.ehlo_name = value(arg)?,
            "--resolver" => s.resolver = resolver(value(arg)?)?,
            other => return Err(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    if !from_args.is_empty() {
        s.allow_origins = from_args;
    }
    s.allow_origins.retain(|o| !o.is_empty());
    for origin in &s.allow_origins {
        let ok = origin == "*"
            || ((origin.starts_with("https://") || origin.starts_with("http://"))
                && !origin.ends_with('/'));
        if !ok {
            return Err(format!(
                "{origin} is not an origin: write it as the browser sends it, \
                 https://host[:port], with no path or trailing slash"
            ));
        }
    }
    if s.rate.burst == 0 || s.max_concurrent == 0 {
        return Err("--rate-burst and --max-concurrent must be at least 1".into());
    }
    if mta_sts::domain::check_host_name(&s.ehlo_name).is_err() {
        return Err(format!("--ehlo-name {} is not a host name", s.ehlo_name));
    }
    Ok(s)
}

fn number<T: std::str::FromStr>(v: &str, name: &str) -> Result<T, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("{name}: {v} is not a number"))
}

fn resolver(v: String) -> Result<String, String> {
    mta_sts_native::dns::check_choice(&v)?;
    Ok(v)
}

fn address(v: &str) -> Result<SocketAddr, String> {
    v.parse()
        .map_err(|_| format!("{v} is not an address and port, e.g. 0.0.0.0:8080"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn arguments_and_environment() {
        let env = |name: &str| match name {
            "PORT" => Some("9000".to_owned()),
            "MTA_STS_RELAY_ALLOW_ORIGINS" => Some("https://a.example, https://b.example".into()),
            "MTA_STS_RELAY_RATE_BURST" => Some("3".into()),
            _ => None,
        };
        let s = parse(&args(&[]), &env).unwrap();
        assert_eq!(s.listen, "0.0.0.0:9000".parse().unwrap());
        assert_eq!(s.allow_origins, ["https://a.example", "https://b.example"]);
        assert_eq!(s.rate.burst, 3);
        // Arguments win over the environment.
        let s = parse(
            &args(&[
                "--allow-origin",
                "https://c.example",
                "--rate-burst",
                "7",
                "--trusted-proxies",
                "2",
            ]),
            &env,
        )
        .unwrap();
        assert_eq!(s.allow_origins, ["https://c.example"]);
        assert_eq!(s.rate.burst, 7);
        assert_eq!(s.trusted_proxies, 2);
        assert_eq!(s.resolver, "system");
        // The resolver, from either, as the command line names them.
        let env = |name: &str| (name == "MTA_STS_RELAY_RESOLVER").then(|| "google".to_owned());
        assert_eq!(parse(&args(&[]), &env).unwrap().resolver, "google");
        let s = parse(&args(&["--resolver", "192.0.2.53:5353"]), &env).unwrap();
        assert_eq!(s.resolver, "192.0.2.53:5353");
    }

    #[test]
    fn bad_settings_are_refused() {
        let none = |_: &str| None;
        for bad in [
            &["--allow-origin", "https://x.example/"][..],
            &["--allow-origin", "x.example"],
            &["--rate-burst", "0"],
            &["--rate-burst", "many"],
            &["--listen"],
            &["--ehlo-name", "not a name"],
            &["--resolver", "quad9"],
            &["--resolver", "192.0.2.53:0"],
            &["--frobnicate"],
        ] {
            assert!(parse(&args(bad), &none).is_err(), "{bad:?}");
        }
    }
}
