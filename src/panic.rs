//! A panic in WebAssembly stops the page for good. Should one happen despite the engine's
//! care, say so visibly, with a reload button, instead of leaving a page that silently stops
//! responding.

use wasm_bindgen::prelude::*;

pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        show_error(&message);
    }));
}

/// Builds the notice with DOM calls only: no framework code may run after a panic.
fn show_error(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let build = || -> Result<(), JsValue> {
        let panel = document.create_element("div")?;
        panel.set_attribute("class", "crash")?;
        panel.set_attribute("role", "alert")?;
        panel.set_attribute("data-crash", "")?;
        let title = document.create_element("p")?;
        title.set_attribute("class", "crash-title")?;
        title.set_text_content(Some(
            "The checker stopped because of an error in its code. Nothing was sent anywhere.",
        ));
        let detail = document.create_element("pre")?;
        detail.set_text_content(Some(message));
        // The reload control must work without wasm, which is dead after a panic: a link to
        // the page itself reloads it with no script at all.
        let reload = document.create_element("a")?;
        reload.set_attribute("href", "")?;
        reload.set_attribute("class", "button")?;
        reload.set_text_content(Some("Reload the page"));
        panel.append_child(&title)?;
        panel.append_child(&detail)?;
        panel.append_child(&reload)?;
        body.prepend_with_node_1(&panel)?;
        Ok(())
    };
    let _ = build();
}

/// Panics on purpose, so the browser tests can prove the notice appears. Reachable only by
/// calling it from the console or a test (`window.wasmBindings.crash_for_test()`).
#[wasm_bindgen]
pub fn crash_for_test() {
    panic!("crash_for_test was called");
}
