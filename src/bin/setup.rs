//! The set-up assistant's page, `setup/?domain=<domain>`: a binary of its own, so that the
//! checker page's bundle does not carry the assistant.

use leptos::prelude::*;
use mta_sts_checker::view::{SetupView, SiteFooter, SiteHeader};
use mta_sts_checker::{history, input};

fn main() {
    mta_sts_checker::start(SetupPage);
}

#[component]
fn SetupPage() -> impl IntoView {
    // The parameter is untrusted input like the checker's form: it goes through the same
    // validation, and an unusable one starts nothing.
    let domain = match history::domain_param() {
        None => Err("Which domain? Check it on the checker first: every report links here.".into()),
        Some(raw) => input::domain_from_input(&raw, input::to_ascii),
    };
    view! {
        <SiteHeader home="../"/>
        <main>
            {match domain {
                Ok(domain) => view! { <SetupView domain=domain/> }.into_any(),
                Err(reason) => view! {
                    <p class="input-error" data-input-error="" role="alert">{reason}</p>
                    <p><a href="../">"Back to the checker"</a></p>
                }
                .into_any(),
            }}
        </main>
        <SiteFooter/>
    }
}
