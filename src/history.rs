//! The address bar: `?domain=` is the state of the page, so every report has a link.

use wasm_bindgen::JsValue;

/// The `domain` query parameter of the current address, if any.
pub fn domain_param() -> Option<String> {
    param("domain")
}

/// The `setup` query parameter: the set-up assistant's address before it had a page of its own.
pub fn setup_param() -> Option<String> {
    param("setup")
}

fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name).filter(|d| !d.is_empty())
}

/// `<page>?domain=<domain>`, the domain percent-encoded. Relative, so that it keeps the path
/// and the site works under any sub-path (GitHub Pages).
fn domain_url(page: &str, domain: &str) -> Option<String> {
    let params = web_sys::UrlSearchParams::new().ok()?;
    params.append("domain", domain);
    Some(format!("{page}?{}", String::from(params.to_string())))
}

/// Puts `?domain=<domain>` into the address bar as a new history entry, unless it is there
/// already (re-checking the same domain should not add an entry).
pub fn push_domain(domain: &str) {
    if domain_param().as_deref() == Some(domain) {
        return;
    }
    let history = web_sys::window().and_then(|w| w.history().ok());
    if let (Some(history), Some(url)) = (history, domain_url("", domain)) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Replaces this page with the set-up assistant's page for `domain`, which validates it like
/// any input; without a history entry, so that back does not forward again. False when the
/// browser refused.
pub fn forward_to_setup(domain: &str) -> bool {
    // The assistant is the `setup/` beside this page.
    match (web_sys::window(), domain_url("setup/", domain)) {
        (Some(window), Some(url)) => window.location().replace(&url).is_ok(),
        _ => false,
    }
}
