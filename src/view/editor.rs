//! The policy editor: the fetched policy, editable. Whatever is typed or pasted there (a body,
//! or the whole `curl -si` output) is checked at once in place of the fetch, and the lines it
//! changes against the fetched policy are shown.

use super::diff::{diff_lines, has_changes, DiffLine};
use super::finding::paste_block;
use leptos::prelude::*;

#[component]
pub fn PolicyEditor(
    /// The policy as fetched by this browser; `None` when it could not be read.
    fetched: Memo<Option<String>>,
    /// What the editor holds when it differs from the fetched policy.
    edited: RwSignal<Option<String>>,
    /// Until when senders may keep the fetched policy: the check's time plus its max_age.
    recall: RwSignal<crate::memory::Recall>,
) -> impl IntoView {
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        let unchanged = fetched.with(|f| f.as_deref() == Some(text.as_str()))
            || (text.is_empty() && fetched.with(Option::is_none));
        edited.set((!unchanged).then_some(text));
    };
    let diff = Memo::new(move |_| {
        let old = fetched.get().unwrap_or_default();
        edited
            .get()
            .map(|new| diff_lines(&old, &body_of(&new)))
            .filter(|d| has_changes(d))
    });
    view! {
        <section class="editor" id="policy-editor">
            <h3><label for="policy">"Policy editor"</label></h3>
            <p class="hint">
                "Edit the policy to try a change before you publish it, or paste the policy, or "
                "the complete output of the " <code>"curl -si"</code>
                " command shown above, status line and headers included. "
                "It is checked at once against the live MX records."
            </p>
            <textarea id="policy" name="policy" rows="8" spellcheck="false" autocomplete="off"
                autocapitalize="off" prop:value=move || edited.get().or_else(|| fetched.get()).unwrap_or_default()
                on:input=on_input></textarea>
            <div class="editor-actions">
                {move || edited.with(Option::is_some).then(|| view! {
                    <p class="pasted-note" data-pasted="">
                        "The report now checks the text in the editor (evidence marked pasted)."
                    </p>
                    <button type="button" class="copy" on:click=move |_| edited.set(None)>
                        {move || if fetched.with(Option::is_some) {
                            "Back to the fetched policy"
                        } else {
                            "Clear"
                        }}
                    </button>
                })}
            </div>
            // A changed policy reaches senders only with a new id, and those that cached the
            // live one keep it until it expires.
            {move || {
                let until = recall
                    .with(|r| r.live_until.clone())
                    .filter(|_| edited.with(Option::is_some))?;
                let now = crate::transport::now_seconds();
                let shown = until.clone();
                Some(view! {
                    <div class="cached-note" data-cached-until=until>
                        <p>
                            "Senders that fetched the live policy may keep using it until "
                            <strong>{shown}</strong>
                            " (when this page fetched it, plus its max_age). Publish your change "
                            "with a new id in the _mta-sts record (keep any other fields), or "
                            "senders will not fetch it:"
                        </p>
                        {paste_block(format!("v=STSv1; id={}", mta_sts::setup::fresh_id(now)))}
                    </div>
                })
            }}
            {move || diff.get().map(|lines| view! {
                <div class="diff" data-diff="">
                    <h4>"Changes against the fetched policy"</h4>
                    <pre>{lines.into_iter().map(|line| match line {
                        DiffLine::Same(l) => view! { <span class="same">"  " {l} "\n"</span> }.into_any(),
                        DiffLine::Removed(l) => view! { <del>"- " {l} "\n"</del> }.into_any(),
                        DiffLine::Added(l) => view! { <ins>"+ " {l} "\n"</ins> }.into_any(),
                    }).collect_view()}</pre>
                </div>
            })}
        </section>
    }
}

/// The policy body of a paste: `curl -si` output loses its status line and headers.
fn body_of(text: &str) -> String {
    let pasted = mta_sts::report::parse_pasted(text.as_bytes());
    String::from_utf8_lossy(&pasted.body).into_owned()
}
