//! The HTTP side: `GET /v1/probe?domain=<domain>` and `GET /healthz`, CORS for the configured
//! origins only, and the limits: request size, header time, connections, probes at once, and
//! the per-client rate.

use crate::config::{Network, Settings};
use crate::rate::Limiter;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use mta_sts::relay::{ErrorResponse, PROBE_PATH};
use mta_sts_native::probe::{probe, validate_domain};
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The longest request target accepted.
pub const MAX_URI: usize = 1024;
/// The most a client may send as request line and headers.
const MAX_HEAD: usize = 16 * 1024;
/// A connection is closed after this long, whatever it is doing.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(300);

pub const HEALTH_PATH: &str = "/healthz";

/// Everything a request needs; shared by all connections.
#[derive(Debug)]
pub struct App {
    pub settings: Settings,
    pub network: Network,
    limiter: Limiter,
    probes: Semaphore,
    connections: Arc<Semaphore>,
}

impl App {
    pub fn new(settings: Settings, network: Network) -> Arc<App> {
        Arc::new(App {
            limiter: Limiter::new(settings.rate.clone()),
            probes: Semaphore::new(settings.max_concurrent),
            connections: Arc::new(Semaphore::new(settings.max_connections)),
            settings,
            network,
        })
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        self.settings
            .allow_origins
            .iter()
            .any(|o| o == "*" || o == origin)
    }

    /// The client a request is counted against: the peer, or the entry of `X-Forwarded-For`
    /// the trusted proxies put there (entries before it are the client's own say).
    fn client(&self, req: &Request<Incoming>, peer: IpAddr) -> IpAddr {
        let depth = self.settings.trusted_proxies;
        if depth == 0 {
            return peer;
        }
        let entries: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        entries
            .len()
            .checked_sub(depth)
            .and_then(|i| entries.get(i))
            .and_then(|entry| entry.trim().parse().ok())
            .unwrap_or(peer)
    }

    /// Answers one request.
    pub async fn handle(&self, req: Request<Incoming>, peer: IpAddr) -> Response<Full<Bytes>> {
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let cors = match &origin {
            None => None,
            Some(o) if self.origin_allowed(o) => {
                Some(if self.settings.allow_origins.iter().any(|a| a == "*") {
                    "*".to_owned()
                } else {
                    o.clone()
                })
            }
            // A page of another site: its visitors get nothing, and cost nothing.
            Some(_) => {
                return reply(
                    StatusCode::FORBIDDEN,
                    error("this site may not use the relay"),
                    None,
                )
            }
        };
        let cors = cors.as_deref();
        if has_body(&req) {
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                error("requests carry no body"),
                cors,
            );
        }
        if req.uri().to_string().len() > MAX_URI {
            return reply(
                StatusCode::URI_TOO_LONG,
                error("the request is too long"),
                cors,
            );
        }
        let path = req.uri().path();
        if path != PROBE_PATH && path != HEALTH_PATH {
            return reply(StatusCode::NOT_FOUND, error("not found"), cors);
        }
        match *req.method() {
            Method::OPTIONS => {
                let mut r = reply(StatusCode::NO_CONTENT, String::new(), cors);
                let h = r.headers_mut();
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static("GET"),
                );
                h.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static("86400"),
                );
                return r;
            }
            Method::GET => {}
            _ => {
                let mut r = reply(
                    StatusCode::METHOD_NOT_ALLOWED,
                    error("only GET is answered"),
                    cors,
                );
                r.headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("GET, OPTIONS"));
                return r;
            }
        }
        if path == HEALTH_PATH {
            return reply(StatusCode::OK, r#"{"status":"ok"}"#.to_owned(), cors);
        }

        let domain = match query_domain(req.uri().query()).and_then(|d| validate_domain(&d)) {
            Ok(d) => d,
            Err(e) => return reply(StatusCode::BAD_REQUEST, error(&e), cors),
        };
        if let Err(wait) = self.limiter.take(self.client(&req, peer), Instant::now()) {
            let mut r = reply(
                StatusCode::TOO_MANY_REQUESTS,
                error("too many probes from this address; try again later"),
                cors,
            );
            if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return r;
        }
        let Ok(Ok(_permit)) =
            tokio::time::timeout(self.settings.queue_timeout, self.probes.acquire()).await
        else {
            let mut r = reply(
                StatusCode::SERVICE_UNAVAILABLE,
                error("the relay is busy; try again in a few seconds"),
                cors,
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            return r;
        };
        let answer = probe(
            &self.network,
            &self.settings.timeouts,
            &self.settings.ehlo_name,
            &domain,
        )
        .await;
        match serde_json::to_string(&answer) {
            Ok(json) => reply(StatusCode::OK, json, cors),
            Err(e) => reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                error(&e.to_string()),
                cors,
            ),
        }
    }
}

