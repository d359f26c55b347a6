//! `policy-version`, `policy-mode` and `policy-max-age`: the single-valued fields, first
//! occurrence winning (RFC 8461 §3.2).

use super::*;

pub(super) fn version(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let Some((line, field)) = ctx.r.version.first() else {
        return vec![missing_field(
            ctx,
            Code::PolicyVersionMissing,
            "version",
            "Every policy must say `version: STSv1` (RFC 8461 §3.2); without it senders treat your domain as having no MTA-STS policy.",
        )
        .fix(ctx.repair("Add `version: STSv1` as the first line."))];
    };
    if field.kind != FieldKind::Version {
        let mut detail = if field.value.eq_ignore_ascii_case("STSv1") {
            "The value is case-sensitive: it must be exactly `STSv1` (RFC 8461 §3.2). Senders treat the policy as invalid, as if your domain had none.".to_owned()
        } else {
            "Only `STSv1` exists (RFC 8461 §3.2). Senders treat a policy with any other version as invalid, as if your domain had none.".to_owned()
        };
        if let Some((later, _)) = ctx
            .r
            .version
            .iter()
            .skip(1)
            .find(|(_, f)| f.kind == FieldKind::Version)
        {
            detail.push_str(&format!(
                " Senders use the first `version` line, so the valid one on line {} does not count.",
                later.number
            ));
        }
        return vec![finding(
            Code::PolicyVersionInvalid,
            Severity::Fail,
            format!(
                "The policy's version is `{}`, not `STSv1`, so senders ignore the whole policy.",
                field.value
            ),
            detail,
        )
        .evidence(ctx.ev(line))
        .fix(ctx.repair(format!("Change line {} to `version: STSv1`.", line.number)))
        .reference(rfc32())];
    }
    let mut out = vec![finding(
        Code::PolicyVersionValid,
        Severity::Pass,
        "The policy declares version STSv1.".into(),
        "`STSv1` is the only version RFC 8461 defines.".into(),
    )
    .evidence(ctx.ev(line))
    .reference(rfc32())];
    if line.number != 1 {
        out.push(
            finding(
                Code::PolicyVersionNotFirst,
                Severity::Info,
                "The `version` line is not the first line of the policy.".into(),
                "RFC 8461 allows the fields in any order, so this is valid. Google's setup guide says the version must be on the first line; putting it first costs nothing.".into(),
            )
            .evidence(ctx.ev(line))
            .fix(ctx.repair("Move `version: STSv1` to the first line."))
            .reference(Reference::other(
                "Google Workspace Admin Help: Set up MTA-STS",
                Some("https://support.google.com/a/answer/9276511"),
            )),
        );
    }
    out
}

// ---------------------------------------------------------------------------------------------
// policy-mode

