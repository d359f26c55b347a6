//! The set-up assistant's page, `setup/?domain=<domain>`: a binary of its own, so that the
//! checker page's bundle does not carry the assistant.

use leptos::prelude::*;
use mta_sts_checker::view::SetupView;
use mta_sts_checker::{history, input, page};

fn main() {
    // The parameter is untrusted input like the checker's form: it goes through the same
    // validation, and an unusable one starts nothing.
    let param = history::domain_param();
    match param
        .as_deref()
        .map(|raw| input::domain_from_input(raw, input::to_ascii))
    {
        Some(Ok(domain)) => {
            page::hide_intro(true);
            mta_sts_checker::start(move || view! { <SetupView domain=domain/> });
        }
        // Without a usable domain the static page's form (setup.html) asks for one: a plain
        // GET of this page, so it needs no code. src/early.js put the parameter into it.
        unusable => {
            mta_sts_checker::panic::install_hook();
            if let Some(early) = page::element::<web_sys::Element>("[data-early]") {
                early.remove();
            }
            page::hide_intro(false);
            if let Some(Err(reason)) = unusable {
                page::show_input_error(Some(&reason));
            }
            mta_sts_checker::ready();
        }
    }
}
