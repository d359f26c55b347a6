//! The report itself (RFC 8460 §4.4) and its reader: strict about the shape the RFC gives,
//! lenient, with a [`Note`] each, about the variations real reporters send.

use crate::json::{self, Value};
use std::fmt;

/// The result types of RFC 8460 §4.3, and whatever else a reporter wrote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResultType {
    StarttlsNotSupported,
    CertificateHostMismatch,
    CertificateExpired,
    CertificateNotTrusted,
    ValidationFailure,
    TlsaInvalid,
    DnssecInvalid,
    DaneRequired,
    StsPolicyFetchError,
    StsPolicyInvalid,
    StsWebpkiInvalid,
    /// Not one of §4.3's: the text as written.
    Other(String),
}

/// Every known result type, in §4.3's order.
pub const RESULT_TYPES: [ResultType; 11] = [
    ResultType::StarttlsNotSupported,
    ResultType::CertificateHostMismatch,
    ResultType::CertificateExpired,
    ResultType::CertificateNotTrusted,
    ResultType::ValidationFailure,
    ResultType::TlsaInvalid,
    ResultType::DnssecInvalid,
    ResultType::DaneRequired,
    ResultType::StsPolicyFetchError,
    ResultType::StsPolicyInvalid,
    ResultType::StsWebpkiInvalid,
];

impl ResultType {
    /// Reads the text as written; names are compared exactly (the RFC spells them in lower
    /// case), anything else is `Other`.
    pub fn from_text(text: &str) -> ResultType {
        RESULT_TYPES
            .iter()
            .find(|t| t.as_str() == text)
            .cloned()
            .unwrap_or_else(|| ResultType::Other(text.to_owned()))
    }

    /// The name as on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            ResultType::StarttlsNotSupported => "starttls-not-supported",
            ResultType::CertificateHostMismatch => "certificate-host-mismatch",
            ResultType::CertificateExpired => "certificate-expired",
            ResultType::CertificateNotTrusted => "certificate-not-trusted",
            ResultType::ValidationFailure => "validation-failure",
            ResultType::TlsaInvalid => "tlsa-invalid",
            ResultType::DnssecInvalid => "dnssec-invalid",
            ResultType::DaneRequired => "dane-required",
            ResultType::StsPolicyFetchError => "sts-policy-fetch-error",
            ResultType::StsPolicyInvalid => "sts-policy-invalid",
            ResultType::StsWebpkiInvalid => "sts-webpki-invalid",
            ResultType::Other(text) => text,
        }
    }
}

/// `policy-type` (RFC 8460 §4.4).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyType {
    Sts,
    Tlsa,
    NoPolicyFound,
    Other(String),
}

impl PolicyType {
    pub fn from_text(text: &str) -> PolicyType {
        match text {
            "sts" => PolicyType::Sts,
            "tlsa" => PolicyType::Tlsa,
            "no-policy-found" => PolicyType::NoPolicyFound,
            other => PolicyType::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            PolicyType::Sts => "sts",
            PolicyType::Tlsa => "tlsa",
            PolicyType::NoPolicyFound => "no-policy-found",
            PolicyType::Other(text) => text,
        }
    }
}

/// A `date-time` (RFC 3339 §5.6): the text as written and the instant in unix seconds
/// (fractions of a second dropped, the offset applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTime {
    pub text: String,
    pub unix: i64,
}

/// One TLS-RPT report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub organization_name: String,
    pub start: DateTime,
    pub end: DateTime,
    pub contact_info: String,
    pub report_id: String,
    pub policies: Vec<PolicyResult>,
}

/// One member of `policies`: the policy the reporter applied and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyResult {
    pub policy: ReportedPolicy,
    pub successful: u64,
    pub failed: u64,
    pub failure_details: Vec<FailureDetail>,
}

/// `policy`: as the reporter saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedPolicy {
    pub policy_type: PolicyType,
    /// The policy's lines (for `sts`) or TLSA records (for `tlsa`); empty when not given.
    pub policy_string: Vec<String>,
    /// `None` only when the reporter left it out (noted).
    pub policy_domain: Option<String>,
    pub mx_host: Vec<String>,
}

