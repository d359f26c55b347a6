//! Writing out a corrected policy: every line fixed that can be fixed without guessing, then
//! read again, and offered only when the result is a valid policy.

use super::lines::{parse_policy, LineErrorKind, ParsedPolicy};
use super::pattern::check_mx_pattern;
use super::{Mode, Reading, MAX_AGE_LIMIT};

/// The field names RFC 8461 defines.
pub(crate) const KNOWN: [&str; 4] = ["version", "mode", "mx", "max_age"];

/// What a `max_age` defaults to when a corrected policy has to add one: one week.
pub(crate) const DEFAULT_MAX_AGE: u64 = 604_800;

/// Changes asked for on top of the repairs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Adjust {
    pub extra_mx: Vec<String>,
    pub drop_mx: Vec<String>,
    pub max_age: Option<u64>,
    pub mode: Option<Mode>,
}

/// The known field a name was probably meant to be: the same name in another case or with
/// `-` for `_` (`Mode`, `max-age`, `maxage`), or one edit away (`nmx`, `verison`).
pub(crate) fn known_name_hint(name: &str) -> Option<&'static str> {
    if KNOWN.contains(&name) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let squashed: String = lower.chars().filter(|c| *c != '_' && *c != '-').collect();
    if let Some(k) = KNOWN
        .iter()
        .find(|k| **k == lower.replace('-', "_") || k.replace('_', "") == squashed)
    {
        return Some(k);
    }
    if lower.chars().count() < 2 {
        return None;
    }
    KNOWN
        .iter()
        .find(|k| edit_distance_at_most_one(&lower, k))
        .copied()
}

/// Optimal string alignment distance ≤ 1 (one insertion, deletion, substitution or swap of
/// neighbours).
fn edit_distance_at_most_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (
        a.get(prefix..).unwrap_or(&[]),
        b.get(prefix..).unwrap_or(&[]),
    );
    match (ra.len(), rb.len()) {
        (n, m) if n == m => {
            ra.get(1..) == rb.get(1..)
                || (n >= 2
                    && ra.first() == rb.get(1)
                    && ra.get(1) == rb.first()
                    && ra.get(2..) == rb.get(2..))
        }
        (n, m) if n == m + 1 => ra.get(1..) == Some(rb),
        (n, m) if m == n + 1 => rb.get(1..) == Some(ra),
        _ => false,
    }
}

/// The mode a mistyped mode value was meant to be, when that is clear.
pub(crate) fn mode_hint(value: &str) -> Option<Mode> {
    match value.trim().to_ascii_lowercase().as_str() {
        "enforce" | "enforced" | "enforcing" | "enforcement" => Some(Mode::Enforce),
        "testing" | "test" | "tested" | "report" => Some(Mode::Testing),
        "none" => Some(Mode::None),
        _ => None,
    }
}

/// A repaired `max_age` value: digits only, capped at the RFC's maximum.
fn max_age_fix(value: &str) -> Option<String> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = value.trim_start_matches('0');
    if digits.is_empty() {
        return Some("0".into());
    }
    let over = digits.len() > 10 || digits.parse::<u64>().map_or(true, |n| n > MAX_AGE_LIMIT);
    Some(if over {
        MAX_AGE_LIMIT.to_string()
    } else {
        digits.to_owned()
    })
}

/// A line read loosely: name and value trimmed, from `name: value` or, for a known name,
/// `name value`.
fn loose(text: &str) -> Option<(String, String)> {
    let t = text
        .trim_start_matches('\u{feff}')
        .trim_matches(|c| c == ' ' || c == '\t');
    let (name, value) = match t.split_once(':') {
        Some((n, v)) => (n.trim_end_matches([' ', '\t']), v.trim_matches([' ', '\t'])),
        None => {
            let (n, v) = t.split_once([' ', '\t'])?;
            (n, v.trim_matches([' ', '\t']))
        }
    };
    // An empty value says nothing; a name that is no known field is ignored by senders.
    let known = KNOWN.contains(&name) || known_name_hint(name).is_some();
    (known && !value.is_empty()).then(|| (name.to_owned(), value.to_owned()))
}

