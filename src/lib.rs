//! The MTA-STS checker's web app: wires the browser into the engine and renders its report.
//! Protocol decisions are the engine's (`crates/mta-sts`); this crate only does I/O and views.
//!
//! The site has two pages, each a binary with its own WebAssembly bundle: the checker
//! (`src/main.rs`) and the set-up assistant (`src/bin/setup.rs`). This library holds what they
//! share; a bundle keeps only the code its page reaches, so the checker does not ship the
//! assistant, nor the assistant the report.

pub mod check;
pub mod history;
pub mod input;
pub mod memory;
pub mod page;
pub mod panic;
pub mod settings;
pub mod transport;
pub mod view;

use leptos::prelude::IntoView;

/// Starts a page: the crash notice first, then the page's view in the element `#app` of the
/// static page (see index.html), in place of its placeholders. Clearing them and rendering
/// happen in the same task, so no frame shows the page without either.
pub fn start<F, N>(page: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    panic::install_hook();
    if let Some(container) = page::element::<web_sys::HtmlElement>("#app") {
        container.set_text_content(None);
        leptos::mount::mount_to(container, page).forget();
    }
    ready();
}

/// The page is on screen and answers input: the page-load benchmark measures to here.
pub fn ready() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("mta-sts:ready");
    }
}
