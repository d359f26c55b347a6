//! The set-up assistant: the three texts a domain publishes for MTA-STS and TLS-RPT, written
//! from its MX hosts and a few choices. Plain data in, plain text out; no clock (the caller
//! passes the time) and no I/O (the caller reads DNS, see [`existing`]).
//!
//! Every text is exactly what to publish: the `_mta-sts` TXT value with a fresh id
//! (RFC 8461 §3.1), the policy body with LF line ends and `version` first (§3.2), and the
//! `_smtp._tls` TXT value (RFC 8460 §3). They pass the engine's own lint
//! ([`crate::report::lint`]), which the tests check. [`snippets`] serve the policy: shell
//! commands and server configurations for the common hosts, filled in for the domain.

mod existing;
mod id;
mod patterns;
pub mod snippets;

pub use existing::{existing, Existing, Found};
pub use id::{civil_from_days, fresh_id};
pub use patterns::{invalid_hosts, suggest_mx_patterns, MxSuggestion};

use crate::domain::normalize;
use crate::finding::Severity;
use crate::mx::{is_null_mx, MxHost};
use crate::policy::{human_duration, Mode, MAX_AGE_LIMIT};
use crate::tlsrpt::check_tlsrpt_texts;

const DAY: u64 = 86_400;
const WEEK: u64 = 604_800;
const TWO_WEEKS: u64 = 1_209_600;

/// What the person chose.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SetupChoices {
    pub mode: Mode,
    /// Seconds; above 31557600 is lowered to it.
    pub max_age: u64,
    /// TLS-RPT report addresses: `mailto:` or `https:` URIs; a bare mail address gets
    /// `mailto:` put in front. Empty: `mailto:tlsrpt@<domain>`.
    pub rua: Vec<String>,
}

/// The three texts to publish, and notes on the choices that shaped them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SetupTexts {
    /// The TXT value for `_mta-sts.<domain>`, without zone-file quotes.
    pub sts_record: String,
    /// The body of `https://mta-sts.<domain>/.well-known/mta-sts.txt`.
    pub policy: String,
    /// The TXT value for `_smtp._tls.<domain>`, without zone-file quotes.
    pub tlsrpt_record: String,
    /// Sentences for the reader, code between backticks.
    pub notes: Vec<String>,
    /// The `mx` lines of the policy and why each was chosen.
    pub mx: Vec<MxSuggestion>,
}

/// The max_age values offered, each with what it means for senders' caches.
pub fn max_age_choices() -> &'static [(u64, &'static str)] {
    &[
        (DAY, "Senders keep the policy for a day after each fetch. If they cannot fetch it for longer than that (your policy host is down, or an attacker blocks the fetch), they deliver as if you had no policy. Right for `mode: none` while removing MTA-STS (RFC 8461 §8.3), too short otherwise."),
        (WEEK, "Senders keep the policy for a week after each fetch. Suggested to start with, in testing mode: if you later remove MTA-STS, senders may hold on to it for a week."),
        (TWO_WEEKS, "Senders keep the policy for two weeks after each fetch. The UK NCSC's Mail Check warns below this in enforce mode."),
        (2_419_200, "Senders keep the policy for four weeks after each fetch: weeks, the range RFC 8461 §3.2 expects, so a long outage of your policy host or a blocked fetch does not remove the protection."),
        (MAX_AGE_LIMIT, "Senders keep the policy for a year after each fetch, the most RFC 8461 allows. The strongest protection, but removing MTA-STS, or recovering after losing your policy host, then takes up to a year."),
    ]
}

/// The max_age to suggest for a mode when the person has not chosen one: a week for testing
/// (Google's and Microsoft's templates), two weeks for enforce (below that the UK NCSC's Mail
/// Check warns), a day for none (RFC 8461 §8.3).
pub fn default_max_age(mode: Mode) -> u64 {
    match mode {
        Mode::Testing => WEEK,
        Mode::Enforce => TWO_WEEKS,
        Mode::None => DAY,
    }
}

