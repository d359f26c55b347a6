//! The check pipeline: runs every lookup through the traits, concurrently.
//! OWNER: helper "pipeline". The `Observations` type is fixed (the report reads it).

use crate::lookup::{Lookup, PolicyObservation};
use serde::Serialize;

/// How long one lookup took, for the waterfall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// What was asked: "TXT _mta-sts.example.com", "GET https://mta-sts.example.com/…".
    pub what: String,
    /// Milliseconds from the start of the check to the start and the end of this lookup.
    pub start_ms: u32,
    pub end_ms: u32,
}

/// Everything the lookups answered so far. `None` means still pending (or not asked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Observations {
    /// The policy domain, lower case, A-labels, no trailing dot.
    pub domain: String,
    /// TXT at `_mta-sts.<domain>`.
    pub sts_txt: Option<Lookup>,
    /// TXT at `<domain>` (a `v=STSv1` record published at the apex by mistake, TXT-18).
    pub apex_txt: Option<Lookup>,
    /// MX at `<domain>`.
    pub mx: Option<Lookup>,
    /// TXT at `_smtp._tls.<domain>`.
    pub tlsrpt_txt: Option<Lookup>,
    /// A and AAAA at `mta-sts.<domain>`.
    pub host_a: Option<Lookup>,
    pub host_aaaa: Option<Lookup>,
    /// The policy fetch.
    pub policy: Option<PolicyObservation>,
    /// Queries repeated with checking disabled (`cd=1`) after a SERVFAIL, to tell broken
    /// DNSSEC from a broken server: (name, record type as text, answer).
    pub dnssec_retries: Vec<(String, String, Lookup)>,
    /// Lookups still to be answered, by their `Timing::what`.
    pub pending: Vec<String>,
    pub timings: Vec<Timing>,
}
