//! DNS-over-HTTPS JSON answers (Google, Cloudflare): URLs, decoding, and resolver fallback.
//!
//! The engine does no HTTP itself: a transport (the browser's `fetch`, the command line's
//! client) builds the URL with [`Provider::query_url`], sends [`Provider::headers`], and hands
//! the body to [`decode_answer`]. HTTP errors and time limits are the transport's; a
//! [`DohError`] becomes a [`LookupError`] with [`DohError::into_lookup_error`].

mod json;
pub mod txt;

pub use json::decode_answer;

use crate::lookup::{Lookup, LookupError, RecordType, Resolver};
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

/// A public DNS-over-HTTPS resolver with a JSON API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Google,
    Cloudflare,
}

impl Provider {
    pub const ALL: [Provider; 2] = [Provider::Google, Provider::Cloudflare];

    /// The name shown to people and stored in `DnsAnswer::resolver`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Google => "Google",
            Provider::Cloudflare => "Cloudflare",
        }
    }

    /// The stable id used in settings and URLs (`?resolver=google`).
    pub fn id(self) -> &'static str {
        match self {
            Provider::Google => "google",
            Provider::Cloudflare => "cloudflare",
        }
    }

    /// The provider for an id, in any letter case ("google", "Cloudflare").
    pub fn from_id(id: &str) -> Option<Provider> {
        Provider::ALL
            .into_iter()
            .find(|p| p.id().eq_ignore_ascii_case(id))
    }

    /// The other provider: the natural fallback.
    pub fn other(self) -> Provider {
        match self {
            Provider::Google => Provider::Cloudflare,
            Provider::Cloudflare => Provider::Google,
        }
    }

    /// The JSON API URL for one question; `cd=1` asks the resolver not to validate DNSSEC.
    pub fn query_url(self, name: &str, rtype: RecordType, checking_disabled: bool) -> String {
        let base = match self {
            Provider::Google => "https://dns.google/resolve",
            Provider::Cloudflare => "https://cloudflare-dns.com/dns-query",
        };
        let cd = if checking_disabled { "&cd=1" } else { "" };
        format!(
            "{base}?name={}&type={}{cd}",
            crate::url::query_value(name),
            rtype.as_str()
        )
    }

    /// Request headers the provider needs to answer in JSON. Cloudflare answers JSON only for
    /// exactly `Accept: application/dns-json`; Google always does.
    pub fn headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Provider::Google => &[],
            Provider::Cloudflare => &[("Accept", "application/dns-json")],
        }
    }
}

/// A DoH answer that could not be read as DNS JSON. The message is plain words, without the
/// resolver's name (the transport adds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DohError {
    pub message: String,
}

impl DohError {
    pub fn new(message: impl Into<String>) -> DohError {
        DohError {
            message: message.into(),
        }
    }

    /// The lookup failure for this attempt: "Google: the answer is not JSON …".
    pub fn into_lookup_error(self, resolver: &str) -> LookupError {
        LookupError::new(resolver, self.message)
    }
}

impl fmt::Display for DohError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DohError {}

/// Asks `first`; only when it fails (`Err`: HTTP error, timeout, unreadable JSON) asks
/// `second`. An answer is an answer whatever its rcode: a SERVFAIL from `first` is returned as
/// is, since it is DNS speaking (the pipeline retries it with `cd=1`). When both fail, the one
/// error lists both attempts, first's before second's.
///
/// Made with [`Fallback::for_one_check`], once `first` has failed, later questions go to
/// `second` straight away: a resolver that hangs would otherwise cost its whole time limit
/// again for every question asked after the first answers (the TLSA lookups that follow the
/// MX answer). A long-lived fallback (the relay's, a bulk run's) uses [`Fallback::new`] and
/// tries `first` every time, so one bad moment does not last.
#[derive(Debug)]
pub struct Fallback<A, B> {
    pub first: A,
    pub second: B,
    sticky: bool,
    first_failed: AtomicBool,
}

impl<A, B> Fallback<A, B> {
    pub fn new(first: A, second: B) -> Fallback<A, B> {
        Fallback {
            first,
            second,
            sticky: false,
            first_failed: AtomicBool::new(false),
        }
    }

    /// A fallback for the questions of one check: `first` is skipped once it has failed.
    pub fn for_one_check(first: A, second: B) -> Fallback<A, B> {
        Fallback {
            sticky: true,
            ..Fallback::new(first, second)
        }
    }
}

impl<A: Resolver, B: Resolver> Resolver for Fallback<A, B> {
    async fn query(&self, name: &str, rtype: RecordType, checking_disabled: bool) -> Lookup {
        let mut attempts = Vec::new();
        if !self.first_failed.load(Ordering::Relaxed) {
            match self.first.query(name, rtype, checking_disabled).await {
                Ok(answer) => return Ok(answer),
                Err(error) => {
                    self.first_failed.store(self.sticky, Ordering::Relaxed);
                    attempts = error.attempts;
                }
            }
        }
        match self.second.query(name, rtype, checking_disabled).await {
            Ok(answer) => Ok(answer),
            Err(second) => {
                attempts.extend(second.attempts);
                Err(LookupError { attempts })
            }
        }
    }
}