/// One member of `failure-details`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureDetail {
    pub result_type: ResultType,
    pub sending_mta_ip: Option<String>,
    pub receiving_mx_hostname: Option<String>,
    pub receiving_mx_helo: Option<String>,
    pub receiving_ip: Option<String>,
    pub failed_session_count: u64,
    pub additional_information: Option<String>,
    pub failure_reason_code: Option<String>,
}

/// A variation from RFC 8460 §4.4 that real reporters send and that was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoteKind {
    /// `failure-details` left out (the RFC requires it, empty when there were none).
    FailureDetailsMissing,
    SendingIpMissing,
    ReceivingIpMissing,
    /// `policy-domain` left out of a `no-policy-found` policy.
    PolicyDomainMissing,
    /// `mx-host` (or `policy-string`) written as one string, not a list.
    StringNotList,
    /// A date-time with fractions of a second.
    FractionalSeconds,
    /// A date-time with an offset other than `Z` (the RFC asks for UTC).
    NotUtc,
    /// A count written as a string of digits.
    CountAsString,
}

impl NoteKind {
    /// A stable code for programs.
    pub fn code(self) -> &'static str {
        match self {
            NoteKind::FailureDetailsMissing => "failure-details-missing",
            NoteKind::SendingIpMissing => "sending-mta-ip-missing",
            NoteKind::ReceivingIpMissing => "receiving-ip-missing",
            NoteKind::PolicyDomainMissing => "policy-domain-missing",
            NoteKind::StringNotList => "string-not-list",
            NoteKind::FractionalSeconds => "fractional-seconds",
            NoteKind::NotUtc => "not-utc",
            NoteKind::CountAsString => "count-as-string",
        }
    }

    /// The variation in words.
    pub fn words(self) -> &'static str {
        match self {
            NoteKind::FailureDetailsMissing => {
                "failure-details is missing; read as no failure details"
            }
            NoteKind::SendingIpMissing => "sending-mta-ip is missing",
            NoteKind::ReceivingIpMissing => "receiving-ip is missing",
            NoteKind::PolicyDomainMissing => "policy-domain is missing",
            NoteKind::StringNotList => "a single string where the RFC has a list",
            NoteKind::FractionalSeconds => "a date-time with fractions of a second (dropped)",
            NoteKind::NotUtc => "a date-time with an offset, not in UTC (converted)",
            NoteKind::CountAsString => "a count written as text",
        }
    }
}

/// A variation and where it was: `policies[0].failure-details[2].sending-mta-ip`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    pub kind: NoteKind,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind.words())
    }
}

/// Why a text is not a report: where (a field path, empty for the whole text) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ParseError {}

/// A report read, with the variations accepted on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedReport {
    pub report: Report,
    pub notes: Vec<Note>,
}

/// The most JSON values one report may hold. Each value costs memory well beyond the byte or
/// two it takes in the text (a 50 MB `[0,0,…]` would take over a gigabyte); a report holds
/// about ten values per failure detail, so this leaves room for 100,000 of them.
pub const MAX_REPORT_VALUES: usize = 1_000_000;

/// Reads a report from its JSON bytes (UTF-8, a byte-order mark allowed).
pub fn parse_report(bytes: &[u8]) -> Result<ParsedReport, ParseError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ParseError {
        path: String::new(),
        message: "not JSON: the file is not UTF-8 text".into(),
    })?;
    let value = json::parse_with_limit(text, MAX_REPORT_VALUES).map_err(|e| ParseError {
        path: String::new(),
        message: if e.message == json::TOO_MANY_VALUES {
            format!("more than {MAX_REPORT_VALUES} JSON values, the limit for one report ({e})")
        } else {
            format!("not JSON: {e}")
        },
    })?;
    let mut r = Reader { notes: Vec::new() };
    let report = r.report(&value)?;
    Ok(ParsedReport {
        report,
        notes: r.notes,
    })
}

