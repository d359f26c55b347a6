//! The catalogue of finding codes: every kind of finding the engine can produce, with its
//! check, the severities it may take, the rule it rests on, what it means and why its
//! severity is what it is.
//!
//! A code is an interface, like a check id: JSON consumers, the page's `data-code` attributes
//! and the tests match on it, so a code is never renamed or reused; a new kind of finding gets
//! a new code. `docs/checks.md` is generated from this table (`tests/catalogue.rs` fails when
//! it is stale; `UPDATE_DOCS=1 cargo test -p mta-sts --test catalogue` rewrites it).
//!
//! Severities follow one rule for records that senders or reporters discard: a record that is
//! there but unusable is `fail`, whatever the reason (misspelt version, wrong case, broken
//! grammar, no `rua`), because the effect is the same as a broken one. No record at all is
//! `fail` for MTA-STS only when it is needed (TLS-RPT is optional: `warn`).

use crate::finding::{CheckId, Severity};
use std::fmt;

/// Declares the `Code` enum and its table. Each entry:
/// `Variant "check-id.slug" Check [severities] "reference" "meaning" "why this severity";`
macro_rules! catalogue {
    ($(
        $variant:ident $code:literal $check:ident [$($severity:ident),+]
            $reference:literal $summary:literal $why:literal;
    )*) => {
        /// A kind of finding. See the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in catalogue order (grouped by check).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, `<check id>.<kind>`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The check whose findings have this code.
            pub fn check(self) -> CheckId {
                match self {
                    $(Code::$variant => CheckId::$check,)*
                }
            }

            /// The severities a finding of this code may have.
            pub fn severities(self) -> &'static [Severity] {
                match self {
                    $(Code::$variant => &[$(Severity::$severity),+],)*
                }
            }

            /// The rule the finding rests on: an RFC section or the guidance it follows.
            pub fn reference(self) -> &'static str {
                match self {
                    $(Code::$variant => $reference,)*
                }
            }

            /// What a finding of this code means, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            /// Why the severity is what it is.
            pub fn why(self) -> &'static str {
                match self {
                    $(Code::$variant => $why,)*
                }
            }
        }
    };
}

/// What a check looks at, in one line (for `docs/checks.md`).
pub fn looks_at(check: CheckId) -> &'static str {
    match check {
        CheckId::StsRecord => "The TXT record set at `_mta-sts.<domain>` (CNAMEs followed, split strings joined with nothing between them), and a `v=STSv1` record misplaced at the domain itself.",
        CheckId::PolicyHost => "The A and AAAA records (and CNAME chain) of `mta-sts.<domain>`.",
        CheckId::PolicyFetch => "`GET https://mta-sts.<domain>/.well-known/mta-sts.txt` as a sender makes it: no redirects followed, no cache, no credentials, a time limit.",
        CheckId::PolicyContentType => "The `Content-Type` of the 200 answer (`text/plain`, parameters allowed, compared without case).",
        CheckId::PolicySyntax => "The policy body line by line against the ABNF of RFC 8461 §3.2, and its size.",
        CheckId::PolicyVersion => "The `version` field.",
        CheckId::PolicyMode => "The `mode` field.",
        CheckId::PolicyMaxAge => "The `max_age` field.",
        CheckId::PolicyMx => "The `mx` patterns: each a host name or `*.` and a domain.",
        CheckId::MxRecords => "The MX records of `<domain>`: the list, a null MX, or none (the implicit MX).",
        CheckId::MxCoverage => "Each MX host (without the root dot, without case) against the `mx` patterns; a `*.` covers exactly one left-most label.",
        CheckId::TlsrptRecord => "The TXT record set at `_smtp._tls.<domain>` (RFC 8460 §3) and its rua addresses.",
        CheckId::Dnssec => "The resolver's AD flag on the answers above, and SERVFAIL answers asked again with `cd=1`.",
        CheckId::PolicyCertificate => "The certificate the policy host presents for `mta-sts.<domain>` (needs a probe relay or a native check).",
        CheckId::MxStarttls => "Each MX host on port 25: banner, EHLO, STARTTLS and the TLS handshake (needs a probe relay or a native check).",
        CheckId::MxCertificate => "The certificate each MX host presents after STARTTLS, judged for the MX host name (needs a probe relay or a native check).",
        CheckId::DnsConsistency => "The TXT record at `_mta-sts.<domain>`, the MX set and the TXT record at `_smtp._tls.<domain>` as the second DoH provider answers them, asked at the same time as the first (the page asks Google and Cloudflare; the command line asks one resolver and skips this check).",
        CheckId::MxDane => "The TLSA records at `_25._tcp.<mx host>` of each MX host (at most 10) and the resolver's AD flag on them (RFC 7672), beside the MTA-STS policy (RFC 8461 §2); with a probe, the SHA-256 digests of what each MX host presented.",
        CheckId::PolicyChange => "What this check saw against what the last one saw (`mta-sts check --state FILE`, or the checker page in the same browser): the record's id, the policy (a hash of its body, its mode, max_age and mx patterns), the MX hosts and the certificates' expiry dates. Only a comparison makes it, so it is not among the report's 18 checks.",
    }
}

