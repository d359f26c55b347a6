//! Asking a configured probe relay for what a browser cannot see (docs/relay.md).

use mta_sts::lookup::Prober;
use mta_sts::relay::{relay_host, relay_url, ErrorResponse, ProbeObservation, ProbeResponse};
use mta_sts::Provenance;
use web_sys::{RequestCache, RequestCredentials, RequestInit, RequestMode};

use super::http::{self, Cancel, FetchError};

/// A relay answer holds at most a 64 KiB policy and facts about ten MX hosts.
const MAX_ANSWER_BYTES: usize = 512 * 1024;

/// The relay at `base` as the pipeline's prober, each probe with a time limit and cancellable
/// with the check's other requests.
pub struct RelayProber {
    pub base: String,
    pub cancel: Cancel,
    pub timeout_ms: u32,
}

impl Prober for RelayProber {
    fn source(&self) -> Provenance {
        Provenance::Relayed {
            host: relay_host(&self.base),
        }
    }

    /// Probes `domain` through the relay. A plain GET with no custom header, so the browser
    /// sends no preflight.
    async fn probe(&self, domain: &str) -> ProbeObservation {
        ProbeObservation {
            source: self.source(),
            result: ask(&self.base, domain, &self.cancel, self.timeout_ms).await,
        }
    }
}

async fn ask(
    base: &str,
    domain: &str,
    cancel: &Cancel,
    timeout_ms: u32,
) -> Result<ProbeResponse, String> {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::Cors);
    init.set_cache(RequestCache::NoStore);
    init.set_credentials(RequestCredentials::Omit);
    let url = relay_url(base, domain);
    let (response, guard) = http::send(&url, &init, cancel, timeout_ms)
        .await
        .map_err(|e| describe(e, timeout_ms))?;
    let status = response.status();
    let (body, truncated) = http::read_body(&response, &guard, cancel, MAX_ANSWER_BYTES)
        .await
        .map_err(|e| describe(e, timeout_ms))?;
    if truncated {
        return Err("the relay's answer is larger than any probe result".into());
    }
    let text = String::from_utf8_lossy(&body);
    if status != 200 {
        let reason = ErrorResponse::from_json(&text)
            .map(|e| e.error)
            .unwrap_or_else(|_| response.status_text());
        return Err(format!("the relay answered HTTP {status}: {reason}"));
    }
    ProbeResponse::from_json(&text)
        .map_err(|e| format!("the relay's answer is not a probe result ({e})"))
}

fn describe(error: FetchError, timeout_ms: u32) -> String {
    match error {
        FetchError::Timeout => format!("the relay did not answer within {timeout_ms} ms"),
        FetchError::Cancelled => "cancelled".into(),
        FetchError::Failed(message) => format!(
            "the relay could not be reached, or does not allow this site's origin ({message})"
        ),
    }
}
