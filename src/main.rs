//! The MTA-STS checker's web app: wires the browser into the engine and renders its report.

mod app;
mod history;
mod input;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
