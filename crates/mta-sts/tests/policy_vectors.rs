//! Policy bodies: every vector of test-vectors.md section C, and this crate's own grammar edge
//! cases (E-xx), each asserting the RFC verdict and exactly which checks fail.

use mta_sts::finding::{CheckId, Code, Severity};
use mta_sts::policy::{check_policy, parse_policy, LineErrorKind, Mode, PolicyCheck};
use mta_sts::Provenance;
use std::collections::BTreeSet;

mod support;
use support::{codes, has, one};

const SYN: &str = "policy-syntax";
const VER: &str = "policy-version";
const MODE: &str = "policy-mode";
const AGE: &str = "policy-max-age";
const MX: &str = "policy-mx";
const ALL: &[&str] = &[SYN, VER, MODE, AGE, MX];
const POLICY_IDS: [CheckId; 5] = [
    CheckId::PolicySyntax,
    CheckId::PolicyVersion,
    CheckId::PolicyMode,
    CheckId::PolicyMaxAge,
    CheckId::PolicyMx,
];

/// A valid enforce policy, LF, with a final LF; vectors shown as `...` in the table extend it.
const BASE: &str = "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n";

fn b(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn base_plus(extra: &[u8]) -> Vec<u8> {
    let mut v = b(BASE);
    v.extend_from_slice(extra);
    v
}

fn check(body: &[u8]) -> PolicyCheck {
    check_policy(body, &Provenance::Pasted)
}

fn failing(c: &PolicyCheck) -> BTreeSet<String> {
    c.findings
        .iter()
        .filter(|f| f.severity == Severity::Fail)
        .map(|f| f.check.as_str().to_owned())
        .collect()
}

fn has_check(c: &PolicyCheck, id: CheckId, sev: Severity) -> bool {
    c.findings
        .iter()
        .any(|f| f.check == id && f.severity == sev)
}

/// Properties every result must have, whatever the body.
fn invariants(id: &str, c: &PolicyCheck) {
    for check_id in POLICY_IDS {
        assert!(
            c.findings.iter().any(|f| f.check == check_id),
            "{id}: no finding for {check_id}"
        );
    }
    for f in &c.findings {
        assert!(POLICY_IDS.contains(&f.check), "{id}: stray id {}", f.check);
        assert!(
            !f.title.contains('!') && !f.detail.contains('!'),
            "{id}: {}",
            f.title
        );
        for e in &f.evidence {
            assert_eq!(e.provenance, Some(Provenance::Pasted), "{id}: {}", f.title);
        }
        if let Some(paste) = f.fix.as_ref().and_then(|x| x.paste.as_ref()) {
            let again = check(paste.as_bytes());
            assert!(again.policy.valid, "{id}: paste is not valid: {paste:?}");
            let action = &f.fix.as_ref().map(|x| x.action.clone()).unwrap_or_default();
            assert!(action.contains("change the id"), "{id}: {action}");
        }
    }
    let passed = c
        .findings
        .iter()
        .any(|f| f.check == CheckId::PolicySyntax && f.severity == Severity::Pass);
    let syntax_failed = has_check(c, CheckId::PolicySyntax, Severity::Fail);
    assert!(
        !(passed && syntax_failed),
        "{id}: syntax both pass and fail"
    );
    if c.policy.valid {
        assert!(failing(c).is_empty(), "{id}: valid but {:?}", failing(c));
        let text = c.policy.to_text();
        assert!(
            check(text.as_bytes()).policy == c.policy,
            "{id}: to_text round trip"
        );
    }
}

struct Row {
    id: &'static str,
    body: Vec<u8>,
    valid: bool,
    fails: &'static [&'static str],
}

