//! Whether reporters can use a rua URI: the scheme (RPT-04), the mail address of a mailto:
//! URI (RPT-06, RFC 6068) and the host of an https: URI (E25). The URI syntax itself is the
//! grammar's (`parse::tlsrpt_uri`).

use crate::finding::{Code, Severity};
use crate::url;

/// A rua URI that reporters cannot or may not be able to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UriProblem {
    pub code: Code,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
}

/// RPT-04 (scheme), RPT-06 (mailto address) and E25 (https host without a dot).
pub(crate) fn uri_problem(uri: &str) -> Option<UriProblem> {
    let (scheme, rest) = uri.split_once(':')?;
    let scheme_lower = scheme.to_ascii_lowercase();
    let fail = |code: Code, title: String, detail: &str| UriProblem {
        code,
        severity: Severity::Fail,
        title,
        detail: detail.to_owned(),
    };
    match scheme_lower.as_str() {
        "mailto" => {
            let to = rest.split_once('?').map_or(rest, |(to, _)| to);
            let reason = mailto_problem(to)?;
            Some(fail(
                Code::TlsrptRecordRuaMailto,
                format!("Reports cannot be mailed to `{uri}`: {reason}"),
                "A mailto: URI in rua must hold a mail address, such as \
                 mailto:tlsrpt@example.com (RFC 8460 §3, RFC 6068); reporters skip this one.",
            ))
        }
        "https" => {
            let Some(after) = rest.strip_prefix("//") else {
                return Some(fail(
                    Code::TlsrptRecordRuaNoHost,
                    format!("The rua URI `{uri}` has no host name"),
                    "An https: URI in rua is where reporters POST their reports, so it needs \
                     a host, as in https://tlsrpt.example.com/v1; reporters skip this one.",
                ));
            };
            let host = url::host(url::host_port(url::authority(after)));
            if host.is_empty() {
                return Some(fail(
                    Code::TlsrptRecordRuaNoHost,
                    format!("The rua URI `{uri}` has no host name"),
                    "An https: URI in rua is where reporters POST their reports, so it needs \
                     a host, as in https://tlsrpt.example.com/v1; reporters skip this one.",
                ));
            }
            if !host.starts_with('[') && !host.contains('.') {
                return Some(UriProblem {
                    code: Code::TlsrptRecordRuaSingleLabel,
                    severity: Severity::Warn,
                    title: format!("The rua endpoint `{uri}` has a host name without a dot"),
                    detail: format!(
                        "The URI is valid, but `{host}` is a single-label name, which does not \
                         resolve on the internet, so reporters will most likely fail to POST \
                         their reports there."
                    ),
                });
            }
            None
        }
        "http" => Some(fail(
            Code::TlsrptRecordRuaScheme,
            format!("Reporters do not send reports to `{uri}`: use https: instead of http:"),
            "TLS-RPT supports only mailto: and https: URIs in rua (RFC 8460 §3); reporters \
             ignore other schemes, plain http: included.",
        )),
        _ => Some(fail(
            Code::TlsrptRecordRuaScheme,
            format!(
                "Reporters do not send reports to `{uri}`: only mailto: and https: are supported"
            ),
            "TLS-RPT supports only mailto: and https: URIs in rua (RFC 8460 §3); reporters \
             ignore any other scheme.",
        )),
    }
}

/// Why the `to` part of a mailto: URI is not a mail address, if it is not.
fn mailto_problem(to: &str) -> Option<String> {
    if to.is_empty() {
        return Some("there is no address after `mailto:`".to_owned());
    }
    let Some((local, domain)) = to.rsplit_once('@') else {
        return Some("the address has no `@`".to_owned());
    };
    if local.is_empty() {
        return Some("the address has nothing before the `@`".to_owned());
    }
    let literal = domain.starts_with('[') && domain.ends_with(']') && domain.len() > 2;
    let hostname = !domain.is_empty()
        && domain.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if literal || hostname {
        None
    } else {
        Some(format!("`{domain}` is not a valid mail domain"))
    }
}
