//! TLS-RPT aggregate reports (RFC 8460 §4): the reader, the containers (gzip, zip, e-mail,
//! built here), hostile files, the summary, explanations and exports. Checked by typed values
//! and codes, not wording.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;
use mta_sts::tlsrpt::report::*;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("fixtures/tlsrpt/rfc8460-example.json");

fn inflate(request: &Inflate) -> Result<Vec<u8>, InflateError> {
    decompress_to_vec_with_limit(&request.data, request.max_out).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            InflateError::TooLarge
        } else {
            InflateError::Corrupt(format!("{:?}", e.status))
        }
    })
}

fn open(name: &str, bytes: &[u8]) -> Vec<Loaded> {
    open_with(name, bytes.to_vec(), Limits::default(), inflate)
}

fn one_report(name: &str, bytes: &[u8]) -> ParsedReport {
    let loaded = open(name, bytes);
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    loaded[0].result.clone().expect("a report")
}

fn error_of(name: &str, bytes: &[u8], limits: Limits) -> LoadError {
    let loaded = open_with(name, bytes.to_vec(), limits, inflate);
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    loaded[0].result.clone().expect_err("an error")
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    out.extend(compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

/// A zip archive: each entry stored or deflated.
fn zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, deflate) in entries {
        let stored = if *deflate {
            compress_to_vec(data, 6)
        } else {
            data.to_vec()
        };
        let method: u16 = if *deflate { 8 } else { 0 };
        let offset = out.len() as u32;
        let mut common = Vec::new();
        common.extend(20u16.to_le_bytes()); // version needed
        common.extend(0u16.to_le_bytes()); // flags
        common.extend(method.to_le_bytes());
        common.extend([0, 0, 0x21, 0]); // time, date
        common.extend(crc32(data).to_le_bytes());
        common.extend((stored.len() as u32).to_le_bytes());
        common.extend((data.len() as u32).to_le_bytes());
        common.extend((name.len() as u16).to_le_bytes());
        common.extend(0u16.to_le_bytes()); // extra
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend(&common);
        out.extend(name.as_bytes());
        out.extend(&stored);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        central.extend(&common);
        central.extend([0; 8]); // comment length, disk, internal and external attributes
        central.extend([0; 2]);
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend([0; 2]);
    out
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (j, &b)| n | u32::from(b) << (16 - 8 * j));
        for j in 0..4 {
            if j <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * j) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i > 0 && i % 60 == 0 {
            out.push_str("=\r\n");
        }
        match c {
            '=' => out.push_str("=3D"),
            '\n' => out.push_str("=0A"),
            c => out.push(c),
        }
    }
    out
}

/// A report mail as reporters send it (RFC 8460 §5.3), the report gzipped in base64 inside a
/// multipart/report nested in a multipart/mixed.
fn report_mail(report: &[u8]) -> Vec<u8> {
    format!(
        "From: tlsrpt@company-x.example\r\n\
         Subject: Report Domain: company-y.example\r\n\
         \tSubmitter: company-x.example\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n\
         \r\n\
         This is a multi-part message.\r\n\
         --outer\r\n\
         Content-Type: multipart/report; report-type=tlsrpt; boundary=inner\r\n\
         \r\n\
         --inner\r\n\
         Content-Type: text/plain\r\n\
         \r\n\
         A report.\r\n\
         --inner\r\n\
         Content-Type: application/tlsrpt+gzip\r\n\
         Content-Disposition: attachment;\r\n\tfilename=\"company-x!company-y.example!1459468800!1459555199!001.json.gz\"\r\n\
         Content-Transfer-Encoding: base64\r\n\
         \r\n\
         {}\r\n\
         --inner--\r\n\
         --outer--\r\n",
        base64(&gzip(report))
    )
    .into_bytes()
}

#[test]
fn the_rfc_example_reads_as_written() {
    let parsed = one_report("r.json", EXAMPLE.as_bytes());
    let r = &parsed.report;
    assert_eq!(r.organization_name, "Company-X");
    assert_eq!(r.report_id, "5065427c-23d3-47ca-b6e0-946ea0e8c4be");
    assert_eq!(r.start.unix, 1_459_468_800);
    assert_eq!(r.end.unix, 1_459_555_199);
    let p = &r.policies[0];
    assert_eq!(p.policy.policy_type, PolicyType::Sts);
    assert_eq!(p.policy.policy_domain.as_deref(), Some("company-y.example"));
    assert_eq!(p.policy.mx_host, ["*.mail.company-y.example"]);
    assert_eq!(p.policy.policy_string.len(), 4);
    assert_eq!((p.successful, p.failed), (5326, 303));
    let types: Vec<_> = p.failure_details.iter().map(|f| &f.result_type).collect();
    assert_eq!(
        types,
        [
            &ResultType::CertificateExpired,
            &ResultType::StarttlsNotSupported,
            &ResultType::ValidationFailure
        ]
    );
    assert_eq!(
        p.failure_details[2].failure_reason_code.as_deref(),
        Some("X509_V_ERR_PROOF_OF_POSSESSION")
    );
    // The RFC's own example leaves out one receiving-ip.
    assert_eq!(
        parsed.notes,
        [Note {
            path: "policies[0].failure-details[0].receiving-ip".into(),
            kind: NoteKind::ReceivingIpMissing
        }]
    );
}