struct Reader {
    notes: Vec<Note>,
}

fn err(path: &str, message: &str) -> ParseError {
    ParseError {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl Reader {
    fn note(&mut self, path: &str, kind: NoteKind) {
        self.notes.push(Note {
            path: path.to_owned(),
            kind,
        });
    }

    fn object<'v>(&self, value: &'v Value, path: &str) -> Result<&'v Value, ParseError> {
        match value {
            Value::Object(_) => Ok(value),
            _ => Err(err(path, "expected an object")),
        }
    }

    fn required<'v>(&self, obj: &'v Value, path: &str, key: &str) -> Result<&'v Value, ParseError> {
        match obj.get(key) {
            Some(Value::Null) | None => Err(err(&join(path, key), "missing")),
            Some(v) => Ok(v),
        }
    }

    fn text(&self, obj: &Value, path: &str, key: &str) -> Result<String, ParseError> {
        match self.required(obj, path, key)? {
            Value::String(s) => Ok(s.clone()),
            _ => Err(err(&join(path, key), "expected text")),
        }
    }

    fn optional_text(
        &self,
        obj: &Value,
        path: &str,
        key: &str,
    ) -> Result<Option<String>, ParseError> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(err(&join(path, key), "expected text")),
        }
    }

    /// A list of strings; one string alone is taken as a list of one (noted).
    fn text_list(&mut self, obj: &Value, path: &str, key: &str) -> Result<Vec<String>, ParseError> {
        let at = join(path, key);
        match obj.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => {
                self.note(&at, NoteKind::StringNotList);
                Ok(vec![s.clone()])
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(err(&format!("{at}[{i}]"), "expected text")),
                })
                .collect(),
            Some(_) => Err(err(&at, "expected a list of text")),
        }
    }

    /// A count: `1*DIGIT` as a JSON number (the RFC's "integer"); digits in a string are
    /// accepted and noted.
    fn count(&mut self, obj: &Value, path: &str, key: &str) -> Result<u64, ParseError> {
        let at = join(path, key);
        match self.required(obj, path, key)? {
            Value::Number(_) => {
                let value = obj.get(key).and_then(Value::as_u64);
                value.ok_or_else(|| err(&at, "expected a count"))
            }
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                let n = s.parse().map_err(|_| err(&at, "expected a count"))?;
                self.note(&at, NoteKind::CountAsString);
                Ok(n)
            }
            _ => Err(err(&at, "expected a count")),
        }
    }

    fn date_time(&mut self, obj: &Value, path: &str, key: &str) -> Result<DateTime, ParseError> {
        let at = join(path, key);
        let text = self.text(obj, path, key)?;
        let parsed =
            parse_date_time(&text).ok_or_else(|| err(&at, "expected an RFC 3339 date-time"))?;
        if parsed.fraction {
            self.note(&at, NoteKind::FractionalSeconds);
        }
        if parsed.offset_seconds != 0 || !parsed.zulu {
            self.note(&at, NoteKind::NotUtc);
        }
        Ok(DateTime {
            text,
            unix: parsed.unix,
        })
    }

    /// The report object of RFC 8460 §4.4.
    fn report(&mut self, value: &Value) -> Result<Report, ParseError> {
        let obj = self.object(value, "")?;
        let organization_name = self.text(obj, "", "organization-name")?;
        let range = self.object(self.required(obj, "", "date-range")?, "date-range")?;
        let start = self.date_time(range, "date-range", "start-datetime")?;
        let end = self.date_time(range, "date-range", "end-datetime")?;
        if end.unix < start.unix {
            return Err(err("date-range", "ends before it starts"));
        }
        let contact_info = self.text(obj, "", "contact-info")?;
        let report_id = self.text(obj, "", "report-id")?;
        let policies = match self.required(obj, "", "policies")? {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.policy_result(item, &format!("policies[{i}]")))
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err(err("policies", "expected a list")),
        };
        Ok(Report {
            organization_name,
            start,
            end,
            contact_info,
            report_id,
            policies,
        })
    }

    /// One member of `policies`: `policy`, `summary`, `failure-details`.
    fn policy_result(&mut self, value: &Value, path: &str) -> Result<PolicyResult, ParseError> {
        let obj = self.object(value, path)?;
        let policy_path = join(path, "policy");
        let policy = self.policy(self.required(obj, path, "policy")?, &policy_path)?;
        let summary_path = join(path, "summary");
        let summary = self.object(self.required(obj, path, "summary")?, &summary_path)?;
        let successful = self.count(summary, &summary_path, "total-successful-session-count")?;
        let failed = self.count(summary, &summary_path, "total-failure-session-count")?;
        let details_path = join(path, "failure-details");
        let failure_details = match obj.get("failure-details") {
            None | Some(Value::Null) => {
                self.note(&details_path, NoteKind::FailureDetailsMissing);
                Vec::new()
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.failure_detail(item, &format!("{details_path}[{i}]")))
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(err(&details_path, "expected a list")),
        };
        Ok(PolicyResult {
            policy,
            successful,
            failed,
            failure_details,
        })
    }

    /// `policy`: `policy-type`, `policy-string`, `policy-domain`, `mx-host`.
    fn policy(&mut self, value: &Value, path: &str) -> Result<ReportedPolicy, ParseError> {
        let obj = self.object(value, path)?;
        let policy_type = PolicyType::from_text(&self.text(obj, path, "policy-type")?);
        let policy_string = self.text_list(obj, path, "policy-string")?;
        let policy_domain = match self.optional_text(obj, path, "policy-domain")? {
            Some(d) => Some(d),
            None if policy_type == PolicyType::NoPolicyFound => {
                self.note(&join(path, "policy-domain"), NoteKind::PolicyDomainMissing);
                None
            }
            None => return Err(err(&join(path, "policy-domain"), "missing")),
        };
        let mx_host = self.text_list(obj, path, "mx-host")?;
        Ok(ReportedPolicy {
            policy_type,
            policy_string,
            policy_domain,
            mx_host,
        })
    }

    /// One member of `failure-details`.
    fn failure_detail(&mut self, value: &Value, path: &str) -> Result<FailureDetail, ParseError> {
        let obj = self.object(value, path)?;
        let result_type = ResultType::from_text(&self.text(obj, path, "result-type")?);
        let sending_mta_ip = self.optional_text(obj, path, "sending-mta-ip")?;
        if sending_mta_ip.is_none() {
            self.note(&join(path, "sending-mta-ip"), NoteKind::SendingIpMissing);
        }
        let receiving_ip = self.optional_text(obj, path, "receiving-ip")?;
        if receiving_ip.is_none() {
            self.note(&join(path, "receiving-ip"), NoteKind::ReceivingIpMissing);
        }
        Ok(FailureDetail {
            result_type,
            sending_mta_ip,
            receiving_mx_hostname: self.optional_text(obj, path, "receiving-mx-hostname")?,
            receiving_mx_helo: self.optional_text(obj, path, "receiving-mx-helo")?,
            receiving_ip,
            failed_session_count: self.count(obj, path, "failed-session-count")?,
            additional_information: self.optional_text(obj, path, "additional-information")?,
            failure_reason_code: self.optional_text(obj, path, "failure-reason-code")?,
        })
    }
}

