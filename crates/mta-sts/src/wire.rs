//! The JSON wire types, each declared once. [`wire!`] takes a struct's declaration and
//! generates the struct itself (deriving serde's `Serialize`, which the relay service writes
//! its answers with), a reader ([`FromJson`], over [`crate::json::parse`]'s [`Value`]) and a
//! writer ([`ToJson`], into a [`PrettyWriter`], byte for byte what serde_json's pretty output
//! of the derive is): a field's name is written in one place, so the three cannot drift.
//!
//! ```ignore
//! wire! {
//!     /// Docs and derives pass through.
//!     #[derive(Debug, Clone, PartialEq, Eq)]
//!     pub struct Example: FromJson, ToJson {
//!         /// Required when read.
//!         pub name: String,
//!         /// An `Option` may be `null` or left out when read; written as `null` when `None`.
//!         pub size: Option<u64>,
//!         /// Takes its default when left out (an older writer did not have it).
//!         pub tags: Vec<String> = default,
//!         /// Left out when `None` (serde's `skip_serializing_if = "Option::is_none"`).
//!         pub note: Option<String> = skip_if_none,
//!         /// Named otherwise on the wire (serde's `rename`).
//!         pub request as "what": String,
//!     }
//! }
//! ```
//!
//! The struct implements the traits listed after its name: `FromJson` for what the engine
//! reads (the relay's answers), `ToJson` for what it writes (the export). Leaf types (text,
//! whole numbers, `bool`, `Option`, `Vec`) implement them here; enums implement them by hand,
//! one impl each. How leniently a struct is read is serde's derived reader's rule: names it
//! does not know are ignored, the last of a repeated name counts, and anything missing or of
//! the wrong type is an error naming where ([`ReadError`]).

use crate::json::{self, PrettyWriter, Value};
use std::fmt;