fn note_kinds(text: &str) -> Vec<NoteKind> {
    let parsed = parse_report(text.as_bytes()).unwrap_or_else(|e| panic!("{e}: {text}"));
    parsed.notes.into_iter().map(|n| n.kind).collect()
}

#[test]
fn real_reporters_variations_are_accepted_and_noted() {
    let ip = "\"receiving-mx-hostname\": \"mx1.mail.company-y.example\",";
    let base = EXAMPLE.replace(ip, &format!("{ip} \"receiving-ip\": \"192.0.2.1\","));
    assert_eq!(note_kinds(&base), []);
    let cases: Vec<(String, NoteKind)> = vec![
        (
            {
                let start = base.find(",\n    \"failure-details\"").unwrap();
                let end = base.rfind("}]\n  }]").unwrap() + 2;
                format!("{}{}", &base[..start], &base[end..])
            },
            NoteKind::FailureDetailsMissing,
        ),
        (
            base.replace("\"sending-mta-ip\": \"198.51.100.62\",", ""),
            NoteKind::SendingIpMissing,
        ),
        (
            base.replace("\"receiving-ip\": \"203.0.113.58\",", ""),
            NoteKind::ReceivingIpMissing,
        ),
        (
            base.replace(
                "\"policy-type\": \"sts\"",
                "\"policy-type\": \"no-policy-found\"",
            )
            .replace("\"policy-domain\": \"company-y.example\",", ""),
            NoteKind::PolicyDomainMissing,
        ),
        (
            base.replace(
                "\"mx-host\": [\"*.mail.company-y.example\"]",
                "\"mx-host\": \"*.mail.company-y.example\"",
            ),
            NoteKind::StringNotList,
        ),
        (
            base.replace("2016-04-01T00:00:00Z", "2016-04-01T00:00:00.000Z"),
            NoteKind::FractionalSeconds,
        ),
        (
            base.replace("2016-04-01T00:00:00Z", "2016-04-01T02:00:00+02:00"),
            NoteKind::NotUtc,
        ),
        (
            base.replace(
                "\"failed-session-count\": 3",
                "\"failed-session-count\": \"3\"",
            ),
            NoteKind::CountAsString,
        ),
    ];
    let mut codes = std::collections::BTreeSet::new();
    let mut words = std::collections::BTreeSet::new();
    for (text, kind) in cases {
        assert_eq!(note_kinds(&text), [kind], "{text}");
        // Each kind has a code and words of its own: a consumer tells them apart by code.
        assert!(codes.insert(kind.code()), "{kind:?}");
        assert!(words.insert(kind.words()), "{kind:?}");
    }
    // The offset is applied, the fraction dropped.
    let shifted = base.replace("2016-04-01T00:00:00Z", "2016-04-01T02:00:00.5+02:00");
    let r = parse_report(shifted.as_bytes()).unwrap().report;
    assert_eq!(r.start.unix, 1_459_468_800);
    assert_eq!(r.start.text, "2016-04-01T02:00:00.5+02:00");
}

#[test]
fn anything_else_wrong_is_an_error_naming_the_field() {
    let path = |text: &str| parse_report(text.as_bytes()).map(|_| ()).unwrap_err().path;
    for (text, want) in [
        (
            EXAMPLE.replace(
                "\"total-failure-session-count\": 303",
                "\"total-failure-session-count\": -303",
            ),
            "policies[0].summary.total-failure-session-count",
        ),
        (
            EXAMPLE.replace(
                "\"total-failure-session-count\": 303",
                "\"total-failure-session-count\": 3.5",
            ),
            "policies[0].summary.total-failure-session-count",
        ),
        (
            EXAMPLE.replace(
                "\"failed-session-count\": 200",
                "\"failed-session-count\": \"many\"",
            ),
            "policies[0].failure-details[1].failed-session-count",
        ),
        (
            EXAMPLE.replace("\"report-id\"", "\"report_id\""),
            "report-id",
        ),
        (
            EXAMPLE.replace("2016-04-01T23:59:59Z", "yesterday"),
            "date-range.end-datetime",
        ),
        (
            EXAMPLE.replace("2016-04-01T23:59:59Z", "2016-03-01T00:00:00Z"),
            "date-range",
        ),
        (
            EXAMPLE.replace("\"policy-domain\": \"company-y.example\",", ""),
            "policies[0].policy.policy-domain",
        ),
        (
            EXAMPLE.replace(
                "\"result-type\": \"certificate-expired\"",
                "\"result-type\": 7",
            ),
            "policies[0].failure-details[0].result-type",
        ),
        (
            EXAMPLE.replace(
                "\"mx-host\": [\"*.mail.company-y.example\"]",
                "\"mx-host\": [1]",
            ),
            "policies[0].policy.mx-host[0]",
        ),
        ("[]".to_owned(), ""),
        ("{} x".to_owned(), ""),
    ] {
        assert_eq!(path(&text), want, "{text}");
    }
    let e = parse_report(
        EXAMPLE
            .replace(
                "\"total-failure-session-count\": 303",
                "\"total-failure-session-count\": -1",
            )
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "policies[0].summary.total-failure-session-count: expected a count"
    );
}

