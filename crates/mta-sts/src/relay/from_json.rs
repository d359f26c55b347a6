//! Reading the relay's JSON answers ([`ProbeResponse`], [`ErrorResponse`]) with the engine's
//! own JSON reader, so that the browser carries no deserialiser. The relay writes them with
//! serde (`Serialize`); this reads exactly that form, as leniently as serde's derived reader
//! did: names it does not know are ignored, an `Option` field may be `null` or left out, and
//! the fields marked "may be left out" below take their default when absent (an older relay).
//! Everything else missing or of the wrong type makes the whole answer an error naming the
//! field: half an answer would let a check report on what the relay never saw.

use super::{
    CertificateFacts, ErrorResponse, MxProbe, MxProbes, PolicyProbe, ProbeError, ProbeResponse,
    Stage,
};
use crate::json::{self, Value};
use std::fmt;

impl ProbeResponse {
    /// Reads the relay's answer to a probe. The error names the field:
    /// "mx.hosts[0].preference: expected a whole number from 0 to 65535".
    pub fn from_json(text: &str) -> Result<ProbeResponse, ReadError> {
        read_text(text)
    }
}

impl ErrorResponse {
    /// Reads the relay's `{"error": "…"}`.
    pub fn from_json(text: &str) -> Result<ErrorResponse, ReadError> {
        read_text(text)
    }
}

/// Why a relay answer could not be read: where (`policy.certificate.name`, empty for the whole
/// text) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: String,
    pub message: String,
}

impl ReadError {
    fn new(message: impl Into<String>) -> ReadError {
        ReadError {
            path: String::new(),
            message: message.into(),
        }
    }

    /// The same error one level up: inside member `key` (or `[i]`).
    fn at(mut self, key: &str) -> ReadError {
        if !self.path.is_empty() && !self.path.starts_with('[') {
            self.path.insert(0, '.');
        }
        self.path.insert_str(0, key);
        self
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

fn read_text<T: FromJson>(text: &str) -> Result<T, ReadError> {
    let value = json::parse(text).map_err(|e| ReadError::new(e.to_string()))?;
    T::read(&value)
}

/// A part of a relay answer, read from its JSON value.
trait FromJson: Sized {
    fn read(value: &Value) -> Result<Self, ReadError>;
}

/// The members of an object, read by name.
struct Fields<'a>(&'a Value);

impl<'a> Fields<'a> {
    fn of(value: &'a Value) -> Result<Fields<'a>, ReadError> {
        match value {
            Value::Object(_) => Ok(Fields(value)),
            _ => Err(ReadError::new("expected an object")),
        }
    }

    /// A field the relay always writes.
    fn get<T: FromJson>(&self, key: &str) -> Result<T, ReadError> {
        match self.0.get(key) {
            None => Err(ReadError::new("missing").at(key)),
            Some(value) => T::read(value).map_err(|e| e.at(key)),
        }
    }

    /// An `Option` field, or one that may be left out: its default when absent.
    fn get_or_default<T: FromJson + Default>(&self, key: &str) -> Result<T, ReadError> {
        match self.0.get(key) {
            None => Ok(T::default()),
            Some(value) => T::read(value).map_err(|e| e.at(key)),
        }
    }
}

impl FromJson for String {
    fn read(value: &Value) -> Result<String, ReadError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(ReadError::new("expected text")),
        }
    }
}

impl FromJson for bool {
    fn read(value: &Value) -> Result<bool, ReadError> {
        match value {
            Value::Bool(b) => Ok(*b),
            _ => Err(ReadError::new("expected true or false")),
        }
    }
}

impl FromJson for i64 {
    fn read(value: &Value) -> Result<i64, ReadError> {
        value
            .as_i64()
            .ok_or_else(|| ReadError::new("expected a whole number"))
    }
}

/// Whole numbers from 0 to the type's largest, written without fraction or exponent.
macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn read(value: &Value) -> Result<$t, ReadError> {
                value
                    .as_u64()
                    .and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| {
                        ReadError::new(format!("expected a whole number from 0 to {}", <$t>::MAX))
                    })
            }
        }
    )*};
}

unsigned!(u16, u32, u64, usize);

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn read(value: &Value) -> Result<Option<T>, ReadError> {
        match value {
            Value::Null => Ok(None),
            _ => T::read(value).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(value: &Value) -> Result<Vec<T>, ReadError> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::read(item).map_err(|e| e.at(&format!("[{i}]"))))
                .collect(),
            _ => Err(ReadError::new("expected a list")),
        }
    }
}

