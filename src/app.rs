//! The page: the form (the static page's), the settings, and the report of the domain in the
//! address bar.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use mta_sts::doh::Provider;
use mta_sts::lookup::FetchOutcome;
use mta_sts::monitor::{cached_until, compare_kept, Kept, Snapshot};
use mta_sts::pipeline::Observations;
use mta_sts::report::{build_report_with_paste, parse_pasted};

use mta_sts_checker::memory::{self, Recall, Remembering};
use mta_sts_checker::transport::{now_seconds, Cancel};
use mta_sts_checker::view::ReportView;
use mta_sts_checker::{check, history, input, page, settings};

/// The domain to check, and what the person typed when it was not already that name.
#[derive(Clone, PartialEq)]
struct Target {
    domain: String,
    /// The text as typed when it held non-ASCII letters, to show beside the A-label: a
    /// look-alike letter from another script makes a different name.
    typed: Option<String>,
}

fn target_from(text: &str) -> Result<Target, String> {
    let domain = input::domain_from_input(text, input::to_ascii)?;
    let typed = (!text.is_ascii()).then(|| text.trim().to_string());
    Ok(Target { domain, typed })
}

/// The target named by the address bar's `?domain=`, or the reason it names none.
fn target_from_address() -> (Option<Target>, Option<String>) {
    match history::domain_param() {
        None => (None, None),
        Some(param) => match target_from(&param) {
            Ok(target) => (Some(target), None),
            Err(reason) => (None, Some(reason)),
        },
    }
}

#[component]
pub fn App(
    /// Whether the static page's settings were opened before the app started.
    settings_open: bool,
) -> impl IntoView {
    // The checked domain is the address bar's `?domain=`; back and forward change it. The
    // parameter is untrusted input like the form's: it goes through the same validation.
    let (first, first_error) = target_from_address();
    let (target, set_target) = signal(first);
    // Bumped to run the same domain again.
    let (run, set_run) = signal(0u32);
    let (resolver, set_resolver) = signal(settings::resolver());
    // Only a different domain makes a new report; the same one again bumps `run`.
    let domain = Memo::new(move |_| target.with(|t| t.as_ref().map(|t| t.domain.clone())));

    // The form is the static page's (index.html), taken over as it is: what was typed before
    // the app started, and the focus, stay. src/early.js fills it from `?domain=` already;
    // the app does it only when the field is empty.
    let input = page::domain_input();
    let set_text = {
        let input = input.clone();
        move |text: &str| {
            if let Some(input) = &input {
                input.set_value(text);
            }
        }
    };
    if input.as_ref().is_some_and(|i| i.value().is_empty()) {
        set_text(&history::domain_param().unwrap_or_default());
    }
    // The reason and the introduction are the static page's: shown or hidden where they
    // change, without effects (each costs bytes of its own).
    page::show_input_error(first_error.as_deref());
    page::hide_intro(target.with_untracked(Option::is_some));

    let _ = window_event_listener(leptos::ev::popstate, {
        let set_text = set_text.clone();
        move |_| {
            let (current, reason) = target_from_address();
            set_text(&history::domain_param().unwrap_or_default());
            page::show_input_error(reason.as_deref());
            page::hide_intro(current.is_some());
            set_target.set(current);
        }
    });

    let submit = move || {
        let typed = input.as_ref().map(|i| i.value()).unwrap_or_default();
        match target_from(&typed) {
            Ok(t) => {
                page::show_input_error(None);
                page::hide_intro(true);
                history::push_domain(&t.domain);
                set_text(&t.domain);
                if target.get_untracked().as_ref().map(|c| &c.domain) == Some(&t.domain) {
                    set_run.update(|n| *n += 1);
                }
                set_target.set(Some(t));
            }
            Err(reason) => page::show_input_error(Some(&reason)),
        }
    };
    // Submit events bubble to the window; only the domain form's are the app's.
    let form = page::element::<web_sys::Element>("form.check");
    if let Some(form) = &form {
        // From now on the app handles the form, not src/early.js.
        let _ = form.set_attribute("data-app", "");
    }
    let _ = window_event_listener(leptos::ev::submit, {
        let submit = submit.clone();
        move |ev| {
            let ours = form.as_ref().is_some_and(|f| {
                ev.target().is_some_and(|t| {
                    AsRef::<wasm_bindgen::JsValue>::as_ref(&t)
                        == AsRef::<wasm_bindgen::JsValue>::as_ref(f)
                })
            });
            if ours {
                ev.prevent_default();
                submit();
            }
        }
    });
    // Submitted before the app had started (src/early.js kept it): run it now.
    if let Some(form) = page::element::<web_sys::Element>("form.check[data-submitted]") {
        let _ = form.remove_attribute("data-submitted");
        submit();
    }

    view! {
        <Settings resolver=resolver set_resolver=set_resolver open=settings_open/>
        {move || target.get().and_then(|t| t.typed.map(|typed| view! {
            <p class="idn-note" data-idn="">
                "You typed " <code>{typed}</code> "; its name in DNS (the A-label) is "
                <code>{t.domain}</code>
                ". Make sure this is the domain you mean: letters from other scripts that "
                "look alike make a different name."
            </p>
        }))}
        {move || domain.get().map(|d| view! {
            <Checked domain=d run=run resolver=resolver/>
        })}
    }
}