#[test]
fn unknown_types_are_kept_as_written() {
    let text = EXAMPLE
        .replace("\"policy-type\": \"sts\"", "\"policy-type\": \"future\"")
        .replace("certificate-expired", "quantum-failure");
    let r = parse_report(text.as_bytes()).unwrap().report;
    assert_eq!(
        r.policies[0].policy.policy_type,
        PolicyType::Other("future".into())
    );
    assert_eq!(
        r.policies[0].failure_details[0].result_type,
        ResultType::Other("quantum-failure".into())
    );
    for t in RESULT_TYPES {
        assert_eq!(ResultType::from_text(t.as_str()), t);
    }
}

#[test]
fn containers_gzip_zip_and_mail() {
    let json = EXAMPLE.as_bytes();
    let want = parse_report(json).unwrap();
    assert_eq!(sniff("a", json), Format::Json);
    assert_eq!(one_report("a.json.gz", &gzip(json)), want);
    assert_eq!(open("a.json.gz", &gzip(json))[0].source, "a.json");
    let other = EXAMPLE.replace("5065427c", "second");
    let archive = zip(&[
        ("dir/", b"", false),
        ("a.json", json, false),
        ("b.json", other.as_bytes(), true),
        ("c.json.gz", &gzip(json), false),
    ]);
    assert_eq!(sniff("x", &archive), Format::Zip);
    let loaded = open("r.zip", &archive);
    let sources: Vec<_> = loaded.iter().map(|l| l.source.as_str()).collect();
    assert_eq!(sources, ["r.zip/a.json", "r.zip/b.json", "r.zip/c.json"]);
    assert!(loaded.iter().all(|l| l.result.is_ok()), "{loaded:?}");
    // A gzipped zip inside a mail.
    let mail = report_mail(json);
    assert_eq!(sniff("m", &mail), Format::Email);
    assert_eq!(one_report("m.eml", &mail), want);
    // Quoted-printable JSON, the part named only by its file name.
    let qp = format!(
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
         Content-Type: application/octet-stream; name=\"r.json\"\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\r\n{}\r\n--b--\r\n",
        quoted_printable(EXAMPLE)
    );
    assert_eq!(one_report("q.eml", qp.as_bytes()), want);
    // A zip attached to a mail, holding a gzip.
    let zipped = zip(&[("r.json.gz", &gzip(json), true)]);
    let mail = format!(
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
         Content-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64(&zipped)
    );
    assert_eq!(one_report("z.eml", mail.as_bytes()), want);
    // A mail without a report.
    let plain = b"Subject: hello\r\nContent-Type: text/plain\r\n\r\nhi\r\n";
    assert_eq!(
        error_of("p.eml", plain, Limits::default()),
        LoadError::NoReports
    );
}

