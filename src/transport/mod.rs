//! The browser's side of the engine's two I/O traits: DNS over HTTPS and the policy fetch,
//! both through `fetch`, each request with a time limit and cancellable as a group.

mod dns;
mod http;
mod policy;
pub mod relay;

pub use dns::DohResolver;
pub use http::Cancel;
pub use policy::BrowserFetcher;

/// Seconds since 1970 from the browser's clock. `as` saturates: a clock before 1970 (or NaN)
/// gives 0.
pub fn now_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Milliseconds since the page's time origin (`performance.now()`), for the waterfall.
pub fn now_ms() -> u32 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now().max(0.0) as u32)
        .unwrap_or(0)
}
