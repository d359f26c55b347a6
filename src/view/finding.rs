//! One finding: severity as icon, word and colour, the title, and when opened the detail,
//! evidence, fix and reference. All text from outside is rendered as text, never as markup.

use leptos::prelude::*;
use mta_sts::{Finding, Severity};

use super::text::rich;
use super::CopyButton;

/// Icon and word: a severity is never shown by colour alone.
pub fn badge(severity: Severity) -> (&'static str, &'static str) {
    (severity.icon(), severity.as_str())
}

/// The badge. A plain function, not a component: smaller wasm.
pub fn severity_badge(severity: Severity) -> impl IntoView {
    let (icon, word) = badge(severity);
    view! {
        <span class=format!("badge sev-{word}")>
            <span class="icon" aria-hidden="true">{icon}</span>
            <span class="word">{word}</span>
        </span>
    }
}

/// Text to paste (a fix, a command) with its copy button: one function for every place that
/// shows one, so the page carries its code once.
pub fn paste_block(text: String) -> AnyView {
    let copy = text.clone();
    view! {
        <pre class="paste"><code>{text}</code></pre>
        <CopyButton text=copy label="Copy"/>
    }
    .into_any()
}

#[component]
pub fn FindingView(finding: Finding) -> impl IntoView {
    // The optional blocks are type-erased (`into_any`): fewer view types, smaller wasm.
    // Failures, warnings and unknowns open by default: they are what a person came for.
    let open = matches!(
        finding.severity,
        Severity::Fail | Severity::Warn | Severity::Unknown
    );
    let word = badge(finding.severity).1;
    let Finding {
        code,
        severity,
        title,
        detail,
        evidence,
        fix,
        reference,
        ..
    } = finding;
    // A finding that is its title alone (a check that points up to the ways to finish it) is
    // one line: nothing to open.
    if detail.is_empty() && evidence.is_empty() && fix.is_none() && reference.is_none() {
        return view! {
            <li class=format!("finding sev-{word}") data-code=code.as_str()>
                <p class="line">
                    {severity_badge(severity)}
                    <span class="title">{rich(&title)}</span>
                </p>
            </li>
        }
        .into_any();
    }
    view! {
        <li class=format!("finding sev-{word}") data-code=code.as_str()>
            <details open=open>
                <summary>
                    {severity_badge(severity)}
                    <span class="title">{rich(&title)}</span>
                </summary>
                <div class="body">
                    <p class="detail">{rich(&detail)}</p>
                    {(!evidence.is_empty()).then(|| view! {
                        <div class="evidence">
                            <h5>"Evidence"</h5>
                            <ul>
                                {evidence.into_iter().map(|e| {
                                    let source = e.provenance.as_ref().map(|p| format!(" ({p})"));
                                    view! {
                                        <li>
                                            <span class="label">{e.label}{source}</span>
                                            <pre><code>{e.text}</code></pre>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any())}
                    {fix.map(|fix| {
                        let paste = fix.paste.clone();
                        view! {
                            <div class="fix">
                                <h5>"Fix"</h5>
                                <p>{rich(&fix.action)}</p>
                                {paste.map(paste_block)}
                            </div>
                        }.into_any()
                    })}
                    {reference.map(|r| match r.url {
                        Some(url) if url.starts_with("https://") => view! {
                            <p class="reference">
                                "Reference: "
                                <a href=url rel="noopener noreferrer" target="_blank">{r.label}</a>
                            </p>
                        }.into_any(),
                        _ => view! { <p class="reference">"Reference: " {r.label}</p> }.into_any(),
                    })}
                </div>
            </details>
        </li>
    }
    .into_any()
}
