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

/// Puts `?domain=<domain>` into the address bar as a new history entry, unless it is there
/// already (re-checking the same domain should not add an entry).
pub fn push_domain(domain: &str) {
    if domain_param().as_deref() == Some(domain) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return;
    };
    params.append("domain", domain);
    // A relative URL keeps the path, so the app works under any sub-path (GitHub Pages).
    let url = format!("?{}", String::from(params.to_string()));
    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
}

/// Replaces this page with the set-up assistant's page for `domain`, which validates it like
/// any input; without a history entry, so that back does not forward again. False when the
/// browser refused.
pub fn forward_to_setup(domain: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return false;
    };
    params.append("domain", domain);
    // Relative to this page, like `push_domain`: the assistant is the `setup/` beside it.
    let url = format!("setup/?{}", String::from(params.to_string()));
    window.location().replace(&url).is_ok()
}
