//! `policy-syntax`: the body against the grammar, size, repeated and unknown fields.

use super::*;
use crate::policy::ParsedPolicy;

/// "70000 bytes", or for a body read only in part, "5242880 bytes (Content-Length); the first
/// 65537 were read" / "more than 65536 bytes".
fn size_words(parsed: &ParsedPolicy) -> String {
    match parsed.declared_size {
        Some(size) => format!(
            "{size} bytes (as the server declared); the first {} were read",
            parsed.size
        ),
        None if parsed.size == READ_LIMIT + 1 => {
            format!("more than {READ_LIMIT} bytes (reading stopped there)")
        }
        None => format!("{} bytes", parsed.size),
    }
}

pub(super) fn syntax(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let parsed = ctx.r.parsed;
    let mut out = Vec::new();
    if parsed.size.max(parsed.declared_size.unwrap_or(0)) > SIZE_LIMIT {
        out.push(
            finding(
                Code::PolicySyntaxTooLarge,
                Severity::Fail,
                "The policy is larger than 64 KiB, so senders that cap its size refuse it.".into(),
                format!(
                    "The body is {}. RFC 8461 §3.3 lets senders cap a policy at 64 KiB: mox, postfix-tlspol and postfix-mta-sts-resolver stop at 65536 bytes, and mimecast's library already at {MIMECAST_LIMIT}. A complete policy needs a few hundred bytes, so this is probably not the policy file; only its first {READ_LIMIT} bytes were checked line by line.",
                    size_words(parsed)
                ),
            )
            .evidence(ctx.body_ev(size_words(parsed)))
            .fix(ctx.repair("Serve only the policy lines."))
            .reference(Reference::rfc8461("3.3")),
        );
    } else if parsed.size > MIMECAST_LIMIT {
        out.push(
            finding(
                Code::PolicySyntaxOver64000,
                Severity::Warn,
                "The policy is larger than 64000 bytes, the cap mimecast's library uses.".into(),
                format!(
                    "The body is {} bytes: within the 65536 bytes (64 KiB) that RFC 8461 §3.3 suggests and most senders accept, but mimecast's library stops at {MIMECAST_LIMIT}. A complete policy needs a few hundred bytes.",
                    parsed.size
                ),
            )
            .evidence(ctx.body_ev(format!("{} bytes", parsed.size)))
            .fix(Fix::action("Remove what is not needed; keep the policy well under 64000 bytes."))
            .reference(Reference::rfc8461("3.3")),
        );
    }
    if parsed.lines.is_empty() {
        out.push(
            finding(
                Code::PolicySyntaxEmpty,
                Severity::Fail,
                "The policy is empty, so senders treat your domain as having no policy.".into(),
                "The policy host answered with an empty body. A policy needs at least the `version`, `mode` and `max_age` lines, and `mx` lines unless the mode is `none`.".into(),
            )
            .evidence(ctx.body_ev("0 bytes".into()))
            .fix(Fix::action(
                "Publish the policy text at /.well-known/mta-sts.txt (the set-up assistant writes one for you).",
            ))
            .reference(rfc32()),
        );
    }
    out.extend(line_error_findings(ctx));
    out.extend(duplicate_findings(ctx));
    out.extend(unknown_field_findings(ctx));
    if parsed.is_grammatical() && parsed.size <= SIZE_LIMIT {
        out.push(finding(
            Code::PolicySyntaxValid,
            Severity::Pass,
            "The policy follows the RFC's grammar.".into(),
            grammar_summary(ctx),
        ));
    }
    out
}

fn grammar_summary(ctx: &PolicyCtx<'_>) -> String {
    let parsed = ctx.r.parsed;
    let (lf, crlf) = parsed.line_ends();
    let ends = match (lf, crlf) {
        (0, 0) => "no line end".to_owned(),
        (_, 0) => "LF line ends".to_owned(),
        (0, _) => "CRLF line ends".to_owned(),
        _ => "both LF and CRLF line ends (both valid)".to_owned(),
    };
    let last_open = parsed.lines.len() > 1
        && parsed
            .lines
            .last()
            .is_some_and(|l| l.ending == LineEnding::None);
    let unknown = ctx.r.other.len();
    let fields = if unknown == 0 {
        "all fields known".to_owned()
    } else {
        format!(
            "{} (ignored by senders)",
            plural(unknown, "unknown field", "unknown fields")
        )
    };
    format!(
        "{}, {ends}{}, {fields}.",
        plural(parsed.lines.len(), "line", "lines"),
        if last_open {
            ", no line end after the last line (allowed)"
        } else {
            ""
        }
    )
}

