//! What the three relay checks share: a relay that gave no probe, the MX set as a whole, hosts
//! that could not be tested, what a failure means under each mode, and the evidence's words.

use super::{MxProbe, MxProbes, ProbeError, Stage, MAX_MX_HOSTS};
use crate::finding::{Code, Evidence, Finding, Fix, Provenance, Reference, Severity};
use crate::policy::Mode;

/// The codes of the findings that `mx-starttls` and `mx-certificate` share, one set per check.
pub(super) struct MxCodes {
    pub null_mx: Code,
    pub lookup_failed: Code,
    pub no_domain: Code,
    pub no_host: Code,
    pub implicit_mx: Code,
    pub over_limit: Code,
    pub not_tested: Code,
}

/// The probe gave no answer. Only a relay fails as a whole: a probe of this program's own
/// always answers, each step saying how far it got.
pub(super) fn relay_failed(code: Code, from: &Provenance, error: &str) -> Finding {
    let who = match from {
        Provenance::Relayed { host } => format!("relay {host}"),
        _ => "probe".to_owned(),
    };
    Finding::new(
        code,
        Severity::Unknown,
        "The probe relay gave no answer, so this could not be checked",
        format!(
            "The {who} tests what a browser cannot see, and it did not answer with a probe. \
             Nothing is known about this check from here."
        ),
    )
    .evidence(Evidence::new(who, error).from(from.clone()))
    .fix(Fix::action(
        "Run the check again in a minute. If the relay keeps failing, check its address in the \
         settings, or ask whoever runs it.",
    ))
}

/// Who probed, as the subject of a sentence: "The relay" (a probe relay) or "The probe" (the
/// command line's own).
pub(super) fn prober(from: &Provenance) -> &'static str {
    match from {
        Provenance::Relayed { .. } => "The relay",
        _ => "The probe",
    }
}

/// The same, in the middle of a sentence.
pub(super) fn prober_lower(from: &Provenance) -> &'static str {
    match from {
        Provenance::Relayed { .. } => "the relay",
        _ => "the probe",
    }
}

/// What a failed STARTTLS means under each mode.
pub(super) fn tls_consequence(mode: Option<Mode>) -> (Severity, &'static str) {
    match mode {
        Some(Mode::Enforce) => (
            Severity::Fail,
            "Your policy is in enforce mode, so senders that honour it will not deliver mail to \
             this host; they try your other MX hosts, and if none passes they hold the mail and \
             return it after their retry period.",
        ),
        Some(Mode::Testing) => (
            Severity::Warn,
            "Your policy is in testing mode, so senders still deliver and report the failure to \
             your TLS-RPT address; under enforce they would not deliver to this host.",
        ),
        Some(Mode::None) | None => (
            Severity::Warn,
            "No MTA-STS policy is in force, so senders deliver anyway; under an enforce policy \
             they would not deliver to this host.",
        ),
    }
}

/// What a bad MX certificate means under each mode.
pub(super) fn certificate_consequence(mode: Option<Mode>) -> (Severity, &'static str) {
    match mode {
        Some(Mode::Enforce | Mode::Testing) => tls_consequence(mode),
        Some(Mode::None) | None => (
            Severity::Info,
            "No MTA-STS policy is in force, and without one senders do not check the \
             certificate, so this changes nothing for them today; it matters once you publish a \
             policy in testing or enforce mode.",
        ),
    }
}

/// The findings that stand for the whole MX set when there are no hosts to judge one by one.
pub(super) fn mx_set(
    codes: &MxCodes,
    domain: &str,
    mx: &MxProbes,
    from: &Provenance,
) -> Option<Vec<Finding>> {
    if mx.null_mx {
        return Some(vec![Finding::new(
            codes.null_mx,
            Severity::Skip,
            format!(
                "{domain} publishes a null MX: it takes no mail, so there is no MX host to test"
            ),
            "A null MX (RFC 7505) tells senders not to deliver mail to the domain at all.",
        )
        .evidence(relayed("MX", "0 .", from))]);
    }
    if let Some(e) = mx.error.as_ref().filter(|e| e.stage == Stage::NoAddress) {
        return Some(vec![Finding::new(
            codes.no_domain,
            Severity::Skip,
            format!("{domain} does not exist, so there is no MX host to test"),
            "The DNS says the domain does not exist (NXDOMAIN); the MX checks say what that \
             means for mail to it.",
        )
        .evidence(relayed(format!("MX {domain}"), &e.message, from))]);
    }
    if let Some(e) = &mx.error {
        return Some(vec![Finding::new(
            codes.lookup_failed,
            Severity::Unknown,
            format!(
                "{} could not look up the MX hosts of {domain}",
                prober(from)
            ),
            "Without the MX hosts there is nothing to test; senders use their own resolvers, so \
             try again in a minute.",
        )
        .evidence(relayed(format!("MX {domain}"), &e.message, from))
        .fix(Fix::action(
            "Run the check again. If it keeps failing, check the name servers of the domain.",
        ))]);
    }
    if mx.hosts.is_empty() {
        return Some(vec![Finding::new(
            codes.no_host,
            Severity::Unknown,
            format!("{} tested no MX host", prober(from)),
            "The probe's answer lists no MX host and no reason, so nothing is known here.",
        )]);
    }
    None
}

