//! From a file's bytes to its reports: a report as JSON, gzipped, in a zip archive or
//! attached to an e-mail, and any nesting of these, within [`Limits`].
//!
//! The engine does not inflate: the browser has `DecompressionStream('deflate-raw')`, which
//! is asynchronous, and the command line a crate. So opening is a step function. The
//! [`Opener`] reads containers itself (gzip header and trailer, zip directories, MIME) and,
//! whenever it meets deflate data, stops and asks for it to be inflated
//! ([`Step::Inflate`]); the caller inflates, however it likes, sync or async, and hands
//! the result back with [`Opener::inflated`]:
//!
//! ```ignore
//! let mut opener = Opener::new(name, bytes, Limits::default());
//! let loaded = loop {
//!     match opener.step() {
//!         Step::Inflate(request) => {
//!             let result = inflate_raw(&request.data, request.max_out).await;
//!             opener.inflated(result);
//!         }
//!         Step::Done(loaded) => break loaded,
//!     }
//! };
//! ```
//!
//! Every request is raw deflate (RFC 1951): gzip's header and trailer are read here, so the
//! CRC-32 and size are checked the same way in the browser and natively. `max_out` is what
//! is left of [`Limits::max_inflated_bytes`]: an inflater must stop there and answer
//! [`InflateError::TooLarge`], so a gzip bomb stops at the limit.

mod gzip;
mod mime;
mod zip;

use super::model::{parse_report, ParseError, ParsedReport};
use std::collections::VecDeque;
use std::fmt;

pub use gzip::crc32;

/// How much one file may hold. A file is refused, with a reason, when it goes beyond them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file as given.
    pub max_file_bytes: usize,
    /// Everything inflated or copied out of the file, all entries together: stored zip
    /// entries and decoded MIME parts count too.
    pub max_inflated_bytes: usize,
    /// Zip entries and MIME parts, all together.
    pub max_entries: usize,
    /// Containers inside containers: an e-mail holding a zip holding a gzip is 3.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 20_000_000,
            max_inflated_bytes: 50_000_000,
            max_entries: 1000,
            max_depth: 8,
        }
    }
}

/// Why a file, or an entry in it, gave no report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// Larger than [`Limits::max_file_bytes`].
    FileTooLarge,
    /// Would inflate beyond [`Limits::max_inflated_bytes`].
    InflatedTooLarge,
    /// More than [`Limits::max_entries`] zip entries or MIME parts.
    TooManyEntries,
    /// Containers nested deeper than [`Limits::max_depth`].
    TooDeep,
    /// An encrypted zip entry.
    Encrypted,
    /// A zip entry whose name leaves its folder (`..`) or starts at the root.
    UnsafeName(String),
    /// A container feature not read here (zip64, another compression method).
    Unsupported(String),
    /// A damaged container: truncated, a checksum that does not match, bad deflate data.
    Corrupt(String),
    /// Not JSON, gzip, zip or an e-mail.
    UnknownFormat,
    /// An e-mail or zip archive with no report in it.
    NoReports,
    /// Read as a report and found wanting.
    Report(ParseError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::FileTooLarge => f.write_str("the file is larger than the limit"),
            LoadError::InflatedTooLarge => {
                f.write_str("the file inflates to more than the limit (a compression bomb?)")
            }
            LoadError::TooManyEntries => f.write_str("too many entries or parts"),
            LoadError::TooDeep => f.write_str("containers nested too deeply"),
            LoadError::Encrypted => f.write_str("an encrypted zip entry"),
            LoadError::UnsafeName(name) => write!(f, "an unsafe entry name: {name}"),
            LoadError::Unsupported(what) => write!(f, "not supported: {what}"),
            LoadError::Corrupt(what) => write!(f, "damaged: {what}"),
            LoadError::UnknownFormat => {
                f.write_str("not a report: neither JSON, gzip, zip nor an e-mail")
            }
            LoadError::NoReports => f.write_str("no report found in it"),
            LoadError::Report(e) => write!(f, "not a valid report: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// What became of one report found in a file (or of the file, when it gave none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The file's name, and the entries inside it: `reports.zip/a.json.gz`.
    pub source: String,
    pub result: Result<ParsedReport, LoadError>,
}

/// Raw deflate data (RFC 1951) to inflate, to at most `max_out` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inflate {
    pub data: Vec<u8>,
    pub max_out: usize,
}

