//! The set-up assistant, shown by its own page (`setup/?domain=<domain>`, src/bin/setup.rs):
//! reads what the domain publishes today (the engine's pipeline over the browser's transports,
//! as a check does), lets the person choose mode, max_age, report addresses and the MX hosts to
//! cover, and shows the three texts to publish, written by the engine (`mta_sts::setup`), with
//! guidance on serving the policy and rolling MTA-STS out. Everything that came from DNS is
//! rendered as text only.

use leptos::prelude::*;
use mta_sts::domain::{check_host_name, normalize};
use mta_sts::mx::{is_null_mx, MxHost};
use mta_sts::pipeline::Observations;
use mta_sts::policy::Mode;
use mta_sts::setup::{self, default_max_age, Existing, Found, SetupChoices, SetupTexts};

use super::text::rich;
use super::CopyButton;
use crate::transport::{now_seconds, Cancel};
use crate::{check, settings};

mod choices;
mod guide;

use choices::Choices;
use guide::{Hosting, OneLabel, Runbook};

#[component]
pub fn SetupView(
    /// The domain to set up: lower case, A-labels (the page validates `?domain=` first).
    domain: String,
) -> impl IntoView {
    let domain = normalize(&domain);
    if let Err(reason) = check_host_name(&domain) {
        return view! {
            <section class="setup" data-setup="" data-state="done">
                <p class="input-error" data-input-error="" role="alert">
                    {format!("This cannot be set up: the domain name is not valid ({reason}).")}
                </p>
            </section>
        }
        .into_any();
    }

    // What the domain publishes today: the same lookups as a check.
    let (obs, set_obs) = signal(Observations {
        domain: domain.clone(),
        ..Observations::default()
    });
    let cancel = Cancel::default();
    check::start(
        domain.clone(),
        settings::resolver(),
        None,
        false,
        Vec::new(),
        cancel.clone(),
        set_obs,
    );
    let running = StoredValue::new_local(cancel);
    on_cleanup(move || running.with_value(Cancel::cancel));
    let existing = Memo::new(move |_| obs.with(setup::existing));
    let state = move || {
        let done = obs.with(|o| o.pending.is_empty() && o.mx.is_some());
        if done {
            "done"
        } else {
            "running"
        }
    };

    // The person's choices; `None` until they touch a control, so that what DNS and the
    // current policy say can pre-fill it when it arrives.
    let mode_choice = RwSignal::new(None::<Mode>);
    let max_age_choice = RwSignal::new(None::<u64>);
    let rua_input = RwSignal::new(None::<String>);
    let mx_input = RwSignal::new(None::<String>);

    let mode = Memo::new(move |_| {
        mode_choice
            .get()
            .or_else(|| existing.with(|e| e.mode))
            .unwrap_or(Mode::Testing)
    });
    let max_age = Memo::new(move |_| {
        max_age_choice
            .get()
            .or_else(|| existing.with(|e| e.max_age))
            .unwrap_or_else(|| default_max_age(mode.get()))
    });
    let fallback_rua = format!("mailto:tlsrpt@{domain}");
    let rua_text = Memo::new(move |_| {
        rua_input.get().unwrap_or_else(|| {
            existing.with(|e| {
                if e.rua.is_empty() {
                    fallback_rua.clone()
                } else {
                    e.rua.join(", ")
                }
            })
        })
    });
    // The hosts to cover: as typed, else as DNS answered; `None` while unknown.
    let hosts = Memo::new(move |_| match mx_input.get() {
        Some(text) => Some(setup::parse_mx_list(&text)),
        None => existing.with(|e| e.mx.answered().cloned()),
    });
    let mx_text = Memo::new(move |_| {
        mx_input
            .get()
            .or_else(|| existing.with(|e| e.mx.answered().map(|h| setup::mx_list_text(h))))
            .unwrap_or_default()
    });
    let for_texts = domain.clone();
    let texts = Memo::new(move |_| {
        let hosts = hosts.get()?;
        let choices = SetupChoices {
            mode: mode.get(),
            max_age: max_age.get(),
            rua: setup::split_rua(&rua_text.get()),
        };
        Some(setup::generate(&for_texts, &hosts, &choices, now_seconds()))
    });

    // Rendered once the MX hosts are known; their text follows the choices from then on.
    let has_texts = Memo::new(move |_| texts.with(Option::is_some));
    // The checker is the page one level up.
    let report_link = format!("../?domain={domain}");
    view! {
        <section class="setup" data-setup="" data-domain=domain.clone() data-state=state
            aria-busy=move || (state() == "running").to_string()>
            <h2>"Set up MTA-STS for " <span class="domain">{domain.clone()}</span></h2>
            <p class="lead">
                "This page writes the three texts that turn MTA-STS and TLS reporting on for "
                <code>{domain.clone()}</code>
                ", from its MX hosts as DNS shows them now. Nothing is published for you: copy "
                "each text to your DNS and web host, in the order below. "
                <a href=report_link.clone()>"Back to the report for " {domain.clone()}</a>
            </p>
            <Published existing=existing domain=domain.clone()/>
            <Choices mode=mode mode_choice=mode_choice max_age=max_age
                max_age_choice=max_age_choice rua_text=rua_text rua_input=rua_input
                mx_text=mx_text mx_input=mx_input existing=existing/>
            {
                let domain = domain.clone();
                move || if has_texts.get() {
                    view! { <Generated texts=texts domain=domain.clone()/> }.into_any()
                } else {
                    view! { <Waiting existing=existing/> }.into_any()
                }
            }
            <OneLabel/>
            {
                let domain = domain.clone();
                move || has_texts.get().then(|| view! { <Hosting texts=texts domain=domain.clone()/> })
            }
            <Runbook domain=domain.clone() report_link=report_link/>
        </section>
    }
    .into_any()
}