/// Declares a wire struct: see the module's documentation.
macro_rules! wire {
    (
        $(#[$meta:meta])*
        pub struct $name:ident: $($trait:ident),+ { $($body:tt)* }
    ) => {
        $crate::wire::wire!(@struct [$(#[$meta])* pub struct $name] [] $($body)*);
        $crate::wire::wire!(@impls $name [$($trait)+] { $($body)* });
    };

    // The struct, one field at a time, each with its serde attributes.
    (@struct [$($head:tt)*] [$($done:tt)*]) => {
        #[derive(::serde::Serialize)]
        $($head)* { $($done)* }
    };
    (@struct $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* pub $field:ident $(as $wire:literal)?: $ty:ty = skip_if_none
        $(, $($rest:tt)*)?
    ) => {
        $crate::wire::wire!(@struct $head [$($done)*
            $(#[$fmeta])*
            #[serde(skip_serializing_if = "Option::is_none")]
            $(#[serde(rename = $wire)])?
            pub $field: $ty,
        ] $($($rest)*)?);
    };
    (@struct $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* pub $field:ident $(as $wire:literal)?: $ty:ty $(= $mode:ident)?
        $(, $($rest:tt)*)?
    ) => {
        $crate::wire::wire!(@struct $head [$($done)*
            $(#[$fmeta])*
            $(#[serde(rename = $wire)])?
            pub $field: $ty,
        ] $($($rest)*)?);
    };

    // The traits, one at a time.
    (@impls $name:ident [] $body:tt) => {};
    (@impls $name:ident [$first:ident $($rest:ident)*] $body:tt) => {
        $crate::wire::wire!(@impl $first $name $body);
        $crate::wire::wire!(@impls $name [$($rest)*] $body);
    };

    (@impl FromJson $name:ident {
        $($(#[$fmeta:meta])* pub $field:ident $(as $wire:literal)?: $ty:ty $(= $mode:ident)?),*
        $(,)?
    }) => {
        impl $crate::wire::FromJson for $name {
            fn from_value(
                value: &$crate::json::Value,
            ) -> ::std::result::Result<$name, $crate::wire::ReadError> {
                let fields = $crate::wire::Fields::of(value)?;
                Ok($name {
                    $($field: $crate::wire::wire!(
                        @read fields, $crate::wire::wire!(@key $field $($wire)?), $($mode)?
                    ),)*
                })
            }
        }
    };
    (@impl ToJson $name:ident {
        $($(#[$fmeta:meta])* pub $field:ident $(as $wire:literal)?: $ty:ty $(= $mode:ident)?),*
        $(,)?
    }) => {
        impl $crate::wire::ToJson for $name {
            fn write_json(&self, w: &mut $crate::json::PrettyWriter) {
                w.begin_object();
                $($crate::wire::wire!(
                    @write w, &self.$field, $crate::wire::wire!(@key $field $($wire)?), $($mode)?
                );)*
                w.end_object();
            }
        }
    };

    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $wire:literal) => { $wire };

    (@read $fields:ident, $key:expr, default) => { $fields.get_or_default($key)? };
    (@read $fields:ident, $key:expr, $(skip_if_none)?) => { $fields.get($key)? };

    (@write $w:ident, $value:expr, $key:expr, skip_if_none) => {
        if let Some(value) = $value {
            $crate::wire::ToJson::write_member(value, $w, $key);
        }
    };
    (@write $w:ident, $value:expr, $key:expr, $(default)?) => {
        $crate::wire::ToJson::write_member($value, $w, $key);
    };
}

pub(crate) use wire;

/// A value read from JSON.
pub(crate) trait FromJson: Sized {
    fn from_value(value: &Value) -> Result<Self, ReadError>;

    /// What a member left out of an object reads as: an error, but `None` for an `Option`
    /// (as serde's derived reader has it).
    fn missing() -> Result<Self, ReadError> {
        Err(ReadError::new("missing"))
    }
}

/// A value written as JSON.
pub(crate) trait ToJson {
    fn write_json(&self, w: &mut PrettyWriter);

    /// The value as the member `key` of the open object.
    fn write_member(&self, w: &mut PrettyWriter, key: &str) {
        w.key(key);
        self.write_json(w);
    }
}

/// Parses `text` and reads it as a `T`.
pub(crate) fn read_text<T: FromJson>(text: &str) -> Result<T, ReadError> {
    let value = json::parse(text).map_err(|e| ReadError::new(e.to_string()))?;
    T::from_value(&value)
}

/// Writes `value` as pretty JSON.
pub(crate) fn write_text<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = PrettyWriter::default();
    value.write_json(&mut w);
    w.finish()
}

/// Why a JSON answer could not be read: where (`policy.certificate.name`, empty for the whole
/// text) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: String,
    pub message: String,
}

impl ReadError {
    pub(crate) fn new(message: impl Into<String>) -> ReadError {
        ReadError {
            path: String::new(),
            message: message.into(),
        }
    }

    /// The same error one level up: inside member `key` (or `[i]`). Out of line: it is
    /// called from every reader's instance, one per type read.
    #[inline(never)]
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

/// The members of an object, read by name (for [`wire!`]).
pub(crate) struct Fields<'a>(&'a Value);

impl<'a> Fields<'a> {
    pub(crate) fn of(value: &'a Value) -> Result<Fields<'a>, ReadError> {
        match value {
            Value::Object(_) => Ok(Fields(value)),
            _ => Err(ReadError::new("expected an object")),
        }
    }

    /// A member, or [`FromJson::missing`] when there is none.
    pub(crate) fn get<T: FromJson>(&self, key: &str) -> Result<T, ReadError> {
        match self.0.get(key) {
            None => T::missing(),
            Some(value) => T::from_value(value),
        }
        .map_err(|e| e.at(key))
    }

    /// A member that may be left out: its default when absent.
    pub(crate) fn get_or_default<T: FromJson + Default>(&self, key: &str) -> Result<T, ReadError> {
        match self.0.get(key) {
            None => Ok(T::default()),
            Some(value) => T::from_value(value).map_err(|e| e.at(key)),
        }
    }
}

impl FromJson for String {
    fn from_value(value: &Value) -> Result<String, ReadError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(ReadError::new("expected text")),
        }
    }
}

impl FromJson for bool {
    fn from_value(value: &Value) -> Result<bool, ReadError> {
        match value {
            Value::Bool(b) => Ok(*b),
            _ => Err(ReadError::new("expected true or false")),
        }
    }
}

impl FromJson for i64 {
    fn from_value(value: &Value) -> Result<i64, ReadError> {
        value
            .as_i64()
            .ok_or_else(|| ReadError::new("expected a whole number"))
    }
}

/// Whole numbers from 0 to the type's largest, written without fraction or exponent.
macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_value(value: &Value) -> Result<$t, ReadError> {
                value
                    .as_u64()
                    .and_then(|n| <$t>::try_from(n).ok())
                    .ok_or_else(|| {
                        ReadError::new(format!("expected a whole number from 0 to {}", <$t>::MAX))
                    })
            }
        }

        impl ToJson for $t {
            fn write_json(&self, w: &mut PrettyWriter) {
                w.number(*self as u64);
            }

            fn write_member(&self, w: &mut PrettyWriter, key: &str) {
                w.number_member(key, *self as u64);
            }
        }
    )*};
}

unsigned!(u16, u32, u64, usize);

/// `null` is `None`, and so is a member left out.
impl<T: FromJson> FromJson for Option<T> {
    fn from_value(value: &Value) -> Result<Option<T>, ReadError> {
        match value {
            Value::Null => Ok(None),
            _ => T::from_value(value).map(Some),
        }
    }

    fn missing() -> Result<Option<T>, ReadError> {
        Ok(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_value(value: &Value) -> Result<Vec<T>, ReadError> {
        match value {
            // A loop, not `collect` into a `Result`: that brings an iterator adapter per type.
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(T::from_value(item).map_err(|e| at_item(e, i))?);
                }
                Ok(out)
            }
            _ => Err(ReadError::new("expected a list")),
        }
    }
}

/// `e` one level up, inside item `i` of a list.
#[inline(never)]
fn at_item(e: ReadError, i: usize) -> ReadError {
    e.at(&format!("[{i}]"))
}

impl ToJson for str {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.string(self);
    }

    fn write_member(&self, w: &mut PrettyWriter, key: &str) {
        w.string_member(key, self);
    }
}

impl ToJson for i64 {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.signed(*self);
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.bool(*self);
    }
}

/// `None` is `null`.
impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut PrettyWriter) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.begin_array();
        for item in self {
            w.item();
            item.write_json(w);
        }
        w.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut PrettyWriter) {
        self.as_slice().write_json(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    wire! {
        /// Every kind of field.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Sample: FromJson, ToJson {
            pub name: String,
            pub size: Option<u64>,
            pub tags: Vec<String> = default,
            pub flag: bool = default,
            pub note: Option<String> = skip_if_none,
            pub request as "what": u16,
        }
    }

    fn sample() -> Sample {
        Sample {
            name: "a\"b".into(),
            size: None,
            tags: vec!["x".into(), "y".into()],
            flag: true,
            note: Some("n".into()),
            request: 7,
        }
    }

    #[test]
    fn writes_what_serde_json_writes_and_reads_it_back() {
        for s in [
            sample(),
            Sample {
                note: None,
                size: Some(u64::MAX),
                tags: vec![],
                ..sample()
            },
        ] {
            let text = write_text(&s);
            assert_eq!(text, serde_json::to_string_pretty(&s).unwrap());
            assert_eq!(read_text::<Sample>(&text), Ok(s));
        }
        assert!(write_text(&sample()).contains("\"what\": 7"));
    }

    #[test]
    fn each_kind_of_field_is_read_by_its_rule() {
        let read = |text: &str| read_text::<Sample>(text).map_err(|e| e.to_string());
        // Left out: an `Option` is `None`, a `default` field its default.
        assert_eq!(
            read(r#"{"name": "a\"b", "what": 7}"#),
            Ok(Sample {
                tags: vec![],
                flag: false,
                note: None,
                ..sample()
            })
        );
        // Everything else is required, by its name on the wire.
        assert_eq!(read(r#"{"what": 7}"#), Err("name: missing".into()));
        assert_eq!(
            read(r#"{"name": "", "request": 7}"#),
            Err("what: missing".into())
        );
        assert_eq!(
            read(r#"{"name": "", "what": 7, "tags": null}"#),
            Err("tags: expected a list".into())
        );
        assert_eq!(
            read(r#"{"name": "", "what": 7, "tags": ["", 1]}"#),
            Err("tags[1]: expected text".into())
        );
        assert_eq!(read("[]"), Err("expected an object".into()));
    }
}
