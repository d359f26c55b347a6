//! The MTA-STS checker's web app: wires the browser into the engine and renders its report.
//! Protocol decisions are the engine's (`crates/mta-sts`); this crate only does I/O and views.

mod app;
mod check;
mod history;
mod input;
mod panic;
mod settings;
mod transport;
mod view;

fn main() {
    panic::install_hook();
    leptos::mount::mount_to_body(app::App);
    // The form is on the page and answers input: the page-load benchmark measures to here.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("mta-sts:ready");
    }
}
