//! The report: verdict banner, what to fix first, the cards, the raw material and exports.

use leptos::prelude::*;
use mta_sts::report::{Card, NextStep, Report, Verdict};
use mta_sts::CheckId;

use crate::memory::{self, Recall, Remembering};

use super::finding::{paste_block, severity_badge, FindingView};
use super::raw::{RawView, Waterfall};
use super::text::rich;
use super::{CopyButton, PolicyEditor};

fn verdict_heading(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Enforce => "MTA-STS is enforced",
        Verdict::Testing => "MTA-STS is in testing mode",
        Verdict::None => "MTA-STS is being withdrawn (mode none)",
        Verdict::Broken => "MTA-STS is broken",
        Verdict::Unverified => "MTA-STS could not be fully verified from this browser",
        Verdict::Absent => "No MTA-STS",
    }
}

#[component]
pub fn ReportView(
    report: Memo<Report>,
    /// The policy as fetched, for the editor.
    fetched: Memo<Option<String>>,
    /// The editor's text when it differs from the fetched policy.
    edited: RwSignal<Option<String>>,
    /// What the memory of this browser adds: the changes card, the editor's note.
    recall: RwSignal<Recall>,
) -> impl IntoView {
    let state = move || {
        if report.with(|r| r.done) {
            "done"
        } else {
            "running"
        }
    };
    let verdict = move || report.with(|r| r.verdict.map(|v| v.as_str()));
    // A report view lives for one domain (the page makes a new one for another domain), so
    // the domain is read once, not watched.
    let domain = report.with_untracked(|r| r.domain.clone());
    let heading = domain.clone();
    view! {
        <section class="report" data-report="" data-domain=domain data-state=state
            data-verdict=verdict aria-busy=move || (state() == "running").to_string()>
            <h2>"Report for " <span class="domain">{heading}</span></h2>
            <Banner report=report/>
            <FinishCheck report=report/>
            <ToFix report=report/>
            <div class="cards">
                {Card::ALL.into_iter().map(|card| view! { <CardView report=report card=card/> })
                    .collect_view()}
                <ChangesCard report=report recall=recall/>
            </div>
            <PolicyEditor fetched=fetched edited=edited recall=recall/>
            <RawView report=report/>
            <Waterfall report=report/>
            <Exports report=report/>
        </section>
    }
}

/// The verdict, redrawn only when it changes: an answer that does not decide it leaves the
/// spinner running (issue 16). Its sentence changes with every answer. The memo holds the
/// heading's text: a memo of that type the page has already, so it costs few bytes.
#[component]
fn Banner(report: Memo<Report>) -> impl IntoView {
    let heading =
        Memo::new(move |_| report.with(|r| r.verdict.map(|v| verdict_heading(v).to_string())));
    view! {
        <div class=move || format!("banner verdict-{}",
                report.with(|r| r.verdict.map(|v| v.as_str()).unwrap_or("pending")))
            role="status">
            {move || match heading.get() {
                Some(h) => view! { <p class="verdict-word">{h}</p> }.into_any(),
                None => view! {
                    <p class="verdict-word pending">
                        <span class="spinner" aria-hidden="true"></span>
                        "Checking…"
                    </p>
                }.into_any(),
            }}
            <p class="summary">{move || report.with(|r| rich(&r.summary))}</p>
        </div>
    }
}

/// The ways to finish a check this browser could not complete, right under the verdict and
/// once, so that nobody has to dig them out of a finding. The engine decides when
/// (`Report::next_steps`); the commands are its own, built from the checked domain. No memo,
/// as for the list to fix (one costs 0.65 KB of download): once the check is done, only the
/// editor changes the report, and a pasted policy ends the block anyway.
#[component]
fn FinishCheck(report: Memo<Report>) -> impl IntoView {
    move || {
        report.with(|r| {
            let steps = &r.next_steps;
            (!steps.is_empty()).then(|| {
                view! {
                    <section class="finish" data-finish-check="">
                        <h3>"Finish the check"</h3>
                        <p>
                            "The policy host sends no CORS header, so this browser may not read "
                            "the policy, and the checks that need it could not be done. Any one "
                            "of these finishes the check, easiest first:"
                        </p>
                        <ol>{steps.iter().cloned().map(step_view).collect_view()}</ol>
                    </section>
                }
                .into_any()
            })
        })
    }
}

/// One way: what it is, how, and its command to copy, or for the relay a link to the settings
/// (a closed <details>: following a link to the field inside opens it).
fn step_view(step: NextStep) -> AnyView {
    let what = match step.command {
        Some(command) => paste_block(command),
        None => view! { <a href="#relay">"Open the settings"</a> }.into_any(),
    };
    view! {
        <li data-way=step.way.as_str()>
            <strong>{step.way.title()}</strong>
            <p>{rich(step.way.how())}</p>
            {what}
        </li>
    }
    .into_any()
}

