//! The policy file (RFC 8461 §3.2): the grammar ([`parse`]), `mx` pattern values
//! ([`pattern`]), the findings of the five policy checks ([`check`]) and corrected copies
//! ([`fix`]).

mod check;
mod fix;
pub mod lines;
pub mod parse;
pub mod pattern;

use crate::finding::{Finding, Provenance};
pub use check::human_duration;
pub use lines::{
    parse_policy, LineEnding, LineError, LineErrorKind, ParsedPolicy, PolicyField, PolicyLine,
    READ_LIMIT,
};
pub use parse::FieldKind;
pub use pattern::{check_mx_pattern, MxProblem};

/// The largest `max_age` RFC 8461 §3.2 allows: 31557600 seconds, about one year.
pub const MAX_AGE_LIMIT: u64 = 31_557_600;
/// The size cap RFC 8461 §3.3 suggests to senders (64 KiB), in bytes.
pub const SIZE_LIMIT: usize = 65_536;

/// The policy mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Enforce,
    Testing,
    None,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Testing => "testing",
            Mode::None => "none",
        }
    }
}

/// One `mx` pattern and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MxPattern {
    pub pattern: String,
    /// 1-based line number.
    pub line: usize,
}

/// What a policy says, as far as it could be read. Fields are `None` when missing or invalid.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Policy {
    pub version_ok: bool,
    pub mode: Option<Mode>,
    pub max_age: Option<u64>,
    /// The syntactically valid mx patterns.
    pub mx: Vec<MxPattern>,
    /// The body is valid as a whole: senders would use it.
    pub valid: bool,
    /// The body's lines as text (lossy UTF-8), for evidence and diffs.
    pub lines: Vec<String>,
}

impl Policy {
    /// The policy's lines joined with LF: the body as read, with normalised line ends and no
    /// line end after the last line (the grammar allows either), so the text is never longer
    /// than the body it came from. A valid policy renders to text that reads back as the same
    /// `Policy`.
    pub fn to_text(&self) -> String {
        self.lines.join("\n")
    }
}

/// The result of judging a policy body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyCheck {
    /// Findings for `policy-syntax`, `policy-version`, `policy-mode`, `policy-max-age` and
    /// `policy-mx`: at least one for each of these ids.
    pub findings: Vec<Finding>,
    pub policy: Policy,
}

/// Judges a policy body (bytes as served). `provenance` goes on every evidence item.
pub fn check_policy(body: &[u8], provenance: &Provenance) -> PolicyCheck {
    check_policy_sized(body, None, provenance)
}

/// Like [`check_policy`], for a body that is only the start of a larger answer: `size` is the
/// whole answer's size when the server declared it (Content-Length), so the size finding
/// reports what the server really sent, not how much of it was read.
pub fn check_policy_sized(body: &[u8], size: Option<u64>, provenance: &Provenance) -> PolicyCheck {
    let mut parsed = parse_policy(body);
    parsed.declared_size = size
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n > parsed.size);
    let reading = Reading::new(&parsed);
    let policy = reading.policy();
    let findings = check::findings(&reading, &policy, provenance);
    PolicyCheck { findings, policy }
}

/// A corrected copy of a policy with `mx` lines added and removed, for `mx-coverage` fixes.
/// `None` when no valid policy can be written out.
pub(crate) fn corrected_with_mx(
    policy: &Policy,
    extra_mx: &[String],
    drop_mx: &[String],
) -> Option<String> {
    let parsed = parse_policy(policy.to_text().as_bytes());
    fix::corrected(
        &parsed,
        &fix::Adjust {
            extra_mx: extra_mx.to_vec(),
            drop_mx: drop_mx.to_vec(),
            ..fix::Adjust::default()
        },
    )
}

/// The fields of a parsed body, sorted by name (front matter left out).
pub(crate) struct Reading<'a> {
    pub parsed: &'a ParsedPolicy,
    pub version: Vec<(&'a PolicyLine, &'a PolicyField)>,
    pub mode: Vec<(&'a PolicyLine, &'a PolicyField)>,
    pub max_age: Vec<(&'a PolicyLine, &'a PolicyField)>,
    /// Every `mx` line with its problem, if any: checked once, read by several checks.
    pub mx_checked: Vec<(&'a PolicyLine, &'a PolicyField, Option<MxProblem>)>,
    pub other: Vec<(&'a PolicyLine, &'a PolicyField)>,
}

impl<'a> Reading<'a> {
    pub fn new(parsed: &'a ParsedPolicy) -> Reading<'a> {
        let mut r = Reading {
            parsed,
            version: Vec::new(),
            mode: Vec::new(),
            max_age: Vec::new(),
            mx_checked: Vec::new(),
            other: Vec::new(),
        };
        for line in parsed.lines.iter().filter(|l| !l.front_matter) {
            let Some(field) = &line.field else { continue };
            let list = match field.name.as_str() {
                "version" => &mut r.version,
                "mode" => &mut r.mode,
                "max_age" => &mut r.max_age,
                "mx" => {
                    let problem = check_mx_pattern(&field.value).err();
                    r.mx_checked.push((line, field, problem));
                    continue;
                }
                _ => &mut r.other,
            };
            list.push((line, field));
        }
        r
    }

    pub fn version_ok(&self) -> bool {
        matches!(self.version.first(), Some((_, f)) if f.kind == FieldKind::Version)
    }

    pub fn mode(&self) -> Option<Mode> {
        match self.mode.first() {
            Some((_, f)) => match f.kind {
                FieldKind::Mode { mode } => Some(mode),
                _ => None,
            },
            None => None,
        }
    }

    /// The first `max_age`, when it is 1–10 digits (whatever its size).
    pub fn max_age_raw(&self) -> Option<u64> {
        match self.max_age.first() {
            Some((_, f)) => match f.kind {
                FieldKind::MaxAge { seconds } => Some(seconds),
                _ => None,
            },
            None => None,
        }
    }

    pub fn max_age(&self) -> Option<u64> {
        self.max_age_raw().filter(|s| *s <= MAX_AGE_LIMIT)
    }

    /// The policy the parsed body describes (RFC 8461 §3.2; first occurrence wins for every
    /// field but `mx`, POL-15; validity as in POL-20).
    pub fn policy(&self) -> Policy {
        let checked = &self.mx_checked;
        let mx: Vec<MxPattern> = checked
            .iter()
            .filter(|(_, _, p)| p.is_none())
            .map(|(l, f, _)| MxPattern {
                pattern: f.value.clone(),
                line: l.number,
            })
            .collect();
        Policy {
            version_ok: self.version_ok(),
            mode: self.mode(),
            max_age: self.max_age(),
            mx,
            valid: self.valid(),
            lines: self.parsed.lines.iter().map(|l| l.text.clone()).collect(),
        }
    }

    /// Whether senders would use the policy (POL-20), without building it.
    pub fn valid(&self) -> bool {
        let mode = self.mode();
        let mut problems = self.mx_checked.iter().map(|(_, _, p)| p);
        self.parsed.is_grammatical()
            && self.parsed.size <= SIZE_LIMIT
            && self.version_ok()
            && mode.is_some()
            && self.max_age().is_some()
            && problems.all(Option::is_none)
            && (mode == Some(Mode::None) || !self.mx_checked.is_empty())
    }
}
