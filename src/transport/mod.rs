//! The browser's side of the engine's two I/O traits: DNS over HTTPS and the policy fetch,
//! both through `fetch`, each request with a time limit and cancellable as a group.

mod dns;
mod http;
mod policy;
pub mod relay;

pub use dns::DohResolver;
pub use http::Cancel;
pub use policy::BrowserFetcher;

/// Milliseconds since the page's time origin (`performance.now()`), for the waterfall.
pub fn now_ms() -> u32 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now().max(0.0) as u32)
        .unwrap_or(0)
}