/// Files written by other tools (Python's `gzip`, `zipfile` and `email`): a gzip header with
/// a file name, a zip with a README beside the report, a multipart/report mail.
#[test]
fn fixture_files_from_other_tools() {
    let want = parse_report(EXAMPLE.as_bytes()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tlsrpt/");
    for name in [
        "rfc8460-example.json",
        "rfc8460-example.json.gz",
        "rfc8460-example.zip",
        "rfc8460-example.eml",
    ] {
        let bytes = std::fs::read(format!("{dir}{name}")).unwrap();
        assert_eq!(one_report(name, &bytes), want, "{name}");
    }
    // Only a README: no report, said once.
    let archive = zip(&[("README.txt", b"hello", false)]);
    assert_eq!(
        error_of("r.zip", &archive, Limits::default()),
        LoadError::NoReports
    );
}

/// The asynchronous driver, as the browser uses it.
#[test]
fn open_async_drives_an_async_inflater() {
    let bytes = gzip(EXAMPLE.as_bytes());
    let loaded = futures_executor::block_on(open_async(
        "a.json.gz",
        bytes,
        Limits::default(),
        |request| async move { inflate(&request) },
    ));
    assert!(loaded[0].result.is_ok());
}

#[test]
fn a_bad_entry_does_not_stop_the_others() {
    let archive = zip(&[
        ("bad.json", b"{\"organization-name\": 1}", false),
        ("good.json", EXAMPLE.as_bytes(), true),
    ]);
    let loaded = open("r.zip", &archive);
    assert!(matches!(loaded[0].result, Err(LoadError::Report(_))));
    assert!(loaded[1].result.is_ok());
}

#[test]
fn hostile_files_are_refused_within_the_limits() {
    let limits = Limits {
        max_inflated_bytes: 1_000_000,
        ..Limits::default()
    };
    // A gzip bomb: 10 MB of zeros, stopped at 1 MB.
    let bomb = gzip(&vec![0u8; 10_000_000]);
    assert!(bomb.len() < 20_000);
    assert_eq!(error_of("b.gz", &bomb, limits), LoadError::InflatedTooLarge);
    // The limit is for the whole file: two entries of 600 KB each are too much together.
    let half = vec![b' '; 600_000];
    let archive = zip(&[("a.gz", &gzip(&half), true), ("b.gz", &gzip(&half), true)]);
    let loaded = open_with("r.zip", archive, limits, inflate);
    assert!(loaded
        .iter()
        .any(|l| l.result == Err(LoadError::InflatedTooLarge)));
    // An inflater that ignores max_out is caught too.
    let loaded = open_with("b.gz", bomb, limits, |r| {
        decompress_to_vec_with_limit(&r.data, usize::MAX).map_err(|_| InflateError::TooLarge)
    });
    assert_eq!(loaded[0].result, Err(LoadError::InflatedTooLarge));
    // Deeply nested JSON.
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        error_of("d.json", deep.as_bytes(), Limits::default()),
        LoadError::Report(e) if e.path.is_empty()
    ));
    // 10,000 entries.
    let names: Vec<String> = (0..10_000).map(|i| format!("{i}.json")).collect();
    let entries: Vec<(&str, &[u8], bool)> = names
        .iter()
        .map(|n| (n.as_str(), &b"{}"[..], false))
        .collect();
    assert_eq!(
        error_of("many.zip", &zip(&entries), Limits::default()),
        LoadError::TooManyEntries
    );
    // Binary named .json.
    assert_eq!(
        error_of("x.json", &[0, 1, 2, 0xff, 0xfe], Limits::default()),
        LoadError::UnknownFormat
    );
    // A truncated zip.
    let archive = zip(&[("a.json", EXAMPLE.as_bytes(), true)]);
    for cut in [archive.len() - 10, archive.len() / 2, 10] {
        assert!(matches!(
            error_of("t.zip", &archive[..cut], Limits::default()),
            LoadError::Corrupt(_)
        ));
    }
    // A broken CRC, in gzip and in a stored zip entry.
    let mut broken = gzip(EXAMPLE.as_bytes());
    let n = broken.len();
    broken[n - 8] ^= 1;
    assert!(matches!(
        error_of("c.gz", &broken, Limits::default()),
        LoadError::Corrupt(_)
    ));
    let mut archive = zip(&[("a.json", EXAMPLE.as_bytes(), false)]);
    archive[40] ^= 1; // inside the stored data
    assert!(matches!(
        error_of("c.zip", &archive, Limits::default()),
        LoadError::Corrupt(_)
    ));
    // A truncated gzip: bad deflate data.
    let gz = gzip(EXAMPLE.as_bytes());
    assert!(matches!(
        error_of("t.gz", &gz[..gz.len() / 2], Limits::default()),
        LoadError::Corrupt(_)
    ));
    // Multiparts nested deeper than the limit, and a mail of 2,000 parts.
    let mut mail = format!("Content-Type: application/json\r\n\r\n{EXAMPLE}");
    for i in 0..20 {
        mail = format!(
            "Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n{mail}\r\n--b{i}--\r\n"
        );
    }
    assert_eq!(
        error_of("deep.eml", mail.as_bytes(), Limits::default()),
        LoadError::TooDeep
    );
    let parts = "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n".repeat(2000);
    let mail = format!("Content-Type: multipart/mixed; boundary=b\r\n\r\n{parts}--b--\r\n");
    assert_eq!(
        error_of("many.eml", mail.as_bytes(), Limits::default()),
        LoadError::TooManyEntries
    );
    // Offsets pointing far past the end (a local header at 0xFFFFFFF0).
    let mut far = zip(&[("a.json", b"{}", false)]);
    let cd = far.len() - 22 - 46 - "a.json".len();
    far[cd + 42..cd + 46].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
    assert!(matches!(
        error_of("f.zip", &far, Limits::default()),
        LoadError::Corrupt(_)
    ));
    // Names leaving the folder; encrypted entries.
    assert!(matches!(
        error_of(
            "n.zip",
            &zip(&[("../a.json", b"{}", false)]),
            Limits::default()
        ),
        LoadError::UnsafeName(_)
    ));
    let mut encrypted = zip(&[("a.json", b"{}", false)]);
    let cd = encrypted.len() - 22 - 46 - "a.json".len();
    encrypted[cd + 8] |= 1;
    assert_eq!(
        error_of("e.zip", &encrypted, Limits::default()),
        LoadError::Encrypted
    );
    // Too large a file.
    let small = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    assert_eq!(
        error_of("big.json", EXAMPLE.as_bytes(), small),
        LoadError::FileTooLarge
    );
    // Nesting: gzip in gzip in gzip ... beyond max_depth.
    let mut nested = EXAMPLE.as_bytes().to_vec();
    for _ in 0..5 {
        nested = gzip(&nested);
    }
    let shallow = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert_eq!(error_of("n.gz", &nested, shallow), LoadError::TooDeep);
    assert!(open("n.gz", &nested)[0].result.is_ok());
}

