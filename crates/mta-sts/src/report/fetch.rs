//! The fetch-level checks: `policy-fetch` and `policy-content-type`.

use super::content::unreadable;
use super::context::Ctx;
use super::finish::{probe_pending, unread_policy};
use super::host::{hosted_by, soften_when_absent};
use crate::finding::{Code, Evidence, Finding, Fix, Reference, Severity};
use crate::lookup::{policy_host, FetchOutcome};

/// Slower than this, some senders give up (FETCH-10).
pub(crate) const SLOW_MS: u32 = 5000;

pub(super) fn policy_fetch(cx: &Ctx) -> Option<Vec<Finding>> {
    let fetch = cx.fetch.as_ref()?;
    let d = cx.domain;
    let url = if fetch.url.is_empty() {
        cx.policy_url()
    } else {
        fetch.url.clone()
    };
    let host = policy_host(d);
    let seen =
        |text: String| Evidence::new(format!("GET {url}"), text).from(fetch.provenance.clone());
    // with a record published, a policy that cannot be fetched is the usual failure.
    let x01 = if cx.has_record() {
        " Your MTA-STS record is published, so senders do look for this policy; a sender that \
         cached an earlier policy keeps using it until it expires."
    } else {
        ""
    };
    let mut out = Vec::new();
    match &fetch.outcome {
        // The fetch failed where the address lookups failed too: nothing says whether the
        // host is down or only this machine's DNS is (senders use their own resolvers).
        FetchOutcome::ConnectFailed { .. } | FetchOutcome::Timeout { .. }
            if host_lookup_failed(cx) =>
        {
            let what = match &fetch.outcome {
                FetchOutcome::Timeout { after_ms } => format!("no answer after {after_ms} ms"),
                FetchOutcome::ConnectFailed { message } => message.clone(),
                _ => String::new(),
            };
            out.push(
                Finding::new(
                    Code::PolicyFetchHostLookupFailed,
                    Severity::Unknown,
                    format!("The address of {host} could not be looked up, so the fetch could not be made"),
                    "The A and AAAA lookups of the policy host failed, so whether senders can \
                     fetch the policy is not known from here. Senders use their own resolvers; \
                     try again in a minute.",
                )
                .evidence(seen(what)),
            );
        }
        FetchOutcome::Read { status: 200, .. } if cx.absent_decided()? => out.push(
            Finding::new(
                Code::PolicyFetchNotAPolicy,
                Severity::Info,
                format!("{host} answers with status 200, but not with an MTA-STS policy"),
                format!(
                    "Senders only look for a policy after finding an MTA-STS record, and {d} has \
                     none, so what this web server answers changes nothing for them."
                ),
            )
            .evidence(seen("HTTP 200".into())),
        ),
        FetchOutcome::Read { status: 200, .. } => {
            let mut pass = Finding::new(
                Code::PolicyFetchOk,
                Severity::Pass,
                "The policy host serves the policy with status 200",
                "Senders accept a policy only from a 200 answer over HTTPS, without redirects; this \
                 is one.",
            )
            .evidence(seen("HTTP 200".into()));
            if let Some(ms) = fetch.elapsed_ms {
                pass = pass.evidence(Evidence::new("time to answer", format!("{ms} ms")));
            }
            out.push(pass);
            if let Some(ms) = fetch.elapsed_ms.filter(|ms| *ms > SLOW_MS) {
                out.push(
                    Finding::new(
                        Code::PolicyFetchSlow,
                        Severity::Warn,
                        format!("The policy host took {}.{} seconds to answer", ms / 1000, ms % 1000 / 100),
                        format!(
                            "Senders that allow little time give up and treat {d} as having no \
                             MTA-STS policy: postfix-tlspol waits 2 seconds, postfix-mta-sts-resolver \
                             4. RFC 8461 suggests senders wait up to a minute, but not all do."
                        ),
                    )
                    .evidence(Evidence::new("time to answer", format!("{ms} ms")))
                    .fix(Fix::with_paste(
                        "Serve the policy from a static file host or a CDN, which answers in well \
                         under a second. This command shows how long the host takes:",
                        format!("curl -sS -o /dev/null -w '%{{time_total}} s\\n' {url}"),
                    ))
                    .reference(Reference::rfc8461("3.3")),
                );
            }
        }
        FetchOutcome::Read { status, .. } => {
            let other_2xx = (200..300).contains(status);
            let note = if other_2xx {
                " Some senders accept any 2xx status, but RFC 8461 asks for exactly 200."
            } else {
                ""
            };
            let action = match status {
                404 => format!(
                    "Serve the policy file at exactly {url}. Common causes: the file sits at \
                     another path (`well-known/` without the dot, `mta-sts.txt.txt`, no `.txt`), \
                     or a static site generator such as Jekyll on GitHub Pages leaves out the \
                     `.well-known` folder."
                ),
                401 | 403 => format!("Let anyone read {url} without logging in."),
                500..=599 => format!("The web server for {host} fails; its error log says why."),
                _ => format!("Serve the policy file at {url} with status 200."),
            };
            let fix = if *status == 404 && hosted_by(cx) == Some("GitHub Pages") {
                Fix::with_paste(
                    format!(
                        "{action} For GitHub Pages, add an empty `.nojekyll` file to the \
                         repository, or this line to `_config.yml`:"
                    ),
                    "include: [\".well-known\"]",
                )
            } else {
                Fix::action(action)
            };
            out.push(
                Finding::new(
                    Code::PolicyFetchStatus,
                    Severity::Fail,
                    format!("The policy host answers with status {status} instead of the policy"),
                    format!(
                        "Senders accept a policy only from an answer with status 200, so they will \
                         treat {d} as having no MTA-STS policy.{note}{x01}"
                    ),
                )
                .evidence(seen(format!("HTTP {status}")))
                .fix(fix)
                .reference(Reference::rfc8461("3.3")),
            );
        }
        FetchOutcome::Redirect { status, location } => {
            let title = match location {
                Some(to) => format!("The policy host redirects to {to} instead of serving the policy"),
                None => "The policy host redirects instead of serving the policy".to_owned(),
            };
            let mut f = Finding::new(
                Code::PolicyFetchRedirect,
                Severity::Fail,
                title,
                format!(
                    "RFC 8461 forbids senders to follow redirects when they fetch the policy, so \
                     they will treat {d} as having no MTA-STS policy, even if the target serves a \
                     correct file.{x01} Some checkers (checkdmarc, the NCSC's Mail Check) follow \
                     redirects and may show this policy as fine; senders do not."
                ),
            )
            .evidence(seen(match status {
                Some(s) => format!("HTTP {s}"),
                None => "a redirect (a browser does not reveal its status or target)".to_owned(),
            }));
            if let Some(to) = location {
                f = f.evidence(Evidence::new("Location", to.clone()).from(fetch.provenance.clone()));
            }
            out.push(
                f.fix(Fix::action(format!(
                    "Serve the file directly at {url}, with status 200. Common causes: the web \
                     server sends every request to `https://www.{d}` or to `https://{d}`, adds a \
                     trailing slash, or forces another path; exempt `/.well-known/mta-sts.txt` \
                     from that rule."
                )))
                .reference(Reference::rfc8461("3.3")),
            );
        }
        FetchOutcome::Unreadable => {
            let mut f = Finding::new(
                Code::PolicyFetchNoCors,
                Severity::Unknown,
                "Your policy host answers over valid HTTPS, but does not let web pages read the policy",
                "The host sends no `Access-Control-Allow-Origin` header, so this browser may not \
                 see the status, content type or text. This is not an error for mail: senders are \
                 not browsers.",
            )
            .evidence(seen(format!(
                "a cross-origin read was refused; a no-cors request completed with a certificate \
                 this browser accepts for `{host}`"
            )))
            .reference(Reference::rfc8461("3.3"));
            // The report leads with the ways to finish the check; otherwise (a policy body
            // pasted, say) the fetch itself is still to be checked, with the curl command.
            if unread_policy(cx) {
                f.detail
                    .push_str(" The ways to finish the check are at the top of the report.");
            } else {
                f = f.fix(Fix::with_paste(
                    "Run this command and paste its whole output, status line and headers \
                     included, into the policy editor (or configure a probe relay in the \
                     settings):",
                    format!("curl -si {url}"),
                ));
            }
            out.push(f);
        }
        FetchOutcome::ConnectFailed { message } => {
            let why = match host_resolves(cx) {
                Some(false) => format!("{host} has no address (see the policy host check), so there is nothing to connect to."),
                Some(true) => format!(
                    "{host} has an address, but the HTTPS connection failed. From a browser, a \
                     certificate that is not valid for {host}, a refused connection and a reset \
                     one all look the same."
                ),
                None => "From a browser, a missing name, a certificate that is not valid for the \
                         host, a refused connection and a reset one all look the same."
                    .to_owned(),
            };
            out.push(
                Finding::new(
                    Code::PolicyFetchConnectFailed,
                    Severity::Fail,
                    format!("The policy host {host} cannot be reached over HTTPS"),
                    format!("{why} Senders will treat {d} as having no MTA-STS policy until it can be fetched.{x01}"),
                )
                .evidence(seen(message.clone()))
                .fix(Fix::with_paste(
                    format!(
                        "Run this command to see which it is: it prints the certificate or \
                         connection error. The certificate must be valid for {host} itself, also \
                         when the policy is hosted elsewhere (for GitHub Pages: the custom domain \
                         set to {host}, HTTPS enforced)."
                    ),
                    format!("curl -sSi {url}"),
                ))
                .reference(Reference::rfc8461("3.3")),
            );
        }
        FetchOutcome::Timeout { after_ms } => out.push(
            Finding::new(
                Code::PolicyFetchTimeout,
                Severity::Fail,
                format!("The policy host did not answer within {} seconds", after_ms.div_ceil(1000)),
                format!(
                    "Senders give up on a policy host that does not answer, and treat {d} as \
                     having no MTA-STS policy. RFC 8461 suggests they wait up to a minute, but many \
                     wait far less: postfix-tlspol 2 seconds, postfix-mta-sts-resolver 4.{x01}"
                ),
            )
            .evidence(seen(format!("no answer after {after_ms} ms")))
            .fix(Fix::with_paste(
                format!("Check that the web server for {host} is up and answers HTTPS quickly. This command shows how long it takes:"),
                format!("curl -sS -o /dev/null -w '%{{time_total}} s\\n' {url}"),
            ))
            .reference(Reference::rfc8461("3.3")),
        ),
    }
    soften_when_absent(cx, out)
}