impl Code {
    /// The code with this name, if there is one.
    pub fn from_code(code: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

catalogue! {
    // sts-record: the TXT record at _mta-sts.<domain>
    StsRecordValid "sts-record.valid" StsRecord [Pass] "RFC 8461 §3.1"
        "The one MTA-STS record follows the grammar and has a valid id."
        "Senders find the record and fetch the policy whenever the id is new to them.";
    StsRecordAbsent "sts-record.absent" StsRecord [Fail] "RFC 8461 §3.1"
        "There is no TXT record at _mta-sts at all, and the domain takes mail (with a null MX it is sts-record.not-needed)."
        "Without the record senders never look for the policy: the domain has no MTA-STS.";
    StsRecordOtherRecordsOnly "sts-record.other-records-only" StsRecord [Fail] "RFC 8461 §3.1"
        "TXT records exist at _mta-sts, but none begins with v=STSv1."
        "Senders discard every record that does not begin with `v=STSv1;` and see no policy.";
    StsRecordMultiple "sts-record.multiple" StsRecord [Fail] "RFC 8461 §3.1"
        "More than one TXT record at _mta-sts begins with v=STSv1."
        "The RFC tells senders to treat the domain as having no policy in that case.";
    StsRecordSyntax "sts-record.syntax" StsRecord [Fail] "RFC 8461 §3.1"
        "The record begins with v=STSv1 but breaks the grammar (an empty field, a bad field name or value, a control character)."
        "Senders that follow the RFC discard a record they cannot parse, which leaves the domain without a policy.";
    StsRecordIdMissing "sts-record.id-missing" StsRecord [Fail] "RFC 8461 §3.1"
        "The record has no `id` field."
        "The id is required; senders that follow the RFC discard the record.";
    StsRecordIdInvalid "sts-record.id-invalid" StsRecord [Fail] "RFC 8461 §3.1"
        "The `id` is empty, longer than 32 characters, or has characters other than letters and digits."
        "Senders that follow the RFC discard the record; the few lenient ones make the result differ by sender.";
    StsRecordVersionCase "sts-record.version-case" StsRecord [Fail] "RFC 8461 §3.1"
        "The version tag is written in another case, such as `v=stsv1`."
        "The discard rule compares `v=STSv1` exactly, so the record counts as absent: there but unusable.";
    StsRecordLeadingSpace "sts-record.leading-space" StsRecord [Fail] "RFC 8461 §3.1"
        "The record has whitespace before `v=STSv1`."
        "Records must begin with the version tag; senders discard this one.";
    StsRecordVersionNotFirst "sts-record.version-not-first" StsRecord [Fail] "RFC 8461 §3.1"
        "`v=STSv1` appears in the record, but not at its start."
        "Senders keep only records that begin with the version tag, so they discard it.";
    StsRecordDiscarded "sts-record.discarded" StsRecord [Fail] "RFC 8461 §3.1"
        "A record evidently meant as MTA-STS that senders discard for another reason, such as another version (`v=STSv2`)."
        "A discarded record is the same to senders as no record: there but unusable.";
    StsRecordSpaceBeforeSemicolon "sts-record.space-before-semicolon" StsRecord [Warn] "RFC 8461 erratum 6285"
        "Whitespace between `v=STSv1` and the first `;`."
        "The grammar allows it but the discard rule does not: some senders keep the record, some discard it.";
    StsRecordDuplicateField "sts-record.duplicate-field" StsRecord [Warn] "RFC 8461 §3.2"
        "A field other than the version appears more than once; the first counts."
        "Legal, and senders use the first, but a repeat is usually a mistake and some checkers reject it.";
    StsRecordVersionRepeated "sts-record.version-repeated" StsRecord [Warn] "RFC 8461 §3.2"
        "`v=STSv1` appears again as a later field."
        "Senders ignore the repeat as an unknown field; some checkers reject the record.";
    StsRecordExtensionFields "sts-record.extension-fields" StsRecord [Info] "RFC 8461 §3.2"
        "Fields other than `v` and `id`, which senders ignore."
        "Allowed by the RFC and ignored, so nothing to fix.";
    StsRecordOthersIgnored "sts-record.others-ignored" StsRecord [Info] "RFC 8461 §3.1"
        "Other TXT records at _mta-sts, which senders discard."
        "Harmless: only records beginning with `v=STSv1;` count.";
    StsRecordSpf "sts-record.spf" StsRecord [Info] "RFC 8461 §3.1"
        "An SPF record is published at _mta-sts."
        "Harmless to MTA-STS, but often the sign of a wildcard TXT record.";
    StsRecordCname "sts-record.cname" StsRecord [Info] "RFC 8461 §3.1"
        "The record is reached through a CNAME chain."
        "Allowed; shown so the target's owner is known.";
    StsRecordAtApex "sts-record.at-apex" StsRecord [Info] "RFC 8461 §3.1"
        "A v=STSv1 record is published at the domain itself instead of at _mta-sts."
        "Senders only look at _mta-sts; the note points at the likely mistake behind a missing record.";
    StsRecordNotNeeded "sts-record.not-needed" StsRecord [Info] "RFC 7505 §3"
        "No MTA-STS record, and none needed: the domain publishes a null MX and takes no mail."
        "There is nothing for MTA-STS to protect.";
    StsRecordPolicyWithoutRecord "sts-record.policy-without-record" StsRecord [Fail] "RFC 8461 §3.1"
        "A policy is served, but there is no MTA-STS record, so senders never fetch it."
        "The policy has no effect at all until the record exists.";
    StsRecordSplit "sts-record.split" StsRecord [Info] "RFC 8461 §3.1"
        "The record is published as several strings, which senders join with nothing between them."
        "Valid; shown because a space meant between two strings is lost.";
    StsRecordLookupFailed "sts-record.lookup-failed" StsRecord [Unknown] "RFC 8461 §3.1"
        "Every resolver tried failed to answer the TXT lookup."
        "Nothing was seen, so nothing is claimed.";
    StsRecordDnsError "sts-record.dns-error" StsRecord [Unknown] "RFC 8461 §3.1"
        "The TXT lookup was answered with SERVFAIL or another error code."
        "Nothing was seen; the dnssec check tells whether DNSSEC is the cause.";

    // policy-host: mta-sts.<domain>
    PolicyHostResolves "policy-host.resolves" PolicyHost [Pass] "RFC 8461 §3.3"
        "The policy host has an address."
        "Senders can connect to it to fetch the policy.";
    PolicyHostNoName "policy-host.no-name" PolicyHost [Fail, Info] "RFC 8461 §3.3"
        "The policy host does not exist (NXDOMAIN); info when the domain has no MTA-STS at all."
        "Senders cannot fetch the policy and treat the domain as having none.";
    PolicyHostNoAddress "policy-host.no-address" PolicyHost [Fail, Info] "RFC 8461 §3.3"
        "The policy host exists but has no A or AAAA record; info when the domain has no MTA-STS at all."
        "Senders cannot fetch the policy and treat the domain as having none.";
    PolicyHostOneFamily "policy-host.one-family" PolicyHost [Info] "RFC 8461 §3.3"
        "The policy host has IPv4 addresses only, or IPv6 only."
        "Senders with the other kind of connectivity only are rare; nothing to fix.";
    PolicyHostCname "policy-host.cname" PolicyHost [Info] "RFC 8461 §8.2"
        "The policy host is an alias (CNAME), often of a hosting provider."
        "Allowed; the host must still present a certificate for the policy host's own name.";
    PolicyHostLookupFailed "policy-host.lookup-failed" PolicyHost [Unknown, Info] "RFC 8461 §3.3"
        "Every resolver tried failed to answer the A or AAAA lookup (info when the other family resolved, or without MTA-STS)."
        "Nothing was seen, so nothing is claimed.";
    PolicyHostDnsError "policy-host.dns-error" PolicyHost [Unknown, Info] "RFC 8461 §3.3"
        "The A or AAAA lookup was answered with SERVFAIL or another error code (info when the other family resolved, or without MTA-STS)."
        "Nothing was seen; the dnssec check tells whether DNSSEC is the cause.";

    // mx-records: the MX set of <domain>
    MxRecordsFound "mx-records.found" MxRecords [Pass] "RFC 5321 §5.1"
        "The domain's MX hosts, by preference."
        "Listed as evidence for the coverage check.";
    MxRecordsNullMx "mx-records.null-mx" MxRecords [Info] "RFC 7505 §3"
        "The domain publishes a null MX (`0 .`): it takes no mail."
        "Nothing is wrong; MTA-STS has nothing to protect.";
    MxRecordsImplicit "mx-records.implicit" MxRecords [Info] "RFC 5321 §5.1"
        "No MX records: senders deliver to the domain name itself (the implicit MX)."
        "Legal; the policy's mx patterns must then match the domain itself.";
    MxRecordsNoDomain "mx-records.no-domain" MxRecords [Info] "RFC 5321 §5.1"
        "The domain does not exist in DNS (NXDOMAIN)."
        "Reported as a fact: there is nothing to deliver to.";
    MxRecordsUnreadable "mx-records.unreadable" MxRecords [Unknown] "RFC 1035 §3.3.9"
        "An MX record the resolver gave could not be read as `<preference> <host>`."
        "That host is left out of the coverage check, so coverage is not known for it.";
    MxRecordsLookupFailed "mx-records.lookup-failed" MxRecords [Unknown] "RFC 5321 §5.1"
        "Every resolver tried failed to answer the MX lookup."
        "Nothing was seen, so nothing is claimed.";
    MxRecordsDnsError "mx-records.dns-error" MxRecords [Unknown] "RFC 5321 §5.1"
        "The MX lookup was answered with SERVFAIL or another error code."
        "Nothing was seen; the dnssec check tells whether DNSSEC is the cause.";

    // tlsrpt-record: the TXT record at _smtp._tls.<domain>
    TlsrptRecordValid "tlsrpt-record.valid" TlsrptRecord [Pass] "RFC 8460 §3"
        "The one TLS-RPT record follows the grammar and has at least one usable rua address."
        "Reporters send their daily reports there.";
    TlsrptRecordAbsent "tlsrpt-record.absent" TlsrptRecord [Warn] "RFC 8461 §6"
        "There is no TLS-RPT record."
        "TLS-RPT is optional, so its absence is no failure; but failed TLS deliveries then go unseen.";
    TlsrptRecordMultiple "tlsrpt-record.multiple" TlsrptRecord [Fail] "RFC 8460 §3"
        "More than one record begins with v=TLSRPTv1."
        "The RFC says the domain then does not implement TLS-RPT: no reports are sent.";
    TlsrptRecordSyntax "tlsrpt-record.syntax" TlsrptRecord [Fail] "RFC 8460 §3"
        "The record begins with v=TLSRPTv1 but breaks the grammar (no `;` after the version, a malformed URI, an empty field)."
        "Reporters discard a record they cannot parse: there but unusable.";
    TlsrptRecordRuaMissing "tlsrpt-record.rua-missing" TlsrptRecord [Fail] "RFC 8460 §3"
        "The record has no `rua` field."
        "Reporters do not know where to send reports: there but unusable.";
    TlsrptRecordVersionCase "tlsrpt-record.version-case" TlsrptRecord [Fail] "RFC 8460 §3"
        "The version tag is written in another case, such as `v=tlsrptv1`."
        "Reporters compare the tag exactly and discard the record: there but unusable, judged as a broken record is.";
    TlsrptRecordLeadingSpace "tlsrpt-record.leading-space" TlsrptRecord [Fail] "RFC 8460 §3"
        "The record has whitespace before `v=TLSRPTv1`."
        "Reporters discard it: there but unusable.";
    TlsrptRecordVersionNotFirst "tlsrpt-record.version-not-first" TlsrptRecord [Fail] "RFC 8460 §3"
        "`v=TLSRPTv1` appears in the record, but not at its start."
        "Reporters discard it: there but unusable.";
    TlsrptRecordDiscarded "tlsrpt-record.discarded" TlsrptRecord [Fail] "RFC 8460 §3"
        "A record plainly meant as TLS-RPT (another version, or a `rua=` with no version tag) that reporters discard."
        "Someone meant to receive reports and receives none: there but unusable.";
    TlsrptRecordRuaMailto "tlsrpt-record.rua-mailto" TlsrptRecord [Fail, Warn] "RFC 8460 §3, RFC 6068"
        "A mailto: rua URI does not hold a valid mail address (fail when no usable address is left, warn when reports still go to another)."
        "Reporters skip that address; only when none is left do no reports arrive.";
    TlsrptRecordRuaNoHost "tlsrpt-record.rua-no-host" TlsrptRecord [Fail, Warn] "RFC 8460 §3"
        "An https: rua URI has no host name (fail when no usable address is left, warn otherwise)."
        "Reporters cannot POST anywhere and skip the address.";
    TlsrptRecordRuaScheme "tlsrpt-record.rua-scheme" TlsrptRecord [Fail, Warn] "RFC 8460 §3"
        "A rua URI uses a scheme other than mailto: or https:, plain http: included (fail when no usable address is left, warn otherwise)."
        "Reporters ignore other schemes and skip the address.";
    TlsrptRecordRuaSingleLabel "tlsrpt-record.rua-single-label" TlsrptRecord [Warn] "RFC 8460 §3"
        "An https: rua URI's host name has no dot."
        "The URI is valid, but such a name does not resolve on the internet: likely a mistake.";
    TlsrptRecordRuaRepeated "tlsrpt-record.rua-repeated" TlsrptRecord [Warn] "RFC 8460 §3"
        "The record has more than one rua field."
        "The RFC does not say what that means; reporters differ, so one field with a list is safer.";
    TlsrptRecordSpaceBeforeSemicolon "tlsrpt-record.space-before-semicolon" TlsrptRecord [Warn] "RFC 8460 §3"
        "Whitespace between `v=TLSRPTv1` and the first `;`."
        "The grammar allows it, the discard rule does not: some reporters may discard the record.";
    TlsrptRecordSeveralRua "tlsrpt-record.several-rua" TlsrptRecord [Info] "RFC 8460 §3"
        "Reports go to more than one address."
        "Legal; the UK NCSC's Mail Check warns about it, which is an opinion, not an RFC rule.";
    TlsrptRecordExtensionFields "tlsrpt-record.extension-fields" TlsrptRecord [Info] "RFC 8460 §3"
        "Fields other than `v` and `rua`, which reporters ignore."
        "Allowed by the RFC; nothing to fix.";
    TlsrptRecordOthersIgnored "tlsrpt-record.others-ignored" TlsrptRecord [Info] "RFC 8460 §3"
        "Other TXT records at _smtp._tls, which reporters discard."
        "Harmless: only records beginning with `v=TLSRPTv1;` count.";
    TlsrptRecordSpf "tlsrpt-record.spf" TlsrptRecord [Info] "RFC 8460 §3"
        "An SPF record is published at _smtp._tls."
        "Harmless, but often the sign of a wildcard TXT record.";
    TlsrptRecordSplit "tlsrpt-record.split" TlsrptRecord [Info] "RFC 8460 §3"
        "The record is given as several strings, which reporters join with nothing between them."
        "Valid; shown because a space meant between two strings is lost.";
    TlsrptRecordCname "tlsrpt-record.cname" TlsrptRecord [Info] "RFC 8460 §3"
        "The record is reached through a CNAME chain, often to a reporting service."
        "Allowed and common.";
    TlsrptRecordLookupFailed "tlsrpt-record.lookup-failed" TlsrptRecord [Unknown] "RFC 8460 §3"
        "Every resolver tried failed to answer the TXT lookup."
        "Nothing was seen, so nothing is claimed.";
    TlsrptRecordDnsError "tlsrpt-record.dns-error" TlsrptRecord [Unknown] "RFC 8460 §3"
        "The TXT lookup was answered with SERVFAIL or another error code."
        "Nothing was seen; the dnssec check tells whether DNSSEC is the cause.";

    // policy-fetch: GET https://mta-sts.<domain>/.well-known/mta-sts.txt
    PolicyFetchOk "policy-fetch.ok" PolicyFetch [Pass] "RFC 8461 §3.3"
        "The policy host answered with status 200, without a redirect."
        "That is the only answer senders accept.";
    PolicyFetchNotAPolicy "policy-fetch.not-a-policy" PolicyFetch [Info] "RFC 8461 §3.3"
        "Without MTA-STS, the host answers 200 with something that is not a policy."
        "Senders never look there without a record, so it changes nothing.";
    PolicyFetchSlow "policy-fetch.slow" PolicyFetch [Warn] "RFC 8461 §3.3"
        "The policy host took more than 5 seconds to answer."
        "Senders that wait less (postfix-tlspol 2 s, postfix-mta-sts-resolver 4 s) see no policy; the RFC suggests waiting a minute, so it is no violation.";
    PolicyFetchStatus "policy-fetch.status" PolicyFetch [Fail, Info] "RFC 8461 §3.3"
        "The policy host answered with a status other than 200 (info without MTA-STS)."
        "Senders accept a policy only from a 200 answer, so they see none.";
    PolicyFetchRedirect "policy-fetch.redirect" PolicyFetch [Fail, Info] "RFC 8461 §3.3"
        "The policy host answered with a redirect (info without MTA-STS)."
        "Senders must not follow redirects, so they see no policy.";
    PolicyFetchNoCors "policy-fetch.no-cors" PolicyFetch [Unknown, Info] "RFC 8461 §3.3"
        "The host answers over HTTPS with a certificate the browser accepts, but sends no CORS header, so the page may not read the policy; the evidence for the ways to finish the check, which the report leads with."
        "Not an error for mail; the policy was not seen, so nothing is claimed.";
    PolicyFetchConnectFailed "policy-fetch.connect-failed" PolicyFetch [Fail, Info] "RFC 8461 §3.3"
        "The HTTPS connection failed: no address, a certificate not valid for the host, refused or reset (info without MTA-STS)."
        "Senders cannot fetch the policy and see none.";
    PolicyFetchTimeout "policy-fetch.timeout" PolicyFetch [Fail, Info] "RFC 8461 §3.3"
        "The policy host did not answer within the time limit (info without MTA-STS)."
        "Senders give up and see no policy.";
    PolicyFetchHostLookupFailed "policy-fetch.host-lookup-failed" PolicyFetch [Unknown, Info] "RFC 8461 §3.3"
        "The fetch failed, and so did the lookups of the policy host's address: this machine's DNS may be what failed (info without MTA-STS)."
        "Senders use their own resolvers; nothing is known of what they see.";

    // policy-content-type: the Content-Type of the 200 answer
    PolicyContentTypeTextPlain "policy-content-type.text-plain" PolicyContentType [Pass] "RFC 8461 §3.2"
        "The policy is served as text/plain (parameters such as charset allowed)."
        "What the RFC asks for.";
    PolicyContentTypeOther "policy-content-type.other" PolicyContentType [Warn] "RFC 8461 §3.2"
        "The policy is served with a media type other than text/plain."
        "Some senders (KumoMTA, both Postfix helpers) then ignore the policy, others do not: a sender may trip over it.";
    PolicyContentTypeMissing "policy-content-type.missing" PolicyContentType [Warn] "RFC 8461 §3.2"
        "The policy is served without a Content-Type header, or an empty one."
        "Strict senders ignore the policy, lenient ones read it: a sender may trip over it.";
    PolicyContentTypeNotRead "policy-content-type.not-read" PolicyContentType [Unknown] "RFC 8461 §3.2"
        "The browser may not read the answer's headers (no CORS header); one line, as for policy-syntax.not-read, unless a policy body was pasted."
        "Not seen, so not claimed.";
    PolicyContentTypeNotChecked "policy-content-type.not-checked" PolicyContentType [Skip] "RFC 8461 §3.2"
        "No policy was served, or the domain has no MTA-STS."
        "Nothing to look at.";

    // policy-syntax, policy-version, policy-mode, policy-max-age, policy-mx: when no policy
    // was read
    PolicySyntaxNotRead "policy-syntax.not-read" PolicySyntax [Unknown] "RFC 8461 §3.2"
        "The policy could not be read from the browser; one line pointing to the ways to finish the check, which the report leads with."
        "Not seen, so not claimed.";
    PolicySyntaxNotChecked "policy-syntax.not-checked" PolicySyntax [Skip] "RFC 8461 §3.2"
        "No policy was served, or the domain has no MTA-STS."
        "Nothing to look at.";
    PolicyVersionNotRead "policy-version.not-read" PolicyVersion [Unknown] "RFC 8461 §3.2"
        "The policy could not be read from the browser; one line, as for policy-syntax.not-read."
        "Not seen, so not claimed.";
    PolicyVersionNotChecked "policy-version.not-checked" PolicyVersion [Skip] "RFC 8461 §3.2"
        "No policy was served, or the domain has no MTA-STS."
        "Nothing to look at.";
    PolicyModeNotRead "policy-mode.not-read" PolicyMode [Unknown] "RFC 8461 §3.2"
        "The policy could not be read from the browser; one line, as for policy-syntax.not-read."
        "Not seen, so not claimed.";
    PolicyModeNotChecked "policy-mode.not-checked" PolicyMode [Skip] "RFC 8461 §3.2"
        "No policy was served, or the domain has no MTA-STS."
        "Nothing to look at.";
    PolicyMaxAgeNotRead "policy-max-age.not-read" PolicyMaxAge [Unknown] "RFC 8461 §3.2"
        "The policy could not be read from the browser; one line, as for policy-syntax.not-read."
        "Not seen, so not claimed.";
    PolicyMaxAgeNotChecked "policy-max-age.not-checked" PolicyMaxAge [Skip] "RFC 8461 §3.2"
        "No policy was served, or the domain has no MTA-STS."
        "Nothing to look at.";
    PolicyMxNotRead "policy-mx.not-read" PolicyMx [Unknown] "RFC 8461 §3.2"
        "The policy could not be read from the browser; one line, as for policy-syntax.not-read."
        "Not seen, so not claimed.";
    PolicyMxNotChecked "policy-mx.not-checked" PolicyMx [Skip] "RFC 8461 §3.2"
        "No policy was served, or the domain has no MTA-STS."
        "Nothing to look at.";
    MxCoverageNotRead "mx-coverage.not-read" MxCoverage [Unknown] "RFC 8461 §4.1"
        "The policy could not be read from the browser, so its patterns are not known; one line, as for policy-syntax.not-read."
        "Not seen, so not claimed.";
    MxCoverageNotChecked "mx-coverage.not-checked" MxCoverage [Skip] "RFC 8461 §4.1"
        "No policy was served, or the domain has no MTA-STS."
        "Nothing to look at.";
    MxCoverageMxUnknown "mx-coverage.mx-unknown" MxCoverage [Unknown] "RFC 8461 §4.1"
        "The MX lookup failed, so the hosts to match are not known."
        "Not seen, so not claimed.";

    // dnssec: the AD flag on the answers
    DnssecValidated "dnssec.validated" Dnssec [Pass] "RFC 4035 §3.2.3"
        "Every answer came with the AD flag: the resolver validated its DNSSEC signatures."
        "The resolver's word, named as such.";
    DnssecUnsigned "dnssec.unsigned" Dnssec [Info] "RFC 8461 §1"
        "No answer came with the AD flag: the names are not signed, or not validated."
        "MTA-STS is made for unsigned domains; nothing to fix.";
    DnssecPartial "dnssec.partial" Dnssec [Info] "RFC 8461 §1"
        "Some answers are validated, others not (often a CNAME to a provider's unsigned zone)."
        "No problem for MTA-STS, which relies on certificates.";
    DnssecBroken "dnssec.broken" Dnssec [Fail] "RFC 4035 §5"
        "A name answers SERVFAIL with validation on and NOERROR or NXDOMAIN with `cd=1`: its signatures do not validate."
        "Senders whose resolvers validate cannot look the name up, so what is published there does not work for them.";
    DnssecServfail "dnssec.servfail" Dnssec [Unknown] "RFC 4035 §5"
        "A lookup fails with SERVFAIL, with checking disabled too, or was not repeated."
        "The cause is not known, so nothing is claimed.";
    DnssecNoAnswer "dnssec.no-answer" Dnssec [Unknown] "RFC 4035 §3.2.3"
        "Every lookup failed at the resolvers: there is no answer to judge DNSSEC by."
        "Not seen, so not claimed.";

    // policy-syntax: the body against the grammar
    PolicySyntaxValid "policy-syntax.valid" PolicySyntax [Pass] "RFC 8461 §3.2"
        "Every line fits the grammar and the body is within 64 KiB."
        "LF and CRLF line ends are both valid; unknown fields are allowed.";
    PolicySyntaxTooLarge "policy-syntax.too-large" PolicySyntax [Fail] "RFC 8461 §3.3"
        "The body is larger than 64 KiB."
        "Senders may cap the policy at 64 KiB and refuse it; mox and the Postfix helpers do.";
    PolicySyntaxOver64000 "policy-syntax.over-64000" PolicySyntax [Warn] "RFC 8461 §3.3"
        "The body is between 64000 and 65536 bytes."
        "Within the RFC's cap, but mimecast's library stops at 64000: a sender may trip over it.";
    PolicySyntaxEmpty "policy-syntax.empty" PolicySyntax [Fail] "RFC 8461 §3.2"
        "The policy body is empty."
        "A policy needs version, mode and max_age; senders see none.";
    PolicySyntaxBom "policy-syntax.bom" PolicySyntax [Fail] "RFC 8461 §3.2"
        "The body starts with a UTF-8 byte order mark."
        "It becomes part of the first field name, which then fits no rule: strict senders reject the policy.";
    PolicySyntaxBlankLine "policy-syntax.blank-line" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A blank line, inside the policy or more than one line end after the last field."
        "The grammar has no empty lines; mox, postfix-tlspol and go-mtasts reject the policy.";
    PolicySyntaxLeadingWhitespace "policy-syntax.leading-whitespace" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A line starts with spaces or tabs."
        "The grammar does not allow it, and strict senders reject the policy.";
    PolicySyntaxComment "policy-syntax.comment" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A `#` comment line."
        "Policies have no comment syntax; strict senders reject the policy.";
    PolicySyntaxFrontMatter "policy-syntax.front-matter" PolicySyntax [Fail] "RFC 8461 §3.2"
        "YAML front matter (`---` lines) in the file."
        "Served as it is, strict senders reject it; a site generator may remove it before serving.";
    PolicySyntaxBareCr "policy-syntax.bare-cr" PolicySyntax [Fail] "RFC 8461 §3.2, erratum 6253"
        "A carriage return without a line feed."
        "It is no line end, so the lines run together and fit no rule.";
    PolicySyntaxNoColon "policy-syntax.no-colon" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A line that is not `name: value`."
        "It fits no rule of the grammar; strict senders reject the policy.";
    PolicySyntaxEmptyName "policy-syntax.empty-name" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A line with nothing before its colon."
        "It fits no rule of the grammar; strict senders reject the policy.";
    PolicySyntaxSpaceBeforeColon "policy-syntax.space-before-colon" PolicySyntax [Fail] "RFC 8461 §3.2"
        "Whitespace between a field name and its colon."
        "The grammar does not allow it; strict senders reject the policy.";
    PolicySyntaxBadFieldName "policy-syntax.bad-field-name" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A field name with characters the grammar does not allow, or longer than 32."
        "It fits no rule of the grammar; strict senders reject the policy.";
    PolicySyntaxEmptyValue "policy-syntax.empty-value" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A field with no value after the colon."
        "It fits no rule of the grammar; strict senders reject the policy.";
    PolicySyntaxControlCharacter "policy-syntax.control-character" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A control character (TAB, NUL, DEL, …) inside a value."
        "It fits no rule of the grammar; strict senders reject the policy.";
    PolicySyntaxInvalidUtf8 "policy-syntax.invalid-utf8" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A line that is not valid UTF-8."
        "It fits no rule of the grammar; strict senders reject the policy.";
    PolicySyntaxInvalidLine "policy-syntax.invalid-line" PolicySyntax [Fail] "RFC 8461 §3.2"
        "A line that fits no rule of the grammar for another reason."
        "Strict senders reject the policy.";
    PolicySyntaxDuplicateField "policy-syntax.duplicate-field" PolicySyntax [Warn] "RFC 8461 §3.2"
        "`version`, `mode` or `max_age` appears more than once."
        "The RFC says the first counts, but several senders use the last or reject the policy.";
    PolicySyntaxMisspeltField "policy-syntax.misspelt-field" PolicySyntax [Info] "RFC 8461 §3.2"
        "A field name close to a known one (`Mode`, `max-age`), which senders ignore."
        "Ignored as unknown; what its absence means is reported by the field's own check.";
    PolicySyntaxUnknownFields "policy-syntax.unknown-fields" PolicySyntax [Info] "RFC 8461 §3.2"
        "Fields the RFC does not define, which senders ignore."
        "Allowed: senders must ignore unknown fields.";

    // policy-version
    PolicyVersionValid "policy-version.valid" PolicyVersion [Pass] "RFC 8461 §3.2"
        "The policy says `version: STSv1`."
        "The only version there is.";
    PolicyVersionMissing "policy-version.missing" PolicyVersion [Fail] "RFC 8461 §3.2"
        "The policy has no valid `version` line."
        "Senders ignore a policy without it.";
    PolicyVersionInvalid "policy-version.invalid" PolicyVersion [Fail] "RFC 8461 §3.2"
        "The first `version` line has a value other than exactly `STSv1`."
        "Senders treat the policy as invalid.";
    PolicyVersionNotFirst "policy-version.not-first" PolicyVersion [Info] "Google Workspace Admin Help"
        "The `version` line is not the first line."
        "Valid by the RFC; Google's guide puts it first, which is its opinion.";

    // policy-mode
    PolicyModeEnforce "policy-mode.enforce" PolicyMode [Pass] "RFC 8461 §5"
        "The policy is in enforce mode."
        "Senders deliver only over TLS to the listed MX hosts.";
    PolicyModeTesting "policy-mode.testing" PolicyMode [Warn] "RFC 8461 §5"
        "The policy is in testing mode."
        "Legal and the right first step, but mail is not protected yet.";
    PolicyModeNone "policy-mode.none" PolicyMode [Warn] "RFC 8461 §8.3"
        "The policy is in none mode: MTA-STS is being withdrawn."
        "Legal, but mail is not protected.";
    PolicyModeMissing "policy-mode.missing" PolicyMode [Fail] "RFC 8461 §3.2"
        "The policy has no valid `mode` line."
        "Strict senders ignore the policy; lenient ones read it as `none`, which protects nothing.";
    PolicyModeInvalid "policy-mode.invalid" PolicyMode [Fail] "RFC 8461 §3.2"
        "The first `mode` line has a value other than `enforce`, `testing` or `none` (case matters)."
        "Senders treat the policy as invalid.";

    // policy-max-age
    PolicyMaxAgeValid "policy-max-age.valid" PolicyMaxAge [Pass] "RFC 8461 §3.2"
        "max_age is within range and long enough."
        "Senders cache the policy for that long.";
    PolicyMaxAgeMissing "policy-max-age.missing" PolicyMaxAge [Fail] "RFC 8461 §3.2"
        "The policy has no valid `max_age` line."
        "The field is required; strict senders ignore the policy.";
    PolicyMaxAgeInvalid "policy-max-age.invalid" PolicyMaxAge [Fail] "RFC 8461 §3.2"
        "max_age is not 1 to 10 digits."
        "The policy is invalid.";
    PolicyMaxAgeTooLarge "policy-max-age.too-large" PolicyMaxAge [Fail] "RFC 8461 §3.2"
        "max_age is above 31557600 seconds."
        "Above the RFC's maximum; some senders reject the policy.";
    PolicyMaxAgeZero "policy-max-age.zero" PolicyMaxAge [Warn] "RFC 8461 §3.2"
        "max_age is 0: senders do not cache the policy."
        "Legal, but every delivery depends on a fresh fetch, which an attacker can block.";
    PolicyMaxAgeUnderDay "policy-max-age.under-day" PolicyMaxAge [Warn] "RFC 8461 §10.2"
        "max_age is less than a day (in testing or enforce mode)."
        "Legal, but the policy usually expires before the next message: harmful.";
    PolicyMaxAgeShortNone "policy-max-age.short-none" PolicyMaxAge [Info] "RFC 8461 §8.3"
        "max_age is less than a day while the mode is none."
        "What the RFC suggests while withdrawing MTA-STS.";
    PolicyMaxAgeUnderWeek "policy-max-age.under-week" PolicyMaxAge [Info] "RFC 8461 §3.2"
        "max_age is under a week in enforce mode."
        "The RFC recommends weeks; an opinion, so info.";

    // policy-mx: the mx patterns
    PolicyMxValid "policy-mx.valid" PolicyMx [Pass] "RFC 8461 §3.2"
        "Every mx pattern is a host name or `*.` and a domain."
        "What the grammar asks.";
    PolicyMxMissing "policy-mx.missing" PolicyMx [Fail] "RFC 8461 §3.2"
        "No mx line while the mode is not none."
        "Senders ignore the policy.";
    PolicyMxNoneMode "policy-mx.none-mode" PolicyMx [Info] "RFC 8461 §3.2"
        "No mx line, which is allowed in none mode."
        "Legal; they are needed before switching to testing or enforce.";
    PolicyMxTrailingDot "policy-mx.trailing-dot" PolicyMx [Fail] "RFC 8461 §3.2"
        "An mx pattern ends with a dot."
        "mox rejects the whole policy; other senders may never match it.";
    PolicyMxList "policy-mx.list" PolicyMx [Fail] "RFC 8461 §3.2"
        "Several names on one mx line."
        "mox rejects the policy; other senders never match the line.";
    PolicyMxNonAscii "policy-mx.non-ascii" PolicyMx [Fail] "RFC 8461 §3.2"
        "An mx pattern in Unicode (U-label) instead of its A-label."
        "mox rejects the policy; other senders never match it.";
    PolicyMxIpAddress "policy-mx.ip-address" PolicyMx [Fail] "RFC 8461 §3.2"
        "An mx pattern is an IP address."
        "MX hosts are names, so it never matches; postfix-tlspol rejects the policy.";
    PolicyMxMisplacedStar "policy-mx.misplaced-star" PolicyMx [Fail] "RFC 8461 §4.1"
        "A `*` anywhere but as the whole first label."
        "Senders that check the syntax reject the policy; the others never match it.";
    PolicyMxInvalid "policy-mx.invalid" PolicyMx [Fail] "RFC 8461 §3.2"
        "An mx pattern that is not a valid domain name (empty, bad label, too long)."
        "Senders that check the syntax reject the policy; the others never match it.";
    PolicyMxBroadWildcard "policy-mx.broad-wildcard" PolicyMx [Warn] "RFC 8461 §10.4"
        "A wildcard over a public suffix or a shared hosting domain."
        "Legal, but any host there with a valid certificate counts as your MX: harmful.";
    PolicyMxDuplicate "policy-mx.duplicate" PolicyMx [Info] "RFC 8461 §3.2"
        "The same mx pattern is listed more than once."
        "Allowed and harmless.";

    // mx-coverage: each MX host against the patterns
    MxCoverageCovered "mx-coverage.covered" MxCoverage [Pass] "RFC 8461 §4.1"
        "Every MX host matches an mx pattern."
        "Senders that honour the policy deliver to each of them.";
    MxCoverageUncovered "mx-coverage.uncovered" MxCoverage [Fail, Warn, Info] "RFC 8461 §4.1"
        "An MX host (or several) matches no mx pattern: fail in enforce mode, warn in testing mode or when the mode is not valid, info in none mode."
        "Under enforce senders refuse the host; under testing they only report it.";
    MxCoverageOwnDomainWildcard "mx-coverage.own-domain-wildcard" MxCoverage [Warn] "RFC 8461 §10.4"
        "A wildcard over the policy domain itself covers the MX hosts."
        "Any host in the domain with a certificate, such as a web server, counts as an MX: harmful.";
    MxCoverageStale "mx-coverage.stale" MxCoverage [Info] "RFC 8461 §4.1"
        "mx patterns that match no current MX host."
        "Harmless leftovers, worth removing.";
    MxCoverageNullMx "mx-coverage.null-mx" MxCoverage [Info] "RFC 7505 §3"
        "The domain publishes a null MX: there is nothing to cover."
        "The policy does no harm but is not needed.";
    MxCoverageImplicitMx "mx-coverage.implicit-mx" MxCoverage [Info] "RFC 5321 §5.1"
        "No MX records, so the domain itself must match a pattern."
        "Reported so the implicit MX is not forgotten.";
    MxCoverageNoneMode "mx-coverage.none-mode" MxCoverage [Info] "RFC 8461 §3.2"
        "No mx patterns in none mode: senders check no MX host."
        "Legal while withdrawing.";

    // policy-certificate: the policy host's certificate (a relay or a native check)
    PolicyCertificateValid "policy-certificate.valid" PolicyCertificate [Pass] "RFC 8461 §3.3"
        "The certificate is valid for the policy host, unexpired and chains to a public root."
        "Senders can fetch the policy.";
    PolicyCertificateWrongName "policy-certificate.wrong-name" PolicyCertificate [Fail, Info] "RFC 8461 §3.3"
        "The certificate does not name the policy host (info without MTA-STS)."
        "Senders refuse the connection and see no policy.";
    PolicyCertificateExpired "policy-certificate.expired" PolicyCertificate [Fail, Info] "RFC 8461 §3.3"
        "The certificate has expired (info without MTA-STS)."
        "Senders refuse the connection and see no policy.";
    PolicyCertificateNotYetValid "policy-certificate.not-yet-valid" PolicyCertificate [Fail, Info] "RFC 8461 §3.3"
        "The certificate is not valid yet (info without MTA-STS)."
        "Senders refuse the connection and see no policy.";
    PolicyCertificateUntrusted "policy-certificate.untrusted" PolicyCertificate [Fail, Info] "RFC 8461 §3.3"
        "The certificate does not chain to a public root (info without MTA-STS)."
        "Senders refuse the connection and see no policy.";
    PolicyCertificateExpiresSoon "policy-certificate.expires-soon" PolicyCertificate [Warn, Info] "RFC 8461 §3.3"
        "The certificate expires within 14 days (info without MTA-STS)."
        "Still valid, but renewal seems to be failing.";
    PolicyCertificateNotSeen "policy-certificate.not-seen" PolicyCertificate [Unknown, Info] "RFC 8461 §3.3"
        "The connection ended before the host presented a certificate (info without MTA-STS)."
        "Not seen, so not claimed; policy-fetch says what it means.";
    PolicyCertificateNoAddress "policy-certificate.no-address" PolicyCertificate [Skip] "RFC 8461 §3.3"
        "The policy host has no address, so there is no certificate."
        "policy-host reports the cause.";
    PolicyCertificateLookupFailed "policy-certificate.lookup-failed" PolicyCertificate [Unknown, Info] "RFC 8461 §3.3"
        "The prober could not look up the policy host's address (the lookup failed or timed out), so no certificate was seen (info without MTA-STS)."
        "Not seen, so not claimed; senders use their own resolvers.";
    PolicyCertificateRelayFailed "policy-certificate.relay-failed" PolicyCertificate [Unknown, Info] "RFC 8461 §3.3"
        "The probe relay gave no answer (info without MTA-STS)."
        "Not seen, so not claimed.";
    PolicyCertificateNoRelay "policy-certificate.no-relay" PolicyCertificate [Skip] "RFC 8461 §3.3"
        "A browser cannot see certificates, and no relay is configured."
        "Not applicable from here; the finding says how to check by hand (when the policy could not be read either, it points to the ways the report leads with).";

    // mx-starttls: each MX host on port 25
    MxStarttlsOk "mx-starttls.ok" MxStarttls [Pass] "RFC 8461 §4.2"
        "The host offers STARTTLS and completes a TLS 1.2 or later handshake."
        "Senders can encrypt mail to it.";
    MxStarttlsNotOffered "mx-starttls.not-offered" MxStarttls [Fail, Warn] "RFC 8461 §4.2"
        "The host's EHLO reply does not list STARTTLS: fail under enforce, warn otherwise."
        "Under enforce senders will not deliver to it.";
    MxStarttlsOldTls "mx-starttls.old-tls" MxStarttls [Fail, Warn] "RFC 8461 §7.2"
        "The host negotiates a TLS version older than 1.2: fail under enforce, warn otherwise."
        "RFC 8461 requires TLS 1.2 or later.";
    MxStarttlsHandshakeFailed "mx-starttls.handshake-failed" MxStarttls [Fail, Warn] "RFC 8461 §7.2"
        "STARTTLS is offered but the handshake fails: fail under enforce, warn otherwise."
        "Senders cannot encrypt mail to the host.";
    MxStarttlsNotTested "mx-starttls.not-tested" MxStarttls [Unknown] "RFC 8461 §4.2"
        "The host could not be tested (no address, its lookup failed, not a host name, private address, port 25 blocked, cut short)."
        "Not seen, so not claimed.";
    MxStarttlsNullMx "mx-starttls.null-mx" MxStarttls [Skip] "RFC 7505 §3"
        "The domain has a null MX: no host to test."
        "Not applicable.";
    MxStarttlsMxLookupFailed "mx-starttls.mx-lookup-failed" MxStarttls [Unknown] "RFC 8461 §4.2"
        "The prober could not look up the MX hosts."
        "Not seen, so not claimed.";
    MxStarttlsNoDomain "mx-starttls.no-domain" MxStarttls [Skip] "RFC 8461 §4.2"
        "The domain does not exist (NXDOMAIN): no MX host to test."
        "Not applicable; the MX checks report the domain.";
    MxStarttlsNoHost "mx-starttls.no-host" MxStarttls [Unknown] "RFC 8461 §4.2"
        "The probe lists no MX host and no reason."
        "Not seen, so not claimed.";
    MxStarttlsImplicitMx "mx-starttls.implicit-mx" MxStarttls [Info] "RFC 5321 §5.1"
        "No MX records: the domain itself was tested."
        "Reported so the reader knows which host was tested.";
    MxStarttlsOverLimit "mx-starttls.over-limit" MxStarttls [Info] "RFC 8461 §4.2"
        "More MX hosts than the prober tests; the rest are listed."
        "They were not seen; the finding gives the command to test them.";
    MxStarttlsRelayFailed "mx-starttls.relay-failed" MxStarttls [Unknown] "RFC 8461 §4.2"
        "The probe relay gave no answer."
        "Not seen, so not claimed.";
    MxStarttlsNoRelay "mx-starttls.no-relay" MxStarttls [Skip] "RFC 8461 §4.2"
        "A browser cannot open port 25, and no relay is configured."
        "Not applicable from here; the finding says how to check by hand (when the policy could not be read either, it points to the ways the report leads with).";

    // mx-certificate: the certificate each MX host presents after STARTTLS
    MxCertificateValid "mx-certificate.valid" MxCertificate [Pass] "RFC 8461 §4.2"
        "The certificate is valid for the MX host name, unexpired and chains to a public root."
        "Senders that enforce MTA-STS accept it.";
    MxCertificateWrongName "mx-certificate.wrong-name" MxCertificate [Fail, Warn, Info] "RFC 8461 §4.2"
        "The certificate does not name the MX host: fail under enforce, warn under testing, info without a valid policy or in none mode."
        "Senders that enforce MTA-STS refuse the host; without a policy they do not check.";
    MxCertificateExpired "mx-certificate.expired" MxCertificate [Fail, Warn, Info] "RFC 8461 §4.2"
        "The certificate has expired (severity by mode, as above)."
        "Senders that enforce MTA-STS refuse the host.";
    MxCertificateNotYetValid "mx-certificate.not-yet-valid" MxCertificate [Fail, Warn, Info] "RFC 8461 §4.2"
        "The certificate is not valid yet (severity by mode, as above)."
        "Senders that enforce MTA-STS refuse the host.";
    MxCertificateUntrusted "mx-certificate.untrusted" MxCertificate [Fail, Warn, Info] "RFC 8461 §4.2"
        "The certificate does not chain to a public root (severity by mode, as above)."
        "Senders that enforce MTA-STS refuse the host.";
    MxCertificateExpiresSoon "mx-certificate.expires-soon" MxCertificate [Warn, Info] "RFC 8461 §4.2"
        "The certificate expires within 14 days (info without a valid policy or in none mode)."
        "Still valid, but renewal seems to be failing.";
    MxCertificateNoStarttls "mx-certificate.no-starttls" MxCertificate [Skip] "RFC 8461 §4.2"
        "The host offers no STARTTLS, so there is no certificate."
        "mx-starttls reports it.";
    MxCertificateNotTested "mx-certificate.not-tested" MxCertificate [Unknown] "RFC 8461 §4.2"
        "The host could not be tested (as for mx-starttls.not-tested)."
        "Not seen, so not claimed.";
    MxCertificateNullMx "mx-certificate.null-mx" MxCertificate [Skip] "RFC 7505 §3"
        "The domain has a null MX: no host to test."
        "Not applicable.";
    MxCertificateMxLookupFailed "mx-certificate.mx-lookup-failed" MxCertificate [Unknown] "RFC 8461 §4.2"
        "The prober could not look up the MX hosts."
        "Not seen, so not claimed.";
    MxCertificateNoDomain "mx-certificate.no-domain" MxCertificate [Skip] "RFC 8461 §4.2"
        "The domain does not exist (NXDOMAIN): no MX host to test."
        "Not applicable; the MX checks report the domain.";
    MxCertificateNoHost "mx-certificate.no-host" MxCertificate [Unknown] "RFC 8461 §4.2"
        "The probe lists no MX host and no reason."
        "Not seen, so not claimed.";
    MxCertificateImplicitMx "mx-certificate.implicit-mx" MxCertificate [Info] "RFC 5321 §5.1"
        "No MX records: the domain itself was tested."
        "Reported so the reader knows which host was tested.";
    MxCertificateOverLimit "mx-certificate.over-limit" MxCertificate [Info] "RFC 8461 §4.2"
        "More MX hosts than the prober tests; the rest are listed."
        "They were not seen.";
    MxCertificateRelayFailed "mx-certificate.relay-failed" MxCertificate [Unknown] "RFC 8461 §4.2"
        "The probe relay gave no answer."
        "Not seen, so not claimed.";
    MxCertificateNoRelay "mx-certificate.no-relay" MxCertificate [Skip] "RFC 8461 §4.2"
        "A browser cannot see MX certificates, and no relay is configured."
        "Not applicable from here; the finding says how to check by hand (when the policy could not be read either, it points to the ways the report leads with).";

    // dns-consistency: the first resolver against the second
    DnsConsistencyNotCompared "dns-consistency.not-compared" DnsConsistency [Skip] "RFC 8461 §3.1"
        "Only one resolver was asked, so there is nothing to compare."
        "Comparing needs two independent resolvers; without them the check says nothing either way.";
    DnsConsistencyAgree "dns-consistency.agree" DnsConsistency [Pass] "RFC 8461 §3.1"
        "Both resolvers give the same record id (the record set when there is no one usable record), the same MX set as (preference, host) without case or the root dot, and the same TLS-RPT rua addresses."
        "What senders act on was seen the same from two providers.";
    DnsConsistencyIdDiffers "dns-consistency.id-differs" DnsConsistency [Warn] "RFC 8461 §3.1"
        "Both resolvers see an MTA-STS record, with different ids (or different record sets); the evidence holds both answers with their TTLs."
        "A change still propagating or a stale cache: senders may act on either until the larger TTL runs out, which the finding gives in time. Lasting, it means name servers out of step.";
    DnsConsistencyMxDiffers "dns-consistency.mx-differs" DnsConsistency [Warn] "RFC 5321 §5.1"
        "The resolvers see different MX sets (or one sees that the domain does not exist)."
        "As for id-differs: senders deliver to the hosts their resolver sees.";
    DnsConsistencyRuaDiffers "dns-consistency.rua-differs" DnsConsistency [Warn] "RFC 8460 §3"
        "Both resolvers see a TLS-RPT record, with different rua addresses (or different record sets)."
        "As for id-differs: reports go where each reporter's resolver says.";
    DnsConsistencyOneSees "dns-consistency.one-sees" DnsConsistency [Warn] "RFC 2308 §5"
        "Only one resolver sees the MTA-STS or the TLS-RPT record: it was just added or removed."
        "Senders may get either answer; the record's TTL is in the evidence, the time a \"no record\" answer is cached (the SOA's) is not in a DoH answer, and the finding says so.";
    DnsConsistencyServfail "dns-consistency.servfail" DnsConsistency [Warn] "RFC 4035 §5"
        "One resolver answers SERVFAIL, the other answers: they validate DNSSEC differently (an algorithm or NSEC3 setting one rejects, a key change one has not caught up with) or one cannot reach a name server."
        "Senders whose resolvers fail alike cannot read the record, so this is a real difference; the dnssec check judges the first resolver's SERVFAIL. Both SERVFAIL is no difference.";
    DnsConsistencyResolverFailed "dns-consistency.resolver-failed" DnsConsistency [Unknown] "RFC 8461 §3.1"
        "A resolver gave no answer (an error, a time-out, REFUSED): the finding names which."
        "A failed lookup says nothing about the domain; never a failure, and it does not make the verdict unverified.";
    DnsConsistencySameResolver "dns-consistency.same-resolver" DnsConsistency [Unknown] "RFC 8461 §3.1"
        "Both answers came from the same provider: the first resolver failed and the other one stood in for it."
        "No second opinion was had, so nothing is claimed either way; the verdict is not affected.";

    // mx-dane: TLSA records of the MX hosts
    MxDaneNoMx "mx-dane.no-mx" MxDane [Skip] "RFC 7672 §2.2"
        "There is no MX host whose TLSA records could be looked up."
        "DANE for SMTP is published per MX host; without MX hosts there is nothing to look up.";
    MxDaneNotAsked "mx-dane.not-asked" MxDane [Skip] "RFC 7672 §2.2"
        "The TLSA records of the MX hosts were not looked up (a check run without them)."
        "Not seen, so nothing is said.";
    MxDaneMxUnknown "mx-dane.mx-unknown" MxDane [Unknown] "RFC 7672 §2.2"
        "The MX lookup failed, so which hosts to look up is not known."
        "Not seen, so not claimed.";
    MxDaneNone "mx-dane.none" MxDane [Info] "RFC 7672 §1.3"
        "No MX host has TLSA records; the finding says what DANE would add (with a probe, the `3 1 1` record for the first host's key)."
        "DANE is optional: MTA-STS works without it.";
    MxDaneValid "mx-dane.valid" MxDane [Pass] "RFC 7672 §2.2"
        "The host has TLSA records the resolver validated (AD flag), at least one of them usable; each record is shown decoded."
        "Senders that validate DANE require STARTTLS and a matching certificate.";
    MxDaneUnsigned "mx-dane.unsigned" MxDane [Warn] "RFC 7672 §2.2"
        "The host has TLSA records, but the resolver did not validate them (no AD flag)."
        "Senders ignore TLSA records without DNSSEC: the records suggest a protection that is not there.";
    MxDanePkixUsage "mx-dane.pkix-usage" MxDane [Warn] "RFC 7672 §3.1.3"
        "A TLSA record under DNSSEC has usage 0 (PKIX-TA) or 1 (PKIX-EE)."
        "SMTP senders treat these usages as unusable and ignore the record.";
    MxDaneUnknownParameter "mx-dane.unknown-parameter" MxDane [Warn] "RFC 7672 §3"
        "A TLSA record under DNSSEC has a usage above 3, a selector above 1 or a matching type above 2."
        "Senders ignore records they cannot interpret; when no usable record is left, mx-dane.no-usable says what that means.";
    MxDaneDigestLength "mx-dane.digest-length" MxDane [Fail, Warn] "RFC 6698 §2.1.3"
        "A TLSA record under DNSSEC has a digest of the wrong length for its matching type (SHA-256: 32 bytes, SHA-512: 64)."
        "It can match no certificate: a published record that cannot work (fail); warn when another record of the host is usable, since senders skip this one.";
    MxDaneUndecodable "mx-dane.undecodable" MxDane [Fail, Warn] "RFC 6698 §2.2"
        "A TLSA record under DNSSEC does not decode (not three numbers and hex data, or no data); it is shown verbatim."
        "No sender can use it (fail); warn when another record of the host is usable, since senders skip this one.";
    MxDaneNoUsable "mx-dane.no-usable" MxDane [Warn] "RFC 7672 §2.2"
        "The host has TLSA records under DNSSEC, but none is usable."
        "Senders that validate DANE then insist on STARTTLS but check no certificate: DANE authenticates nothing.";
    MxDaneNotRecommended "mx-dane.not-recommended" MxDane [Info] "RFC 7671 §5.1"
        "The host's usable records include no `3 1 1` or `2 1 1` (a SHA-256 digest of a key)."
        "Other combinations work, but break more easily on renewal; the fix gives the `3 1 1` record when the probe saw the key.";
    MxDaneDnssecBroken "mx-dane.dnssec-broken" MxDane [Fail] "RFC 7672 §2.2"
        "The TLSA lookup answers SERVFAIL with DNSSEC validation on, and answers with it off (cd=1)."
        "The signatures do not validate: senders that validate DNSSEC cannot tell whether the host has DANE and defer mail to it.";
    MxDaneLookupFailed "mx-dane.lookup-failed" MxDane [Unknown] "RFC 7672 §2.2"
        "The TLSA lookup failed: no answer, SERVFAIL also with checking disabled (or not repeated), or another error code."
        "Senders defer mail to a host whose TLSA lookup fails when its address is signed, which cannot be told from here: not claimed either way.";
    MxDaneInterplay "mx-dane.interplay" MxDane [Pass, Info] "RFC 8461 §2"
        "Once per report when a host has DANE: a sender that validates DANE uses the TLSA records for that host and not the MTA-STS policy. Pass when the policy (enforce or testing) covers every host with DANE, info without such a policy or when it does not."
        "The two must agree; when they do, nothing to fix.";
    MxDaneNotInPolicy "mx-dane.not-in-policy" MxDane [Warn] "RFC 8461 §4.1"
        "A host with DANE is not covered by the policy's `mx` lines (policy in enforce or testing mode)."
        "DANE senders deliver to it while MTA-STS senders refuse or report it: the two disagree.";
    MxDaneWithoutDane "mx-dane.without-dane" MxDane [Info] "RFC 8461 §2"
        "A host has no TLSA records while other MX hosts do."
        "DANE senders use the policy (or unauthenticated TLS) for this host only; not wrong, but uneven.";
    MxDaneMatch "mx-dane.match" MxDane [Pass] "RFC 7671 §5"
        "The probe's SHA-256 digests of what the host presented match one of its TLSA records (DANE-EE: the end-entity certificate or key; DANE-TA: a later certificate of the chain)."
        "Senders that validate DANE accept the host.";
    MxDaneNoMatch "mx-dane.no-match" MxDane [Fail] "RFC 7672 §3.1"
        "No TLSA record under DNSSEC matches what the host presented (all its usable records are SHA-256 and were compared)."
        "Senders that validate DANE refuse the host and queue the mail.";
    MxDaneMatchUnknown "mx-dane.match-unknown" MxDane [Unknown] "RFC 7671 §5"
        "With a probe, the match could not be checked: no certificate from the host, no digests (an older relay), or only records with matching type 0 or 2."
        "Not seen, so not claimed.";

    // policy-change: this check against the last one (the monitor, `crate::monitor`)
    PolicyChangeFirstRun "policy-change.first-run" PolicyChange [Info] "RFC 8461 §5.1"
        "No earlier check of this domain was recorded, or none could see this part (the record, the policy, the MX hosts): what was seen is recorded for the next run."
        "Nothing to compare yet.";
    PolicyChangeUnchanged "policy-change.unchanged" PolicyChange [Pass] "RFC 8461 §5.1"
        "The record's id, the policy, the MX hosts and the mode are as the last check saw them."
        "Nothing changed, and this was seen.";
    PolicyChangeNotCompared "policy-change.not-compared" PolicyChange [Unknown] "RFC 8461 §5.1"
        "Something the last check saw could not be seen this time (a DNS lookup failed, the policy could not be read from here), so it was not compared."
        "Not seen is not gone: the last values are kept for the next run, and nothing is claimed.";
    PolicyChangePolicyChangedIdSame "policy-change.policy-changed-id-same" PolicyChange [Fail, Info] "RFC 8461 §3.1"
        "The policy body changed but the record's id did not: fail when the mode, max_age or mx patterns changed, info when only the text did (line ends, order, other fields)."
        "Senders fetch the policy again only when the id changes: those that cached the old one keep applying it until its max_age runs out, so the change does not reach them.";
    PolicyChangeIdChanged "policy-change.id-changed" PolicyChange [Info] "RFC 8461 §3.1"
        "The record's id changed (with the policy, or without)."
        "This is how a policy update is announced; senders fetch the policy again. Harmless even when the policy is the same.";
    PolicyChangePolicyChanged "policy-change.policy-changed" PolicyChange [Info] "RFC 8461 §3.1"
        "The policy changed while no usable record announces a policy (no record, or no valid id in it), or the record came back with it."
        "Without a record with an id senders do not use the policy, so its text alone changes nothing for them; sts-record says what is wrong with the record.";
    PolicyChangeModeDown "policy-change.mode-down" PolicyChange [Warn] "RFC 8461 §5"
        "The mode went down: enforce to testing or none, testing to none."
        "Legal (and the first step of a withdrawal), but mail is less protected than before; if nobody meant it, it is a problem.";
    PolicyChangeModeUp "policy-change.mode-up" PolicyChange [Info] "RFC 8461 §5"
        "The mode went up: none to testing or enforce, testing to enforce."
        "The usual roll-out; reported so the step is on record.";
    PolicyChangeMaxAgeShorter "policy-change.max-age-shorter" PolicyChange [Info] "RFC 8461 §3.2"
        "max_age is shorter than before."
        "Senders that cached the old policy keep the old max_age; a max_age too short to protect is policy-max-age's finding, so this is only noted.";
    PolicyChangeMxUncovered "policy-change.mx-uncovered" PolicyChange [Fail, Warn, Info] "RFC 8461 §4.1"
        "An MX host appeared that the policy's mx patterns do not cover: fail in enforce mode, warn in testing mode, info otherwise."
        "Under enforce, senders refuse to deliver to the new host; under testing they only report it.";
    PolicyChangeMxChanged "policy-change.mx-changed" PolicyChange [Info] "RFC 8461 §4.1"
        "The MX hosts changed, and every one of them is covered by the policy."
        "Senders deliver as before; reported so the change is on record.";
    PolicyChangeRecordGone "policy-change.record-gone" PolicyChange [Fail, Info] "RFC 8461 §8.3"
        "The _mta-sts record was there last time and is gone now: fail when the last policy was in enforce or testing mode, info when it was in none mode (the last step of a withdrawal)."
        "Senders that cached the policy keep it until it expires, but every other sender now sees no MTA-STS at all: mail loses its protection without a word. RFC 8461 §8.3 withdraws by publishing mode none first.";
    PolicyChangeRecordBack "policy-change.record-back" PolicyChange [Info] "RFC 8461 §3.1"
        "The _mta-sts record was missing last time and is there now."
        "Senders find the policy again.";
    PolicyChangePolicyGone "policy-change.policy-gone" PolicyChange [Fail, Info] "RFC 8461 §3.3"
        "The policy was served last time and is not now (an error status, a redirect, a failed connection): info when the last policy was in none mode and the record is gone too."
        "Senders that cached the policy cannot renew it and lose it when it expires; new senders get none. Only the end of a withdrawal looks like this on purpose.";
    PolicyChangePolicyBack "policy-change.policy-back" PolicyChange [Info] "RFC 8461 §3.3"
        "The policy could not be fetched last time and is served now."
        "Senders can fetch it again.";
    PolicyChangeCertificateExpiring "policy-change.certificate-expiring" PolicyChange [Fail, Warn] "RFC 8461 §3.3"
        "A certificate of the policy host or an MX host expires within 14 days (warn) or 3 days (fail)."
        "Renewal seems to be failing; three days leave little time to notice a cron job's mail, so that is a failure already.";
    PolicyChangeCertificateExpired "policy-change.certificate-expired" PolicyChange [Fail] "RFC 8461 §3.3"
        "A certificate of the policy host or an MX host has expired."
        "Senders refuse the policy host, and senders that enforce MTA-STS refuse the MX host.";
}
