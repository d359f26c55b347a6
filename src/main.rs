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
}
