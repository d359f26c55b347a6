//! Settings kept in the browser (localStorage): which DoH resolver to ask first, the probe
//! relay, and whether the page remembers what it saw.

use mta_sts::doh::Provider;

const RESOLVER_KEY: &str = "mta-sts-checker.resolver";

/// The page's localStorage, when the browser gives one (settings and `crate::memory`).
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The resolver asked first; Google unless the person chose otherwise.
pub fn resolver() -> Provider {
    storage()
        .and_then(|s| s.get_item(RESOLVER_KEY).ok().flatten())
        .and_then(|id| Provider::from_id(&id))
        .unwrap_or(Provider::Google)
}

pub fn set_resolver(provider: Provider) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(RESOLVER_KEY, provider.id());
    }
}

const RELAY_KEY: &str = "mta-sts-checker.relay";

/// The probe relay to ask, if any: the person's choice, else the deployment's
/// (`MTA_STS_RELAY_URL` at build time). Off unless one of them names a relay. A stored empty
/// value means the person turned a deployment's relay off.
pub fn relay() -> Option<String> {
    match storage().and_then(|s| s.get_item(RELAY_KEY).ok().flatten()) {
        Some(stored) => {
            let url = stored.trim();
            valid_relay(url).then(|| url.to_string())
        }
        None => default_relay().map(str::to_string),
    }
}

/// The deployment's relay, if it was built with one.
pub fn default_relay() -> Option<&'static str> {
    option_env!("MTA_STS_RELAY_URL")
        .map(str::trim)
        .filter(|u| valid_relay(u))
}

pub fn set_relay(url: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(RELAY_KEY, url.trim());
    }
}

/// Only https relays: the page's CSP allows no other connections, and the relay's answers
/// must not be readable or changeable on the way.
pub fn valid_relay(url: &str) -> bool {
    url.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
}

const REMEMBER_KEY: &str = "mta-sts-checker.remember";

/// Whether the page remembers what it saw of each domain (`crate::memory`): on unless the
/// person turned it off.
pub fn remember() -> bool {
    storage()
        .and_then(|s| s.get_item(REMEMBER_KEY).ok().flatten())
        .is_none_or(|v| v != "off")
}

pub fn set_remember(on: bool) {
    if let Some(storage) = storage() {
        let _ = if on {
            storage.remove_item(REMEMBER_KEY)
        } else {
            storage.set_item(REMEMBER_KEY, "off")
        };
    }
}