fn line_error_findings(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let lines: Vec<&PolicyLine> = ctx
        .r
        .parsed
        .lines
        .iter()
        .filter(|l| l.error.is_some())
        .collect();
    let mut kinds: Vec<LineErrorKind> = Vec::new();
    for l in &lines {
        if let Some(e) = &l.error {
            if !kinds.contains(&e.kind) {
                kinds.push(e.kind);
            }
        }
    }
    let last_field_line = ctx
        .r
        .parsed
        .lines
        .iter()
        .rposition(|l| {
            l.field.is_some()
                || l.error
                    .as_ref()
                    .is_some_and(|e| e.kind != LineErrorKind::BlankLine)
        })
        .map_or(0, |i| i + 1);
    kinds
        .into_iter()
        .map(|kind| {
            // Front matter is shown whole, including the lines that happen to be fields.
            let group: Vec<&PolicyLine> = ctx
                .r
                .parsed
                .lines
                .iter()
                .filter(|l| {
                    l.error.as_ref().is_some_and(|e| e.kind == kind)
                        || (kind == LineErrorKind::FrontMatter && l.front_matter)
                })
                .collect();
            let trailing = group.iter().all(|l| l.number > last_field_line);
            line_error_finding(ctx, kind, &group, trailing)
        })
        .collect()
}