/// What DNS shows now, verbatim.
#[component]
fn Published(existing: Memo<Existing>, domain: String) -> impl IntoView {
    let list = |found: Found<Vec<String>>| match found {
        Found::Pending => view! { <p class="pending">"Looking up…"</p> }.into_any(),
        Found::Failed(e) => view! { <p>"The lookup failed: " {e}</p> }.into_any(),
        Found::Answered(t) if t.is_empty() => view! { <p>"None."</p> }.into_any(),
        Found::Answered(t) => view! {
            <ul>{t.into_iter().map(|r| view! { <li><code>{r}</code></li> }).collect_view()}</ul>
        }
        .into_any(),
    };
    let mx_domain = domain.clone();
    view! {
        <section class="found">
            <h3>"What DNS shows now"</h3>
            <dl>
                <dt>"MX records of " <code>{domain.clone()}</code></dt>
                <dd>{move || match existing.with(|e| e.mx.clone()) {
                    Found::Pending => view! { <p class="pending">"Looking up…"</p> }.into_any(),
                    Found::Failed(e) => view! {
                        <p>"The lookup failed: " {e} ". Type your MX hosts below to go on."</p>
                    }.into_any(),
                    Found::Answered(h) if h.is_empty() => view! {
                        <p>"None: senders deliver to " <code>{mx_domain.clone()}</code> " itself."</p>
                    }.into_any(),
                    Found::Answered(h) if is_null_mx(&h) => view! {
                        <p>"A null MX (" <code>"0 ."</code> "): the domain accepts no mail."</p>
                    }.into_any(),
                    Found::Answered(h) => view! {
                        <ul>{h.into_iter().map(|m: MxHost| view! {
                            <li><code>{format!("{} {}", m.preference, m.exchange)}</code></li>
                        }).collect_view()}</ul>
                    }.into_any(),
                }}</dd>
                <dt>"TXT at " <code>{format!("_mta-sts.{domain}")}</code></dt>
                <dd>{move || list(existing.with(|e| e.sts_records.clone()))}</dd>
                <dt>"TXT at " <code>{format!("_smtp._tls.{domain}")}</code></dt>
                <dd>{move || list(existing.with(|e| e.tlsrpt_records.clone()))}</dd>
                {move || existing.with(|e| e.policy.clone()).map(|p| view! {
                    <dt>"The policy served now"</dt>
                    <dd><pre class="current-policy">{p}</pre></dd>
                })}
            </dl>
        </section>
    }
}