/// Report addresses as typed: split at commas, semicolons and white space.
pub fn split_rua(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// MX hosts as typed, one per line (or separated by commas or spaces), optionally each after
/// its preference (`10 mx1.example.com`). Hosts without one get 10, 20, … in order. `.` alone
/// is a null MX. Names are taken as typed: [`generate`] leaves out those no pattern can name.
pub fn parse_mx_list(text: &str) -> Vec<MxHost> {
    let mut out = Vec::new();
    let mut preference: Option<u16> = None;
    for token in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        // A number is a preference (one out of range is dropped), never a host name.
        if token.bytes().all(|b| b.is_ascii_digit()) {
            preference = token.parse::<u16>().ok();
            continue;
        }
        let next = u16::try_from((out.len() + 1).saturating_mul(10)).unwrap_or(u16::MAX);
        out.push(MxHost {
            preference: preference.take().unwrap_or(next),
            exchange: token.to_owned(),
        });
    }
    out
}

/// The MX hosts as [`parse_mx_list`] reads them back: one per line, no trailing dot, `.` for
/// a null MX.
pub fn mx_list_text(mx: &[MxHost]) -> String {
    mx.iter()
        .map(|m| {
            let name = m.exchange.trim_end_matches('.');
            if name.is_empty() { "." } else { name }.to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A TXT record as one zone-file line: `<owner>. 3600 IN TXT "…"`. The value is split into
/// character-strings of at most 255 bytes (RFC 1035 §3.3.14), which senders join again with
/// nothing between them (RFC 8461 §3.1); `"` and `\` are escaped, and bytes outside
/// printable ASCII written as `\DDD`.
pub fn zone_file_txt(owner: &str, value: &str) -> String {
    let mut strings: Vec<String> = Vec::new();
    for chunk in value.as_bytes().chunks(255) {
        let mut s = String::from("\"");
        for &b in chunk {
            match b {
                b'"' | b'\\' => {
                    s.push('\\');
                    s.push(char::from(b));
                }
                0x20..=0x7e => s.push(char::from(b)),
                _ => s.push_str(&format!("\\{b:03}")),
            }
        }
        s.push('"');
        strings.push(s);
    }
    if strings.is_empty() {
        strings.push("\"\"".to_owned());
    }
    format!(
        "{}. 3600 IN TXT {}",
        owner.trim_end_matches('.'),
        strings.join(" ")
    )
}

/// Writes the three texts for `domain` with MX hosts `mx` (as DNS gives them: empty for no
/// MX, a single `0 .` for a null MX) and the person's choices, at the time `unix_seconds`.
///
/// The policy lists [`suggest_mx_patterns`]. Where no valid policy in the chosen mode can be
/// written (a null MX, or no MX host with a valid name), the policy is in `none` mode and a
/// note says why.
pub fn generate(
    domain: &str,
    mx: &[MxHost],
    choices: &SetupChoices,
    unix_seconds: u64,
) -> SetupTexts {
    let domain = normalize(domain);
    let mut notes = Vec::new();
    let suggestions = suggest_mx_patterns(&domain, mx);
    for (name, reason) in invalid_hosts(mx) {
        notes.push(format!("The MX host `{name}` cannot be named in a policy: {reason}. Senders that enforce MTA-STS will refuse it; correct the MX record, then add the host."));
    }
    let mut mode = choices.mode;
    if is_null_mx(mx) {
        notes.push("Your domain publishes a null MX (`0 .`, RFC 7505): it accepts no mail, so MTA-STS has nothing to protect and is not needed. If you publish a policy anyway, it can only be in `none` mode, which needs no `mx` lines.".to_owned());
        mode = Mode::None;
    } else if suggestions.is_empty() {
        notes.push("None of the MX hosts has a valid name, so no `mx` line can be written, and only a policy in `none` mode is valid without one.".to_owned());
        mode = Mode::None;
    } else if mx.is_empty() {
        notes.push(format!("Your domain has no MX records, so senders deliver to `{domain}` itself (RFC 5321 §5.1), and the policy names it. That host then needs a certificate valid for `{domain}` on port 25."));
    }

    let mut max_age = choices.max_age;
    if max_age > MAX_AGE_LIMIT {
        notes.push(format!("max_age is at most {MAX_AGE_LIMIT} seconds (1 year, RFC 8461 §3.2), so the policy uses that."));
        max_age = MAX_AGE_LIMIT;
    }

    let mut policy = format!("version: STSv1\nmode: {}\n", mode.as_str());
    for s in &suggestions {
        policy.push_str(&format!("mx: {}\n", s.pattern));
    }
    policy.push_str(&format!("max_age: {max_age}\n"));

    notes.extend(mode_notes(mode, max_age));

    let (rua, rua_notes) = checked_rua(&domain, &choices.rua);
    notes.extend(rua_notes);

    SetupTexts {
        sts_record: format!("v=STSv1; id={}", fresh_id(unix_seconds)),
        policy,
        tlsrpt_record: format!("v=TLSRPTv1; rua={}", rua.join(",")),
        notes,
        mx: suggestions,
    }
}

fn mode_notes(mode: Mode, max_age: u64) -> Vec<String> {
    let mut notes = vec![match mode {
        Mode::Testing => "Testing mode: senders that support MTA-STS report TLS failures through TLS-RPT but still deliver without TLS. After a couple of weeks of clean reports (Google's and the UK NCSC's advice), switch to `enforce`: publish the new policy first, then change the id.".to_owned(),
        Mode::Enforce => "Enforce mode: senders that support MTA-STS deliver only over TLS with a valid certificate, and only to the listed MX hosts; a host that fails gets no mail from them. Switch to it only after your TLS-RPT reports have been clean in testing mode.".to_owned(),
        Mode::None => "None mode withdraws MTA-STS: senders drop the policy they cached. To remove MTA-STS, publish this policy, change the id, wait until the longest max_age you ever published has passed, and only then remove the TXT record and the policy host (RFC 8461 §8.3).".to_owned(),
    }];
    let human = human_duration(max_age);
    match mode {
        Mode::None if max_age > DAY => notes.push(format!("In none mode a short max_age, such as 1 day, lets senders notice your next step soon (RFC 8461 §8.3); this policy keeps {human}.")),
        Mode::Testing | Mode::Enforce if max_age < DAY => notes.push(format!("A max_age of {human} means the policy has often expired from senders' caches by the next message; RFC 8461 recommends weeks (§3.2, §10.2).")),
        Mode::Enforce if max_age < TWO_WEEKS => notes.push(format!("RFC 8461 §3.2 expects a max_age of weeks or more, and the UK NCSC's Mail Check warns below two weeks in enforce mode; this policy keeps {human}.")),
        _ => {}
    }
    notes
}

/// The report addresses to publish, each one that reporters can use, and notes on those
/// changed or left out. Falls back to `mailto:tlsrpt@<domain>`.
fn checked_rua(domain: &str, given: &[String]) -> (Vec<String>, Vec<String>) {
    let mut uris: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    for raw in given.iter().flat_map(|g| split_rua(g)) {
        let uri = if !raw.contains(':') && raw.contains('@') {
            notes.push(format!(
                "`{raw}` is written as `mailto:{raw}`: rua takes URIs (RFC 8460 §3)."
            ));
            format!("mailto:{raw}")
        } else {
            raw
        };
        let record = format!("v=TLSRPTv1; rua={uri}");
        let problem = check_tlsrpt_texts(domain, &[record])
            .into_iter()
            .find(|f| f.severity >= Severity::Warn);
        match problem {
            Some(f) => {
                let stop = if f.title.ends_with('.') { "" } else { "." };
                notes.push(format!(
                    "{}{stop} It is left out of the TLS-RPT record.",
                    f.title
                ));
            }
            None if uris.iter().any(|u| u.eq_ignore_ascii_case(&uri)) => {}
            None => uris.push(uri),
        }
    }
    if uris.is_empty() {
        let fallback = format!("mailto:tlsrpt@{domain}");
        notes.push(format!("Reports go to `{fallback}`: create that mailbox, or enter the address of your reporting service."));
        uris.push(fallback);
    }
    (uris, notes)
}
