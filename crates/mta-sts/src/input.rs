//! What a person typed (in the page's form, on the command line, in a list of domains),
//! turned into the domain to check, or the reason it cannot be one, in words for them.

use crate::domain::{check_mail_domain, is_dotted_quad, DomainError};
use crate::url;

/// Takes a domain, an e-mail address or a URL and returns the domain it names, lower case and
/// without a trailing dot. Internationalised names are turned into A-labels by `to_ascii`
/// (the browser's `URL` API in the app, the `idna` crate on the command line), so the engine
/// ships no IDNA tables.
pub fn domain_from_input(
    raw: &str,
    to_ascii: impl Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("Enter a domain, an e-mail address or a URL.".into());
    }
    if text.len() > 300 {
        return Err("That is too long to be a domain name (at most 253 characters).".into());
    }
    if text.contains('<') || text.contains('>') {
        return Err("That looks like markup, not a domain name.".into());
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("data:") {
        return Err("Only a domain, an e-mail address or an https URL can be checked.".into());
    }
    // The host of a URL ends at the first path, query, fragment or port; user info is dropped.
    let host = if let Some(host) = url::http_host(&lower) {
        host.to_string()
    } else {
        let text = lower.strip_prefix("mailto:").unwrap_or(&lower);
        match text.matches('@').count() {
            0 => text.to_string(),
            1 => text.rsplit('@').next().unwrap_or("").to_string(),
            _ => return Err("An e-mail address has exactly one @.".into()),
        }
    };
    let host = host.strip_suffix('.').unwrap_or(&host).to_string();
    if host.is_empty() {
        return Err("There is no domain name in that.".into());
    }
    if is_dotted_quad(&host) || looks_like_ipv6(host.trim_matches(['[', ']'])) {
        return Err("That is an IP address; MTA-STS is published for domain names.".into());
    }
    let ascii = if host.is_ascii() {
        host
    } else {
        to_ascii(&host).ok_or("That is not a valid internationalised domain name.")?
    };
    check_domain_syntax(&ascii)?;
    Ok(ascii)
}

/// Hex digits and colons (and dots, for an embedded IPv4 tail) with at least two colons: no
/// domain name looks like that. Not std's full IPv6 parser, which costs the page kilobytes:
/// whatever this lets through fails the domain syntax check anyway (a colon is not allowed).
fn looks_like_ipv6(host: &str) -> bool {
    host.matches(':').count() >= 2
        && host
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
}

/// The engine's check of a domain to look up (a host name of at least two labels), worded
/// for the form.
fn check_domain_syntax(domain: &str) -> Result<(), String> {
    check_mail_domain(domain).map_err(|e| match e {
        DomainError::TooLong { .. } => {
            "That is too long to be a domain name (at most 253 characters).".to_owned()
        }
        DomainError::SingleLabel => {
            format!("`{domain}` is a single label; enter a full domain such as example.com.")
        }
        DomainError::LabelTooLong { label, len } => format!(
            "The label `{}…` is {len} characters long; DNS allows 63.",
            label.get(..20).unwrap_or(&label)
        ),
        DomainError::BadChar { ch: ' ', .. } => "A domain name has no spaces.".to_owned(),
        e => format!("That is not a domain name: {e}."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_idna(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn accepts_domains_addresses_and_urls() {
        let cases = [
            ("example.com", "example.com"),
            ("  Example.COM.  ", "example.com"),
            ("user@Example.com", "example.com"),
            ("mailto:postmaster@example.org", "example.org"),
            ("https://www.example.net/path?q=1#x", "www.example.net"),
            ("http://user@example.net:8080/", "example.net"),
            ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ];
        for (input, want) in cases {
            assert_eq!(
                domain_from_input(input, no_idna).as_deref(),
                Ok(want),
                "{input}"
            );
        }
    }

    #[test]
    fn unicode_goes_through_the_idna_function() {
        let idna = |s: &str| (s == "bücher.example").then(|| "xn--bcher-kva.example".to_string());
        assert_eq!(
            domain_from_input("Bücher.example", idna).as_deref(),
            Ok("xn--bcher-kva.example")
        );
        assert!(domain_from_input("ünknown.example", idna).is_err());
    }

    #[test]
    fn names_ip_addresses_as_such() {
        let cases = [
            "192.0.2.1",
            "192.0.2.1.",
            "[2001:db8::1]",
            "2001:db8::1",
            "http://192.0.2.1/",
            "https://[2001:db8::1]:443/",
            "https://user@[::1]/path",
            "::ffff:192.0.2.1",
        ];
        for input in cases {
            let reason = domain_from_input(input, no_idna).unwrap_err();
            assert!(reason.contains("IP address"), "{input:?}: {reason}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_domain() {
        let long = "a".repeat(301);
        let long_label = format!("{}.com", "a".repeat(64));
        let cases = [
            "",
            "   ",
            long.as_str(),
            long_label.as_str(),
            "192.0.2.1",
            "[2001:db8::1]",
            "2001:db8::1",
            "https://[2001:db8::1]:443/",
            "http://192.0.2.1/",
            "javascript:alert(1)",
            "<script>alert(1)</script>",
            "a@b@example.com",
            "localhost",
            "exa mple.com",
            "-bad.example",
            "a..example",
            "1:2",
            "example.com:25:25",
        ];
        for input in cases {
            assert!(
                domain_from_input(input, no_idna).is_err(),
                "{input:?} accepted"
            );
        }
    }
}