/// Why inflating failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InflateError {
    /// The output would be longer than `max_out`.
    TooLarge,
    /// Not valid deflate data, in the inflater's words.
    Corrupt(String),
}

/// What the [`Opener`] needs next.
#[derive(Debug)]
pub enum Step {
    Inflate(Inflate),
    Done(Vec<Loaded>),
}

/// What a file's bytes look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Gzip,
    Zip,
    Email,
    Unknown,
}

/// Tells the format from the first bytes, and the name where the bytes do not say.
pub fn sniff(name: &str, bytes: &[u8]) -> Format {
    let name = name.to_ascii_lowercase();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Format::Gzip;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first = text
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    if first == Some(&b'{') {
        return Format::Json;
    }
    if name.ends_with(".eml") || mime::looks_like_message(bytes) {
        return Format::Email;
    }
    Format::Unknown
}

/// A piece of work: bytes to read, deflate data that becomes bytes to read, or a zip
/// archive's entries still to read.
enum Item {
    Bytes {
        source: String,
        bytes: Vec<u8>,
        depth: usize,
        /// Chosen as a report (by its name or media type): when it is none of the formats,
        /// that is an error, not a file to skip.
        report: bool,
    },
    Deflated {
        source: String,
        data: Vec<u8>,
        depth: usize,
        crc32: u32,
        /// The size the container declares, modulo 2^32 (gzip's ISIZE, zip's size).
        size: u32,
        report: bool,
        /// A gzip whose data holds another gzip header, perhaps a second member (RFC 1952
        /// §2.2, `cat a.gz b.gz`): the gzip's name and its bytes after the header.
        next_member: Option<(String, Vec<u8>)>,
    },
    /// The archive is kept whole and its entries copied out one at a time, so that it is
    /// never held twice.
    Zip {
        source: String,
        bytes: Vec<u8>,
        entries: VecDeque<zip::Entry>,
        depth: usize,
    },
}

/// Inflation asked for and not answered yet.
struct Waiting {
    source: String,
    depth: usize,
    crc32: u32,
    size: u32,
    report: bool,
    next_member: Option<(String, Vec<u8>)>,
}

/// Whether an entry's name says it is a report, or a container of them: one that turns out
/// to be none of the formats is then an error rather than a file to skip.
fn named_as_report(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".json", ".gz", ".zip", ".eml"]
        .iter()
        .any(|end| name.ends_with(end))
}

/// Opens one file, step by step: see the module's documentation.
pub struct Opener {
    /// The file's name, for [`LoadError::NoReports`].
    name: String,
    limits: Limits,
    queue: VecDeque<Item>,
    waiting: Option<Waiting>,
    inflated_total: usize,
    entries: usize,
    out: Vec<Loaded>,
}

impl Opener {
    /// Starts on a file: its name (for messages and the sniffing of `.eml`) and bytes.
    pub fn new(name: &str, bytes: Vec<u8>, limits: Limits) -> Opener {
        let mut opener = Opener {
            name: name.to_owned(),
            limits,
            queue: VecDeque::new(),
            waiting: None,
            inflated_total: 0,
            entries: 0,
            out: Vec::new(),
        };
        if bytes.len() > limits.max_file_bytes {
            opener.fail(name, LoadError::FileTooLarge);
        } else {
            opener.queue.push_back(Item::Bytes {
                source: name.to_owned(),
                bytes,
                depth: 0,
                report: true,
            });
        }
        opener
    }

