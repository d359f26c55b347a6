//! The guidance beside the texts: the one-label rule, serving the policy (GitHub Pages,
//! Cloudflare, nginx, Apache) and the roll-out runbook of RFC 8461 §8. Static text, with the
//! domain and the generated policy filled into every snippet.

use leptos::prelude::*;
use mta_sts::setup::{snippets, SetupTexts};

use super::super::CopyButton;

/// The one-label rule, with the two layouts that trip people up.
#[component]
pub(super) fn OneLabel() -> impl IntoView {
    view! {
        <section class="one-label">
            <h3>"One wildcard, one label"</h3>
            <p>
                "In an " <code>"mx"</code> " line, " <code>"*."</code>
                " stands for exactly one whole label (RFC 8461 §4.1): "
                <code>"*.example.net"</code> " covers " <code>"mx1.example.net"</code>
                ", but neither " <code>"example.net"</code> " itself nor "
                <code>"a.mx1.example.net"</code> "."
            </p>
            <ul>
                <li>
                    <strong>"Google Workspace. "</strong>
                    <code>"aspmx.l.google.com"</code> " and " <code>"*.aspmx.l.google.com"</code>
                    " together cover " <code>"aspmx.l.google.com"</code> " and its backups "
                    <code>"alt1.aspmx.l.google.com"</code> " to "
                    <code>"alt4.aspmx.l.google.com"</code> ". " <code>"*.google.com"</code>
                    " covers none of them: they are two and three labels below "
                    <code>"google.com"</code> "."
                </li>
                <li>
                    <strong>"Microsoft 365. "</strong>
                    <code>"tenant-com.mail.protection.outlook.com"</code> " is covered by its own "
                    "name or by " <code>"*.mail.protection.outlook.com"</code>
                    ". Exchange Online's newer MX hosts look like "
                    <code>"tenant-com.p-v1.mx.microsoft"</code> ": " <code>"*.mx.microsoft"</code>
                    " does not cover them (two labels), and " <code>"*.mail.protection.outlook.com"</code>
                    " does not either. Name the host, or use " <code>"*.p-v1.mx.microsoft"</code>
                    " only when that really covers your hosts."
                </li>
            </ul>
            <p>
                "A wildcard over your own domain, such as " <code>"*.example.com"</code>
                " for example.com, lets any of your hosts with a valid certificate count as "
                "an MX (RFC 8461 §10.4), so the assistant names your own hosts one by one."
            </p>
        </section>
    }
}

