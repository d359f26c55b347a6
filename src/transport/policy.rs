//! The honest policy fetch (design.md): a `cors` read with redirects not followed first, a
//! `no-cors` probe second, each outcome saying only what the browser really saw.

use mta_sts::finding::Provenance;
use mta_sts::lookup::{FetchOutcome, PolicyFetcher, PolicyObservation, MAX_POLICY_BYTES};
use web_sys::ResponseType;
use web_sys::{RequestCache, RequestCredentials, RequestInit, RequestMode, RequestRedirect};

use super::http::{self, Cancel, FetchError};
use super::now_ms;

pub struct BrowserFetcher {
    pub cancel: Cancel,
    pub timeout_ms: u32,
}

fn init(mode: RequestMode, redirect: RequestRedirect) -> RequestInit {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(mode);
    init.set_redirect(redirect);
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(RequestCredentials::Omit);
    init
}

impl BrowserFetcher {
    async fn outcome(&self, url: &str) -> FetchOutcome {
        let cors = init(RequestMode::Cors, RequestRedirect::Manual);
        match http::send(url, &cors, &self.cancel, self.timeout_ms).await {
            Ok((response, guard)) => {
                if response.type_() == ResponseType::Opaqueredirect {
                    // RFC 8461 §3.3: senders do not follow it. A browser learns no status or
                    // target from an opaque redirect.
                    return FetchOutcome::Redirect {
                        status: None,
                        location: None,
                    };
                }
                let status = response.status();
                let content_type = response.headers().get("content-type").ok().flatten();
                let size = response
                    .headers()
                    .get("content-length")
                    .ok()
                    .flatten()
                    .and_then(|v| v.trim().parse::<u64>().ok());
                match http::read_body(&response, &guard, &self.cancel, MAX_POLICY_BYTES).await {
                    Ok((body, truncated)) => FetchOutcome::Read {
                        status,
                        content_type,
                        body,
                        truncated,
                        size,
                    },
                    Err(FetchError::Timeout) => FetchOutcome::Timeout {
                        after_ms: self.timeout_ms,
                    },
                    Err(FetchError::Cancelled) => cancelled(),
                    Err(FetchError::Failed(message)) => FetchOutcome::ConnectFailed {
                        message: format!("the connection broke while reading the body ({message})"),
                    },
                }
            }
            Err(FetchError::Timeout) => FetchOutcome::Timeout {
                after_ms: self.timeout_ms,
            },
            Err(FetchError::Cancelled) => cancelled(),
            Err(FetchError::Failed(_)) => self.probe(url).await,
        }
    }

    /// The `cors` read was refused. A `no-cors` request tells "the HTTPS connection failed"
    /// (it rejects too) from "reachable over HTTPS, but not readable from a page" (it resolves
    /// with an opaque answer). `redirect: 'manual'` cannot go with `no-cors`.
    async fn probe(&self, url: &str) -> FetchOutcome {
        let no_cors = init(RequestMode::NoCors, RequestRedirect::Follow);
        match http::send(url, &no_cors, &self.cancel, self.timeout_ms).await {
            Ok(_) => FetchOutcome::Unreadable,
            Err(FetchError::Timeout) => FetchOutcome::Timeout {
                after_ms: self.timeout_ms,
            },
            Err(FetchError::Cancelled) => cancelled(),
            Err(FetchError::Failed(message)) => FetchOutcome::ConnectFailed { message },
        }
    }
}

fn cancelled() -> FetchOutcome {
    FetchOutcome::ConnectFailed {
        message: "cancelled".into(),
    }
}

impl PolicyFetcher for BrowserFetcher {
    async fn fetch(&self, url: &str) -> PolicyObservation {
        let start = now_ms();
        let outcome = self.outcome(url).await;
        PolicyObservation {
            url: url.to_string(),
            outcome,
            provenance: Provenance::Fetched,
            elapsed_ms: Some(now_ms().saturating_sub(start)),
        }
    }
}
