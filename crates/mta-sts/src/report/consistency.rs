//! `dns-consistency`: the first resolver's answers against the second's
//! ([`crate::pipeline::Compared`]).

use super::context::Ctx;
use crate::finding::{Code, Finding, Severity};

pub(super) fn dns_consistency(cx: &Ctx) -> Option<Vec<Finding>> {
    if cx.obs.compared.is_none() {
        return Some(vec![Finding::new(
            Code::DnsConsistencyNotCompared,
            Severity::Skip,
            "Only one resolver was asked",
            "This check compares two resolvers' answers; it was made with one.",
        )]);
    }
    None
}