/// How to serve the policy, with snippets filled in for the domain and the policy above.
#[component]
pub(super) fn Hosting(texts: Memo<Option<SetupTexts>>, domain: String) -> impl IntoView {
    let host = format!("mta-sts.{domain}");
    let policy = Signal::derive(move || {
        texts.with(|t| t.as_ref().map(|t| t.policy.clone()).unwrap_or_default())
    });
    let (d1, d2, d3, d4, d5) = (
        domain.clone(),
        domain.clone(),
        domain.clone(),
        domain.clone(),
        domain.clone(),
    );
    let github_files = Signal::derive(move || snippets::github_files(&d1, &policy.get()));
    let worker = Signal::derive(move || snippets::worker(&d2, &policy.get()));
    let server_file = Signal::derive(move || snippets::server_file(&d3, &policy.get()));
    let pages_files = Signal::derive(move || snippets::pages_files(&d4, &policy.get()));
    let curl = snippets::curl(&d5);
    view! {
        <section class="hosting" id="setup-hosting">
            <h3>"Serving the policy"</h3>
            <p>
                "Senders fetch " <code>{format!("https://{host}/.well-known/mta-sts.txt")}</code>
                " and use the policy only if the answer has status 200 (a redirect is not "
                "followed), comes with a certificate valid for " <code>{host.clone()}</code>
                ", and should be " <code>"text/plain"</code> ". Any static web host will do."
            </p>
            <details>
                <summary>"GitHub Pages"</summary>
                <ol>
                    <li>"Create a repository (any name) holding the policy as "
                        <code>".well-known/mta-sts.txt"</code> ", a " <code>"CNAME"</code>
                        " file with " <code>{host.clone()}</code> ", and an empty "
                        <code>".nojekyll"</code> " file, so that Jekyll publishes the "
                        <code>".well-known"</code> " folder as it is:"</li>
                </ol>
                <Snippet text=github_files label="Copy the commands"/>
                <ol start="2">
                    <li>"Point the name at GitHub, where " <code>"<user>"</code>
                        " is your GitHub user or organisation:"</li>
                </ol>
                <Snippet text=snippets::github_dns(&domain) label="Copy the DNS record"/>
                <ol start="3">
                    <li>"In the repository's Settings, Pages: deploy from the branch, set the "
                        "custom domain to " <code>{host.clone()}</code> ", wait for the "
                        "certificate, then tick " <em>"Enforce HTTPS"</em>
                        ". Verifying the domain in your GitHub settings keeps others from "
                        "claiming it. Pages serves " <code>".txt"</code> " files as "
                        <code>"text/plain"</code> "."</li>
                </ol>
            </details>
            <details>
                <summary>"Cloudflare"</summary>
                <p>
                    <strong>"Pages: "</strong> "upload a folder (or connect the repository "
                    "above) holding " <code>".well-known/mta-sts.txt"</code> " and a "
                    <code>"_headers"</code> " file that fixes the content type, then add "
                    <code>{host.clone()}</code> " under Custom domains; Cloudflare creates the "
                    "DNS record and the certificate."
                </p>
                <Snippet text=pages_files label="Copy the commands"/>
                <p>
                    <strong>"Workers: "</strong> "a Worker that answers the policy itself, "
                    "with " <code>{host.clone()}</code> " added as its custom domain (Settings, "
                    "Domains & Routes); the zone must be on Cloudflare."
                </p>
                <Snippet text=worker label="Copy the Worker"/>
            </details>
            <details>
                <summary>"Your own server: nginx or Apache"</summary>
                <p>"Put the policy in place, point " <code>{host.clone()}</code>
                    " (A and AAAA) at the server, and get a certificate for that name, for "
                    "example from Let's Encrypt:"</p>
                <Snippet text=server_file label="Copy the commands"/>
                <p><strong>"nginx"</strong> ": no " <code>"return"</code> " or "
                    <code>"rewrite"</code> " at server level, which would redirect the policy too."</p>
                <Snippet text=snippets::nginx(&domain) label="Copy the nginx configuration"/>
                <p><strong>"Apache"</strong> ": no " <code>"Redirect"</code> " or "
                    <code>"RewriteRule"</code> " that reaches this path."</p>
                <Snippet text=snippets::apache(&domain) label="Copy the Apache configuration"/>
            </details>
            <p>"Then check the answer: the first line must say " <code>"200"</code>
                ", the headers " <code>"content-type: text/plain"</code>
                " and no " <code>"location"</code> ", and the body must be the policy."</p>
            <Snippet text=curl label="Copy the command"/>
        </section>
    }
}

#[component]
fn Snippet(#[prop(into)] text: Signal<String>, label: &'static str) -> impl IntoView {
    view! {
        <div class="snippet">
            <pre>{move || text.get()}</pre>
            <CopyButton text=text label=label/>
        </div>
    }
}

/// RFC 8461 §8 and the UK NCSC's and Google's advice, in the order of a roll-out.
#[component]
pub(super) fn Runbook(domain: String, report_link: String) -> impl IntoView {
    view! {
        <section class="runbook">
            <h3>"Rolling out, changing and removing MTA-STS"</h3>
            <ol>
                <li>"Publish the TLS-RPT record first, and check that reports arrive (daily, "
                    "from the large mail providers). RFC 8461 §6 and the UK NCSC recommend it."</li>
                <li>"Serve the policy in testing mode, then publish the MTA-STS record. "
                    <a href=report_link>"Check " {domain.clone()}</a>
                    " to see both as senders will."</li>
                <li>"Read the reports for a couple of weeks (Google's and the UK NCSC's "
                    "advice) and fix every failure: an MX host the policy does not cover, a "
                    "certificate that does not match the MX host name or has expired."</li>
                <li>"Switch to enforce, with a max_age of weeks: publish the new policy "
                    "first, then change the id in the " <code>{format!("_mta-sts.{domain}")}</code>
                    " record (RFC 8461 §8.1). Senders that see a new id fetch the policy "
                    "again; changing the id first would let them keep the old policy under "
                    "the new id."</li>
                <li>"Changing mail servers: add the new MX hosts to the policy (publish, new "
                    "id) before you change the MX records, and remove the old ones only after."</li>
                <li>"Removing MTA-STS (RFC 8461 §8.3): publish the policy with "
                    <code>"mode: none"</code> " and a short max_age such as 1 day, change the "
                    "id, then wait until the longest max_age you ever published has passed. "
                    "Only then remove the TXT record and the policy host. Deleting the TXT "
                    "record alone switches nothing off: senders keep the policy they cached "
                    "until its max_age runs out."</li>
            </ol>
        </section>
    }
}