/// A date-time read by [`parse_date_time`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDateTime {
    pub unix: i64,
    pub fraction: bool,
    /// Written `Z` (or `z`).
    pub zulu: bool,
    pub offset_seconds: i64,
}

/// RFC 3339 §5.6:
///
/// ```text
/// date-time    = full-date "T" full-time
/// full-date    = date-fullyear "-" date-month "-" date-mday
/// full-time    = partial-time time-offset
/// partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
/// time-secfrac = "." 1*DIGIT
/// time-offset  = "Z" / time-numoffset
/// time-numoffset = ("+" / "-") time-hour ":" time-minute
/// ```
///
/// "T" and "Z" may be lower case (§5.6's note). A leap second (`:60`) is read as `:59`.
pub fn parse_date_time(text: &str) -> Option<ParsedDateTime> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| -> Option<i64> {
        let part = b.get(from..from + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let year = digits(0, 4)?;
    let month = digits(5, 2)?;
    let day = digits(8, 2)?;
    let hour = digits(11, 2)?;
    let minute = digits(14, 2)?;
    let second = digits(17, 2)?;
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't'))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut pos = 19;
    let mut fraction = false;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == start {
            return None;
        }
        fraction = true;
    }
    let (zulu, offset_seconds) = match b.get(pos) {
        Some(b'Z' | b'z') if pos + 1 == b.len() => (true, 0),
        Some(&sign @ (b'+' | b'-')) if pos + 6 == b.len() && b.get(pos + 3) == Some(&b':') => {
            let h = digits(pos + 1, 2)?;
            let m = digits(pos + 4, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let off = h * 3600 + m * 60;
            (false, if sign == b'-' { -off } else { off })
        }
        _ => return None,
    };
    let local =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second.min(59);
    Some(ParsedDateTime {
        unix: local - offset_seconds,
        fraction,
        zulu,
        offset_seconds,
    })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the date (proleptic Gregorian): whole years, then whole months.
/// Years are 0000..=9999, so a loop over them is cheap enough and plainly right.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let mut days = 0;
    if year >= 1970 {
        for y in 1970..year {
            days += if is_leap(y) { 366 } else { 365 };
        }
    } else {
        for y in year..1970 {
            days -= if is_leap(y) { 366 } else { 365 };
        }
    }
    for m in 1..month {
        days += days_in_month(year, m);
    }
    days + day - 1
}

