//! The findings of `policy-certificate`, `mx-starttls` and `mx-certificate` from a relay's
//! probe (`docs/checks.md`): one module per check, and `shared`
//! for what they share. Every evidence item says it came via the relay.
//!
//! `mode` is the mode of the policy senders would use: `None` when no valid policy is known.
//! The policy host's certificate fails whatever the mode (senders will not fetch the policy);
//! STARTTLS and MX certificate problems fail under `enforce`, warn under `testing`, and below
//! that say what they will mean once a policy is enforced.

use super::certificate::{mx_certificate, policy_certificate};
use super::shared::relay_failed;
use super::starttls::mx_starttls;
use super::ProbeObservation;
use crate::finding::{CheckId, Code, Finding};
use crate::policy::Mode;

/// The three checks from what the relay answered: a probe, or the reason there is none
/// (then each check is `unknown`, with the relay's error as evidence).
pub fn findings(relay: &ProbeObservation, mode: Option<Mode>) -> [(CheckId, Vec<Finding>); 3] {
    let from = relay.provenance();
    match &relay.result {
        Ok(probe) => [
            (CheckId::PolicyCertificate, policy_certificate(probe, &from)),
            (CheckId::MxStarttls, mx_starttls(probe, mode, &from)),
            (CheckId::MxCertificate, mx_certificate(probe, mode, &from)),
        ],
        Err(error) => [
            Code::PolicyCertificateRelayFailed,
            Code::MxStarttlsRelayFailed,
            Code::MxCertificateRelayFailed,
        ]
        .map(|code| (code.check(), vec![relay_failed(code, &from, error)])),
    }
}
