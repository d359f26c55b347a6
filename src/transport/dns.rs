//! DNS over HTTPS (JSON) through `fetch`.

use mta_sts::doh::{decode_answer, Fallback, Provider};
use mta_sts::lookup::{Lookup, LookupError, RecordType, Resolver};
use web_sys::{RequestCache, RequestCredentials, RequestInit, RequestMode};

use super::http::{self, Cancel, FetchError};

/// DoH answers are small; anything larger is not one.
const MAX_ANSWER_BYTES: usize = 256 * 1024;

/// One DoH provider. The fallback to the other provider is the engine's `doh::Fallback`.
pub struct DohResolver {
    pub provider: Provider,
    pub cancel: Cancel,
    pub timeout_ms: u32,
}

/// A DoH provider's time limit for one question.
pub const DNS_TIMEOUT_MS: u32 = 5_000;

impl DohResolver {
    /// `provider` alone, with its time limit, stopping with `cancel`.
    pub fn new(provider: Provider, cancel: &Cancel) -> DohResolver {
        DohResolver {
            provider,
            cancel: cancel.clone(),
            timeout_ms: DNS_TIMEOUT_MS,
        }
    }

    /// The chosen provider, with the other as the fallback when it fails; both stop with
    /// `cancel`.
    pub fn with_fallback(
        provider: Provider,
        cancel: &Cancel,
    ) -> Fallback<DohResolver, DohResolver> {
        Fallback::for_one_check(
            DohResolver::new(provider, cancel),
            DohResolver::new(provider.other(), cancel),
        )
    }
}

impl Resolver for DohResolver {
    async fn query(&self, name: &str, rtype: RecordType, checking_disabled: bool) -> Lookup {
        let who = self.provider.name();
        let url = self.provider.query_url(name, rtype, checking_disabled);
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_mode(RequestMode::Cors);
        init.set_cache(RequestCache::NoStore);
        init.set_credentials(RequestCredentials::Omit);
        if let Ok(headers) = web_sys::Headers::new() {
            for (key, value) in self.provider.headers() {
                let _ = headers.set(key, value);
            }
            init.set_headers(&headers);
        }
        let failed = |message: String| LookupError::new(who, message);
        let (response, guard) = http::send(&url, &init, &self.cancel, self.timeout_ms)
            .await
            .map_err(|e| failed(describe(e, self.timeout_ms)))?;
        if response.status() != 200 {
            return Err(failed(format!(
                "HTTP {} {}",
                response.status(),
                response.status_text()
            )));
        }
        let (body, truncated) = http::read_body(&response, &guard, &self.cancel, MAX_ANSWER_BYTES)
            .await
            .map_err(|e| failed(describe(e, self.timeout_ms)))?;
        if truncated {
            return Err(failed("the answer is larger than any DNS answer".into()));
        }
        let text = String::from_utf8_lossy(&body);
        decode_answer(&text, who, name, rtype, checking_disabled)
            .map_err(|e| e.into_lookup_error(who))
    }
}

fn describe(error: FetchError, timeout_ms: u32) -> String {
    match error {
        FetchError::Timeout => format!("no answer within {timeout_ms} ms"),
        FetchError::Cancelled => "cancelled".into(),
        FetchError::Failed(message) => format!("the request failed ({message})"),
    }
}
