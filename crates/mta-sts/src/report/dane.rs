//! `mx-dane`: the TLSA records of the MX hosts (RFC 7672) beside the MTA-STS policy.

use super::context::Ctx;
use crate::finding::{Code, Finding, Severity};

pub(super) fn mx_dane(cx: &Ctx) -> Option<Vec<Finding>> {
    cx.obs.mx.as_ref()?;
    let tlsa_pending = cx.obs.pending.iter().any(
        |r| matches!(r, crate::pipeline::Request::Dns { rtype, .. } if *rtype == crate::lookup::RecordType::Tlsa),
    );
    if tlsa_pending {
        return None;
    }
    Some(vec![Finding::new(
        Code::MxDaneNoMx,
        Severity::Skip,
        "No MX host to look up",
        "There is no MX host whose TLSA records could be looked up.",
    )])
}
