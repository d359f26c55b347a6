//! The header and footer both pages share.

use leptos::prelude::*;

#[component]
pub fn SiteHeader(
    /// The checker page, relative to this page.
    home: &'static str,
) -> impl IntoView {
    // The pages are the site's root and its sub-directories: a static text, no formatting.
    let reports = if home == "./" {
        "reports/"
    } else {
        "../reports/"
    };
    view! {
        <header class="site">
            <h1><a href=home>"MTA-STS checker"</a></h1>
            <p class="tagline">
                "Checks a domain's MTA-STS and TLS-RPT set-up, in your browser."
            </p>
            <nav class="site" aria-label="Pages">
                <a href=reports>"TLS-RPT reports"</a>
            </nav>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site">
            <p>
                "Everything runs in this page: DNS questions go to the chosen DNS-over-HTTPS "
                "resolver, and the policy is fetched from the domain's own policy host. "
                "No server of ours sees which domain you check."
            </p>
        </footer>
    }
}
