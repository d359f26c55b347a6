//! The report and findings as pretty JSON.

use crate::finding::{worst, CheckId, Code, Finding, Provenance, Severity};
use crate::json::PrettyWriter;
use crate::pipeline::Request;
use crate::report::{Report, Verdict, Way};
use crate::wire::{write_text, ToJson};

// Written by the engine's own writer rather than with serde_json, which would bring its
// serialiser and the derived code of every type into the browser's download (3.4 KB gzipped).
// The structs are declared with `wire!`, which derives both `Serialize` and the writer from one
// field list; the output is serde_json's `to_string_pretty` of the derives, byte for byte
// (tests/export_json.rs compares the two). The enums are written here, one impl each.

pub(crate) fn report_json(report: &Report) -> String {
    write_text(report)
}

/// Findings as pretty JSON: `{"severity": <worst>, "findings": [<Finding>…]}`, with the field
/// names of [`Finding`]; the worst severity is `skip` when there is no finding.
pub fn findings_json(findings: &[Finding]) -> String {
    let mut w = PrettyWriter::default();
    w.begin_object();
    worst(findings).write_member(&mut w, "severity");
    findings.write_member(&mut w, "findings");
    w.end_object();
    w.finish()
}

/// By their names (`Serialize`'s `rename_all`, which the `as_str`s match).
macro_rules! by_name {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn write_json(&self, w: &mut PrettyWriter) {
                w.string(self.as_str());
            }

            fn write_member(&self, w: &mut PrettyWriter, key: &str) {
                w.string_member(key, self.as_str());
            }
        }
    )*};
}

by_name!(Severity, CheckId, Code, Verdict, Way);

/// Tagged inside the object (`#[serde(tag = "kind")]`): `{"kind": "dns", "resolver": …}`.
impl ToJson for Provenance {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.begin_object();
        match self {
            Provenance::Dns { resolver } => {
                w.string_member("kind", "dns");
                w.string_member("resolver", resolver);
            }
            Provenance::Fetched => w.string_member("kind", "fetched"),
            Provenance::Pasted => w.string_member("kind", "pasted"),
            Provenance::Probed => w.string_member("kind", "probed"),
            Provenance::Relayed { host } => {
                w.string_member("kind", "relayed");
                w.string_member("host", host);
            }
        }
        w.end_object();
    }
}

/// As its text (its `Serialize`).
impl ToJson for Request {
    fn write_json(&self, w: &mut PrettyWriter) {
        w.string(&self.to_string());
    }
}