#[test]
fn the_summary_merges_counts_and_groups_failures() {
    let a = parse_report(EXAMPLE.as_bytes()).unwrap().report;
    let b = parse_report(
        EXAMPLE
            .replace("5065427c-23d3-47ca-b6e0-946ea0e8c4be", "day-2")
            .replace("Company-X", "Company-Z")
            .replace("2016-04-01T00", "2016-04-02T00")
            .replace("2016-04-01T23", "2016-04-02T23")
            .replace(
                "\"failed-session-count\": 100",
                "\"failed-session-count\": 7",
            )
            .as_bytes(),
    )
    .unwrap()
    .report;
    let s = summarize([&a, &b, &a]);
    assert_eq!(s.reports, 2);
    assert_eq!(
        s.duplicates,
        [Duplicate {
            report_id: "5065427c-23d3-47ca-b6e0-946ea0e8c4be".into(),
            organization_name: "Company-X".into(),
            copies: 2,
            differs: false,
        }]
    );
    assert_eq!(s.policies.len(), 1);
    let p = &s.policies[0];
    assert_eq!((p.successful, p.failed), (2 * 5326, 2 * 303));
    assert_eq!((p.start, p.end), (1_459_468_800, 1_459_555_199 + 86_400));
    assert_eq!(p.organizations, ["Company-X", "Company-Z"]);
    assert!((p.failure_rate() - 303.0 / 5629.0).abs() < 1e-9);
    let days: Vec<_> = s
        .days
        .iter()
        .map(|d| (d.date.as_str(), d.successful, d.failed))
        .collect();
    assert_eq!(days, [("2016-04-01", 5326, 303), ("2016-04-02", 5326, 303)]);
    let groups: Vec<_> = s
        .failures
        .iter()
        .map(|g| (g.result_type.clone(), g.sessions))
        .collect();
    assert_eq!(
        groups,
        [
            (ResultType::StarttlsNotSupported, 400),
            (ResultType::CertificateExpired, 107),
            (ResultType::ValidationFailure, 6),
        ]
    );
    assert!(s
        .failures
        .iter()
        .all(|g| g.policy_type == PolicyType::Sts && g.policy_domain == "company-y.example"));
    let v = &s.failures[2];
    assert_eq!(
        v.receiving_mx_hostname.as_deref(),
        Some("mx-backup.mail.company-y.example")
    );
    assert_eq!(v.sending_ips, ["198.51.100.62"]);
    assert_eq!(v.failure_reason_codes, ["X509_V_ERR_PROOF_OF_POSSESSION"]);
}

#[test]
fn explanations_and_the_reported_policy() {
    // Each result type is explained in words of its own (no copy left from another).
    let mut seen = std::collections::BTreeSet::new();
    for t in RESULT_TYPES.iter().chain([&ResultType::Other("x".into())]) {
        let e = explain(t);
        assert!(seen.insert(e.meaning), "{t:?}");
        assert!(seen.insert(e.cause_and_fix), "{t:?}");
    }
    let r = parse_report(EXAMPLE.as_bytes()).unwrap().report;
    let policy = &r.policies[0].policy;
    assert_eq!(
        reported_policy_text(policy).as_deref(),
        Some(
            "version: STSv1\r\nmode: testing\r\nmx: *.mail.company-y.example\r\nmax_age: 86400\r\n"
        )
    );
    let check = check_reported_policy(policy).unwrap();
    assert!(check.policy.valid);
    let mut tlsa = policy.clone();
    tlsa.policy_type = PolicyType::Tlsa;
    assert!(check_reported_policy(&tlsa).is_none());
}

#[test]
fn failures_against_todays_policy_and_mx() {
    let r = parse_report(EXAMPLE.as_bytes()).unwrap().report;
    let s = summarize([&r]);
    // Today's policy covers only mx1 and mx2 by name.
    let body = b"version: STSv1\r\nmode: enforce\r\nmx: mx1.mail.company-y.example\r\nmx: mx2.mail.company-y.example\r\nmax_age: 86400\r\n";
    let mx = vec![
        "mx1.mail.company-y.example.".to_owned(),
        "mx2.mail.company-y.example".to_owned(),
    ];
    let checks = check_live(&s, "company-y.example", Some(body), Some(&mx));
    assert_eq!(checks.len(), 3);
    for c in &checks {
        let g = &s.failures[c.group];
        match g.result_type {
            ResultType::ValidationFailure => {
                assert_eq!(c.policy, PolicyCover::NotCovered);
                assert_eq!(c.mx, MxPresence::NotListed);
                assert!(c.explains);
            }
            _ => {
                assert!(matches!(c.policy, PolicyCover::Covered(_)));
                assert_eq!(c.mx, MxPresence::Listed);
                assert!(!c.explains);
            }
        }
    }
    let unknown = check_live(&s, "company-y.example.", None, None);
    assert!(unknown
        .iter()
        .all(|c| c.policy == PolicyCover::Unknown && c.mx == MxPresence::Unknown));
    assert!(check_live(&s, "other.example", Some(body), None).is_empty());
}