/// Notes on the MX set: an implicit MX, and hosts beyond the relay's limit.
pub(super) fn mx_notes(
    codes: &MxCodes,
    domain: &str,
    mx: &MxProbes,
    from: &Provenance,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if mx.implicit {
        out.push(Finding::new(
            codes.implicit_mx,
            Severity::Info,
            format!(
                "{domain} has no MX records, so {} tested {domain} itself",
                prober_lower(from)
            ),
            "Without MX records, senders deliver to the domain's own address (RFC 5321 §5.1), \
             so that is the host they will test.",
        ));
    }
    if !mx.not_probed.is_empty() {
        out.push(
            Finding::new(
                codes.over_limit,
                Severity::Info,
                format!(
                    "{} more MX hosts were not tested: {} tests at most {MAX_MX_HOSTS}",
                    mx.not_probed.len(),
                    prober_lower(from)
                ),
                "Senders try every MX host, so the untested ones matter as much as the others.",
            )
            .evidence(relayed("not tested", mx.not_probed.join(", "), from))
            .fix(Fix::with_paste(
                "Test them from a machine that may open port 25:",
                format!(
                    "for mx in {}; do echo \"== $mx\"; {}; done",
                    mx.not_probed.join(" "),
                    command("$mx").replace("$mx", "\"$mx\"")
                ),
            )),
        );
    }
    out
}

/// A host whose probe ended before there was anything to judge.
pub(super) fn not_tested(
    code: Code,
    mx: &MxProbe,
    error: Option<&ProbeError>,
    from: &Provenance,
) -> Finding {
    let host = &mx.host;
    let (title, detail) = match error.map(|e| e.stage) {
        Some(Stage::NoAddress) => (
            format!("{} found no address for {host}", prober(from)),
            "Senders cannot deliver to a host without an address either; if this lasts, check \
             the host's A and AAAA records."
                .to_owned(),
        ),
        Some(Stage::Resolve) => (
            format!("The address of {host} could not be looked up"),
            format!(
                "The DNS lookup of {} failed or timed out, so the host was not tested; senders \
                 use their own resolvers. If this lasts, check the name servers of the host's \
                 domain.",
                prober_lower(from)
            ),
        ),
        Some(Stage::BadName) => (
            format!("{host} is not a host name, so it was not tested"),
            "An MX record names a host (RFC 5321 §5.1); senders cannot deliver to this one, and \
             the MX checks report the record."
                .to_owned(),
        ),
        Some(Stage::Refused) => (
            format!(
                "{host} has only private or reserved addresses, which the relay does not contact"
            ),
            "Senders on the internet cannot reach such an address either. If this host should \
             receive mail from outside, publish its public address."
                .to_owned(),
        ),
        Some(Stage::Connect) => (
            format!("{} could not connect to {host} on port 25", prober(from)),
            format!(
                "Either the host does not accept connections from {}'s network, or that \
                 network blocks outgoing port 25, as many cloud providers and home ISPs do. \
                 Senders' own connections may well succeed.",
                prober_lower(from)
            ),
        ),
        _ => (
            format!("The conversation with {host} ended before its TLS could be tested"),
            format!(
                "{} saw too little of this host to judge it; senders may fare differently.",
                prober(from)
            ),
        ),
    };
    let mut f = Finding::new(code, Severity::Unknown, title, detail)
        .fix(Fix::with_paste(
            "Test the host from a machine that may open port 25:",
            command(host),
        ))
        .reference(Reference::rfc8461("4.2"));
    if let Some(banner) = &mx.banner {
        f = f.evidence(relayed(format!("banner of {}", where_(mx)), banner, from));
    }
    if let Some(e) = error {
        let label = if e.timed_out {
            format!("{} (timed out)", where_(mx))
        } else {
            where_(mx)
        };
        f = f.evidence(relayed(label, &e.message, from));
    } else if !mx.addresses.is_empty() {
        f = f.evidence(relayed("addresses", mx.addresses.join(", "), from));
    }
    f
}

pub(super) fn relayed(
    label: impl Into<String>,
    text: impl Into<String>,
    from: &Provenance,
) -> Evidence {
    Evidence::new(label, text).from(from.clone())
}

/// "mx1.example.com (192.0.2.1)", "mx1.example.com (10.0.0.5, a private address)", or the
/// host alone when no address answered.
pub(super) fn where_(mx: &MxProbe) -> String {
    match (&mx.address, &mx.address_kind) {
        (Some(a), Some(kind)) => format!("{} ({a}, {kind})", mx.host),
        (Some(a), None) => format!("{} ({a})", mx.host),
        (None, _) => mx.host.clone(),
    }
}

/// The date part of an RFC 3339 time ("2025-06-01T00:00:00Z" → "2025-06-01").
pub(super) fn day(rfc3339: &str) -> &str {
    rfc3339.split_once('T').map_or(rfc3339, |(d, _)| d)
}

/// The command that repeats the relay's test of one MX host.
pub(super) fn command(host: &str) -> String {
    format!(
        "openssl s_client -starttls smtp -connect {host}:25 -servername {host} \
         -verify_hostname {host} -brief </dev/null"
    )
}