/// Shown until the MX hosts are known.
#[component]
fn Waiting(existing: Memo<Existing>) -> impl IntoView {
    view! {
        <section class="generated">
            <h3>"What to publish"</h3>
            {move || match existing.with(|e| e.mx.clone()) {
                Found::Failed(_) => view! {
                    <p>"The MX hosts could not be looked up. Type them into the box above, "
                        "and the texts appear here."</p>
                }.into_any(),
                _ => view! {
                    <p class="pending"><span class="spinner" aria-hidden="true"></span>
                        "Looking up the MX hosts…"</p>
                }.into_any(),
            }}
        </section>
    }
}

/// The three texts, in the order to publish them, following the choices.
#[component]
fn Generated(texts: Memo<Option<SetupTexts>>, domain: String) -> impl IntoView {
    let field = move |f: fn(&SetupTexts) -> String| {
        Signal::derive(move || texts.with(|t| t.as_ref().map(f).unwrap_or_default()))
    };
    let tlsrpt = field(|t| t.tlsrpt_record.clone());
    let policy = field(|t| t.policy.clone());
    let sts = field(|t| t.sts_record.clone());
    let notes =
        Memo::new(move |_| texts.with(|t| t.as_ref().map(|t| t.notes.clone()).unwrap_or_default()));
    let mx =
        Memo::new(move |_| texts.with(|t| t.as_ref().map(|t| t.mx.clone()).unwrap_or_default()));
    let zone_domain = domain.clone();
    let zone = Signal::derive(move || {
        format!(
            "{}\n{}\n",
            setup::zone_file_txt(&format!("_smtp._tls.{zone_domain}"), &tlsrpt.get()),
            setup::zone_file_txt(&format!("_mta-sts.{zone_domain}"), &sts.get())
        )
    });
    let url = format!("https://mta-sts.{domain}/.well-known/mta-sts.txt");
    view! {
        <section class="generated">
            <h3>"What to publish"</h3>
            {move || {
                let notes = notes.get();
                (!notes.is_empty()).then(|| view! {
                    <ul class="notes">
                        {notes.into_iter().map(|n| view! { <li>{rich(&n)}</li> }).collect_view()}
                    </ul>
                })
            }}
            <ol class="publish">
                <li>
                    <h4>"The TLS-RPT record"</h4>
                    <p>"A TXT record at " <code>{format!("_smtp._tls.{domain}")}</code>
                        ". Publish it first, so that reports arrive from the start."</p>
                    <pre data-generated="tlsrpt-record">{move || tlsrpt.get()}</pre>
                    <CopyButton text=tlsrpt label="Copy the TLS-RPT record"/>
                </li>
                <li>
                    <h4>"The policy"</h4>
                    <p>"A text file served at " <code>{url}</code>
                        " with status 200 and " <code>"Content-Type: text/plain"</code>
                        " (see " <a href="#setup-hosting">"serving the policy"</a> ")."</p>
                    <pre data-generated="policy">{move || policy.get()}</pre>
                    <CopyButton text=policy label="Copy the policy"/>
                    {move || {
                        let mx = mx.get();
                        (!mx.is_empty()).then(|| view! {
                            <h5>"Why these mx lines"</h5>
                            <ul class="mx-why">
                                {mx.into_iter().map(|s| view! {
                                    <li><code>{format!("mx: {}", s.pattern)}</code> " " {rich(&s.why)}</li>
                                }).collect_view()}
                            </ul>
                        })
                    }}
                </li>
                <li>
                    <h4>"The MTA-STS record"</h4>
                    <p>"A TXT record at " <code>{format!("_mta-sts.{domain}")}</code>
                        ", once the policy is served: it tells senders to fetch it. The id is "
                        "the time of writing (UTC); whenever the policy changes, publish the "
                        "policy, then give the record a new id."</p>
                    <pre data-generated="sts-record">{move || sts.get()}</pre>
                    <CopyButton text=sts label="Copy the MTA-STS record"/>
                </li>
            </ol>
            <details class="zone">
                <summary>"Both records as zone-file lines"</summary>
                <pre>{move || zone.get()}</pre>
                <CopyButton text=zone label="Copy the zone-file lines"/>
            </details>
        </section>
    }
}
