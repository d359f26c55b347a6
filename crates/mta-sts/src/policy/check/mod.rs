//! The findings of `policy-syntax`, `policy-version`, `policy-mode`, `policy-max-age` and
//! `policy-mx` (checks.md), worded as findings-style.md asks: the shared wording helpers here,
//! one module per group of checks.

mod fields;
mod mx;
mod syntax;

use std::cell::OnceCell;

use super::fix::{self, known_name_hint, mode_hint, Adjust};
use super::lines::{LineEnding, LineErrorKind, PolicyLine, READ_LIMIT};
use super::parse::FieldKind;
use super::pattern::{is_broad_wildcard, MxProblem};
use super::{Mode, Policy, PolicyField, Reading, MAX_AGE_LIMIT, SIZE_LIMIT};
use crate::finding::{Code, Evidence, Finding, Fix, Provenance, Reference, Severity};

/// At most this many evidence items per finding; the detail says how many more there were.
pub(super) const MAX_EVIDENCE: usize = 20;
/// Evidence text longer than this is cut, with a note of how much was left out.
pub(super) const MAX_EVIDENCE_CHARS: usize = 300;
/// mimecast's library caps policies at 64000 bytes rather than 64 KiB.
pub(super) const MIMECAST_LIMIT: usize = 64_000;
pub(super) const DAY: u64 = 86_400;
pub(super) const WEEK: u64 = 604_800;
/// The max_age a fix proposes for an enforced policy: two weeks (the UK NCSC's threshold).
pub(super) const ENFORCE_MAX_AGE: u64 = 1_209_600;

pub(super) const PUBLISH: &str =
    "The corrected policy is below: publish it, then change the id in your \
`_mta-sts` TXT record so that senders fetch it again.";
pub(super) const PUBLISH_LATER: &str =
    "Then publish the policy and change the id in your `_mta-sts` TXT record.";

pub(super) const STRICT: &str = "mox, postfix-tlspol and go-mtasts (maddy)";

pub(super) fn findings(r: &Reading<'_>, policy: &Policy, prov: &Provenance) -> Vec<Finding> {
    let ctx = PolicyCtx {
        r,
        policy,
        prov,
        corrected: OnceCell::new(),
    };
    let mut out = syntax::syntax(&ctx);
    out.extend(fields::version(&ctx));
    out.extend(fields::mode(&ctx));
    out.extend(fields::max_age(&ctx));
    out.extend(mx::mx(&ctx));
    out
}

pub(super) struct PolicyCtx<'a> {
    pub r: &'a Reading<'a>,
    pub policy: &'a Policy,
    pub prov: &'a Provenance,
    /// The corrected policy: worked out only when a finding offers it (it costs a second
    /// parse of the whole body).
    corrected: OnceCell<Option<String>>,
}

impl PolicyCtx<'_> {
    pub(super) fn ev(&self, line: &PolicyLine) -> Evidence {
        Evidence::policy_line(line.number, cap(&line.text)).from(self.prov.clone())
    }

    pub(super) fn ev_at(&self, line: &PolicyLine, column: usize) -> Evidence {
        let mut e = self.ev(line);
        e.label = format!("policy line {}, column {column}", line.number);
        e
    }

    pub(super) fn body_ev(&self, text: String) -> Evidence {
        Evidence::new("policy body", text).from(self.prov.clone())
    }

    /// A fix: `action`, and the corrected policy when there is one that differs from the body.
    pub(super) fn repair(&self, action: impl Into<String>) -> Fix {
        let corrected = self
            .corrected
            .get_or_init(|| fix::corrected(self.r.parsed, &Adjust::default()));
        self.repair_with(action, corrected.clone())
    }

    pub(super) fn repair_adjusted(&self, action: impl Into<String>, adjust: &Adjust) -> Fix {
        self.repair_with(action, fix::corrected(self.r.parsed, adjust))
    }

    pub(super) fn repair_with(&self, action: impl Into<String>, paste: Option<String>) -> Fix {
        let action = action.into();
        // No paste when it would only change line ends.
        let same = |p: &String| p.lines().eq(self.policy.lines.iter().map(String::as_str));
        match paste.filter(|p| !same(p)) {
            Some(p) => Fix::with_paste(format!("{action} {PUBLISH}"), p),
            None => Fix::action(format!("{action} {PUBLISH_LATER}")),
        }
    }
}