/// Whether both address lookups of the policy host failed ([`crate::lookup::failed`]: no
/// answer, or a resolver that refused), rather than answering that there is no address.
fn host_lookup_failed(cx: &Ctx) -> bool {
    let failed = |l: &Option<crate::lookup::Lookup>| l.as_ref().is_some_and(crate::lookup::failed);
    failed(&cx.obs.host_a) && failed(&cx.obs.host_aaaa)
}

/// Whether the policy host resolved: `None` when not known.
fn host_resolves(cx: &Ctx) -> Option<bool> {
    let has = |l: &Option<crate::lookup::Lookup>| match l {
        Some(Ok(a)) => Some(a.of_type().next().is_some()),
        _ => None,
    };
    match (has(&cx.obs.host_a), has(&cx.obs.host_aaaa)) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// Whether a Content-Type value names `text/plain`, compared case-insensitively, parameters
/// allowed (FETCH-08; test-vectors F10, F11).
pub fn is_text_plain(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("text/plain"))
}

pub(super) fn content_type(cx: &Ctx) -> Option<Vec<Finding>> {
    let fetch = cx.fetch.as_ref()?;
    let served = matches!(
        fetch.outcome,
        FetchOutcome::Read { status: 200, .. } | FetchOutcome::Unreadable
    );
    // Without MTA-STS, whatever a web server answers at that name is none of senders' business.
    if !served || cx.absent_decided()? {
        return Some(vec![not_checked(Code::PolicyContentTypeNotChecked, cx)]);
    }
    let evidence = |v: &str| Evidence::new("Content-Type", v).from(fetch.provenance.clone());
    let finding = match &fetch.outcome {
        FetchOutcome::Read {
            status: 200,
            content_type,
            ..
        } => match content_type.as_deref() {
            Some(v) if is_text_plain(v) => Finding::new(
                Code::PolicyContentTypeTextPlain,
                Severity::Pass,
                "The policy is served as `text/plain`",
                "Senders that check the media type, as RFC 8461 asks, accept it.",
            )
            .evidence(evidence(v)),
            other => {
                let title = match other {
                    None => "The policy is served without a Content-Type header".to_owned(),
                    Some(v) if v.trim().is_empty() => {
                        "The policy is served with an empty Content-Type header".to_owned()
                    }
                    Some(v) => format!("The policy is served as `{}`, not `text/plain`", v.trim()),
                };
                let code = if other.is_some_and(|v| !v.trim().is_empty()) {
                    Code::PolicyContentTypeOther
                } else {
                    Code::PolicyContentTypeMissing
                };
                let mut f = Finding::new(
                    code,
                    Severity::Warn,
                    title,
                    "RFC 8461 asks senders to check that the policy is `text/plain`, and some \
                     treat anything else as no policy at all: KumoMTA, and both Postfix helpers, \
                     postfix-tlspol and postfix-mta-sts-resolver. Others, such as mox, ignore the \
                     type.",
                )
                .fix(Fix::action(
                    "Serve `/.well-known/mta-sts.txt` with `Content-Type: text/plain` (a \
                     `charset=utf-8` parameter is fine). Static hosts such as GitHub Pages do this \
                     for a file whose name ends in `.txt`.",
                ))
                .reference(Reference::rfc8461("3.2"));
                f = f.evidence(match other {
                    Some(v) => evidence(v),
                    None => Evidence::new("Content-Type", "(no such header)")
                        .from(fetch.provenance.clone()),
                });
                f
            }
        },
        // While a relay may still read the policy, its answer decides.
        FetchOutcome::Unreadable if probe_pending(cx) => return None,
        FetchOutcome::Unreadable if unread_policy(cx) => {
            unreadable(cx, Code::PolicyContentTypeNotRead)
        }
        FetchOutcome::Unreadable => Finding::new(
            Code::PolicyContentTypeNotRead,
            Severity::Unknown,
            "The content type could not be read from this browser",
            "The policy host does not let web pages read its answer. Paste the output of the \
             `curl -si` command shown under the policy fetch into the policy editor to check it.",
        ),
        _ => not_checked(Code::PolicyContentTypeNotChecked, cx),
    };
    Some(vec![finding])
}