/// Runs the check of one domain (again whenever `run` changes) and shows its report, with
/// what changed since the last check in this browser.
#[component]
fn Checked(domain: String, run: ReadSignal<u32>, resolver: ReadSignal<Provider>) -> impl IntoView {
    let (obs, set_obs) = signal(Observations {
        domain: domain.clone(),
        ..Observations::default()
    });
    let edited = RwSignal::new(None::<String>);
    let fetched = Memo::new(move |_| obs.with(fetched_policy));
    let recall = RwSignal::new(Recall::default());
    let report = Memo::new(move |_| {
        let pasted = edited.with(|text| text.as_ref().map(|t| parse_pasted(t.as_bytes())));
        let mut report = obs.with(|obs| build_report_with_paste(obs, pasted.as_ref()));
        if let Some(found) = recall.with(|r| r.changes.clone()) {
            report.set_changes(found);
        }
        report
    });
    let current = StoredValue::new_local(None::<Cancel>);
    Effect::new(move |_| {
        run.track();
        let provider = resolver.get_untracked();
        if let Some(old) = current.get_value() {
            old.cancel();
        }
        let cancel = Cancel::default();
        current.set_value(Some(cancel.clone()));
        set_obs.set(Observations {
            domain: domain.clone(),
            ..Observations::default()
        });
        edited.set(None);
        let on = settings::remember();
        let previous = on
            .then(|| settings::storage().and_then(|s| memory::recall(&s, &domain)))
            .flatten();
        // The MX hosts seen last time: their TLSA lookups need not wait for the MX answer.
        let known_mx = previous
            .as_ref()
            .and_then(|s| s.mx_hosts.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|h| h != ".")
            .collect();
        recall.set(Recall {
            state: if on {
                Remembering::On
            } else {
                Remembering::Off
            },
            previous,
            ..Recall::default()
        });
        check::start(
            domain.clone(),
            provider,
            settings::relay(),
            true,
            known_mx,
            cancel,
            set_obs,
        );
    });
    // Once the check is done (a newer one starts afresh): what it saw, compared with the
    // last check and kept for the next, unless remembering is off or the domain forgotten.
    Effect::new(move |_| {
        if !report.with(|r| r.done) || recall.with_untracked(|r| r.done) {
            return;
        }
        let now = i64::try_from(now_seconds()).unwrap_or(i64::MAX);
        let snapshot = obs.with_untracked(|o| Snapshot::without_certificates(o, now));
        recall.update(|r| {
            r.done = true;
            r.live_until = cached_until(&snapshot);
            if r.state == Remembering::On && settings::remember() {
                let previous = r.previous.as_ref();
                let kept = settings::storage()
                    .is_some_and(|store| memory::keep(&store, &snapshot.remembered(previous)));
                if kept || previous.is_some() {
                    // Kept, or at least compared: a snapshot that could not be replaced
                    // stays, dated, for the next check to compare with.
                    r.changes = Some(compare_kept(previous, &snapshot, Kept::Browser));
                } else {
                    r.state = Remembering::Unavailable;
                }
            }
        });
    });
    on_cleanup(move || {
        if let Some(old) = current.get_value() {
            old.cancel();
        }
    });
    view! {
        <ReportView report=report fetched=fetched edited=edited recall=recall/>
    }
}