pub(super) fn mode(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let Some((line, field)) = ctx.r.mode.first() else {
        let renamed = ctx
            .r
            .other
            .iter()
            .any(|(_, f)| known_name_hint(&f.name) == Some("mode"));
        let action = if renamed {
            "Rename the field to `mode`."
        } else {
            "Add a `mode` line. The corrected policy uses `mode: testing`, the usual first step; switch to `enforce` once your TLS-RPT reports are clean."
        };
        return vec![missing_field(
            ctx,
            Code::PolicyModeMissing,
            "mode",
            "`mode` is required (RFC 8461 §3.2). mox, postfix-tlspol and go-mtasts ignore a policy without it; Stalwart, mailauth and checkdmarc read it as `none`, which protects nothing either.",
        )
        .fix(ctx.repair(action))];
    };
    let mode = match field.kind {
        FieldKind::Mode { mode } => mode,
        _ => {
            let hint = mode_hint(&field.value);
            let mut detail =
                "Only `enforce`, `testing` and `none` are defined, in lower case (RFC 8461 §3.2)."
                    .to_owned();
            match hint {
                Some(m) if field.value.eq_ignore_ascii_case(m.as_str()) => detail.push_str(&format!(
                    " `{}` differs from `{}` only in case: mailauth and mimecast's library accept it, but mox, go-mtasts, postfix-tlspol and postfix-mta-sts-resolver do not.",
                    field.value,
                    m.as_str()
                )),
                Some(m) => detail.push_str(&format!(" `{}` looks like a typo for `{}`.", field.value, m.as_str())),
                None => {}
            }
            detail.push_str(
                " Until it is fixed, senders treat your domain as having no MTA-STS policy.",
            );
            if let Some((later, f)) = ctx
                .r
                .mode
                .iter()
                .skip(1)
                .find(|(_, f)| matches!(f.kind, FieldKind::Mode { .. }))
            {
                detail.push_str(&format!(
                    " Senders use the first `mode` line, so `{}` on line {} does not count.",
                    f.value, later.number
                ));
            }
            let fix = match hint {
                Some(m) => ctx.repair(format!("Change line {} to `mode: {}`.", line.number, m.as_str())),
                None => ctx.repair_with(
                    format!(
                        "Change line {} to `mode: testing` (senders report problems but still deliver) or `mode: enforce`.",
                        line.number
                    ),
                    None,
                ),
            };
            return vec![finding(
                Code::PolicyModeInvalid,
                Severity::Fail,
                format!(
                    "The mode `{}` is not a valid mode, so senders ignore the whole policy.",
                    field.value
                ),
                detail,
            )
            .evidence(ctx.ev(line))
            .fix(fix)
            .reference(rfc32())];
        }
    };
    let f = match mode {
        Mode::Enforce => finding(
            Code::PolicyModeEnforce,
            Severity::Pass,
            "Your policy is in enforce mode: senders deliver only over TLS to the listed MX hosts.".into(),
            "Senders that support MTA-STS refuse to deliver to an MX host that the policy does not list, or that cannot offer TLS with a valid certificate.".into(),
        )
        .reference(Reference::rfc8461("5")),
        Mode::Testing => finding(
            Code::PolicyModeTesting,
            Severity::Warn,
            "Your policy is in testing mode: senders report TLS failures but still deliver without TLS.".into(),
            "Testing mode is the right first step. Once your TLS-RPT reports show no failures for a couple of weeks (Google's and the UK NCSC's advice), switch to `enforce`, so that an attacker who strips STARTTLS can no longer read your mail.".into(),
        )
        .fix(ctx.repair_adjusted(
            format!("Change line {} to `mode: enforce`.", line.number),
            &Adjust { mode: Some(Mode::Enforce), ..Adjust::default() },
        ))
        .reference(Reference::rfc8461("5")),
        Mode::None => finding(
            Code::PolicyModeNone,
            Severity::Warn,
            "Your policy is in none mode: senders treat your domain as having no MTA-STS policy.".into(),
            "Mode `none` is how a domain withdraws MTA-STS (RFC 8461 §8.3): senders drop the policy they cached and deliver as they would without MTA-STS. If you are removing MTA-STS, keep this policy published until every earlier policy's max_age has passed, then remove the TXT record; if not, switch to `testing` and then `enforce`.".into(),
        )
        .fix(Fix::action(format!(
            "To protect your mail, change line {} to `mode: testing`, then to `mode: enforce` once your TLS-RPT reports are clean. To withdraw MTA-STS, keep it and follow RFC 8461 §8.3.",
            line.number
        )))
        .reference(Reference::rfc8461("8.3")),
    };
    vec![f.evidence(ctx.ev(line))]
}

// ---------------------------------------------------------------------------------------------
// policy-max-age