    fn fail(&mut self, source: &str, error: LoadError) {
        self.out.push(Loaded {
            source: source.to_owned(),
            result: Err(error),
        });
    }

    /// Takes `n` bytes from what is left of [`Limits::max_inflated_bytes`]; when they are
    /// not there, the budget is spent and the rest of the file is refused too.
    fn spend(&mut self, n: usize) -> bool {
        if n > self.limits.max_inflated_bytes - self.inflated_total {
            self.inflated_total = self.limits.max_inflated_bytes;
            return false;
        }
        self.inflated_total += n;
        true
    }

    /// Works until deflate data needs inflating, or until the file is read.
    pub fn step(&mut self) -> Step {
        if let Some(w) = self.waiting.take() {
            self.fail(
                &w.source,
                LoadError::Corrupt("the inflated data was not handed back".into()),
            );
        }
        while let Some(item) = self.queue.pop_front() {
            match item {
                Item::Bytes {
                    source,
                    bytes,
                    depth,
                    report,
                } => self.read(source, bytes, depth, report),
                Item::Zip {
                    source,
                    bytes,
                    entries,
                    depth,
                } => self.next_entry(source, bytes, entries, depth),
                Item::Deflated {
                    source,
                    data,
                    depth,
                    crc32,
                    size,
                    report,
                    next_member,
                } => {
                    self.waiting = Some(Waiting {
                        source,
                        depth,
                        crc32,
                        size,
                        report,
                        next_member,
                    });
                    return Step::Inflate(Inflate {
                        data,
                        max_out: self.limits.max_inflated_bytes - self.inflated_total,
                    });
                }
            }
        }
        if self.out.is_empty() {
            // Only entries that are no report (a README in a zip): say so once.
            let name = self.name.clone();
            self.fail(&name, LoadError::NoReports);
        }
        Step::Done(std::mem::take(&mut self.out))
    }

    /// The answer to the last [`Step::Inflate`].
    pub fn inflated(&mut self, result: Result<Vec<u8>, InflateError>) {
        let Some(w) = self.waiting.take() else {
            return;
        };
        let max_out = self.limits.max_inflated_bytes - self.inflated_total;
        let bytes = match result {
            Ok(bytes) if bytes.len() > max_out => Err(LoadError::InflatedTooLarge),
            Ok(bytes) => Ok(bytes),
            Err(InflateError::TooLarge) => Err(LoadError::InflatedTooLarge),
            Err(InflateError::Corrupt(why)) if w.next_member.is_some() => Err(LoadError::Corrupt(
                format!("deflate: {why}{SEVERAL_MEMBERS}"),
            )),
            Err(InflateError::Corrupt(why)) => Err(LoadError::Corrupt(format!("deflate: {why}"))),
        };
        match bytes {
            Err(e) => {
                // Past the limit, the rest of the file is not read either: the budget is
                // the file's.
                if e == LoadError::InflatedTooLarge {
                    self.inflated_total = self.limits.max_inflated_bytes;
                }
                self.fail(&w.source, e);
            }
            Ok(bytes) => {
                self.inflated_total += bytes.len();
                if let Some((gz_source, tail)) = &w.next_member {
                    if let Some(at) = next_member_at(tail, &bytes) {
                        // The first member ends where its trailer matches: the rest is read
                        // as a gzip of its own, after this member. Members count as entries,
                        // so that many tiny members are bounded like many zip entries.
                        if self.entries < self.limits.max_entries {
                            self.entries += 1;
                            self.queue.push_front(Item::Bytes {
                                source: gz_source.clone(),
                                bytes: tail[at..].to_vec(),
                                depth: w.depth - 1,
                                report: true,
                            });
                        } else {
                            let gz_source = gz_source.clone();
                            self.fail(&gz_source, LoadError::TooManyEntries);
                        }
                        self.queue.push_front(Item::Bytes {
                            source: w.source,
                            bytes,
                            depth: w.depth,
                            report: w.report,
                        });
                        return;
                    }
                }
                let mismatch = if crc32(&bytes) != w.crc32 {
                    Some("CRC-32 does not match")
                } else if bytes.len() as u32 != w.size {
                    Some("size does not match")
                } else {
                    None
                };
                match mismatch {
                    Some(what) if w.next_member.is_some() => self.fail(
                        &w.source,
                        LoadError::Corrupt(format!("{what}{SEVERAL_MEMBERS}")),
                    ),
                    Some(what) => self.fail(&w.source, LoadError::Corrupt(what.into())),
                    None => {
                        // Read before what was queued after it, so reports keep file order.
                        self.queue.push_front(Item::Bytes {
                            source: w.source,
                            bytes,
                            depth: w.depth,
                            report: w.report,
                        })
                    }
                }
            }
        }
    }

