//! Which addresses the relay may connect to. Checked after resolution, on the very address the
//! relay then connects to, so a name that resolves to a private address (or rebinds to one
//! between two lookups) gets nowhere: the relay resolves once and connects to what it checked.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Decides whether the relay may open a connection to an address.
pub trait AddressPolicy: Send + Sync + fmt::Debug {
    /// `Err` says why not, in words.
    fn check(&self, ip: IpAddr) -> Result<(), String>;
}

/// The production policy: public unicast addresses only.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnly;

impl AddressPolicy for PublicOnly {
    fn check(&self, ip: IpAddr) -> Result<(), String> {
        match non_public(ip) {
            None => Ok(()),
            Some(kind) => Err(format!(
                "{ip} is {kind}; the relay only connects to public addresses"
            )),
        }
    }
}

/// The command line's policy: any address. An administrator may well check an internal domain
/// from inside; what is not public is pointed out in the report, not refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyAddress;

impl AddressPolicy for AnyAddress {
    fn check(&self, _ip: IpAddr) -> Result<(), String> {
        Ok(())
    }
}

/// What kind of non-public address `ip` is, or `None` for a public unicast address.
pub fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => non_public_v4(v4),
        IpAddr::V6(v6) => non_public_v6(v6),
    }
}

/// IPv4 special-purpose ranges (RFC 6890 and the IANA registry) that are not global unicast.
fn non_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    let kind = match (a, b, c) {
        (0, _, _) => "an unspecified or \"this network\" address",
        (10, _, _) => "a private address",
        (100, 64..=127, _) => "a shared (CGNAT) address",
        (127, _, _) => "a loopback address",
        (169, 254, _) => "a link-local address",
        (172, 16..=31, _) => "a private address",
        (192, 0, 0) => "an IETF protocol assignment",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "a documentation address",
        (192, 88, 99) => "a 6to4 relay anycast address",
        (192, 168, _) => "a private address",
        (198, 18..=19, _) => "a benchmarking address",
        (224..=239, _, _) => "a multicast address",
        (240..=255, _, _) => "a reserved or broadcast address",
        _ => return None,
    };
    Some(kind)
}

/// IPv6: only global unicast (2000::/3) outside its special-purpose blocks; addresses that
/// embed an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
fn non_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return non_public_v4(v4).map(|_| "an IPv4-mapped non-public address");
    }
    if ip.is_unspecified() {
        return Some("the unspecified address");
    }
    if ip.is_loopback() {
        return Some("a loopback address");
    }
    // NAT64 well-known prefix 64:ff9b::/96: the last 32 bits are the IPv4 address.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let v4 = embedded_v4(s[6], s[7]);
        return non_public_v4(v4).map(|_| "a NAT64 address of a non-public IPv4 address");
    }
    // 6to4 2002::/16: bits 16..48 are the IPv4 address.
    if s[0] == 0x2002 {
        let v4 = embedded_v4(s[1], s[2]);
        return non_public_v4(v4).map(|_| "a 6to4 address of a non-public IPv4 address");
    }
    let kind = match s[0] {
        0xff00..=0xffff => "a multicast address",
        0xfe80..=0xfebf => "a link-local address",
        0xfec0..=0xfeff => "a site-local address",
        0xfc00..=0xfdff => "a unique-local address",
        // 2001::/23: IETF protocol assignments, Teredo (2001::/32) and ORCHID among them.
        0x2001 if s[1] < 0x0200 => "an IETF protocol assignment",
        0x2001 if s[1] == 0x0db8 => "a documentation address",
        0x3fff if s[1] < 0x1000 => "a documentation address",
        0x2000..=0x3fff => return None,
        _ => "not a global unicast address",
    };
    Some(kind)
}

fn embedded_v4(hi: u16, lo: u16) -> Ipv4Addr {
    let [a, b] = hi.to_be_bytes();
    let [c, d] = lo.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_unicast_passes() {
        for (ip, public) in [
            // IPv4
            ("8.8.8.8", true),
            ("142.250.1.27", true),
            ("0.0.0.0", false),
            ("0.1.2.3", false),
            ("10.1.2.3", false),
            ("100.63.255.255", true),
            ("100.64.0.1", false),
            ("100.127.255.255", false),
            ("100.128.0.1", true),
            ("127.0.0.1", false),
            ("127.255.0.9", false),
            ("169.254.169.254", false),
            ("172.15.0.1", true),
            ("172.16.0.1", false),
            ("172.31.255.255", false),
            ("172.32.0.1", true),
            ("192.0.0.8", false),
            ("192.0.2.1", false),
            ("192.88.99.1", false),
            ("192.168.1.1", false),
            ("198.18.0.1", false),
            ("198.19.255.255", false),
            ("198.51.100.7", false),
            ("203.0.113.9", false),
            ("224.0.0.1", false),
            ("239.255.255.250", false),
            ("240.0.0.1", false),
            ("255.255.255.255", false),
            // IPv6
            ("2a00:1450:4001:80b::201b", true),
            ("2606:4700::1111", true),
            ("::", false),
            ("::1", false),
            ("::ffff:127.0.0.1", false),
            ("::ffff:10.0.0.1", false),
            ("::ffff:8.8.8.8", true),
            ("::127.0.0.1", false),
            ("64:ff9b::a00:1", false),
            ("64:ff9b::808:808", true),
            ("64:ff9b:1::1", false),
            ("100::1", false),
            ("2001::1", false),
            ("2001:db8::1", false),
            ("2002:c0a8:0101::1", false),
            ("2002:0808:0808::1", true),
            ("3fff::1", false),
            ("fc00::1", false),
            ("fd12:3456::1", false),
            ("fe80::1", false),
            ("fec0::1", false),
            ("ff02::1", false),
            ("4000::1", false),
        ] {
            let addr: IpAddr = ip.parse().unwrap();
            assert_eq!(PublicOnly.check(addr).is_ok(), public, "{ip}");
        }
    }

    #[test]
    fn the_refusal_names_the_address() {
        let e = PublicOnly.check("10.0.0.1".parse().unwrap()).unwrap_err();
        assert_eq!(
            e,
            "10.0.0.1 is a private address; the relay only connects to public addresses"
        );
    }
}