/// The UTC date of a unix day number (days since 1970-01-01) as `YYYY-MM-DD`.
pub fn day_text(day: i64) -> String {
    let mut year = 1970;
    let mut rest = day;
    loop {
        let len = if is_leap(year) { 366 } else { 365 };
        if rest < 0 {
            year -= 1;
            rest += if is_leap(year) { 366 } else { 365 };
        } else if rest >= len {
            rest -= len;
            year += 1;
        } else {
            break;
        }
    }
    let mut month = 1;
    while rest >= days_in_month(year, month) {
        rest -= days_in_month(year, month);
        month += 1;
    }
    format!("{year:04}-{month:02}-{:02}", rest + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times() {
        let t = |s: &str| parse_date_time(s).map(|p| (p.unix, p.fraction, p.zulu));
        assert_eq!(t("1970-01-01T00:00:00Z"), Some((0, false, true)));
        assert_eq!(
            t("2016-04-01T00:00:00Z"),
            Some((1_459_468_800, false, true))
        );
        assert_eq!(
            t("2016-04-01T23:59:59Z"),
            Some((1_459_555_199, false, true))
        );
        assert_eq!(
            t("2016-04-01T00:00:00.123Z"),
            Some((1_459_468_800, true, true))
        );
        assert_eq!(
            t("2016-04-01T02:00:00+02:00"),
            Some((1_459_468_800, false, false))
        );
        assert_eq!(
            t("2024-02-29t00:00:00z"),
            Some((1_709_164_800, false, true))
        );
        for bad in [
            "",
            "2016-04-01",
            "2016-04-01 00:00:00Z",
            "2016-04-31T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2016-04-01T24:00:00Z",
            "2016-04-01T00:00:00",
            "2016-04-01T00:00:00.Z",
            "2016-04-01T00:00:00+0200",
            "2016-04-01T00:00:00Zjunk",
            "２016-04-01T00:00:00Z",
        ] {
            assert_eq!(parse_date_time(bad), None, "{bad}");
        }
        assert_eq!(day_text(0), "1970-01-01");
        assert_eq!(day_text(1_459_468_800 / 86_400), "2016-04-01");
        assert_eq!(day_text(1_709_164_800 / 86_400), "2024-02-29");
        assert_eq!(day_text(-1), "1969-12-31");
    }
}