pub(super) fn cap(text: &str) -> String {
    let n = text.chars().count();
    if n <= MAX_EVIDENCE_CHARS {
        return text.to_owned();
    }
    let head: String = text.chars().take(MAX_EVIDENCE_CHARS).collect();
    format!("{head}… ({} more characters)", n - MAX_EVIDENCE_CHARS)
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Seconds in words, for findings and the set-up assistant alike: exact in the largest unit
/// that divides them (weeks, days, hours, minutes; seconds under an hour), "about" so many days
/// or hours otherwise; the RFC's maximum max_age, 31557600 seconds (365.25 days), is "1 year".
pub fn human_duration(s: u64) -> String {
    let unit = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    // Rounded to the nearest unit without `s + size / 2`, which overflows near u64::MAX (a
    // hostile max_age remembered by the browser or a state file).
    let about = |size: u64, word: &str| {
        let n = s / size + u64::from(s % size >= size / 2);
        format!("about {}", unit(n, word))
    };
    match s {
        MAX_AGE_LIMIT => "1 year".into(),
        s if s < 60 || (s < 3600 && !s.is_multiple_of(60)) => unit(s, "second"),
        s if s.is_multiple_of(WEEK) => unit(s / WEEK, "week"),
        s if s.is_multiple_of(DAY) => unit(s / DAY, "day"),
        s if s.is_multiple_of(3600) => unit(s / 3600, "hour"),
        s if s < DAY && s.is_multiple_of(60) => unit(s / 60, "minute"),
        s if s >= DAY => about(DAY, "day"),
        _ => about(3600, "hour"),
    }
}

pub(super) fn finding(code: Code, severity: Severity, title: String, detail: String) -> Finding {
    Finding::new(code, severity, title, detail)
}

pub(super) fn rfc32() -> Reference {
    Reference::rfc8461("3.2")
}

/// Lines that look like they were meant as field `name` but do not count as it: a near-miss
/// name (`Mode`, `max-age`), or a broken line whose name is `name`. With a sentence each.
pub(super) fn near_misses<'a>(ctx: &PolicyCtx<'a>, name: &str) -> Vec<(&'a PolicyLine, String)> {
    let mut out = Vec::new();
    for (line, f) in &ctx.r.other {
        if known_name_hint(&f.name) == Some(name) {
            out.push((
                *line,
                format!(
                    "Line {} has `{}`, which senders do not read as `{name}`: field names are case-sensitive and must be spelled exactly.",
                    line.number, f.name
                ),
            ));
        }
    }
    for line in ctx.r.parsed.lines.iter().filter(|l| !l.front_matter) {
        if line.field.is_some() {
            continue;
        }
        let t = line.text.trim_start_matches(['\u{feff}', ' ', '\t']);
        let mentions = t.starts_with(name)
            || t.split('\r').skip(1).any(|piece| piece.starts_with(name))
            || t.split([':', ' ', '\t'])
                .next()
                .is_some_and(|n| known_name_hint(n) == Some(name));
        if mentions {
            out.push((
                line,
                format!(
                    "Line {} mentions `{name}`, but the line fits no rule of the grammar (see Policy syntax).",
                    line.number
                ),
            ));
        }
    }
    // A line is either a field (near-miss name) or a broken line, never both: the numbers are
    // unique.
    crate::sort::sort_small(&mut out, |(a, _), (b, _)| a.number < b.number);
    out
}

pub(super) fn missing_field(ctx: &PolicyCtx<'_>, code: Code, name: &str, what: &str) -> Finding {
    let near = near_misses(ctx, name);
    let title = if near.is_empty() {
        format!("The policy has no `{name}` line, so senders ignore the whole policy.")
    } else {
        format!("The policy has no valid `{name}` line, so senders ignore the whole policy.")
    };
    let mut detail = what.to_owned();
    for (_, sentence) in near.iter().take(3) {
        detail.push(' ');
        detail.push_str(sentence);
    }
    let mut f = finding(code, Severity::Fail, title, detail).reference(rfc32());
    for (l, _) in near.iter().take(MAX_EVIDENCE) {
        f = f.evidence(ctx.ev(l));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        for (s, want) in [
            (0, "0 seconds"),
            (1, "1 second"),
            (360, "6 minutes"),
            (600, "10 minutes"),
            (3600, "1 hour"),
            (86400, "1 day"),
            (86401, "about 1 day"),
            (103680, "about 1 day"),
            (604800, "1 week"),
            (1209700, "about 14 days"),
            (1814400, "3 weeks"),
            (15638400, "181 days"),
            (90, "90 seconds"),
            (5400, "90 minutes"),
            (90000, "25 hours"),
            (31557600, "1 year"),
            (9999999999, "about 115741 days"),
        ] {
            assert_eq!(human_duration(s), want, "{s}");
        }
    }

    #[test]
    fn long_evidence_is_cut() {
        let long = "a".repeat(400);
        assert_eq!(
            cap(&long).chars().count(),
            300 + " (100 more characters)".len() + 1
        );
        assert_eq!(cap("short"), "short");
    }
}