fn row(id: &'static str, body: Vec<u8>, valid: bool, fails: &'static [&'static str]) -> Row {
    Row {
        id,
        body,
        valid,
        fails,
    }
}

fn run(rows: Vec<Row>) {
    for r in rows {
        let c = check(&r.body);
        invariants(r.id, &c);
        assert_eq!(c.policy.valid, r.valid, "{}: valid", r.id);
        let want: BTreeSet<String> = r.fails.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(failing(&c), want, "{}: failing checks", r.id);
    }
}

#[test]
fn section_c_vectors() {
    let q = "version: STSv1\r\nmode: enforce\r\nmx: *.mimecast.com\r\n";
    run(vec![
        row("C01", b("version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: mx2.example.com\nmx: mx.backup-example.com\nmax_age: 1296000\n"), true, &[]),
        row("C02", b("version: STSv1\nmode: enforce\t\nmx: *.example.com \nmax_age: 0 \n"), true, &[]),
        row("C03", b("version:STSv1\r\nmode:\tenforce\r\nmx:  \t\t *.example.com\nmax_age: 1\nmore:ext e  ns ion"), true, &[]),
        row("C04", b(""), false, ALL),
        row("C05", b("version:STSv0\nmode:none\nmax_age:0"), false, &[VER]),
        row("C06", b("version:STSv10\nmode:none\nmax_age:0"), false, &[VER]),
        row("C07", b("version:STSv2\nmode:none\nmax_age:0"), false, &[VER]),
        row("C07b", b("version: STSv2\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n"), false, &[VER]),
        row("C08", b("version:STSv1\nmax_age:0\nmx:example.com"), false, &[MODE]),
        row("C08b", b("version: STSv1\nmx: mail.example.com\nmax_age: 86400\n"), false, &[MODE]),
        row("C09", b("version:STSv1\nmode:none"), false, &[AGE]),
        row("C10", b("version:STSv1\nmax_age:0\nmode:enforce"), false, &[MX]),
        row("C10b", b("version: STSv1\nmode: enforce\nmax_age: 86400"), false, &[MX]),
        row("C11", b("version:STSv1\nmax_age:0\nmode:testing"), false, &[MX]),
        row("C12", b("max_age:0\nmode:none"), false, &[VER]),
        row("C13", b("version:STSv1\nmode:none\nmax_age:01234567890"), false, &[AGE]),
        row("C14", b("version:STSv1\nmode:bad\nmax_age:1"), false, &[MODE, MX]),
        row("C15", b("version:STSv1\nmode:none\nmax_age:a"), false, &[AGE]),
        row("C16", b("version:STSv1\nmode:enforce\nmax_age:0\nmx:"), false, &[SYN, MX]),
        row("C17", b("version:STSv1\nmode:enforce\nmax_age:0\nmx:*.*.example"), false, &[MX]),
        row("C18", b("version:STSv1\nmode:enforce\nmax_age:0\nmx:**.example"), false, &[MX]),
        row("C19", b("version:STSv1\nmode:enforce\nmax_age:0\nmx:**.example-"), false, &[MX]),
        row("C20", b("version:STSv1\nmode:enforce\nmax_age:0\nmx:test.example-"), false, &[MX]),
        row("C21", b("version:STSv1\nmode:none\nmax_age:0\next:"), false, &[SYN]),
        row("C22", b("version:STSv1\nmode:none\nmax_age:0\na12345678901234567890123456789012:123"), false, &[SYN]),
        row("C23", b("version:STSv1\nmode:none\nmax_age:0\n_bad:test"), false, &[SYN]),
        row("C24", b("version:STSv1\nmode:none\nmax_age:0\nmx: m\u{f8}x.example"), false, &[MX]),
        row("C25", b("version:STSv1\nmode:none\nmax_age:0 "), true, &[]),
        row("C26", b("version:STSv1\nmode:none\nmax_age:0\next:a\t"), true, &[]),
        row("C27", b("version: STSv2"), false, &[VER, MODE, AGE, MX]),
        row("C28", b("version: STSv1"), false, &[MODE, AGE, MX]),
        row("C29", b("max_age: 8600"), false, &[VER, MODE, MX]),
        row("C30", b("version: STSv1\nmax_age: 8600"), false, &[MODE, MX]),
        row("C31", b("version: STSv1\nmax_age:"), false, &[SYN, MODE, AGE, MX]),
        row("C32", b("version: STSv1\n: 8600"), false, &[SYN, MODE, AGE, MX]),
        row("C33", b("version: STSv1\nmode: invalid_value"), false, &[MODE, AGE, MX]),
        row("C34", b("version: STSv1\nmode none"), false, &[SYN, MODE, AGE, MX]),
        row("C34b", b("version: STSv1\r\nmode none\r\nmx: *.mimecast.com\r\nmax_age: 604800\r\n"), false, &[SYN, MODE]),
        row("C35", b("version: STSv1\nmode: none"), false, &[AGE]),
        row("C36", b("version: STSv1\nmax_age: 8600\nmode:none"), true, &[]),
        row("C37", b("version: STSv1\nmax_age: 8600\nmode: enforce\nmx: mx0.example.org\nmx: *.example.org"), true, &[]),
        row("C38", b("version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.backup.example.com\nmax_age: 86400\n"), true, &[]),
        row("C39", b("mode: enforce\nmx: mail.example.com\nmax_age: 86400\n"), false, &[VER]),
        row("C40", b("version: STSv1\nmode: enforce\nmx: mail.example.com\n"), false, &[AGE]),
        row("C41", b("version: STSv1\nmode: none\nmax_age: 86400\n"), true, &[]),
        row("C42", b("version: STSv1\n\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n"), false, &[SYN]),
        row("C43", base_plus(format!("note: {}", "a".repeat(65536)).as_bytes()), false, &[SYN]),
        row("C44a", base_plus(b"x-report: ok\x00bad\n"), false, &[SYN]),
        row("C44b", base_plus(b"x-report: ok\tbad\n"), false, &[SYN]),
        row("C44c", base_plus(b"x-report: ok\rbad\n"), false, &[SYN]),
        row("C44d", base_plus(b"x-report: ok\x7fbad\n"), false, &[SYN]),
        row("C45a", base_plus(b"_comment: ok\n"), false, &[SYN]),
        row("C45b", base_plus(b"-comment: ok\n"), false, &[SYN]),
        row("C45c", base_plus(b".comment: ok\n"), false, &[SYN]),
        row("C45d", base_plus(b"bad name: ok\n"), false, &[SYN]),
        row("C45e", base_plus(b"x+comment: ok\n"), false, &[SYN]),
        row("C45f", base_plus("caf\u{e9}: ok\n".as_bytes()), false, &[SYN]),
        row("C45g", base_plus(format!("{}: ok\n", "a".repeat(33)).as_bytes()), false, &[SYN]),
        row("C46a", base_plus(b"comment:\n"), false, &[SYN]),
        row("C46b", base_plus(b"comment: ok\x00bad\n"), false, &[SYN]),
        row("C46c", base_plus(b"comment: ok\tbad\n"), false, &[SYN]),
        row("C46d", base_plus(b"comment: ok\rbad\n"), false, &[SYN]),
        row("C46e", base_plus(b"comment: ok\x7fbad\n"), false, &[SYN]),
        row("C46f", base_plus(b"comment: ok\xffbad\n"), false, &[SYN]),
        row("C47", base_plus(b"x-report: safe-value\n"), true, &[]),
        row("C48", base_plus("comment: caf\u{e9} au lait\n".as_bytes()), true, &[]),
        row("C49", base_plus("comment: {caf\u{e9}}\n".as_bytes()), true, &[]),
        row("C50", b("version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 3600\n"), true, &[]),
        row("C51", b("version: STSv1\nmode: invalid\nmx: mail.example.com\nmax_age: 86400\n"), false, &[MODE]),
        row("C52a", b("version: STSv1\nmode: enforce\nmax_age: 86400\nmx: 127.0.0.1\n"), false, &[MX]),
        row("C52b", b("version: STSv1\nmode: enforce\nmax_age: 86400\nmx: 1.2.3.4\n"), false, &[MX]),
        row("C52c", b("version: STSv1\nmode: enforce\nmax_age: 86400\nmx: *.1.2.3.4\n"), false, &[MX]),
        row("C53", b("version: STSv1\ncomment: caf\u{e9}\nmode: testing\nmx: *.example.com\nmax_age: 31557600\n"), true, &[]),
        row("C54", b("garbage"), false, ALL),
        row("C55", b("version: STSv1\nmode: enforce\nmx: mail.loc\nmax_age: xxx"), false, &[AGE]),
        row("C56", b("version: STSv1\nmode: enforce\nmx: mail.loc\nmax_age: 31557601"), false, &[AGE]),
        row("C57", b("version: STSv1\nmx: mail.loc\nmax_age: 86400"), false, &[MODE]),
        row("C58", b("version: STSv1\nmode: doubt\nmx: mail.loc\nmax_age: 86400"), false, &[MODE]),
        row("C59", b("version: STSv1\nmode: enforce\nmx: mail.loc\nmax_age: 86400"), true, &[]),
        row("C60", b("version: STSv1\nmode: enforce\nmax_age: 1\nmx: mail.loc\n"), true, &[]),
        row("C61", b("version: STSv1\r\nmode: enforce\r\nmx: service-alpha-inbound-*.mimecast.com\r\nmax_age: 604800\r\n"), false, &[MX]),
        row("C62", b("version: STSv1\r\nmode: pretend\r\nmx: *.mimecast.com\r\nmax_age: 604800\r\nmin_age: 300\r\n"), false, &[MODE]),
        row("C63", b(&format!("{q}max_age:\r\n")), false, &[SYN, AGE]),
        row("C64", b("version: STSv1\r\nmode: none\r\nmx: *.mimecast.com\r\nmax_age: 604800\r\n"), true, &[]),
        row("C65", b("version: STSv1\r\nmode: enforce\r\nmode: testing\r\nmode: none\r\nmx: gmail-smtp-in.l.google.com\r\nmx: *.gmail-smtp-in.l.google.com\r\nmax_age: 604800\r\n"), true, &[]),
        row("C66", b("version: STSv1\r\nmode: testing\r\nmode: enforced\r\nmx: *.mimecast.com\r\nmax_age: 604800\r\n"), true, &[]),
        row("C67", b("version: STSv1\r\nmode: none\r\nmode: testing\r\nmode: enforced\r\nmx: *.mimecast.com\r\nmax_age: 604800\r\n"), true, &[]),
        row("C68", b("version: STSv1\r\nmode: testing\r\nmx: *.mimecast.com\r\n"), false, &[AGE]),
        row("C69", b("version: STSv1\r\nmode: testing\r\nmax_age: twenty\r\nmx: *.mimecast.com\r\n"), false, &[AGE]),
        row("C70", b(&format!("{q}max_age: 604800")), true, &[]),
        row("C71", b("version: STSv1\nmode: enforce\nmx: *.mimecast.com\nmax_age: 604800\n"), true, &[]),
        row("C72", b(&format!("{q}max_age: 604800\r\n\r\n")), false, &[SYN]),
        row("C73", b("version: STSv1\rmode: enforce\rmx: *.mimecast.com\rmax_age: 1\r"), false, ALL),
        row("C74", b(&format!("{q}max_age: 604799\r\n")), true, &[]),
        row("C75", b("version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\nmx: mail.example.com\r\n"), true, &[]),
        row("C76", b("version: STSv1\nmode: testing\nmax_age: 3600\nmx: *.example.com\n"), true, &[]),
        row("C77", b("version: STSv1\r\nmode: enforce\r\n"), false, &[AGE, MX]),
        row("C78", b("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: -1\n"), false, &[AGE]),
        row("C79", b("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400.5\n"), false, &[AGE]),
        row("C80", b("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 99999999\n"), false, &[AGE]),
        row("C81", b("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: abc\n"), false, &[AGE]),
        row("C82", b("version: STSv1\r\nmode: enforce\r\nmode: testing\r\nmax_age: 86400\r\nmx: mail.example.com\r\n"), true, &[]),
        row("C83", b("version: STSv1\r\nnot_a_pair\r\n"), false, &[SYN, MODE, AGE, MX]),
        row("C84", b("version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\nmx: mail.example.com\r\nbadkey: badvalue\r\n"), true, &[]),
        row("C85", b("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400"), true, &[]),
        row("C86", b("version: STSv1\nmode: enforce\nmode: enforce\nmx: mail.example.com\nmax_age: 86400"), true, &[]),
        row("C87", b("Version: STSv1\nMode: Enforce\nMX: m.example\nMax_Age: 86400"), false, &[VER, MODE, AGE, MX]),
        row("C88", b("version: STSv1\n# this is a comment\nmode: enforce\n\nmx: m.example\nmax_age: 86400\n"), false, &[SYN]),
        row("C89", b("version: STSv1\nmode: enforce\nmx: m.example\nmax_age: 86400\nfuture_field: x"), true, &[]),
        row("C90", b("version: STSv1\nmode: enforce\nmx: Mail.Example.COM\nmax_age: 86400"), true, &[]),
        row("C91", b("version: STSv1\nmode: none\nmx: x.example\nmax_age: 86400"), true, &[]),
        row("C92", b("version: STSv1 \nmode: enforce\nmx: mail.example.com\r\nmx:\t*.example.net\nmx: backupmx.example.com\nmax_age: 604800"), true, &[]),
        row("C93", b(" key: rawValue"), false, ALL),
        row("C94", b("key"), false, ALL),
        row("C95a", b("version: STSv1\nmode: enforce\nmax_age: 86400\nmx: @@@@\n"), false, &[MX]),
        row("C95b", b("version: STSv1\nmode: enforce\nmax_age: 86400\nmx: ncsc-gov-uk.mail.protection.outlook.com.\n"), false, &[MX]),
        row("C96", b("version: STSv1\nmode: enforcing\nmx: route1.mx.cloudflare.net\nmax_age: 86401\n"), false, &[MODE]),
        row("C97a", b("version: STSv1\nmode: enforced\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n"), false, &[MODE]),
        row("C97b", b("version: STSv1\nmode: test\nmx: *.mail.protection.outlook.com\nmax_age: 604800\n"), false, &[MODE]),
        row("C97c", b("version: STSv1\nmode: live\nmx: api1.cyberfear.com\nmax_age: 86400\n"), false, &[MODE]),
        row("C98", b("      version: STSv1\n      mode: testing\n      mx: mail.tutanota.de\n      max_age: 604800\n"), false, &[SYN]),
        row("C99", b("version: STSv1\nmode: enforce\nmx: *.mx.cloudflare.net.\nmax_age: 1209600\n"), false, &[MX]),
        row("C100", b("---\nlayout: none\npermalink: .well-known/mta-sts.txt\n---\nversion: STSv1\nmode: testing\nmx: in1-smtp.messagingengine.com\nmax_age: 604800"), false, &[SYN]),
    ]);
}

/// What the first occurrence decides, and the warnings around it (POL-15, POL-17).
#[test]
fn section_c_first_occurrence_wins() {
    let cases: &[(&str, &str, Option<Mode>, bool)] = &[
        ("C65", "version: STSv1\r\nmode: enforce\r\nmode: testing\r\nmode: none\r\nmx: gmail-smtp-in.l.google.com\r\nmax_age: 604800\r\n", Some(Mode::Enforce), true),
        ("C66", "version: STSv1\r\nmode: testing\r\nmode: enforced\r\nmx: *.mimecast.com\r\nmax_age: 604800\r\n", Some(Mode::Testing), true),
        ("C67", "version: STSv1\r\nmode: none\r\nmode: testing\r\nmx: *.mimecast.com\r\nmax_age: 604800\r\n", Some(Mode::None), true),
        ("C82", "version: STSv1\r\nmode: enforce\r\nmode: testing\r\nmax_age: 86400\r\nmx: mail.example.com\r\n", Some(Mode::Enforce), true),
        ("C86", "version: STSv1\nmode: enforce\nmode: enforce\nmx: mail.example.com\nmax_age: 86400", Some(Mode::Enforce), true),
        ("E-dup-invalid-first", "version: STSv1\nmode: enforced\nmode: enforce\nmx: m.example\nmax_age: 86400\n", None, true),
        ("E-no-dup", BASE, Some(Mode::Enforce), false),
    ];
    for (id, body, mode, warned) in cases {
        let c = check(body.as_bytes());
        assert_eq!(c.policy.mode, *mode, "{id}");
        let dup = c
            .findings
            .iter()
            .find(|f| f.code == Code::PolicySyntaxDuplicateField);
        assert_eq!(dup.is_some(), *warned, "{id}");
        if let Some(f) = dup {
            assert_eq!(f.severity, Severity::Warn, "{id}");
            assert!(f.evidence.len() >= 2, "{id}");
        }
    }
}

/// Grammar edge cases of this crate (E-xx): boundaries of every rule.
#[test]
fn grammar_edge_cases() {
    let with = |line: &[u8]| base_plus(line);
    let max_age = |v: &str| {
        b(&format!(
            "version: STSv1\nmode: enforce\nmx: m.example\nmax_age: {v}\n"
        ))
    };
    let pad_to = |size: usize| {
        let head = BASE.to_owned() + "note: ";
        let mut v = b(&head);
        v.resize(size, b'a');
        v
    };
    let long_label = format!("{}.example", "a".repeat(63));
    let too_long_label = format!("{}.example", "a".repeat(64));
    run(vec![
        row("E-age-10-digits", max_age("9999999999"), false, &[AGE]),
        row("E-age-11-digits", max_age("10000000000"), false, &[AGE]),
        row("E-age-max", max_age("31557600"), true, &[]),
        row("E-age-max+1", max_age("31557601"), false, &[AGE]),
        row("E-age-leading-zeros", max_age("0086400"), true, &[]),
        row("E-age-plus", max_age("+86400"), false, &[AGE]),
        row("E-age-inner-space", max_age("86 400"), false, &[AGE]),
        row(
            "E-name-32",
            with(format!("{}: x\n", "a".repeat(32)).as_bytes()),
            true,
            &[],
        ),
        row(
            "E-name-33",
            with(format!("{}: x\n", "a".repeat(33)).as_bytes()),
            false,
            &[SYN],
        ),
        row("E-name-dots", with(b"a.b-c_d: x\n"), true, &[]),
        row("E-vchar-21", with(b"x: !\n"), true, &[]),
        row("E-vchar-7e", with(b"x: ~\n"), true, &[]),
        row("E-vchar-7f", with(b"x: a\x7f\n"), false, &[SYN]),
        row("E-vchar-1f", with(b"x: a\x1fb\n"), false, &[SYN]),
        row("E-vchar-lone-tail", with(b"x: \x80\n"), false, &[SYN]),
        row("E-utf8-2-low", with(b"x: \xc2\x80\n"), true, &[]),
        row("E-utf8-2-high", with(b"x: \xdf\xbf\n"), true, &[]),
        row("E-utf8-2-overlong", with(b"x: \xc1\xbf\n"), false, &[SYN]),
        row("E-utf8-3-e0", with(b"x: \xe0\xa0\x80\n"), true, &[]),
        row(
            "E-utf8-3-overlong",
            with(b"x: \xe0\x9f\xbf\n"),
            false,
            &[SYN],
        ),
        row("E-utf8-3-ed", with(b"x: \xed\x9f\xbf\n"), true, &[]),
        row(
            "E-utf8-3-surrogate",
            with(b"x: \xed\xa0\x80\n"),
            false,
            &[SYN],
        ),
        row("E-utf8-3-ef", with(b"x: \xef\xbf\xbf\n"), true, &[]),
        row(
            "E-utf8-3-euro",
            with("x: 5 \u{20ac}\n".as_bytes()),
            true,
            &[],
        ),
        row("E-utf8-4-f0", with(b"x: \xf0\x90\x80\x80\n"), true, &[]),
        row(
            "E-utf8-4-overlong",
            with(b"x: \xf0\x8f\xbf\xbf\n"),
            false,
            &[SYN],
        ),
        row("E-utf8-4-f4-max", with(b"x: \xf4\x8f\xbf\xbf\n"), true, &[]),
        row(
            "E-utf8-4-too-big",
            with(b"x: \xf4\x90\x80\x80\n"),
            false,
            &[SYN],
        ),
        row("E-utf8-f5", with(b"x: \xf5\x80\x80\x80\n"), false, &[SYN]),
        row("E-utf8-truncated", with(b"x: \xe2\x82\n"), false, &[SYN]),
        row("E-utf8-emoji", with("x: \u{1f600}\n".as_bytes()), true, &[]),
        row("E-tab-inside", with(b"x: a\tb\n"), false, &[SYN]),
        row("E-tab-after", with(b"x: a b\t \t\n"), true, &[]),
        row("E-space-inside", with(b"x: a  b\n"), true, &[]),
        row(
            "E-colon-in-ext",
            with(b"report: https://r.example:8443/x?y=1\n"),
            true,
            &[],
        ),
        row(
            "E-colon-in-mode",
            b("version: STSv1\nmode: enforce:1\nmx: m.example\nmax_age: 1\n"),
            false,
            &[MODE],
        ),
        row(
            "E-final-newline",
            b("version: STSv1\nmode: none\nmax_age: 1\n"),
            true,
            &[],
        ),
        row(
            "E-no-final-newline",
            b("version: STSv1\nmode: none\nmax_age: 1"),
            true,
            &[],
        ),
        row(
            "E-final-crlf",
            b("version: STSv1\r\nmode: none\r\nmax_age: 1\r\n"),
            true,
            &[],
        ),
        row(
            "E-mixed",
            b("version: STSv1\r\nmode: none\nmax_age: 1\r\n"),
            true,
            &[],
        ),
        row(
            "E-two-final-newlines",
            b("version: STSv1\nmode: none\nmax_age: 1\n\n"),
            false,
            &[SYN],
        ),
        row(
            "E-leading-newline",
            b("\nversion: STSv1\nmode: none\nmax_age: 1\n"),
            false,
            &[SYN],
        ),
        row(
            "E-crlf-blank-lf",
            b("version: STSv1\r\n\nmode: none\nmax_age: 1\n"),
            false,
            &[SYN],
        ),
        row("E-only-newline", b("\n"), false, ALL),
        row(
            "E-cr-crlf",
            b("version: STSv1\r\r\nmode: none\nmax_age: 1\n"),
            false,
            &[SYN],
        ),
        row("E-size-65536", pad_to(65536), true, &[]),
        row("E-size-65537", pad_to(65537), false, &[SYN]),
        row(
            "E-bom",
            b("\u{feff}version: STSv1\nmode: none\nmax_age: 1\n"),
            false,
            &[SYN],
        ),
        row(
            "E-ws-before-colon",
            b("version: STSv1\nmode : none\nmax_age: 1\n"),
            false,
            &[SYN],
        ),
        row(
            "E-mode-case",
            b("version: STSv1\nmode: Enforce\nmx: m.example\nmax_age: 1\n"),
            false,
            &[MODE],
        ),
        row(
            "E-name-case",
            b("version: STSv1\nMode: enforce\nmx: m.example\nmax_age: 1\n"),
            false,
            &[MODE],
        ),
        row(
            "E-version-case",
            b("version: stsv1\nmode: none\nmax_age: 1\n"),
            false,
            &[VER],
        ),
        row(
            "E-mx-list-comma",
            b("version: STSv1\nmode: enforce\nmx: a.example, b.example\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-mx-list-space",
            b("version: STSv1\nmode: enforce\nmx: a.example b.example\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-mx-label-63",
            b(&format!(
                "version: STSv1\nmode: enforce\nmx: {long_label}\nmax_age: 1\n"
            )),
            true,
            &[],
        ),
        row(
            "E-mx-label-64",
            b(&format!(
                "version: STSv1\nmode: enforce\nmx: {too_long_label}\nmax_age: 1\n"
            )),
            false,
            &[MX],
        ),
        row(
            "E-mx-a-label",
            b("version: STSv1\nmode: enforce\nmx: x.xn--aca-6ma.com\nmax_age: 1\n"),
            true,
            &[],
        ),
        row(
            "E-mx-underscore",
            b("version: STSv1\nmode: enforce\nmx: mail_1.example\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-mx-bare-star",
            b("version: STSv1\nmode: enforce\nmx: *\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-mx-star-dot",
            b("version: STSv1\nmode: enforce\nmx: *.\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-mx-one-good-one-bad",
            b("version: STSv1\nmode: enforce\nmx: a.example\nmx: b.example.\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-mx-broad",
            b("version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 1\n"),
            true,
            &[],
        ),
        row(
            "E-none-bad-mx",
            b("version: STSv1\nmode: none\nmx: 1.2.3.4\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-nmx-typo",
            b("version: STSv1\nmode: enforce\nnmx: m.example\nmax_age: 1\n"),
            false,
            &[MX],
        ),
        row(
            "E-max-age-dash",
            b("version: STSv1\nmode: enforce\nmx: m.example\nmax-age: 86400\n"),
            false,
            &[AGE],
        ),
        row(
            "E-comment-first",
            b("# policy\nversion: STSv1\nmode: none\nmax_age: 1\n"),
            false,
            &[SYN],
        ),
        row("E-ext-empty-after-spaces", with(b"x:   \n"), false, &[SYN]),
        row("E-invalid-utf8-name", with(b"\xff: x\n"), false, &[SYN]),
    ]);
}

/// Severities of the value checks that do not fail.
#[test]
fn warnings_and_notes() {
    let p = |mode: &str, age: &str| {
        check(format!("version: STSv1\nmode: {mode}\nmx: m.example\nmax_age: {age}\n").as_bytes())
    };
    let sev = |c: &PolicyCheck, id: CheckId| {
        mta_sts::finding::worst(
            &c.findings
                .iter()
                .filter(|f| f.check == id)
                .cloned()
                .collect::<Vec<_>>(),
        )
    };
    let cases: &[(&str, &str, &str, CheckId, Severity)] = &[
        (
            "mode enforce",
            "enforce",
            "1209600",
            CheckId::PolicyMode,
            Severity::Pass,
        ),
        (
            "mode testing",
            "testing",
            "1209600",
            CheckId::PolicyMode,
            Severity::Warn,
        ),
        (
            "mode none",
            "none",
            "1209600",
            CheckId::PolicyMode,
            Severity::Warn,
        ),
        (
            "age 0",
            "testing",
            "0",
            CheckId::PolicyMaxAge,
            Severity::Warn,
        ),
        (
            "age 86399",
            "testing",
            "86399",
            CheckId::PolicyMaxAge,
            Severity::Warn,
        ),
        (
            "age 86400 testing",
            "testing",
            "86400",
            CheckId::PolicyMaxAge,
            Severity::Pass,
        ),
        (
            "age 86400 enforce",
            "enforce",
            "86400",
            CheckId::PolicyMaxAge,
            Severity::Info,
        ),
        (
            "age 604799 enforce",
            "enforce",
            "604799",
            CheckId::PolicyMaxAge,
            Severity::Info,
        ),
        (
            "age 604800 enforce",
            "enforce",
            "604800",
            CheckId::PolicyMaxAge,
            Severity::Pass,
        ),
        (
            "age 600 none",
            "none",
            "600",
            CheckId::PolicyMaxAge,
            Severity::Info,
        ),
        (
            "age 31557600",
            "enforce",
            "31557600",
            CheckId::PolicyMaxAge,
            Severity::Pass,
        ),
    ];
    for (id, mode, age, check_id, want) in cases {
        let c = p(mode, age);
        assert_eq!(sev(&c, *check_id), *want, "{id}");
    }
    // The testing-mode text is the one findings-style.md gives. Pins wording on purpose
    // (issue 13): testing mode is where most domains start. Other tests find findings by code.
    let c = p("testing", "1209600");
    let f = one(&c.findings, Code::PolicyModeTesting);
    assert_eq!(f.severity, Severity::Warn);
    assert_eq!(
        f.title,
        "Your policy is in testing mode: senders report TLS failures but still deliver without TLS."
    );
    assert!(f
        .detail
        .starts_with("Testing mode is the right first step."));
    assert_eq!(f.evidence[0].label, "policy line 2");
    assert_eq!(f.evidence[0].text, "mode: testing");
    // max_age 0 is legal, and said to mean no caching.
    let c = p("testing", "0");
    assert!(c.policy.valid);
    assert!(has(&c.findings, Code::PolicyMaxAgeZero, Severity::Warn));
}

#[test]
fn pass_findings_describe_a_valid_policy() {
    let c =
        check(b"version: STSv1\nmode: enforce\nmx: a.example\nmx: b.example\nmax_age: 1209600\n");
    let syntax: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.check == CheckId::PolicySyntax)
        .collect();
    assert_eq!(syntax.len(), 1);
    assert_eq!(
        (syntax[0].code, syntax[0].severity),
        (Code::PolicySyntaxValid, Severity::Pass)
    );
    // What the pass finding counts (lines, line ends, unknown fields) is data.
    assert_eq!(syntax[0].detail, "5 lines, LF line ends, all fields known.");
    for id in POLICY_IDS {
        assert_eq!(
            c.findings
                .iter()
                .filter(|f| f.check == id)
                .map(|f| f.severity)
                .max(),
            Some(Severity::Pass),
            "{id}"
        );
    }
    let c = check(b"version: STSv1\r\nmode: none\nmax_age: 1\r\nx: y");
    let f = one(&c.findings, Code::PolicySyntaxValid);
    assert_eq!(
        f.detail,
        "4 lines, both LF and CRLF line ends (both valid), no line end after the last line (allowed), 1 unknown field (ignored by senders)."
    );
}

/// Every line that fits no production is reported, with its line, column and kind.
#[test]
fn every_bad_line_is_reported() {
    let body = b"\xef\xbb\xbfversion: STSv1\n  mode: enforce\n\n# note\n---\nmode none\nmode : testing\nx+y: 1\nempty:\nctl: a\x00b\nbad: \xff\nmx: m.example\rmax_age: 1\n: v\nmax_age: 86400\n";
    let p = parse_policy(body);
    let got: Vec<(usize, usize, LineErrorKind)> =
        p.errors().map(|e| (e.line, e.column, e.kind)).collect();
    use LineErrorKind as K;
    assert_eq!(
        got,
        vec![
            (1, 1, K::ByteOrderMark),
            (2, 1, K::LeadingWhitespace),
            (3, 1, K::BlankLine),
            (4, 1, K::Comment),
            (5, 1, K::FrontMatter),
            (6, 1, K::NoColon),
            (7, 5, K::WhitespaceBeforeColon),
            (8, 2, K::BadFieldName),
            (9, 7, K::EmptyValue),
            (10, 7, K::ControlCharacter),
            (11, 6, K::InvalidUtf8),
            (12, 14, K::BareCr),
            (13, 1, K::EmptyName),
        ]
    );
    assert!(p.lines[13].error.is_none());
    for e in p.errors() {
        assert!(!e.message.is_empty());
    }
    // LF and CRLF are never flagged, mixed or not.
    let p = parse_policy(b"a: b\r\nc: d\ne: f\r\n");
    assert!(p.is_grammatical());
    // Columns count characters, not bytes.
    let p = parse_policy("x: \u{e9}\u{e9}\tz\n".as_bytes());
    let e = p.errors().next().unwrap();
    assert_eq!((e.column, e.kind), (6, K::ControlCharacter));
}

/// Each problem gets its own code and severity, with the policy lines it is about as evidence.
#[test]
fn finding_codes() {
    use Code::*;
    use Severity::{Fail, Info, Warn};
    // (case, body, code, severity, the policy lines of its evidence)
    #[rustfmt::skip]
    let cases: &[(&str, &str, Code, Severity, &[usize])] = &[
        ("POL-17 mode", "version: STSv1\nmode: enforced\nmx: m.example\nmax_age: 1\n", PolicyModeInvalid, Fail, &[2]),
        ("POL-17 version", "version: STSv2\nmode: none\nmax_age: 1\n", PolicyVersionInvalid, Fail, &[1]),
        ("POL-17 max_age", "version: STSv1\nmode: none\nmax_age: 1d\n", PolicyMaxAgeInvalid, Fail, &[3]),
        ("11 digits", "version: STSv1\nmode: none\nmax_age: 01234567890\n", PolicyMaxAgeInvalid, Fail, &[3]),
        ("above max", "version: STSv1\nmode: none\nmax_age: 31557601\n", PolicyMaxAgeTooLarge, Fail, &[3]),
        ("typo nmx", "version: STSv1\nmode: none\nmax_age: 1\nnmx: a.example\n", PolicySyntaxMisspeltField, Info, &[4]),
        ("typo Mode", "version: STSv1\nMode: none\nmax_age: 1\n", PolicySyntaxMisspeltField, Info, &[2]),
        ("typo max-age", "version: STSv1\nmode: none\nmax-age: 1\n", PolicySyntaxMisspeltField, Info, &[3]),
        ("typo maxage", "version: STSv1\nmode: none\nmaxage: 1\n", PolicySyntaxMisspeltField, Info, &[3]),
        ("unknown", "version: STSv1\nmode: none\nmax_age: 1\nfoo: 1\nbar: 2\n", PolicySyntaxUnknownFields, Info, &[4, 5]),
        ("version second", "mode: none\nversion: STSv1\nmax_age: 1\n", PolicyVersionNotFirst, Info, &[2]),
        ("mode none", "version: STSv1\nmode: none\nmax_age: 1\n", PolicyModeNone, Warn, &[2]),
        ("trailing dot", "version: STSv1\nmode: enforce\nmx: a.example.\nmax_age: 1\n", PolicyMxTrailingDot, Fail, &[3]),
        ("ip", "version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmax_age: 1\n", PolicyMxIpAddress, Fail, &[3]),
        ("list", "version: STSv1\nmode: enforce\nmx: a.example,b.example\nmax_age: 1\n", PolicyMxList, Fail, &[3]),
        ("u-label", "version: STSv1\nmode: enforce\nmx: m\u{f8}x.example\nmax_age: 1\n", PolicyMxNonAscii, Fail, &[3]),
        ("star", "version: STSv1\nmode: enforce\nmx: mx*.example.com\nmax_age: 1\n", PolicyMxMisplacedStar, Fail, &[3]),
        ("label", "version: STSv1\nmode: enforce\nmx: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example\nmax_age: 1\n", PolicyMxInvalid, Fail, &[3]),
        ("broad", "version: STSv1\nmode: enforce\nmx: *.com\nmax_age: 1\n", PolicyMxBroadWildcard, Warn, &[3]),
        ("dup mx", "version: STSv1\nmode: enforce\nmx: a.example\nmx: A.example\nmax_age: 1\n", PolicyMxDuplicate, Info, &[3, 4]),
        ("no mx", "version: STSv1\nmode: testing\nmax_age: 1\n", PolicyMxMissing, Fail, &[]),
        ("size", "", PolicySyntaxEmpty, Fail, &[]),
    ];
    for (id, body, code, severity, lines) in cases {
        let c = check(body.as_bytes());
        let f = one(&c.findings, *code);
        assert_eq!(f.severity, *severity, "{id}");
        let got: Vec<usize> = f.evidence.iter().filter_map(|e| e.line).collect();
        assert_eq!(got, *lines, "{id}: {:?}", f.evidence);
    }
    let big = {
        let mut v = b(BASE);
        v.resize(65537, b'a');
        v
    };
    let c = check(&big);
    assert_eq!(
        one(&c.findings, PolicySyntaxTooLarge).severity,
        Fail,
        "{:?}",
        codes(&c.findings)
    );
}

/// The corrected policy: every line fixed that can be, CRLF kept.
#[test]
fn corrected_policy_paste() {
    let cases: &[(&str, &[u8], Option<&str>)] = &[
        (
            "indented + duplicate mx",
            b"  version: STSv1\n  mode: testing\n  mx: a.example\n  mx: a.example\n  max_age: 604800\n",
            Some("version: STSv1\nmode: testing\nmx: a.example\nmax_age: 604800\n"),
        ),
        (
            "front matter, comment, blank",
            b"---\nlayout: none\n---\n\n# hi\nversion: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800\n",
            Some("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800\n"),
        ),
        (
            "Mode case, enforced, trailing dot, list, CRLF",
            b"version: STSv1\r\nMode: enforced\r\nmx: a.example., b.example\r\nmax_age: 604800\r\n\r\n",
            Some("version: STSv1\r\nmode: enforce\r\nmx: a.example\r\nmx: b.example\r\nmax_age: 604800\r\n"),
        ),
        (
            "version moved first",
            b"mode: enforce\nmx: a.example\nmax_age: 604800\nversion: STSv1\n",
            Some("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800\n"),
        ),
        ("mode live: no guess", b"version: STSv1\nmode: live\nmx: a.example\nmax_age: 1\n\n", None),
        ("no mx: nothing to write", b"version: STSv1\nmode: enforce\nmax_age: 1\n\n", None),
    ];
    for (id, body, want) in cases {
        let c = check(body);
        let pastes: BTreeSet<&str> = c
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Fail || f.severity == Severity::Info)
            .filter_map(|f| f.fix.as_ref()?.paste.as_deref())
            .collect();
        match want {
            Some(w) => assert!(pastes.contains(w), "{id}: {pastes:#?}"),
            None => assert!(pastes.is_empty(), "{id}: {pastes:#?}"),
        }
    }
}

/// A huge body is read only up to 64 KiB, and still judged too large as a whole.
#[test]
fn huge_bodies_are_bounded() {
    let body = vec![b'\n'; 1 << 20];
    let p = parse_policy(&body);
    assert!(p.truncated);
    assert_eq!(p.size, 1 << 20);
    assert_eq!(p.lines.len(), 65536);
    let c = check(&body);
    assert!(!c.policy.valid);
    assert!(has(&c.findings, Code::PolicySyntaxTooLarge, Severity::Fail));
    // A valid policy followed by padding: the lines before the limit are read, none is cut.
    let mut body = b(BASE);
    body.extend(std::iter::repeat_n(b"x: y\n", 20_000).flatten());
    let p = parse_policy(&body);
    assert!(p.truncated && p.is_grammatical());
    assert_eq!(p.lines.len(), 4 + (65536 - BASE.len()) / 5);
}

/// C73: with CR-only line ends the fields run together; the missing-field findings point at
/// the line that mentions them.
#[test]
fn bare_cr_lines_are_pointed_at() {
    let c = check(b"version: STSv1\rmode: enforce\rmx: *.mimecast.com\rmax_age: 1\r");
    for code in [
        Code::PolicyVersionMissing,
        Code::PolicyModeMissing,
        Code::PolicyMaxAgeMissing,
        Code::PolicyMxMissing,
    ] {
        let f = one(&c.findings, code);
        assert_eq!(f.severity, Severity::Fail, "{code}");
        assert_eq!(f.evidence[0].line, Some(1), "{code}");
    }
    let paste = c.findings[0].fix.as_ref().and_then(|f| f.paste.clone());
    assert_eq!(
        paste.as_deref(),
        Some("version: STSv1\nmode: enforce\nmx: *.mimecast.com\nmax_age: 1\n")
    );
}

/// A body cut off at 64 KiB + 1 byte is reported with the size the server declared, and one
/// cut off without a declared size as "more than 65536 bytes" — never as the bytes read.
#[test]
fn cut_off_bodies_report_the_real_size() {
    use mta_sts::policy::check_policy_sized;
    let mut body = b"version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n".to_vec();
    body.resize(65537, b'a');
    let prov = Provenance::Fetched;
    let syntax = |check: &mta_sts::policy::PolicyCheck| {
        check
            .findings
            .iter()
            .find(|f| f.code == Code::PolicySyntaxTooLarge && f.severity == Severity::Fail)
            .map(|f| (f.detail.clone(), f.evidence[0].text.clone()))
            .expect("a size failure")
    };
    let (detail, evidence) = syntax(&check_policy_sized(&body, Some(5_242_880), &prov));
    assert!(detail.contains("5242880 bytes (as the server declared); the first 65537 were read"));
    assert_eq!(
        evidence,
        "5242880 bytes (as the server declared); the first 65537 were read"
    );
    let (detail, _) = syntax(&check_policy_sized(&body, None, &prov));
    assert!(detail.contains("more than 65536 bytes"), "{detail}");
    // A declared size no larger than what was read changes nothing.
    let (detail, _) = syntax(&check_policy_sized(&body, Some(100), &prov));
    assert!(detail.contains("more than 65536 bytes"), "{detail}");
}
