//! A zip archive (PKWARE APPNOTE 6.3): the end of central directory record, the central
//! directory, and each entry's local header to find its data. Stored (method 0) and deflate
//! (method 8) entries; encrypted entries, zip64 and archives spanning disks are refused.

use super::LoadError;

/// One entry: its name, and where its data is in the archive or why it cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub name: String,
    pub data: Result<EntryData, LoadError>,
}

/// Where an entry's data lies: offsets into the archive, so that no entry is copied before
/// it is read (the archive is read one entry at a time).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct EntryData {
    pub deflated: bool,
    pub range: std::ops::Range<usize>,
    pub crc32: u32,
    pub size: u32,
}

const EOCD: u32 = 0x0605_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;

fn corrupt(what: &str) -> LoadError {
    LoadError::Corrupt(format!("zip: {what}"))
}

// Offsets come from the file: every sum is checked, since `usize` is 32 bits in the browser.

/// `len` bytes at `at`, if the file has them.
fn slice_at(b: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(len)?)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    slice_at(b, at, 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    slice_at(b, at, 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The entries of an archive, directories left out, at most `max_entries`.
pub(super) fn read_entries(bytes: &[u8], max_entries: usize) -> Result<Vec<Entry>, LoadError> {
    // The end of central directory record is 22 bytes and a comment of up to 65535: search
    // back from the end for its signature.
    let lowest = bytes.len().saturating_sub(22 + 0xffff);
    let eocd = (lowest..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(EOCD))
        .ok_or_else(|| corrupt("no end of central directory (truncated?)"))?;
    let field = |off: usize| u16_at(bytes, eocd + off).unwrap_or(0);
    let (disk, cd_disk, on_disk, total) = (field(4), field(6), field(8), field(10));
    let cd_size = u32_at(bytes, eocd + 12).unwrap_or(0);
    let cd_offset = u32_at(bytes, eocd + 16).unwrap_or(0);
    if total == 0xffff || cd_size == 0xffff_ffff || cd_offset == 0xffff_ffff {
        return Err(LoadError::Unsupported("zip64 archives".into()));
    }
    if disk != 0 || cd_disk != 0 || on_disk != total {
        return Err(LoadError::Unsupported(
            "zip archives split across disks".into(),
        ));
    }
    if usize::from(total) > max_entries {
        return Err(LoadError::TooManyEntries);
    }
    let mut entries = Vec::new();
    // From each local header to the end of its data: two entries sharing bytes would let a
    // small archive stand for the same data many times.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut pos = cd_offset as usize;
    for _ in 0..total {
        if u32_at(bytes, pos) != Some(CENTRAL) {
            return Err(corrupt("bad central directory"));
        }
        let h =
            |off: usize| u16_at(bytes, pos.saturating_add(off)).ok_or_else(|| corrupt("truncated"));
        let w =
            |off: usize| u32_at(bytes, pos.saturating_add(off)).ok_or_else(|| corrupt("truncated"));
        let flags = h(8)?;
        let method = h(10)?;
        let crc32 = w(16)?;
        let compressed = w(20)?;
        let size = w(24)?;
        let (name_len, extra_len, comment_len) = (
            usize::from(h(28)?),
            usize::from(h(30)?),
            usize::from(h(32)?),
        );
        let local = w(42)? as usize;
        // `pos` is within the file here (its signature was read), so these sums are small.
        let name_bytes = slice_at(bytes, pos + 46, name_len).ok_or_else(|| corrupt("truncated"))?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        pos += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') && safe_name(&name) {
            continue;
        }
        // A bad entry is an error for that entry alone: the others are still read.
        let data = entry_data(bytes, &name, flags, method, local, compressed, size, crc32);
        if let Ok(d) = &data {
            spans.push((local, d.range.end));
        }
        entries.push(Entry { name, data });
    }
    spans.sort_unstable();
    if spans.windows(2).any(|w| w[1].0 < w[0].1) {
        return Err(corrupt("overlapping entries"));
    }
    Ok(entries)
}

/// A name that stays in its folder: no `..` part, not from the root.
fn safe_name(name: &str) -> bool {
    !name.split(['/', '\\']).any(|part| part == "..") && !name.starts_with('/')
}

/// Where one entry's data is, from its central directory record and its local header.
#[allow(clippy::too_many_arguments)]
fn entry_data(
    bytes: &[u8],
    name: &str,
    flags: u16,
    method: u16,
    local: usize,
    compressed: u32,
    size: u32,
    crc32: u32,
) -> Result<EntryData, LoadError> {
    // Bit 0: encrypted; bit 6: strong encryption.
    if flags & 0x41 != 0 {
        return Err(LoadError::Encrypted);
    }
    if compressed == 0xffff_ffff || size == 0xffff_ffff || local == 0xffff_ffff {
        return Err(LoadError::Unsupported("zip64 entries".into()));
    }
    if !safe_name(name) {
        return Err(LoadError::UnsafeName(name.to_owned()));
    }
    let deflated = match method {
        0 => false,
        8 => true,
        other => {
            return Err(LoadError::Unsupported(format!(
                "zip compression method {other}"
            )))
        }
    };
    if u32_at(bytes, local) != Some(LOCAL) {
        return Err(corrupt("bad local header"));
    }
    // `local` is within the file here (its signature was read).
    let local_name = usize::from(u16_at(bytes, local + 26).unwrap_or(0));
    let local_extra = usize::from(u16_at(bytes, local + 28).unwrap_or(0));
    let start = local + 30 + local_name + local_extra;
    let end = start
        .checked_add(compressed as usize)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| corrupt("entry data truncated"))?;
    if !deflated && compressed != size {
        return Err(corrupt("stored entry with two sizes"));
    }
    Ok(EntryData {
        deflated,
        range: start..end,
        crc32,
        size,
    })
}
