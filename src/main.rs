//! The checker page: the form, the settings and the report of the domain in the address bar.

mod app;

use mta_sts_checker::history;

fn main() {
    // The set-up assistant was `?setup=<domain>` on this page; it is its own page now, so that
    // this one does not ship it. Links shared before still work: they are forwarded.
    if history::setup_param().is_some_and(|domain| history::forward_to_setup(&domain)) {
        return;
    }
    // The static page's settings, replaced by the app's: opened before, open after.
    let settings_open = mta_sts_checker::page::element::<web_sys::Element>("#app details.settings")
        .is_some_and(|d| d.has_attribute("open"));
    mta_sts_checker::start(move || leptos::view! { <app::App settings_open=settings_open/> });
}