fn entries(parsed: &ParsedPolicy) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in parsed.lines.iter().filter(|l| !l.front_matter) {
        if let Some(f) = &line.field {
            out.push((f.name.clone(), f.value.clone()));
            continue;
        }
        let Some(err) = &line.error else { continue };
        match err.kind {
            LineErrorKind::BlankLine | LineErrorKind::Comment | LineErrorKind::FrontMatter => {}
            LineErrorKind::BareCr => {
                for piece in line.text.split('\r') {
                    let p = parse_policy(piece.as_bytes());
                    out.extend(entries(&p));
                }
            }
            _ => out.extend(loose(&line.text)),
        }
    }
    out
}

/// The corrected policy, or `None` when what can be fixed still leaves it invalid.
pub(crate) fn corrected(parsed: &ParsedPolicy, adjust: &Adjust) -> Option<String> {
    let mut e = entries(parsed);

    // Near-miss names become the known name, unless the exact name is there already.
    let present: Vec<String> = e.iter().map(|(n, _)| n.clone()).collect();
    for (name, _) in &mut e {
        if let Some(k) = known_name_hint(name) {
            if !present.iter().any(|p| p == k) {
                *name = k.to_owned();
            }
        }
    }

    // Values.
    let mut fixed: Vec<(String, String)> = Vec::new();
    for (name, value) in e {
        match name.as_str() {
            "version" if value.eq_ignore_ascii_case("STSv1") => {
                fixed.push((name, "STSv1".into()));
            }
            "mode" => {
                let v = mode_hint(&value).map_or(value, |m| m.as_str().to_owned());
                fixed.push((name, v));
            }
            "max_age" => {
                let v = max_age_fix(&value).unwrap_or(value);
                fixed.push((name, v));
            }
            "mx" => match check_mx_pattern(&value).err().and_then(|p| p.fixed()) {
                Some(parts) => fixed.extend(parts.into_iter().map(|p| ("mx".to_owned(), p))),
                None => fixed.push((name, value)),
            },
            _ => fixed.push((name, value)),
        }
    }
    fixed.retain(|(n, v)| n != "mx" || !adjust.drop_mx.iter().any(|d| d.eq_ignore_ascii_case(v)));
    if let Some(mode) = adjust.mode {
        set_first(&mut fixed, "mode", mode.as_str());
    }
    if let Some(age) = adjust.max_age {
        set_first(&mut fixed, "max_age", &age.to_string());
    }

    // One of each single field (the first valid one), no repeated mx.
    let mut out: Vec<(String, String)> = Vec::new();
    for name in ["version", "mode", "max_age"] {
        let keep = fixed
            .iter()
            .position(|(n, v)| n == name && single_value_ok(name, v))
            .or_else(|| fixed.iter().position(|(n, _)| n == name));
        let mut idx = 0;
        fixed.retain(|(n, _)| {
            let k = n != name || Some(idx) == keep;
            idx += 1;
            k
        });
    }
    // A set, not a scan: a 64 KiB policy holds thousands of mx lines.
    let mut mx_seen = crate::sort::StringSet::new();
    for (name, value) in fixed {
        if name != "mx" || mx_seen.insert(value.to_ascii_lowercase()) {
            out.push((name, value));
        }
    }

    // What is missing; version first, as Google's guide has it.
    if !out.iter().any(|(n, _)| n == "mode") {
        out.insert(0, ("mode".into(), Mode::Testing.as_str().into()));
    }
    if !out.iter().any(|(n, _)| n == "max_age") {
        out.push(("max_age".into(), DEFAULT_MAX_AGE.to_string()));
    }
    match out.iter().position(|(n, _)| n == "version") {
        Some(i) => {
            let v = out.remove(i);
            out.insert(0, v);
        }
        None => out.insert(0, ("version".into(), "STSv1".into())),
    }
    let extra: Vec<(String, String)> = adjust
        .extra_mx
        .iter()
        .filter(|mx| mx_seen.insert(mx.to_ascii_lowercase()))
        .map(|mx| ("mx".to_owned(), mx.clone()))
        .collect();
    if !extra.is_empty() {
        // After the last mx line, else before max_age.
        let at = out
            .iter()
            .rposition(|(n, _)| n == "mx")
            .map(|i| i + 1)
            .or_else(|| out.iter().position(|(n, _)| n == "max_age"))
            .unwrap_or(out.len());
        out.splice(at..at, extra);
    }

    let term = if parsed.prefers_crlf() { "\r\n" } else { "\n" };
    let text: String = out.iter().map(|(n, v)| format!("{n}: {v}{term}")).collect();
    let again = parse_policy(text.as_bytes());
    Reading::new(&again).valid().then_some(text)
}

