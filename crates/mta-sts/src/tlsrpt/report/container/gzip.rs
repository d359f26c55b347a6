//! A gzip member (RFC 1952 §2.3): the header read here, the deflate data handed to the
//! caller's inflater, the trailer (CRC-32 and ISIZE) checked here once it is inflated.

use super::LoadError;

/// The parts of a gzip file: the deflate data and the trailer's CRC-32 and ISIZE.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Member<'a> {
    pub deflated: &'a [u8],
    pub crc32: u32,
    pub isize: u32,
}

const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const RESERVED: u8 = 0xe0;

fn corrupt(what: &str) -> LoadError {
    LoadError::Corrupt(format!("gzip: {what}"))
}

/// `member = ID1 ID2 CM FLG MTIME(4) XFL OS [XLEN extra] [name 0] [comment 0] [CRC16]
/// compressed-blocks CRC32 ISIZE`. One member: reporters send one, and the deflate data is
/// taken to run up to the last 8 bytes.
pub(super) fn read_member(bytes: &[u8]) -> Result<Member<'_>, LoadError> {
    let header = bytes.get(..10).ok_or_else(|| corrupt("truncated header"))?;
    if header[0] != 0x1f || header[1] != 0x8b {
        return Err(corrupt("not gzip"));
    }
    // CM = 8 is deflate, the only method RFC 1952 defines.
    if header[2] != 8 {
        return Err(LoadError::Unsupported(format!(
            "gzip compression method {}",
            header[2]
        )));
    }
    let flags = header[3];
    if flags & RESERVED != 0 {
        return Err(corrupt("reserved header flags set"));
    }
    let mut pos = 10;
    if flags & FEXTRA != 0 {
        let xlen = bytes
            .get(pos..pos + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
            .ok_or_else(|| corrupt("truncated header"))?;
        pos += 2 + xlen;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let rest = bytes
                .get(pos..)
                .ok_or_else(|| corrupt("truncated header"))?;
            let end = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| corrupt("truncated header"))?;
            pos += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        let crc16 = bytes
            .get(pos..pos + 2)
            .ok_or_else(|| corrupt("truncated header"))?;
        // CRC16 is the two low bytes of the CRC-32 of the header before it.
        let want = (crc32(bytes.get(..pos).unwrap_or_default()) & 0xffff) as u16;
        if u16::from_le_bytes([crc16[0], crc16[1]]) != want {
            return Err(corrupt("header checksum does not match"));
        }
        pos += 2;
    }
    if bytes.len() < pos + 8 {
        return Err(corrupt("truncated"));
    }
    let trailer = &bytes[bytes.len() - 8..];
    Ok(Member {
        deflated: &bytes[pos..bytes.len() - 8],
        crc32: u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]),
        isize: u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]),
    })
}

/// The CRC-32 of ISO 3309 / ITU-T V.42 that gzip and zip use (reflected, polynomial
/// 0xEDB88320), one table lookup a byte.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc = CRC_TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

const CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn header_flags() {
        // FNAME "a.json", FCOMMENT "c", FEXTRA of 2 bytes; no data, empty trailer.
        let mut g = vec![0x1f, 0x8b, 8, FNAME | FCOMMENT | FEXTRA, 0, 0, 0, 0, 0, 3];
        g.extend([2, 0, 0xaa, 0xbb]);
        g.extend(b"a.json\0c\0");
        g.extend([3, 0]);
        g.extend([1, 2, 3, 4, 5, 6, 7, 8]);
        let m = read_member(&g).unwrap();
        assert_eq!(m.deflated, &[3, 0]);
        assert_eq!(m.crc32, 0x0403_0201);
        assert_eq!(m.isize, 0x0807_0605);
        assert!(read_member(&g[..12]).is_err());
        g[3] |= 0x80;
        assert!(read_member(&g).is_err());
    }
}