pub(super) fn max_age(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let Some((line, field)) = ctx.r.max_age.first() else {
        return vec![missing_field(
            ctx,
            Code::PolicyMaxAgeMissing,
            "max_age",
            "`max_age` is required (RFC 8461 §3.2): it tells senders how many seconds to keep the policy. Strict senders ignore a policy without it; Stalwart and mimecast's library substitute a default.",
        )
        .fix(ctx.repair(format!("Add `max_age: {WEEK}` (one week) or longer.")))];
    };
    let mode = ctx.r.mode();
    let Some(seconds) = ctx.r.max_age_raw() else {
        let v = &field.value;
        let title = if v.bytes().all(|b| b.is_ascii_digit()) {
            format!("max_age `{v}` has {} digits, more than the 10 allowed, so senders ignore the whole policy.", v.len())
        } else {
            format!("max_age `{v}` is not a whole number of seconds, so senders ignore the whole policy.")
        };
        let mut detail = "max_age must be 1 to 10 digits, with no sign, decimal point, unit or spaces (RFC 8461 §3.2); a policy without a valid max_age is invalid.".to_owned();
        if let Some((later, f)) = ctx
            .r
            .max_age
            .iter()
            .skip(1)
            .find(|(_, f)| matches!(f.kind, FieldKind::MaxAge { .. }))
        {
            detail.push_str(&format!(
                " Senders use the first `max_age` line, so `{}` on line {} does not count.",
                f.value, later.number
            ));
        }
        return vec![
            finding(Code::PolicyMaxAgeInvalid, Severity::Fail, title, detail)
                .evidence(ctx.ev(line))
                .fix(ctx.repair(if v.bytes().all(|b| b.is_ascii_digit()) {
                    format!(
                    "Change line {} to `max_age: {MAX_AGE_LIMIT}` (the maximum, 1 year) or less.",
                    line.number
                )
                } else {
                    format!(
                    "Change line {} to a number of seconds, such as `max_age: {WEEK}` (one week).",
                    line.number
                )
                }))
                .reference(rfc32()),
        ];
    };
    let ev = ctx.ev(line);
    let suggested = if mode == Some(Mode::Enforce) {
        ENFORCE_MAX_AGE
    } else {
        WEEK
    };
    let raise = |what: &str| {
        ctx.repair_adjusted(
            format!(
                "{what} Change line {} to `max_age: {suggested}` ({}).",
                line.number,
                human_duration(suggested)
            ),
            &Adjust {
                max_age: Some(suggested),
                ..Adjust::default()
            },
        )
    };
    let human = human_duration(seconds);
    let f = if seconds > MAX_AGE_LIMIT {
        finding(
            Code::PolicyMaxAgeTooLarge,
            Severity::Fail,
            format!("max_age {seconds} is above the RFC's maximum of {MAX_AGE_LIMIT} seconds (1 year)."),
            "RFC 8461 §3.2 caps max_age at 31557600 seconds. Senders disagree about larger values: postfix-mta-sts-resolver and mailauth reject the policy, postfix-tlspol and mimecast's library cap it at a year, and mox, go-mtasts, Stalwart and KumoMTA use it as it is.".into(),
        )
        .fix(ctx.repair(format!("Change line {} to `max_age: {MAX_AGE_LIMIT}` or less.", line.number)))
    } else if mode == Some(Mode::None) && seconds < DAY {
        finding(
            Code::PolicyMaxAgeShortNone,
            Severity::Info,
            format!("max_age is {human}, less than a day; fine while the policy is in none mode."),
            "A short max_age is what RFC 8461 §8.3 suggests while withdrawing MTA-STS, so that senders notice the next change soon. Raise it to weeks when you switch to `testing` or `enforce`.".into(),
        )
    } else if seconds == 0 {
        finding(
            Code::PolicyMaxAgeZero,
            Severity::Warn,
            "max_age is 0: senders do not keep your policy at all.".into(),
            "0 is legal (RFC 8461 §3.2), but then every delivery depends on fetching the policy again, and an attacker who blocks that fetch removes the protection. RFC 8461 recommends weeks or more; the UK NCSC's Mail Check even treats 0 as invalid.".into(),
        )
        .fix(raise("Use a max_age of weeks."))
    } else if seconds < DAY {
        finding(
            Code::PolicyMaxAgeUnderDay,
            Severity::Warn,
            format!("max_age is {human}, less than a day, so your policy often expires from senders' caches."),
            "Senders keep the policy for max_age seconds after each fetch. With so short a time it usually has expired by the next message, and an attacker who blocks the policy fetch can then strip TLS. RFC 8461 recommends weeks or more (§3.2, §10.2).".into(),
        )
        .fix(raise("Use a max_age of weeks."))
    } else if mode == Some(Mode::Enforce) && seconds < WEEK {
        finding(
            Code::PolicyMaxAgeUnderWeek,
            Severity::Info,
            format!("max_age is {human}; RFC 8461 recommends weeks for a policy."),
            "A longer max_age keeps the policy in senders' caches through an outage of your policy host or an attack on the fetch. RFC 8461 §3.2 suggests weeks or more; the UK NCSC's Mail Check warns below two weeks in enforce mode.".into(),
        )
        .fix(raise("Consider a longer max_age."))
    } else {
        finding(
            Code::PolicyMaxAgeValid,
            Severity::Pass,
            format!("Senders keep your policy for {human} (max_age {seconds})."),
            "max_age is within the RFC's range of 0 to 31557600 seconds.".into(),
        )
    };
    vec![f.evidence(ev).reference(rfc32())]
}