/// The policy text this browser fetched: the body of a readable 200 answer.
fn fetched_policy(obs: &Observations) -> Option<String> {
    match &obs.policy.as_ref()?.outcome {
        FetchOutcome::Read {
            status: 200, body, ..
        } => Some(String::from_utf8_lossy(body).into_owned()),
        _ => None,
    }
}

#[component]
fn Settings(
    resolver: ReadSignal<Provider>,
    set_resolver: WriteSignal<Provider>,
    open: bool,
) -> impl IntoView {
    let (forgot, set_forgot) = signal(None::<String>);
    let forget_all = move |_| {
        if let Some(store) = settings::storage() {
            memory::forget_all(&store);
        }
        set_forgot.set(Some("This browser remembers no domain now.".into()));
    };
    let (relay, set_relay) = signal(settings::relay().unwrap_or_default());
    let (relay_note, set_relay_note) = signal(None::<String>);
    let save_relay = move |ev: SubmitEvent| {
        ev.prevent_default();
        let url = relay.get_untracked().trim().to_string();
        if url.is_empty() || settings::valid_relay(&url) {
            settings::set_relay(&url);
            set_relay_note.set(Some(if url.is_empty() {
                "No relay: the checks a browser cannot do are skipped.".into()
            } else {
                format!("The next check asks the relay at {url}.")
            }));
        } else {
            set_relay_note.set(Some("A relay address starts with https://.".into()));
        }
    };
    view! {
        <details class="settings" open=open>
            <summary>"Settings"</summary>
            <fieldset>
                <legend>"DNS-over-HTTPS resolver for the report (the other is asked too, to compare, and stands in when this one fails)"</legend>
                {Provider::ALL.into_iter().map(|p| view! {
                    <label>
                        // Only these radios change the resolver, so the browser keeps
                        // them right after the first render.
                        <input type="radio" name="resolver" value=p.id()
                            checked=resolver.get_untracked() == p
                            on:change=move |_| {
                                settings::set_resolver(p);
                                set_resolver.set(p);
                            }/>
                        {p.name()}
                    </label>
                }).collect_view()}
            </fieldset>
            <form class="relay" on:submit=save_relay>
                <label for="relay">"Probe relay (optional)"</label>
                <p class="hint">
                    "A relay you trust can read policy hosts that send no CORS header, and check "
                    "certificates and STARTTLS on port 25, which a browser cannot. It learns "
                    "which domain you check. Leave empty for none."
                    {settings::default_relay().map(|d| format!(" This site's default: {d}."))}
                </p>
                <div class="row">
                    <input id="relay" name="relay" type="url" placeholder="https://relay.example.org"
                        autocomplete="off" spellcheck="false"
                        prop:value=move || relay.get()
                        on:input=move |ev| set_relay.set(event_target_value(&ev))/>
                    <button type="submit">"Save"</button>
                </div>
                {move || relay_note.get().map(|n| view! { <p class="hint" role="status">{n}</p> })}
            </form>
            <div class="memory">
                <label>
                    <input type="checkbox" name="remember" checked=settings::remember()
                        on:change=move |ev| settings::set_remember(event_target_checked(&ev))/>
                    "Remember what this browser saw, to spot unsafe changes"
                </label>
                <p class="hint">
                    "Each check keeps the record's id, a hash of the policy, its mode and "
                    "max_age, the MX hosts and the time, in this browser only (none of it is "
                    "sent; the MX hosts let the next check ask their TLSA records at once), and "
                    "the next check of the domain says what changed. Turned off, "
                    "checks compare and keep nothing, and what was kept stays until you forget it."
                </p>
                <button type="button" on:click=forget_all>"Forget everything"</button>
                {move || forgot.get().map(|n| view! { <p class="hint" role="status">{n}</p> })}
            </div>
        </details>
    }
}
