//! Decoding the JSON both providers answer with into a [`DnsAnswer`].
//!
//! How tolerant: strict on the fields the checker reads, indifferent to the rest. `Status`
//! must be a whole number 0..=65535; `AD`, when present, a boolean (absent counts as not
//! validated); `Answer`, when present, a list of objects each with a string `name`, a whole
//! `type` 0..=65535, a whole `TTL` 0..=4294967295 and a string `data`. A record of a type the
//! checker does not know is kept (its `rtype` number says what it is). Anything else
//! (`Question`, `Authority`, `Comment`, `TC`, unknown keys) is ignored. A missing or
//! wrong-shaped field the checker reads makes the whole answer a [`DohError`]: half an answer
//! would let a check report on records that were never seen.

use super::txt::txt_strings;
use super::DohError;
use crate::json::{self, Value};
use crate::lookup::{DnsAnswer, DnsRecord, Rcode, RecordData, RecordType};

/// Decodes one DoH JSON body. `provider_name` goes into `DnsAnswer::resolver`; `asked_name`,
/// `rtype` and `checking_disabled` describe the question (the JSON's `Question` is not
/// trusted to). Record names are kept as the resolver wrote them (with the trailing dot); TXT
/// data is decoded from the quoted or the joined form (see [`txt_strings`]), MX data into
/// preference and exchange, TLSA data into its fields (each verbatim when it does not read
/// so); CNAME and address data are
/// kept verbatim.
pub fn decode_answer(
    json: &str,
    provider_name: &str,
    asked_name: &str,
    rtype: RecordType,
    checking_disabled: bool,
) -> Result<DnsAnswer, DohError> {
    if json.trim().is_empty() {
        return Err(DohError::new("the answer is empty"));
    }
    let message = json::parse(json)
        .map_err(|e| DohError::new(format!("the answer is not DNS JSON ({e})")))?;
    if !matches!(message, Value::Object(_)) {
        return Err(DohError::new(
            "the answer is JSON but not an object with a Status",
        ));
    }

    let status = match message.get("Status") {
        None => return Err(DohError::new("the answer has no Status")),
        Some(v) => u16_field(v).ok_or_else(|| {
            DohError::new(format!(
                "the answer's Status is not a DNS response code: {}",
                short(v)
            ))
        })?,
    };
    let authenticated = match message.get("AD") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(ad)) => *ad,
        Some(v) => {
            return Err(DohError::new(format!(
                "the answer's AD flag is not true or false: {}",
                short(v)
            )))
        }
    };
    let records = match message.get("Answer") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => {
            // A loop, not `collect` into a `Result`: one iterator adapter less in the page.
            let mut records = Vec::with_capacity(list.len());
            for (i, rr) in list.iter().enumerate() {
                records.push(record(i + 1, rr)?);
            }
            records
        }
        Some(v) => {
            return Err(DohError::new(format!(
                "the answer's Answer section is not a list: {}",
                short(v)
            )))
        }
    };

    Ok(DnsAnswer {
        name: asked_name.to_string(),
        rtype,
        rcode: Rcode::from_code(status),
        authenticated,
        records,
        resolver: provider_name.to_string(),
        checking_disabled,
    })
}

/// One entry of `Answer`; `n` is its 1-based position, for the message.
fn record(n: usize, rr: &Value) -> Result<DnsRecord, DohError> {
    if !matches!(rr, Value::Object(_)) {
        return Err(DohError::new(format!(
            "Answer record {n} is not an object: {}",
            short(rr)
        )));
    }
    let name = string_field(rr, "name", n)?;
    let rtype = number_field(rr, "type", n, u16_field)?;
    let ttl = number_field(rr, "TTL", n, |v| {
        v.as_u64().and_then(|t| u32::try_from(t).ok())
    })?;
    let data = string_field(rr, "data", n)?;
    let data = if rtype == RecordType::Txt.code() {
        RecordData::txt(txt_strings(&data))
    } else {
        RecordData::from_text(rtype, data)
    };
    Ok(DnsRecord {
        name,
        rtype,
        ttl,
        data,
    })
}

fn string_field(rr: &Value, key: &str, n: usize) -> Result<String, DohError> {
    match rr.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        None => Err(DohError::new(format!("Answer record {n} has no {key}"))),
        Some(v) => Err(DohError::new(format!(
            "Answer record {n} has a {key} that is not text: {}",
            short(v)
        ))),
    }
}

fn number_field<T>(
    rr: &Value,
    key: &str,
    n: usize,
    read: impl Fn(&Value) -> Option<T>,
) -> Result<T, DohError> {
    match rr.get(key) {
        None => Err(DohError::new(format!("Answer record {n} has no {key}"))),
        Some(v) => read(v).ok_or_else(|| {
            DohError::new(format!(
                "Answer record {n} has a {key} that is not a valid number: {}",
                short(v)
            ))
        }),
    }
}

/// A whole number 0..=65535 (JSON numbers only: `"0"` is not a number).
fn u16_field(value: &Value) -> Option<u16> {
    value.as_u64().and_then(|n| u16::try_from(n).ok())
}

/// A JSON value for a message, cut to a readable length on a character boundary.
fn short(value: &Value) -> String {
    const MAX_CHARS: usize = 60;
    let text = value.to_string();
    if text.chars().count() <= MAX_CHARS {
        text
    } else {
        let cut: String = text.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    }
}