/// Accepts connections until `shutdown` completes.
pub async fn serve(
    app: Arc<App>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    tokio::pin!(shutdown);
    loop {
        let (stream, peer): (_, SocketAddr) = tokio::select! {
            () = &mut shutdown => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: pause rather than spin.
                    eprintln!("mta-sts-relay: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = app.connections.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let app = app.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let handler = app.clone();
            let service = service_fn(move |req| {
                let app = handler.clone();
                async move { Ok::<_, Infallible>(app.handle(req, peer.ip()).await) }
            });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(app.settings.request_headers_timeout)
                .max_buf_size(MAX_HEAD)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIFETIME, conn).await;
        });
    }
}

fn has_body(req: &Request<Incoming>) -> bool {
    let h = req.headers();
    h.contains_key(header::TRANSFER_ENCODING)
        || h.get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0")
}

fn error(message: &str) -> String {
    serde_json::to_string(&ErrorResponse {
        error: message.to_owned(),
    })
    .unwrap_or_else(|_| r#"{"error":"error"}"#.to_owned())
}

fn reply(status: StatusCode, body: String, cors: Option<&str>) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Some(origin) = cors.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    r
}

/// The `domain` parameter: exactly one, and no other parameter.
pub fn query_domain(query: Option<&str>) -> Result<String, String> {
    let mut domain = None;
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if percent_decode(key)? != "domain" {
            return Err("the only parameter is domain".into());
        }
        if domain.replace(percent_decode(value)?).is_some() {
            return Err("give domain once".into());
        }
    }
    domain.ok_or_else(|| "give the domain to probe: /v1/probe?domain=example.com".into())
}

/// `application/x-www-form-urlencoded` decoding: `%XX` and `+` for space; UTF-8 or nothing.
fn percent_decode(s: &str) -> Result<String, String> {
    let bad = || "a malformed %-escape in the query".to_owned();
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let hi = bytes
                    .next()
                    .and_then(|c| char::from(c).to_digit(16))
                    .ok_or_else(bad)?;
                let lo = bytes
                    .next()
                    .and_then(|c| char::from(c).to_digit(16))
                    .ok_or_else(bad)?;
                out.push(u8::try_from(hi * 16 + lo).map_err(|_| bad())?);
            }
            b'+' => out.push(b' '),
            other => out.push(other),
        }
    }
    String::from_utf8(out).map_err(|_| "the query is not UTF-8".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_holds_one_domain_and_nothing_else() {
        for (query, want) in [
            (Some("domain=example.com"), Ok("example.com")),
            (Some("domain=ex%41mple.com"), Ok("exAmple.com")),
            (Some("domain=example.com%2Fevil"), Ok("example.com/evil")),
            (Some("domain=a+b"), Ok("a b")),
            (Some("domain=example.com&"), Ok("example.com")),
            (None, Err(())),
            (Some(""), Err(())),
            (Some("domain=a.com&domain=b.com"), Err(())),
            (Some("domain=a.com&url=http://x"), Err(())),
            (Some("domain=%zz"), Err(())),
            (Some("domain=%4"), Err(())),
            (Some("domain=%ff"), Err(())),
        ] {
            let got = query_domain(query);
            assert_eq!(got.as_deref().map_err(|_| ()), want, "{query:?}");
        }
    }
}