fn set_first(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(f) => f.1 = value.to_owned(),
        None => fields.push((name.to_owned(), value.to_owned())),
    }
}

fn single_value_ok(name: &str, value: &str) -> bool {
    match name {
        "version" => value == "STSv1",
        "mode" => matches!(value, "enforce" | "testing" | "none"),
        "max_age" => {
            (1..=10).contains(&value.len())
                && value.bytes().all(|b| b.is_ascii_digit())
                && value.parse::<u64>().is_ok_and(|n| n <= MAX_AGE_LIMIT)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_hints() {
        for (name, want) in [
            ("nmx", Some("mx")),
            ("MX", Some("mx")),
            ("Mode", Some("mode")),
            ("max-age", Some("max_age")),
            ("maxage", Some("max_age")),
            ("Max_Age", Some("max_age")),
            ("verison", Some("version")),
            ("Version", Some("version")),
            ("mode", None),
            ("report", None),
            ("min_age", None),
            ("x", None),
        ] {
            assert_eq!(known_name_hint(name), want, "{name}");
        }
    }

    #[test]
    fn corrects_what_it_can() {
        let body = b"---\nlayout: none\n---\n  version: STSv1\nMode: enforced\n\n# note\nmx: a.example., b.example\nmax_age: 99999999999\n";
        let got = corrected(&parse_policy(body), &Adjust::default()).unwrap();
        assert_eq!(
            got,
            "version: STSv1\nmode: enforce\nmx: a.example\nmx: b.example\nmax_age: 31557600\n"
        );
    }

    #[test]
    fn keeps_crlf_and_gives_up_when_unsure() {
        let body = b"version: STSv1\r\nmode: live\r\nmx: a.example\r\nmax_age: 86400\r\n";
        assert_eq!(corrected(&parse_policy(body), &Adjust::default()), None);
        let body = b"version: STSv1\r\nmode : testing\r\nmx: a.example\r\nmax_age: 86400\r\n\r\n";
        assert_eq!(
            corrected(&parse_policy(body), &Adjust::default()).as_deref(),
            Some("version: STSv1\r\nmode: testing\r\nmx: a.example\r\nmax_age: 86400\r\n")
        );
    }

    #[test]
    fn max_age_values() {
        for (v, want) in [
            ("0", Some("0")),
            ("000", Some("0")),
            ("0086400", Some("86400")),
            ("31557600", Some("31557600")),
            ("31557601", Some("31557600")),
            ("99999999999", Some("31557600")),
            ("-1", None),
            ("1d", None),
            ("", None),
        ] {
            assert_eq!(max_age_fix(v).as_deref(), want, "{v}");
        }
        let body = b"version: STSv1\nmode: testing\nmx: a.example\nmax_age: 0\n";
        let adjust = Adjust {
            mode: Some(Mode::Enforce),
            ..Adjust::default()
        };
        assert_eq!(
            corrected(&parse_policy(body), &adjust).as_deref(),
            Some("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 0\n")
        );
    }

    #[test]
    fn bare_cr_lines_are_split() {
        let body = b"version: STSv1\rmode: enforce\rmx: *.mimecast.com\rmax_age: 1\r";
        assert_eq!(
            corrected(&parse_policy(body), &Adjust::default()).as_deref(),
            Some("version: STSv1\nmode: enforce\nmx: *.mimecast.com\nmax_age: 1\n")
        );
    }
}
