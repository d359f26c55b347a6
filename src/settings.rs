//! Settings kept in the browser (localStorage): which DoH resolver to ask first.

use mta_sts::doh::Provider;

const RESOLVER_KEY: &str = "mta-sts-checker.resolver";

fn storage() -> Option<web_sys::Storage> {
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