#[test]
fn csv_has_a_row_per_failure_detail_and_defuses_formulas() {
    let text = EXAMPLE.replace(
        "X509_V_ERR_PROOF_OF_POSSESSION",
        "=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")",
    );
    let r = parse_report(text.as_bytes()).unwrap().report;
    let csv = reports_csv([&r]);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 1 + 3 + 1);
    assert_eq!(lines[0], CSV_COLUMNS.join(","));
    assert!(lines[3].contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","));
    assert_eq!(csv_field("-1"), "'-1");
    assert_eq!(csv_field("@a"), "'@a");
    assert_eq!(csv_field("+a"), "'+a");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    assert_eq!(csv_field("plain"), "plain");
}

#[test]
fn json_export_is_json_with_the_merged_data() {
    let loaded = open("r.json", EXAMPLE.as_bytes());
    let mut all = loaded.clone();
    all.extend(open("x.json", b"\x00\x01"));
    let reports: Vec<&Report> = all
        .iter()
        .filter_map(|l| l.result.as_ref().ok())
        .map(|p| &p.report)
        .collect();
    let s = summarize(reports);
    let text = summary_json(&s, &all);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["reports"], 1);
    assert_eq!(v["files"][1]["source"], "x.json");
    assert!(v["files"][1]["error"].is_string());
    assert_eq!(
        v["files"][0]["notes"][0]["code"],
        NoteKind::ReceivingIpMissing.code()
    );
    assert_eq!(v["policies"][0]["total-failure-session-count"], 303);
    assert_eq!(v["policies"][0]["start-datetime"], "2016-04-01T00:00:00Z");
    assert_eq!(v["days"][0]["date"], "2016-04-01");
    assert_eq!(v["failures"][0]["result-type"], "starttls-not-supported");
    assert_eq!(utc_text(1_459_555_199), "2016-04-01T23:59:59Z");
}

/// A caller that never hands the inflated data back gets an error, not a hang.
#[test]
fn the_opener_survives_a_caller_that_skips_a_step() {
    let mut opener = Opener::new("a.gz", gzip(EXAMPLE.as_bytes()), Limits::default());
    assert!(matches!(opener.step(), Step::Inflate(_)));
    match opener.step() {
        Step::Done(loaded) => assert!(matches!(loaded[0].result, Err(LoadError::Corrupt(_)))),
        Step::Inflate(_) => panic!("asked again"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary bytes, and damaged containers, give errors, never a panic.
    #[test]
    fn no_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), name in "[a-z]{1,3}\\.(json|gz|zip|eml)") {
        let _ = open(&name, &bytes);
    }

    /// A report with one byte changed is a report, with notes or not, or an error; never a
    /// panic.
    #[test]
    fn no_panics_on_damaged_reports(at in 0usize..1527, byte in any::<u8>()) {
        let mut json = EXAMPLE.as_bytes().to_vec();
        let i = at % json.len();
        json[i] = byte;
        let _ = parse_report(&json);
    }

    #[test]
    fn no_panics_on_damaged_containers(at in 0usize..2000, byte in any::<u8>()) {
        let json = EXAMPLE.as_bytes();
        for mut file in [gzip(json), zip(&[("a.json", json, true)]), report_mail(json)] {
            let i = at % file.len();
            file[i] = byte;
            let _ = open("f", &file);
            file.truncate(i);
            let _ = open("f", &file);
        }
    }
}

/// An archive whose central directory lists its one entry `copies` times, every record
/// pointing at the same local header.
fn zip_listing_one_entry(name: &str, data: &[u8], copies: u16) -> Vec<u8> {
    let one = zip(&[(name, data, false)]);
    let eocd = one.len() - 22;
    let cd_offset = u32::from_le_bytes(one[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    let central = &one[cd_offset..eocd];
    let mut out = one[..cd_offset].to_vec();
    for _ in 0..copies {
        out.extend(central);
    }
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0; 4]);
    out.extend(copies.to_le_bytes());
    out.extend(copies.to_le_bytes());
    out.extend((central.len() as u32 * u32::from(copies)).to_le_bytes());
    out.extend((cd_offset as u32).to_le_bytes());
    out.extend([0; 2]);
    out
}

#[test]
fn a_zip_listing_the_same_data_twice_is_refused() {
    let archive = zip_listing_one_entry("a.json", EXAMPLE.as_bytes(), 3);
    let loaded = open("r.zip", &archive);
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    assert!(
        matches!(&loaded[0].result, Err(LoadError::Corrupt(w)) if w.contains("overlapping")),
        "{loaded:?}"
    );
}