fn line_error_finding(
    ctx: &PolicyCtx<'_>,
    kind: LineErrorKind,
    group: &[&PolicyLine],
    trailing: bool,
) -> Finding {
    use LineErrorKind as K;
    let n = group.len();
    let first = group.first().map_or(0, |l| l.number);
    let subject = |one: &str, many: &str| {
        if n == 1 {
            format!("Line {first} {one}")
        } else {
            format!("{n} lines {many}")
        }
    };
    let rejects = "so strict senders reject the policy.";
    let (title, detail, action): (String, String, String) = match kind {
        K::ByteOrderMark => (
            format!("The policy starts with a byte order mark (BOM), {rejects}"),
            "A UTF-8 byte order mark (bytes EF BB BF) is invisible in most editors, but it becomes part of the first field name, so the first line no longer reads `version`. Strict parsers reject the policy.".into(),
            "Save the file as UTF-8 without BOM, or as plain ASCII.".into(),
        ),
        K::BlankLine => {
            let title = if trailing {
                format!(
                    "The policy ends with {}, {rejects}",
                    if n == 1 { "an empty line".to_owned() } else { format!("{n} empty lines") }
                )
            } else {
                format!("{}, {rejects}", subject("is blank", "are blank"))
            };
            let mut detail = format!(
                "RFC 8461's grammar has no empty lines: at most one line end may follow the last field. {STRICT} reject the whole policy; other senders skip the empty line."
            );
            if !trailing {
                detail.push_str(" The UK NCSC's Mail Check stops reading at the first blank line and loses the fields after it.");
            }
            (title, detail, "Remove the empty lines.".into())
        }
        K::LeadingWhitespace => (
            format!("{}, {rejects}", subject("starts with spaces or tabs", "start with spaces or tabs")),
            "Each line must start with its field name. mox, postfix-tlspol, go-mtasts (maddy), postfix-mta-sts-resolver and the UK NCSC's Mail Check reject an indented policy; Stalwart, KumoMTA and mailauth trim the spaces and accept it.".into(),
            "Remove the spaces and tabs at the start of each line.".into(),
        ),
        K::Comment => (
            format!("{}, which the policy format does not allow, {rejects}", subject("is a comment", "are comments")),
            "Policies have no comment syntax: a `#` line has no valid field name. mox, postfix-tlspol, go-mtasts (maddy) and KumoMTA reject the policy, and Stalwart joins the comment to the next line and loses that field.".into(),
            "Remove the comment lines; keep notes elsewhere.".into(),
        ),
        K::FrontMatter => (
            "The file still holds YAML front matter (`---` lines), which is not part of a policy.".into(),
            "Site generators such as Jekyll remove front matter when they build the site, so the served policy may be fine: check the policy as fetched from your policy host. Served as it is here, strict senders reject it.".into(),
            "If this file is served as it is, remove the front matter; if a site generator builds it, check the published file instead.".into(),
        ),
        K::BareCr => (
            format!("{}, {rejects}", subject("holds a carriage return (CR) without a line feed", "hold carriage returns (CR) without a line feed")),
            "Only LF or CRLF end a line (RFC 8461 §3.2, erratum 6253); a CR on its own is neither a line end nor allowed inside a line, so the lines run together. Old Mac editors save files this way.".into(),
            "Save the file with LF or CRLF line ends.".into(),
        ),
        K::NoColon => (
            format!("{}, {rejects}", subject("is not a `name: value` field", "are not `name: value` fields")),
            format!("Every line of a policy is a field name, a colon and a value, such as `mode: enforce`. {STRICT} reject the whole policy; other senders skip the line."),
            "Write each line as `name: value`, or remove it.".into(),
        ),
        K::EmptyName => (
            format!("{}, {rejects}", subject("has no field name before its colon", "have no field name before their colon")),
            format!("Every line starts with a field name such as `mode`. {STRICT} reject the whole policy; other senders skip the line."),
            "Put the field name before the colon, or remove the line.".into(),
        ),
        K::WhitespaceBeforeColon => (
            format!("{}, {rejects}", subject("has whitespace before the colon", "have whitespace before the colon")),
            "The colon must follow the field name directly (`mode: enforce`, not `mode : enforce`). mox, postfix-tlspol, go-mtasts (maddy), postfix-mta-sts-resolver and the UK NCSC's Mail Check reject the policy; Stalwart, KumoMTA and mailauth accept it.".into(),
            "Remove the whitespace before each colon.".into(),
        ),
        K::BadFieldName => (
            format!("{}, {rejects}", subject("has a field name the grammar does not allow", "have field names the grammar does not allow")),
            "A field name is 1 to 32 letters, digits, `_`, `-` or `.`, starting with a letter or a digit. Unknown fields are ignored only when they follow this rule; otherwise strict senders reject the whole policy.".into(),
            "Rename or remove the field.".into(),
        ),
        K::EmptyValue => (
            format!("{}, {rejects}", subject("has no value after the colon", "have no value after the colon")),
            format!("Every field needs a value; an empty one fits no rule of the grammar. {STRICT} reject the whole policy; other senders skip the line."),
            "Give the field its value, or remove the line.".into(),
        ),
        K::ControlCharacter => (
            format!("{}, {rejects}", subject("holds a control character", "hold control characters")),
            "A value may hold printable characters and single spaces; a TAB, NUL, DEL or other control character inside it fits no rule of the grammar (spaces or tabs after the value are fine).".into(),
            "Remove the control characters.".into(),
        ),
        K::InvalidUtf8 => (
            format!("{}, {rejects}", subject("is not valid UTF-8", "are not valid UTF-8")),
            "Only the values of extension fields may hold non-ASCII text, and then as UTF-8. The file was probably saved in a legacy encoding such as Windows-1252.".into(),
            "Save the file as UTF-8 or plain ASCII.".into(),
        ),
        K::Other => (
            format!("{}, {rejects}", subject("does not fit the policy grammar", "do not fit the policy grammar")),
            format!("Every line must be a field: a name, a colon and a value. {STRICT} reject the whole policy."),
            "Correct or remove the line.".into(),
        ),
    };
    let mut detail = detail;
    if matches!(
        kind,
        K::BadFieldName | K::ControlCharacter | K::InvalidUtf8 | K::Other
    ) {
        for l in group.iter().take(3) {
            if let Some(e) = &l.error {
                detail.push_str(&format!(" Line {}: {}.", l.number, e.message));
            }
        }
    }
    if n > MAX_EVIDENCE {
        detail.push_str(&format!(
            " The first {MAX_EVIDENCE} of the {n} lines are shown."
        ));
    }
    let code = match kind {
        K::ByteOrderMark => Code::PolicySyntaxBom,
        K::BlankLine => Code::PolicySyntaxBlankLine,
        K::LeadingWhitespace => Code::PolicySyntaxLeadingWhitespace,
        K::Comment => Code::PolicySyntaxComment,
        K::FrontMatter => Code::PolicySyntaxFrontMatter,
        K::BareCr => Code::PolicySyntaxBareCr,
        K::NoColon => Code::PolicySyntaxNoColon,
        K::EmptyName => Code::PolicySyntaxEmptyName,
        K::WhitespaceBeforeColon => Code::PolicySyntaxSpaceBeforeColon,
        K::BadFieldName => Code::PolicySyntaxBadFieldName,
        K::EmptyValue => Code::PolicySyntaxEmptyValue,
        K::ControlCharacter => Code::PolicySyntaxControlCharacter,
        K::InvalidUtf8 => Code::PolicySyntaxInvalidUtf8,
        K::Other => Code::PolicySyntaxInvalidLine,
    };
    let mut f = finding(code, Severity::Fail, title, detail)
        .fix(ctx.repair(action))
        .reference(rfc32());
    for l in group.iter().take(MAX_EVIDENCE) {
        f = f.evidence(match &l.error {
            Some(e) => ctx.ev_at(l, e.column),
            None => ctx.ev(l),
        });
    }
    f
}

