//! `policy-mx`: the `mx` patterns (POL-10…POL-12, RFC 8461 §10.4).

use super::*;

pub(super) fn mx(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let checked = &ctx.r.mx_checked;
    for (line, field, problem) in checked {
        let Some(p) = problem else { continue };
        out.push(bad_mx(ctx, line, field, p, checked.len()));
    }
    let valid: Vec<_> = checked.iter().filter(|(_, _, p)| p.is_none()).collect();
    let mode = ctx.r.mode();
    if checked.is_empty() && mode != Some(Mode::None) {
        let what = match mode {
            Some(m) => format!("A policy in {} mode must list at least one `mx` pattern (RFC 8461 §3.2); only `mode: none` may leave them out. Without one, senders ignore the policy.", m.as_str()),
            None => "A policy must list at least one `mx` pattern unless its mode is `none` (RFC 8461 §3.2). Without one, senders ignore the policy.".into(),
        };
        let f = missing_field(ctx, Code::PolicyMxMissing, "mx", &what);
        let action =
            "Add one `mx:` line for each of your MX hosts (the MX coverage check lists them).";
        out.push(f.fix(ctx.repair(action)));
    }
    if checked.is_empty() && mode == Some(Mode::None) {
        out.push(
            finding(
                Code::PolicyMxNoneMode,
                Severity::Info,
                "The policy lists no mx patterns, which is allowed in none mode.".into(),
                "Only `mode: none` may leave out `mx` lines (RFC 8461 §3.2). Add them before you switch to `testing` or `enforce`.".into(),
            )
            .reference(rfc32()),
        );
    }
    for (line, field, _) in &valid {
        if is_broad_wildcard(&field.value) {
            let base = field.value.trim_start_matches("*.");
            out.push(
                finding(
                    Code::PolicyMxBroadWildcard,
                    Severity::Warn,
                    format!("The pattern `{}` on line {} accepts any host under `{base}` as your MX.", field.value, line.number),
                    format!("Any server under `{base}` with a valid certificate for its own name counts as a valid MX host for your domain (RFC 8461 §10.4), so an attacker who can spoof your MX records can still receive your mail. List your MX hosts, or a wildcard over your provider's own domain."),
                )
                .evidence(ctx.ev(line))
                .fix(ctx.repair_with(
                    format!("Replace line {} with one `mx:` line per MX host.", line.number),
                    None,
                ))
                .reference(Reference::rfc8461("10.4")),
            );
        }
    }
    // Group the lines by pattern in one pass: a 64 KiB policy holds thousands of mx lines.
    // The groups sorted by pattern and found by binary search (a `BTreeMap` would bring its
    // tree code into the page), reported in the order of their first line.
    let mut groups: Vec<(String, Vec<_>)> = Vec::new();
    let mut order: Vec<String> = Vec::new();
    for entry in &valid {
        let key = entry.1.value.to_ascii_lowercase();
        match groups.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => groups[i].1.push(*entry),
            Err(i) => {
                order.push(key.clone());
                groups.insert(i, (key, vec![*entry]));
            }
        }
    }
    for key in &order {
        let Ok(i) = groups.binary_search_by(|(k, _)| k.cmp(key)) else {
            continue;
        };
        let same = &groups[i].1;
        let field = same[0].1;
        if same.len() > 1 {
            let mut f = finding(
                Code::PolicyMxDuplicate,
                Severity::Info,
                format!(
                    "The mx pattern `{}` is listed {} times.",
                    field.value,
                    same.len()
                ),
                "Repeated mx lines are allowed and harmless (RFC 8461 §3.2); one is enough.".into(),
            )
            .fix(ctx.repair("Remove the repeated lines."))
            .reference(rfc32());
            for (l, _, _) in same.iter().take(MAX_EVIDENCE) {
                f = f.evidence(ctx.ev(l));
            }
            out.push(f);
        }
    }
    if !valid.is_empty() && valid.len() == checked.len() {
        let mut f = finding(
            Code::PolicyMxValid,
            Severity::Pass,
            format!(
                "The policy lists {}.",
                plural(valid.len(), "valid mx pattern", "valid mx patterns")
            ),
            "Each is a host name, or `*.` and a domain, as RFC 8461 §3.2 requires. The MX coverage check compares them with your MX records.".into(),
        )
        .reference(rfc32());
        for (l, _, _) in valid.iter().take(MAX_EVIDENCE) {
            f = f.evidence(ctx.ev(l));
        }
        out.push(f);
    }
    out
}

fn bad_mx(
    ctx: &PolicyCtx<'_>,
    line: &PolicyLine,
    field: &PolicyField,
    p: &MxProblem,
    total: usize,
) -> Finding {
    let explain = p.explain(&field.value);
    let mut detail = match p {
        MxProblem::TrailingDot { .. } => "Patterns are host names, or `*.` and a domain, written without the root dot (RFC 8461 §3.2). mox and the UK NCSC's Mail Check reject the whole policy; postfix-tlspol strips the dot, and other senders may never match the pattern.".to_owned(),
        MxProblem::List { .. } => "Each pattern needs its own `mx:` line (RFC 8461 §3.2). mox rejects the whole policy; other senders compare each MX host with the whole line, which never matches.".to_owned(),
        MxProblem::NonAscii => "Policies must use the A-label form of an internationalised name (RFC 8461 §3.2), as your MX record in DNS does. mox rejects the whole policy; other senders never match the pattern.".to_owned(),
        MxProblem::IpAddress => "MX records name hosts, and senders compare those names with the patterns; an IP address never matches, and postfix-tlspol rejects the policy.".to_owned(),
        MxProblem::MisplacedStar => "A wildcard is allowed only as the whole first label, `*.example.com`, and covers exactly one label (RFC 8461 §4.1). Senders that check the syntax, such as mox, reject the whole policy; the others never match the pattern.".to_owned(),
        _ => "Patterns are host names, or `*.` and a domain (RFC 8461 §3.2). Senders that check the syntax, such as mox, reject the whole policy; the others never match the pattern.".to_owned(),
    };
    if total == 1 {
        detail.push_str(" It is the policy's only mx line.");
    }
    let fix = match p.fixed() {
        Some(parts) => {
            let lines: Vec<String> = parts.iter().map(|p| format!("`mx: {p}`")).collect();
            ctx.repair(format!("Change line {} to {}.", line.number, lines.join(" and ")))
        }
        None => ctx.repair_with(match p {
            MxProblem::NonAscii => format!("Write line {} with the A-label (`xn--…`) of the name, as your MX record shows it.", line.number),
            MxProblem::IpAddress => format!("Replace line {} with the host name of your MX record.", line.number),
            MxProblem::MisplacedStar => format!("Replace line {} with `*.` and a domain, which covers exactly one label, or with one `mx:` line per MX host.", line.number),
            _ => format!("Correct line {} to the host name of your MX record.", line.number),
        }, None),
    };
    let code = match p {
        MxProblem::TrailingDot { .. } => Code::PolicyMxTrailingDot,
        MxProblem::List { .. } => Code::PolicyMxList,
        MxProblem::NonAscii => Code::PolicyMxNonAscii,
        MxProblem::IpAddress => Code::PolicyMxIpAddress,
        MxProblem::MisplacedStar => Code::PolicyMxMisplacedStar,
        MxProblem::Empty | MxProblem::Domain(_) => Code::PolicyMxInvalid,
    };
    finding(
        code,
        Severity::Fail,
        format!("Line {} has an invalid mx pattern: {explain}.", line.number),
        detail,
    )
    .evidence(ctx.ev(line))
    .fix(fix)
    .reference(rfc32())
}