#[test]
fn stored_entries_and_mail_parts_count_against_the_inflated_limit() {
    let limits = Limits {
        max_inflated_bytes: 1_000_000,
        ..Limits::default()
    };
    let half = vec![b' '; 600_000];
    let archive = zip(&[("a.txt", &half, false), ("b.txt", &half, false)]);
    let loaded = open_with("r.zip", archive, limits, inflate);
    assert!(
        loaded
            .iter()
            .any(|l| l.source == "r.zip/b.txt" && l.result == Err(LoadError::InflatedTooLarge)),
        "{loaded:?}"
    );
    let part = format!(
        "--b\r\nContent-Type: application/json\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        base64(&half)
    );
    let mail = format!("Content-Type: multipart/mixed; boundary=b\r\n\r\n{part}{part}--b--\r\n");
    let loaded = open_with("m.eml", mail.into_bytes(), limits, inflate);
    assert!(
        loaded
            .iter()
            .any(|l| l.result == Err(LoadError::InflatedTooLarge)),
        "{loaded:?}"
    );
}

#[test]
fn entries_named_or_typed_as_reports_are_not_skipped() {
    // A broken .json.gz in a zip: an error for it, not a silent skip.
    let archive = zip(&[("a.json.gz", b"not gzip at all", false)]);
    let loaded = open("r.zip", &archive);
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    assert_eq!(loaded[0].source, "r.zip/a.json.gz");
    assert_eq!(loaded[0].result, Err(LoadError::UnknownFormat));
    // A README is still skipped.
    let archive = zip(&[
        ("README.txt", b"hello", false),
        ("a.json", EXAMPLE.as_bytes(), false),
    ]);
    let loaded = open("r.zip", &archive);
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    assert!(loaded[0].result.is_ok());
    // A part whose media type says report, with no file name.
    let mail = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
                Content-Type: application/tlsrpt+json\r\n\r\nnot a report\r\n--b--\r\n";
    let loaded = open("m.eml", mail.as_bytes());
    assert_eq!(loaded.len(), 1, "{loaded:?}");
    assert_eq!(loaded[0].result, Err(LoadError::UnknownFormat));
}