    /// Reads bytes: a report, or a container whose contents are queued.
    fn read(&mut self, source: String, bytes: Vec<u8>, depth: usize, report: bool) {
        let format = sniff(&source, &bytes);
        if depth > self.limits.max_depth && format != Format::Json {
            return self.fail(&source, LoadError::TooDeep);
        }
        match format {
            Format::Json => {
                let result = parse_report(&bytes).map_err(LoadError::Report);
                self.out.push(Loaded { source, result });
            }
            Format::Gzip => match gzip::read_member(&bytes) {
                Err(e) => self.fail(&source, e),
                Ok(member) => {
                    let inner = source
                        .strip_suffix(".gz")
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("{source}/(gunzipped)"));
                    let tail = &bytes[bytes.len() - member.deflated.len() - 8..];
                    let next_member = member
                        .deflated
                        .windows(3)
                        .any(|w| w == GZIP_MAGIC)
                        .then(|| (source.clone(), tail.to_vec()));
                    self.queue.push_front(Item::Deflated {
                        source: inner,
                        data: member.deflated.to_vec(),
                        depth: depth + 1,
                        crc32: member.crc32,
                        size: member.isize,
                        // What a gzip holds is meant to be read.
                        report: true,
                        next_member,
                    });
                }
            },
            Format::Zip => {
                let left = self.limits.max_entries.saturating_sub(self.entries);
                match zip::read_entries(&bytes, left) {
                    Err(e) => self.fail(&source, e),
                    Ok(entries) if entries.is_empty() => self.fail(&source, LoadError::NoReports),
                    Ok(entries) => {
                        self.entries += entries.len();
                        self.queue.push_front(Item::Zip {
                            source,
                            bytes,
                            entries: entries.into(),
                            depth,
                        });
                    }
                }
            }
            Format::Email => {
                let left = self.limits.max_entries.saturating_sub(self.entries);
                let depth_left = self.limits.max_depth.saturating_sub(depth);
                match mime::attachments(&bytes, depth_left, left) {
                    Err(e) => self.fail(&source, e),
                    Ok(parts) if parts.is_empty() => self.fail(&source, LoadError::NoReports),
                    Ok(parts) => {
                        self.entries += parts.len();
                        let mut items = Vec::new();
                        for part in parts {
                            let part_source = format!("{source}/{}", part.name);
                            // Decoded parts count against the budget like inflated data.
                            match part.bytes {
                                Ok(b) if !self.spend(b.len()) => {
                                    self.fail(&part_source, LoadError::InflatedTooLarge)
                                }
                                Ok(b) => items.push(Item::Bytes {
                                    source: part_source,
                                    bytes: b,
                                    depth: depth + 1,
                                    // Chosen by its media type or name.
                                    report: true,
                                }),
                                Err(e) => self.fail(&part_source, e),
                            }
                        }
                        // Queued at the front in order: pushed in reverse.
                        for item in items.into_iter().rev() {
                            self.queue.push_front(item);
                        }
                    }
                }
            }
            // Inside an archive or a mail, an entry that is no report and not named as one
            // (a README, a signature) is skipped; a file given on its own is an error.
            Format::Unknown if depth > 0 && !report => {}
            Format::Unknown => self.fail(&source, LoadError::UnknownFormat),
        }
    }

    /// Reads the next entry of a zip archive, and queues the archive again for the rest.
    fn next_entry(
        &mut self,
        source: String,
        bytes: Vec<u8>,
        mut entries: VecDeque<zip::Entry>,
        depth: usize,
    ) {
        let Some(entry) = entries.pop_front() else {
            return;
        };
        let entry_source = format!("{source}/{}", entry.name);
        let report = named_as_report(&entry.name);
        let item = match entry.data {
            Err(e) => Err(e),
            Ok(d) => {
                let data = bytes.get(d.range.clone()).unwrap_or_default();
                if d.deflated {
                    Ok(Item::Deflated {
                        source: entry_source.clone(),
                        data: data.to_vec(),
                        depth: depth + 1,
                        crc32: d.crc32,
                        size: d.size,
                        report,
                        next_member: None,
                    })
                } else if crc32(data) != d.crc32 {
                    Err(LoadError::Corrupt("CRC-32 does not match".into()))
                } else if !self.spend(data.len()) {
                    // Stored entries count like inflated ones: else a directory listing
                    // one entry many times would multiply it freely.
                    Err(LoadError::InflatedTooLarge)
                } else {
                    Ok(Item::Bytes {
                        source: entry_source.clone(),
                        bytes: data.to_vec(),
                        depth: depth + 1,
                        report,
                    })
                }
            }
        };
        if !entries.is_empty() {
            self.queue.push_front(Item::Zip {
                source,
                bytes,
                entries,
                depth,
            });
        }
        match item {
            // In front of the rest of the archive, so reports keep file order.
            Ok(item) => self.queue.push_front(item),
            Err(e) => self.fail(&entry_source, e),
        }
    }
}