/// The failures and warnings, first, so the person sees what to fix without scrolling.
#[component]
fn ToFix(report: Memo<Report>) -> impl IntoView {
    move || {
        report.with(|r| {
            if !r.done {
                return None;
            }
            let items = r.to_fix();
            (!items.is_empty()).then(|| {
                view! {
                    <section class="to-fix">
                        <h3>"What to fix first"</h3>
                        <ol>
                            {items.into_iter().map(|f| {
                                let id = f.check.as_str();
                                view! {
                                    <li>
                                        {severity_badge(f.severity)}
                                        " "
                                        <a href=format!("#check-{id}")>{rich(&f.title)}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                }
            })
        })
    }
}

#[component]
fn CardView(report: Memo<Report>, card: Card) -> impl IntoView {
    // Its badge is redrawn only when the card's severity changes.
    let severity = Memo::new(move |_| report.with(|r| r.card_severity(card)));
    let severity = move || severity.get();
    view! {
        <section class=move || format!("card sev-{}",
                severity().map(|s| s.as_str()).unwrap_or("pending"))>
            <h3>
                {card.title()}
                {move || severity().map(severity_badge)}
            </h3>
            {card.checks().iter().map(|id| {
                // A card with one check: its heading already names it.
                let heading = (card.checks().len() > 1).then(|| id.label());
                view! { <CheckView report=report id=*id heading=heading/> }
            }).collect_view()}
            // The reports that a TLS-RPT record brings in are read on a page of their own.
            {(card == Card::TlsRpt).then(|| view! {
                <p class="card-link"><a href="reports/">"Read the TLS-RPT reports you receive"</a></p>
            })}
        </section>
    }
}

/// The changes since the last check in this browser (the `policy-change` check), and the
/// button that forgets the domain.
#[component]
fn ChangesCard(report: Memo<Report>, recall: RwSignal<Recall>) -> impl IntoView {
    let severity = Memo::new(move |_| report.with(|r| r.check(CheckId::PolicyChange).severity));
    let severity = move || severity.get();
    let domain = report.with_untracked(|r| r.domain.clone());
    let forget = move |_| {
        if let Some(store) = crate::settings::storage() {
            memory::forget(&store, &domain);
        }
        recall.update(|r| {
            r.state = Remembering::Forgotten;
            r.changes = None;
        });
    };
    view! {
        <section class=move || format!("card changes sev-{}",
                severity().map(|s| s.as_str()).unwrap_or("pending")) data-changes="">
            <h3>
                "Changes since the last check in this browser"
                {move || severity().map(severity_badge)}
            </h3>
            {move || match recall.with(|r| r.state) {
                Remembering::On => view! {
                    <CheckView report=report id=CheckId::PolicyChange heading=None/>
                    <button type="button" class="copy" data-forget="" on:click=forget.clone()>
                        "Forget this domain"
                    </button>
                }.into_any(),
                // One view for both notes: each view type costs the page bytes.
                state => {
                    let (key, note) = match state {
                        Remembering::Off => ("off", "Remembering is off in the settings: nothing was compared or kept."),
                        Remembering::Unavailable => ("unavailable", "This browser would not keep what the page saw (storage turned off or full): nothing can be compared next time."),
                        _ => ("forgotten", "This browser remembers nothing of this domain now: the next check starts afresh."),
                    };
                    view! { <p class="hint" data-memory=key>{note}</p> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn CheckView(report: Memo<Report>, id: CheckId, heading: Option<&'static str>) -> impl IntoView {
    let result = Memo::new(move |_| report.with(|r| r.check(id).clone()));
    view! {
        <div class="check" id=format!("check-{}", id.as_str()) data-check=id.as_str()
            data-severity=move || result.with(|c| c.severity.map(|s| s.as_str()))>
            {heading.map(|h| view! { <h4>{h}</h4> })}
            {move || result.with(|c| match c.severity {
                None => view! {
                    <p class="pending"><span class="spinner" aria-hidden="true"></span>
                        "Waiting for answers…"</p>
                }.into_any(),
                Some(_) => view! {
                    <ul class="findings">
                        {c.findings.iter().cloned().map(|f| view! { <FindingView finding=f/> })
                            .collect_view()}
                    </ul>
                }.into_any(),
            })}
        </div>
    }
}

#[component]
fn Exports(report: Memo<Report>) -> impl IntoView {
    let link = Signal::derive(move || {
        report.track();
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default()
    });
    let json = Signal::derive(move || report.with(|r| r.to_json()));
    let markdown = Signal::derive(move || report.with(|r| r.to_markdown()));
    let download = move |_| {
        let (name, text) = report.with(|r| (format!("mta-sts-{}.json", r.domain), r.to_json()));
        save_file(&name, &text, "application/json");
    };
    view! {
        <section class="exports">
            <h3>"Share and export"</h3>
            <p>
                // The assistant's own page, beside this one (src/bin/setup.rs).
                <a href=report.with_untracked(|r| format!("setup/?domain={}", r.domain))>
                    "Set up or change MTA-STS for this domain"
                </a>
                " — the records and policy to publish, generated from the live MX hosts."
            </p>
            <div class="buttons">
                <CopyButton text=link label="Copy link"/>
                <CopyButton text=markdown label="Copy as Markdown"/>
                <CopyButton text=json label="Copy as JSON"/>
                <button type="button" on:click=download>"Download JSON"</button>
            </div>
        </section>
    }
}

/// Offers `text` as a file download, built in the page: nothing is uploaded anywhere.
pub fn save_file(name: &str, text: &str, mime: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
