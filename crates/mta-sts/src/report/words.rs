//! Small helpers for the words of findings and summaries.

use crate::finding::{Code, Evidence, Finding, Fix, Severity};
use crate::lookup::LookupError;

/// "one MX host", "two MX hosts", "12 MX hosts".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let noun = if n == 1 { one } else { many };
    match WORDS.get(n) {
        Some(w) => format!("{w} {noun}"),
        None => format!("{n} {noun}"),
    }
}

/// "a", "a and b", "a, b and c".
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A host name for prose: without the root dot, in backticks.
pub(crate) fn host(name: &str) -> String {
    format!("`{}`", name.trim_end_matches('.'))
}

/// The finding for a lookup that every resolver failed to answer.
pub(crate) fn lookup_failed(
    code: Code,
    rtype: &str,
    name: &str,
    error: &LookupError,
    consequence: &str,
) -> Finding {
    let mut f = Finding::new(
        code,
        Severity::Unknown,
        format!("The {rtype} lookup of {name} failed, so this could not be checked"),
        format!(
            "Every DNS resolver tried failed to answer, so nothing is known about the \
             record yet. {consequence} Senders use their own resolvers; try again in a minute."
        ),
    );
    for attempt in &error.attempts {
        f = f.evidence(Evidence::new(format!("{rtype} {name}"), attempt.clone()));
    }
    f.fix(Fix::action(
        "Run the check again. If it keeps failing, check the name servers of the domain.",
    ))
}