fn duplicate_findings(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, list) in [
        ("version", &ctx.r.version),
        ("mode", &ctx.r.mode),
        ("max_age", &ctx.r.max_age),
    ] {
        let (Some((first_line, first)), Some((_, last))) = (list.first(), list.last()) else {
            continue;
        };
        if list.len() < 2 {
            continue;
        }
        let last_note = if last.value == first.value {
            String::new()
        } else {
            format!(" (`{}` here)", last.value)
        };
        let mut f = finding(
            Code::PolicySyntaxDuplicateField,
            Severity::Warn,
            format!(
                "The `{name}` field appears {} times; senders that follow the RFC use the first, `{}`.",
                list.len(),
                first.value
            ),
            format!(
                "RFC 8461 §3.2 says only the first occurrence of a field counts. Not every sender agrees: go-mtasts (maddy), postfix-mta-sts-resolver, Stalwart and mailauth use the last one{last_note}, and checkdmarc, KumoMTA and the UK NCSC's Mail Check reject the policy. With one `{name}` line every sender reads the same policy."
            ),
        )
        .fix(ctx.repair(format!("Keep only line {} and remove the other `{name}` lines.", first_line.number)))
        .reference(rfc32());
        for (l, _) in list.iter().take(MAX_EVIDENCE) {
            f = f.evidence(ctx.ev(l));
        }
        out.push(f);
    }
    out
}

fn unknown_field_findings(ctx: &PolicyCtx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut plain: Vec<(&PolicyLine, &PolicyField)> = Vec::new();
    for (line, f) in &ctx.r.other {
        let Some(known) = known_name_hint(&f.name) else {
            plain.push((line, f));
            continue;
        };
        let present = match known {
            "version" => !ctx.r.version.is_empty(),
            "mode" => !ctx.r.mode.is_empty(),
            "max_age" => !ctx.r.max_age.is_empty(),
            _ => !ctx.r.mx_checked.is_empty(),
        };
        let consequence = if present {
            format!("Senders read only the policy's own `{known}` line and skip this one.")
        } else {
            format!("The policy has no other `{known}` line, so senders treat it as missing (see below).")
        };
        let how = if f.name.eq_ignore_ascii_case(known) {
            "field names are case-sensitive"
        } else {
            "field names must be spelled exactly"
        };
        out.push(
            finding(
                Code::PolicySyntaxMisspeltField,
                Severity::Info,
                format!("Senders ignore line {}: `{}` is not the field `{known}`.", line.number, f.name),
                format!(
                    "Senders ignore fields they do not know (RFC 8461 §3.2), and {how}, so `{}` counts as an unknown field. {consequence}",
                    f.name
                ),
            )
            .evidence(ctx.ev(line))
            .fix(ctx.repair(format!("Rename `{}` on line {} to `{known}`.", f.name, line.number)))
            .reference(rfc32()),
        );
    }
    if !plain.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for (_, f) in &plain {
            let n = format!("`{}`", f.name);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let mut f = finding(
            Code::PolicySyntaxUnknownFields,
            Severity::Info,
            format!(
                "Senders ignore {}: {}.",
                plural(names.len(), "unknown field", "unknown fields"),
                names.join(", ")
            ),
            "RFC 8461 §3.2 tells senders to ignore fields they do not know, so these lines have no effect on mail. Some checkers (checkdmarc, the UK NCSC's Mail Check) report unknown fields as errors.".into(),
        )
        .reference(rfc32());
        for (l, _) in plain.iter().take(MAX_EVIDENCE) {
            f = f.evidence(ctx.ev(l));
        }
        out.push(f);
    }
    out
}
