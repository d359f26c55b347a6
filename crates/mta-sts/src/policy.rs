//! The policy file (RFC 8461 §3.2).
//! OWNER: helper "grammar". Public API fixed; bodies to be written.

use crate::finding::{Finding, Provenance};

/// The policy mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Enforce,
    Testing,
    None,
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

/// The result of judging a policy body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyCheck {
    /// Findings for `policy-syntax`, `policy-version`, `policy-mode`, `policy-max-age` and
    /// `policy-mx`: at least one for each of these ids.
    pub findings: Vec<Finding>,
    pub policy: Policy,
}

/// Judges a policy body (bytes as served). `provenance` goes on every evidence item.
pub fn check_policy(_body: &[u8], _provenance: &Provenance) -> PolicyCheck {
    todo!()
}