impl FromJson for ProbeResponse {
    fn read(value: &Value) -> Result<ProbeResponse, ReadError> {
        let f = Fields::of(value)?;
        Ok(ProbeResponse {
            domain: f.get("domain")?,
            checked_at: f.get("checked_at")?,
            checked_at_unix: f.get("checked_at_unix")?,
            policy: f.get("policy")?,
            mx: f.get("mx")?,
        })
    }
}

/// The names serde writes (`rename_all = "kebab-case"`).
impl FromJson for Stage {
    fn read(value: &Value) -> Result<Stage, ReadError> {
        Ok(match value {
            Value::String(s) if s == "resolve" => Stage::Resolve,
            Value::String(s) if s == "refused" => Stage::Refused,
            Value::String(s) if s == "connect" => Stage::Connect,
            Value::String(s) if s == "tls" => Stage::Tls,
            Value::String(s) if s == "http" => Stage::Http,
            Value::String(s) if s == "smtp" => Stage::Smtp,
            _ => return Err(ReadError::new("expected a probe stage")),
        })
    }
}

/// `timed_out` may be left out.
impl FromJson for ProbeError {
    fn read(value: &Value) -> Result<ProbeError, ReadError> {
        let f = Fields::of(value)?;
        Ok(ProbeError {
            stage: f.get("stage")?,
            message: f.get("message")?,
            timed_out: f.get_or_default("timed_out")?,
        })
    }
}

/// `addresses` and `truncated` may be left out.
impl FromJson for PolicyProbe {
    fn read(value: &Value) -> Result<PolicyProbe, ReadError> {
        let f = Fields::of(value)?;
        Ok(PolicyProbe {
            url: f.get("url")?,
            addresses: f.get_or_default("addresses")?,
            status: f.get_or_default("status")?,
            location: f.get_or_default("location")?,
            content_type: f.get_or_default("content_type")?,
            body: f.get_or_default("body")?,
            truncated: f.get_or_default("truncated")?,
            size: f.get_or_default("size")?,
            elapsed_ms: f.get_or_default("elapsed_ms")?,
            certificate: f.get_or_default("certificate")?,
            error: f.get_or_default("error")?,
        })
    }
}

/// `chain_length` may be left out.
impl FromJson for CertificateFacts {
    fn read(value: &Value) -> Result<CertificateFacts, ReadError> {
        let f = Fields::of(value)?;
        Ok(CertificateFacts {
            name: f.get("name")?,
            subject: f.get("subject")?,
            dns_names: f.get("dns_names")?,
            issuer: f.get("issuer")?,
            not_before: f.get("not_before")?,
            not_before_unix: f.get("not_before_unix")?,
            not_after: f.get("not_after")?,
            not_after_unix: f.get("not_after_unix")?,
            verified: f.get("verified")?,
            verify_error: f.get_or_default("verify_error")?,
            valid_for_name: f.get("valid_for_name")?,
            chain_length: f.get_or_default("chain_length")?,
        })
    }
}

/// `null_mx`, `implicit` and `not_probed` may be left out.
impl FromJson for MxProbes {
    fn read(value: &Value) -> Result<MxProbes, ReadError> {
        let f = Fields::of(value)?;
        Ok(MxProbes {
            null_mx: f.get_or_default("null_mx")?,
            implicit: f.get_or_default("implicit")?,
            hosts: f.get("hosts")?,
            not_probed: f.get_or_default("not_probed")?,
            error: f.get_or_default("error")?,
        })
    }
}

/// `addresses` may be left out.
impl FromJson for MxProbe {
    fn read(value: &Value) -> Result<MxProbe, ReadError> {
        let f = Fields::of(value)?;
        Ok(MxProbe {
            host: f.get("host")?,
            preference: f.get("preference")?,
            addresses: f.get_or_default("addresses")?,
            address: f.get_or_default("address")?,
            banner: f.get_or_default("banner")?,
            ehlo: f.get_or_default("ehlo")?,
            starttls_offered: f.get_or_default("starttls_offered")?,
            tls_version: f.get_or_default("tls_version")?,
            cipher: f.get_or_default("cipher")?,
            certificate: f.get_or_default("certificate")?,
            error: f.get_or_default("error")?,
        })
    }
}

impl FromJson for ErrorResponse {
    fn read(value: &Value) -> Result<ErrorResponse, ReadError> {
        Ok(ErrorResponse {
            error: Fields::of(value)?.get("error")?,
        })
    }
}