/// A `skip` finding for a check that has nothing to look at.
pub(super) fn not_checked(code: Code, cx: &Ctx) -> Finding {
    if cx.absent() {
        Finding::new(
            code,
            Severity::Skip,
            format!("Not checked: {} has no MTA-STS", cx.domain),
            "There is no MTA-STS record and no policy, so there is nothing to check here.",
        )
    } else {
        Finding::new(
            code,
            Severity::Skip,
            "Not checked: no policy was served",
            "The policy host did not serve a policy (see the policy fetch), so there is nothing \
             to check here.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::is_text_plain;

    #[test]
    fn text_plain_is_recognised_as_senders_do() {
        // test-vectors.md F10 (postfix-mta-sts-resolver) and F11 (postfix-tlspol); FETCH-08.
        let cases = [
            ("text/plain", true),
            ("TEXT/PLAIN", true),
            ("TeXT/PlAiN", true),
            ("text/plain;charset=utf-8", true),
            ("text/plain;charset=UTF-8", true),
            ("text/plain; charset=UTF-8", true),
            ("text/plain ; charset=UTF-8", true),
            ("TEXT/PLAIN; charset=US-ASCII; x-extra=ignored", true),
            ("text/plain; charset=iso-8859-1", true),
            ("application/octet-stream", false),
            ("application/octet-stream+text/plain", false),
            ("application/json+text/plain", false),
            ("text/plain+", false),
            ("", false),
            ("text/html", false),
            ("not a media type", false),
        ];
        for (value, plain) in cases {
            assert_eq!(is_text_plain(value), plain, "{value:?}");
        }
    }
}