const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Where a second gzip member starts in `tail` (a gzip's bytes after its header), given the
/// first member inflated: a gzip header right after 8 bytes that are the CRC-32 and size of
/// `inflated`. The inflater stops at the end of the first member's deflate data, but does not
/// say where that is; the trailer's CRC-32 matching makes a chance match unlikely (2^-32).
fn next_member_at(tail: &[u8], inflated: &[u8]) -> Option<usize> {
    let mut trailer = crc32(inflated).to_le_bytes().to_vec();
    trailer.extend((inflated.len() as u32).to_le_bytes());
    trailer.extend(GZIP_MAGIC);
    tail.windows(11).position(|w| w == trailer).map(|i| i + 8)
}

/// Added to the error of a gzip whose data holds another gzip header.
const SEVERAL_MEMBERS: &str =
    " (the file may hold several gzip members, as `cat a.gz b.gz` makes, and the inflater could not read past the first)";

/// Opens a file with an asynchronous inflater: in the browser, `DecompressionStream
/// ('deflate-raw')` behind a future. No executor is needed here: the caller awaits this.
pub async fn open_async<F, Fut>(
    name: &str,
    bytes: Vec<u8>,
    limits: Limits,
    mut inflate: F,
) -> Vec<Loaded>
where
    F: FnMut(Inflate) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<u8>, InflateError>>,
{
    let mut opener = Opener::new(name, bytes, limits);
    loop {
        match opener.step() {
            Step::Inflate(request) => {
                let result = inflate(request).await;
                opener.inflated(result);
            }
            Step::Done(loaded) => return loaded,
        }
    }
}

/// Opens a file with a synchronous inflater (the command line, tests).
pub fn open_with(
    name: &str,
    bytes: Vec<u8>,
    limits: Limits,
    mut inflate: impl FnMut(&Inflate) -> Result<Vec<u8>, InflateError>,
) -> Vec<Loaded> {
    let mut opener = Opener::new(name, bytes, limits);
    loop {
        match opener.step() {
            Step::Inflate(request) => {
                let result = inflate(&request);
                opener.inflated(result);
            }
            Step::Done(loaded) => return loaded,
        }
    }
}
