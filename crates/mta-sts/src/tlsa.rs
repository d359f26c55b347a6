//! TLSA record data (RFC 6698 §2), read once where an answer is read: from the wire
//! (`RDATA`), from its presentation form (`3 1 1 <hex>`, Google's JSON) and from the generic
//! form of RFC 3597 (`\# 35 03 01 01 …`, Cloudflare's JSON for the types it does not render).
//!
//! ```text
//! tlsa-rdata       = usage 1*WSP selector 1*WSP matching-type 1*WSP association  ; RFC 6698 §2.2
//! association      = 1*( HEXDIG / WSP )       ; "MAY contain whitespace" (RFC 6698 §2.2)
//! generic-rdata    = "\#" 1*WSP length *( 1*WSP hex-words )                     ; RFC 3597 §5
//! ```

use serde::Serialize;

/// One TLSA record: the three one-octet fields and the certificate association data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tlsa {
    /// 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (RFC 6698 §2.1.1, RFC 7218).
    pub usage: u8,
    /// 0 the full certificate, 1 its SubjectPublicKeyInfo (RFC 6698 §2.1.2).
    pub selector: u8,
    /// 0 exact match, 1 SHA-256, 2 SHA-512 (RFC 6698 §2.1.3).
    pub matching_type: u8,
    /// The certificate association data, as bytes.
    #[serde(serialize_with = "hex_field")]
    pub data: Vec<u8>,
}

fn hex_field<S: serde::Serializer>(data: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&hex(data))
}

impl Tlsa {
    /// The record's data from its wire form: three octets, then the association data
    /// (RFC 6698 §2.1). `None` when shorter than four octets: a record with no data matches
    /// nothing.
    pub fn from_rdata(rdata: &[u8]) -> Option<Tlsa> {
        match rdata {
            [usage, selector, matching_type, data @ ..] if !data.is_empty() => Some(Tlsa {
                usage: *usage,
                selector: *selector,
                matching_type: *matching_type,
                data: data.to_vec(),
            }),
            _ => None,
        }
    }

    /// The data as a resolver's JSON writes it: the presentation form or RFC 3597's
    /// generic form. `None` when it is neither.
    pub fn from_text(text: &str) -> Option<Tlsa> {
        let text = text.trim();
        match text.strip_prefix("\\#") {
            Some(rest) => generic_rdata(rest).and_then(|b| Tlsa::from_rdata(&b)),
            None => tlsa_rdata(text),
        }
    }

    /// The presentation form with lower-case hex, `3 1 1 0123…`.
    pub fn presentation(&self) -> String {
        // As u16: the u16 formatter is in the download already, a u8 one would be added.
        format!(
            "{} {} {} {}",
            u16::from(self.usage),
            u16::from(self.selector),
            u16::from(self.matching_type),
            hex(&self.data)
        )
    }

    /// The digest length its matching type calls for: 32 for SHA-256, 64 for SHA-512;
    /// `None` for an exact match (0) or a type with no known length.
    pub fn digest_len(&self) -> Option<usize> {
        match self.matching_type {
            1 => Some(32),
            2 => Some(64),
            _ => None,
        }
    }
}

/// `tlsa-rdata`: three decimal octets, then the association data in hex, which may be split
/// by whitespace (RFC 6698 §2.2).
fn tlsa_rdata(text: &str) -> Option<Tlsa> {
    let mut words = text.split_whitespace();
    let mut field = || words.next().and_then(decimal_octet);
    let (usage, selector, matching_type) = (field()?, field()?, field()?);
    let data = hex_words(words)?;
    (!data.is_empty()).then_some(Tlsa {
        usage,
        selector,
        matching_type,
        data,
    })
}

/// `generic-rdata` after the `\#`: the length in octets, then the data in hex words; the
/// length must be what the words hold (RFC 3597 §5).
fn generic_rdata(rest: &str) -> Option<Vec<u8>> {
    let mut words = rest.split_whitespace();
    let len = words
        .next()
        .filter(|w| w.bytes().all(|b| b.is_ascii_digit()))?
        .parse::<u16>()
        .ok()?;
    let data = hex_words(words)?;
    (data.len() == usize::from(len)).then_some(data)
}

/// 0..=255 in decimal, digits only.
fn decimal_octet(word: &str) -> Option<u8> {
    if !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Read as u16, whose reader the MX data already brings (one fewer in the download).
    word.parse::<u16>().ok().and_then(|n| u8::try_from(n).ok())
}

/// Hex digits in either case, split into words anywhere; an odd number of digits overall
/// is not data.
fn hex_words<'a>(words: impl Iterator<Item = &'a str>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut high = None;
    for b in words.flat_map(str::bytes) {
        let digit = char::from(b).to_digit(16)? as u8;
        match high.take() {
            Some(h) => out.push(h << 4 | digit),
            None => high = Some(digit),
        }
    }
    high.is_none().then_some(out)
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6";

    fn bytes(hex_text: &str) -> Vec<u8> {
        hex_words(std::iter::once(hex_text)).unwrap()
    }

    #[test]
    fn reads_the_presentation_form_in_either_case_and_split() {
        let want = Tlsa {
            usage: 3,
            selector: 1,
            matching_type: 1,
            data: bytes(DIGEST),
        };
        for text in [
            format!("3 1 1 {DIGEST}"),
            format!("3 1 1 {}", DIGEST.to_uppercase()),
            format!(" 3  1 1 {} {} ", &DIGEST[..20], &DIGEST[20..]),
        ] {
            assert_eq!(Tlsa::from_text(&text), Some(want.clone()), "{text}");
        }
        assert_eq!(want.presentation(), format!("3 1 1 {DIGEST}"));
    }

    #[test]
    fn reads_the_generic_form() {
        let spaced: Vec<String> = bytes(DIGEST).iter().map(|b| format!("{b:02X}")).collect();
        let text = format!("\\# 35 03 01 01 {}", spaced.join(" "));
        let t = Tlsa::from_text(&text).unwrap();
        assert_eq!((t.usage, t.selector, t.matching_type), (3, 1, 1));
        assert_eq!(hex(&t.data), DIGEST);
        let joined = format!("\\# 35 030101{DIGEST}");
        assert_eq!(Tlsa::from_text(&joined), Some(t));
    }

    #[test]
    fn refuses_what_is_not_tlsa_data() {
        for text in [
            "",
            "3 1 1",
            "3 1 1 abc",
            "3 1 1 zz",
            "256 1 1 00",
            "-1 1 1 00",
            "+3 1 1 00",
            "3 1 x 00",
            "\\#",
            "\\# 3 03 01 01",
            "\\# 4 03 01 01",
            "\\# 5 03 01 01 00",
            "\\# x 03 01 01 00",
            "\\# 4 03 01 01 0g",
        ] {
            assert_eq!(Tlsa::from_text(text), None, "{text:?}");
        }
        assert_eq!(Tlsa::from_rdata(&[3, 1, 1]), None);
        assert_eq!(Tlsa::from_rdata(&[]), None);
    }

    #[test]
    fn digest_lengths_by_matching_type() {
        let t = |m| Tlsa {
            usage: 3,
            selector: 1,
            matching_type: m,
            data: vec![0],
        };
        assert_eq!(t(0).digest_len(), None);
        assert_eq!(t(1).digest_len(), Some(32));
        assert_eq!(t(2).digest_len(), Some(64));
        assert_eq!(t(9).digest_len(), None);
    }
}
