//! The choices: mode, max_age with what it means for senders' caches, the report addresses
//! and the MX hosts to cover, each pre-filled until the person changes it.

use leptos::prelude::*;
use mta_sts::policy::human_duration;
use mta_sts::policy::Mode;
use mta_sts::setup::{max_age_choices, Existing};

use super::super::text::rich;

/// The controls; each `*_input` / `*_choice` is `None` until the person touches it.
#[component]
#[allow(clippy::too_many_arguments)]
pub(super) fn Choices(
    mode: Memo<Mode>,
    mode_choice: RwSignal<Option<Mode>>,
    max_age: Memo<u64>,
    max_age_choice: RwSignal<Option<u64>>,
    rua_text: Memo<String>,
    rua_input: RwSignal<Option<String>>,
    mx_text: Memo<String>,
    mx_input: RwSignal<Option<String>>,
    existing: Memo<Existing>,
) -> impl IntoView {
    const MODES: [(Mode, &str, &str); 3] = [
        (Mode::Testing, "Testing (start here)",
         "Senders report TLS failures through TLS-RPT but still deliver. Run it for a couple of weeks and read the reports."),
        (Mode::Enforce, "Enforce",
         "Senders deliver only over TLS with a valid certificate, and only to the listed MX hosts. Switch once the reports are clean."),
        (Mode::None, "None",
         "Withdraws MTA-STS: senders drop the policy they cached. Only for removing it (RFC 8461 §8.3)."),
    ];
    // The offered values, plus the current one when it is not among them.
    let options = Memo::new(move |_| {
        let mut values: Vec<u64> = max_age_choices().iter().map(|(s, _)| *s).collect();
        let current = max_age.get();
        if !values.contains(&current) {
            values.push(current);
            mta_sts::sort::sort_small(&mut values, |a, b| a < b);
        }
        values
    });
    let meaning = move || {
        let current = max_age.get();
        max_age_choices()
            .iter()
            .find(|(s, _)| *s == current)
            .map(|(_, m)| (*m).to_owned())
            .unwrap_or_else(|| {
                format!(
                    "Senders keep the policy for {} after each fetch (your current max_age).",
                    human_duration(current)
                )
            })
    };
    let from_dns =
        move || mx_input.with(Option::is_some) && existing.with(|e| e.mx.answered().is_some());
    view! {
        <section class="choices">
            <h3>"Your choices"</h3>
            <fieldset class="modes">
                <legend>"Mode"</legend>
                {MODES.into_iter().map(|(m, label, hint)| {
                    let id = format!("setup-mode-{}", m.as_str());
                    let hint_id = format!("{id}-hint");
                    view! {
                        <div class="mode">
                            <input type="radio" name="mode" id=id.clone() value=m.as_str()
                                aria-describedby=hint_id.clone()
                                prop:checked=move || mode.get() == m
                                on:change=move |_| mode_choice.set(Some(m))/>
                            <label for=id>{label}</label>
                            <p class="hint" id=hint_id>{hint}</p>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="setup-max-age">"max_age: how long senders keep the policy"</label>
                <select id="setup-max-age" name="max_age" aria-describedby="setup-max-age-meaning"
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                            max_age_choice.set(Some(v));
                        }
                    }>
                    {move || options.get().into_iter().map(|s| view! {
                        <option value=s.to_string() prop:selected=move || max_age.get() == s>
                            {format!("{} ({s} seconds)", human_duration(s))}
                        </option>
                    }).collect_view()}
                </select>
                <p class="hint" id="setup-max-age-meaning">{move || rich(&meaning())}</p>
                <p class="hint">
                    "Senders that see a new id in the TXT record fetch the policy again, so "
                    "max_age does not hold up your changes. It is how long they keep "
                    "protecting your mail when they cannot fetch the policy, and how long they "
                    "may hold on to it after you remove MTA-STS. Testing: start with 1 week. "
                    "Enforce: weeks (RFC 8461 §3.2)."
                </p>
            </div>
            <div class="field">
                <label for="setup-rua">"TLS-RPT report addresses"</label>
                <input type="text" id="setup-rua" name="rua" autocomplete="off"
                    autocapitalize="off" spellcheck="false" aria-describedby="setup-rua-hint"
                    prop:value=move || rua_text.get()
                    on:input=move |ev| rua_input.set(Some(event_target_value(&ev)))/>
                <p class="hint" id="setup-rua-hint">
                    "Comma separated: " <code>"mailto:"</code> " addresses or "
                    <code>"https:"</code> " endpoints of a reporting service. Senders mail a "
                    "daily report of TLS successes and failures there."
                </p>
            </div>
            <div class="field">
                <label for="setup-mx">"MX hosts the policy must cover"</label>
                <textarea id="setup-mx" name="mx" rows="4" spellcheck="false" autocomplete="off"
                    autocapitalize="off" aria-describedby="setup-mx-hint"
                    prop:value=move || mx_text.get()
                    on:input=move |ev| mx_input.set(Some(event_target_value(&ev)))></textarea>
                <p class="hint" id="setup-mx-hint">
                    "One per line, filled in from DNS. Add the hosts of a provider you are "
                    "moving to before you change the MX records. Empty means no MX records "
                    "(senders deliver to the domain itself); " <code>"."</code>
                    " alone is a null MX."
                </p>
                {move || from_dns().then(|| view! {
                    <button type="button" class="copy" on:click=move |_| mx_input.set(None)>
                        "Use the MX hosts from DNS again"
                    </button>
                })}
            </div>
        </section>
    }
}