#[test]
fn a_bad_entry_or_part_loses_only_itself() {
    let good = EXAMPLE.as_bytes();
    // An unsafe name, an encrypted entry, an unknown method: each an error of its own.
    let unsafe_name = zip(&[("../a.json", good, false), ("b.json", good, false)]);
    let mut encrypted = zip(&[("a.json", good, false), ("b.json", good, false)]);
    let mut method = encrypted.clone();
    let eocd = encrypted.len() - 22;
    let cd = u32::from_le_bytes(encrypted[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    encrypted[cd + 8] |= 1;
    method[cd + 10] = 99;
    for (archive, want) in [
        (unsafe_name, LoadError::UnsafeName("../a.json".into())),
        (encrypted, LoadError::Encrypted),
        (
            method,
            LoadError::Unsupported("zip compression method 99".into()),
        ),
    ] {
        let loaded = open("r.zip", &archive);
        assert_eq!(loaded.len(), 2, "{loaded:?}");
        assert_eq!(loaded[0].result, Err(want));
        assert_eq!(loaded[1].source, "r.zip/b.json");
        assert!(loaded[1].result.is_ok(), "{loaded:?}");
    }
    // One part with a byte that is no base64: that part alone is damaged.
    let mail = format!(
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: application/json\r\nContent-Disposition: attachment; filename=bad.json\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nab*c\r\n\
         --b\r\nContent-Type: application/json\r\nContent-Disposition: attachment; filename=good.json\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64(good)
    );
    let loaded = open("m.eml", mail.as_bytes());
    assert_eq!(loaded.len(), 2, "{loaded:?}");
    assert_eq!(loaded[0].source, "m.eml/bad.json");
    assert!(matches!(loaded[0].result, Err(LoadError::Corrupt(_))));
    assert!(loaded[1].result.is_ok(), "{loaded:?}");
}

#[test]
fn a_gzip_of_several_members_is_read_member_by_member() {
    // `cat a.gz b.gz` (RFC 1952 §2.2): both reports, in order.
    let other = EXAMPLE.replace("5065427c-23d3-47ca-b6e0-946ea0e8c4be", "second");
    let mut two = gzip(EXAMPLE.as_bytes());
    two.extend(gzip(other.as_bytes()));
    let loaded = open("two.json.gz", &two);
    let ids: Vec<_> = loaded
        .iter()
        .map(|l| l.result.as_ref().map(|p| p.report.report_id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [Ok("5065427c-23d3-47ca-b6e0-946ea0e8c4be"), Ok("second")],
        "{loaded:?}"
    );
    // Members count as entries.
    let mut three = two.clone();
    three.extend(gzip(EXAMPLE.as_bytes()));
    let one = Limits {
        max_entries: 1,
        ..Limits::default()
    };
    let loaded = open_with("three.json.gz", three, one, inflate);
    assert_eq!(loaded.len(), 3, "{loaded:?}");
    assert_eq!(
        loaded
            .iter()
            .filter(|l| l.result == Err(LoadError::TooManyEntries))
            .count(),
        1
    );
    // An inflater that refuses data after the first member (as a browser's may) gives an
    // error that says why.
    let loaded = open_with("two.json.gz", two, Limits::default(), |_| {
        Err(InflateError::Corrupt("junk after the end".into()))
    });
    match &loaded[0].result {
        Err(LoadError::Corrupt(what)) => assert!(what.contains("several gzip members"), "{what}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_report_of_too_many_values_is_refused() {
    // Values in a member the reader ignores still cost memory: they are counted too.
    let zeros = vec!["0"; MAX_REPORT_VALUES].join(",");
    let text = EXAMPLE.replacen('{', &format!("{{\"padding\": [{zeros}],"), 1);
    match parse_report(text.as_bytes()) {
        Err(e) => assert!(e.message.contains(&MAX_REPORT_VALUES.to_string()), "{e}"),
        Ok(_) => panic!("read"),
    }
    // Within the limit, the same member is ignored.
    let zeros = vec!["0"; 1000].join(",");
    let text = EXAMPLE.replacen('{', &format!("{{\"padding\": [{zeros}],"), 1);
    assert!(parse_report(text.as_bytes()).is_ok());
}

fn example_with(replacements: &[(&str, &str)]) -> Report {
    let mut text = EXAMPLE.to_owned();
    for (from, to) in replacements {
        text = text.replace(from, to);
    }
    parse_report(text.as_bytes()).unwrap().report
}

#[test]
fn duplicates_are_one_organizations_report_id() {
    let a = example_with(&[]);
    // Another organization that happens to use the same report-id: a report of its own.
    let other = example_with(&[("Company-X", "Company-Z")]);
    // The same organization and id, other counts: said to differ.
    let changed = example_with(&[(
        "\"total-successful-session-count\": 5326",
        "\"total-successful-session-count\": 1",
    )]);
    let s = summarize([&a, &other, &a, &changed]);
    assert_eq!(s.reports, 2);
    assert_eq!(s.policies[0].successful, 2 * 5326);
    assert_eq!(
        s.duplicates,
        [Duplicate {
            report_id: "5065427c-23d3-47ca-b6e0-946ea0e8c4be".into(),
            organization_name: "Company-X".into(),
            copies: 3,
            differs: true,
        }]
    );
    let s = summarize([&a, &a]);
    assert!(!s.duplicates[0].differs);
    // The CSV counts as the summary does: the copy is left out, the other organization kept.
    let rows = |csv: String| csv.split("\r\n").count() - 2;
    assert_eq!(rows(reports_csv([&a])), 3);
    assert_eq!(rows(reports_csv([&a, &a, &other])), 6);
}

#[test]
fn domains_and_hosts_are_merged_whatever_their_case_and_trailing_dot() {
    let a = example_with(&[]);
    let b = example_with(&[
        ("5065427c-23d3-47ca-b6e0-946ea0e8c4be", "b"),
        (
            "\"policy-domain\": \"company-y.example\"",
            "\"policy-domain\": \"Company-Y.Example.\"",
        ),
        (
            "mx-backup.mail.company-y.example",
            "MX-Backup.mail.company-y.example.",
        ),
    ]);
    let s = summarize([&a, &b]);
    assert_eq!(s.policies.len(), 1, "{:?}", s.policies);
    // The first spelling is shown.
    assert_eq!(s.policies[0].policy_domain, "company-y.example");
    assert_eq!(s.policies[0].successful, 2 * 5326);
    assert_eq!(s.failures.len(), 3, "{:?}", s.failures);
    let backup = s
        .failures
        .iter()
        .find(|g| g.result_type == ResultType::ValidationFailure)
        .unwrap();
    assert_eq!(
        backup.receiving_mx_hostname.as_deref(),
        Some("mx-backup.mail.company-y.example")
    );
    assert_eq!(backup.sessions, 6);
}

#[test]
fn many_distinct_policy_strings_are_summarized_in_linear_time() {
    let mut r = example_with(&[]);
    let template = r.policies[0].clone();
    r.policies = (0..50_000)
        .map(|i| {
            let mut p = template.clone();
            p.policy.policy_string = vec![format!("mx: mx{i}.example")];
            p.failure_details.clear();
            p
        })
        .collect();
    let started = std::time::Instant::now();
    let s = summarize([&r]);
    assert_eq!(s.policies[0].policy_strings.len(), 50_000);
    // Comparing each new string with every earlier one takes many seconds here.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn todays_sts_policy_is_compared_with_sts_failures_only() {
    let r = example_with(&[("\"policy-type\": \"sts\"", "\"policy-type\": \"tlsa\"")]);
    let s = summarize([&r]);
    assert!(s.failures.iter().all(|g| g.policy_type == PolicyType::Tlsa));
    let body = b"version: STSv1\r\nmode: enforce\r\nmx: other.example\r\nmax_age: 86400\r\n";
    let checks = check_live(&s, "company-y.example", Some(body), None);
    assert_eq!(checks.len(), 3);
    for c in &checks {
        assert_eq!(c.policy, PolicyCover::Unknown, "{c:?}");
        assert!(!c.explains, "{c:?}");
    }
}
