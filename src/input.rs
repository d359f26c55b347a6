//! What a person typed, turned into the domain to check: the engine's reading
//! ([`domain_from_input`]), with the browser's IDNA.

pub use mta_sts::input::domain_from_input;

/// The browser's IDNA, for `domain_from_input`: `new URL("http://<host>/").hostname` is the
/// A-label form.
pub fn to_ascii(host: &str) -> Option<String> {
    web_sys::Url::new(&format!("http://{host}/"))
        .ok()
        .map(|url| url.hostname())
}
