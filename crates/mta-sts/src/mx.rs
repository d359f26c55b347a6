//! Matching MX host names against policy `mx` patterns (RFC 8461 §4.1).
//! OWNER: helper "grammar". Public API fixed; bodies to be written.

use crate::finding::Finding;
use crate::policy::Policy;

/// Whether `host` (an MX exchange name, possibly with one trailing dot) is matched by
/// `pattern` (`[*.]Domain`).
pub fn matches(_pattern: &str, _host: &str) -> bool {
    todo!()
}

/// One MX record: preference and exchange name as DNS gave it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MxHost {
    pub preference: u16,
    pub exchange: String,
}

/// `mx-coverage` findings: each MX host against the policy's patterns (MX-01..MX-07, X-03,
/// `mx` is the MX set as found (empty: implicit MX, the domain itself; a single
/// `0 .`: null MX).
pub fn check_coverage(_domain: &str, _policy: &Policy, _mx: &[MxHost]) -> Vec<Finding> {
    todo!()
}
