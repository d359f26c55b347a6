//! A button that copies text to the clipboard and says so.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: Signal<String>,
    /// The button's words, e.g. "Copy fix".
    label: &'static str,
) -> impl IntoView {
    let (copied, set_copied) = signal(None::<bool>);
    let on_click = move |_| {
        let text = text.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = match web_sys::window() {
                Some(window) => {
                    let promise = window.navigator().clipboard().write_text(&text);
                    JsFuture::from(promise).await.is_ok()
                }
                None => false,
            };
            set_copied.set(Some(ok));
        });
    };
    view! {
        <button type="button" class="copy" on:click=on_click>
            {move || match copied.get() {
                Some(true) => "Copied",
                Some(false) => "Copy failed: select the text instead",
                None => label,
            }}
        </button>
    }
}
