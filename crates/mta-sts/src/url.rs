//! The few pieces of URL handling the checker needs (RFC 3986), written once: the host of an
//! `http(s)` URL as a person typed it, a relay's or a rua endpoint's, and percent-encoding a
//! query value. No URL crate: every byte ships to browsers, and these are a dozen lines.

/// The authority of a URL after its `scheme://`: everything up to the first `/`, `?` or `#`.
/// `rest` is the part after `://`.
pub fn authority(rest: &str) -> &str {
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

/// The host and port of an authority, without user information (`user@host:8443` gives
/// `host:8443`).
pub fn host_port(authority: &str) -> &str {
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

/// The host of `host[:port]`: without the port; an IPv6 literal keeps its brackets (its colons
/// are not a port).
pub fn host(host_port: &str) -> &str {
    match host_port.find(']') {
        Some(end) if host_port.starts_with('[') => host_port.get(..=end).unwrap_or(host_port),
        _ => host_port.split(':').next().unwrap_or_default(),
    }
}

/// The host of `https://…` or `http://…` (scheme in any case), or `None` for anything else.
pub fn http_host(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let web = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    web.then(|| host(host_port(authority(rest))))
}

/// Percent-encodes everything but RFC 3986 `unreserved`, so that any text (a hostile name with
/// `&`, `#` or spaces included) stays one query value.
pub fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        for (url, want) in [
            (
                "https://www.example.net/path?q=1#x",
                Some("www.example.net"),
            ),
            ("http://user@example.net:8080/", Some("example.net")),
            ("HTTPS://Example.NET", Some("Example.NET")),
            ("https://[2001:db8::1]:443/", Some("[2001:db8::1]")),
            ("https://user@[::1]/path", Some("[::1]")),
            ("https://a@b@c.example/", Some("c.example")),
            ("https://", Some("")),
            ("mailto:x@example.net", None),
            ("ftp://example.net/", None),
            ("example.net", None),
        ] {
            assert_eq!(http_host(url), want, "{url}");
        }
    }

    #[test]
    fn host_port_keeps_the_port() {
        assert_eq!(
            host_port(authority("u:p@relay.example:8443/x")),
            "relay.example:8443"
        );
        assert_eq!(authority("h.example?x=/"), "h.example");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(query_value("example.com"), "example.com");
        assert_eq!(query_value("a b&c#d/é"), "a%20b%26c%23d%2F%C3%A9");
        assert_eq!(query_value("_mta-sts.x~y"), "_mta-sts.x~y");
    }
}
