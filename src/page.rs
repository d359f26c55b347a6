//! The static page (index.html, setup.html): its header, form, introduction and footer paint
//! before the WebAssembly has arrived, and the app takes them over instead of rendering them
//! again, so typed text, focus and layout stay as they are (issue 16).

use wasm_bindgen::JsCast;

/// The first element matching `selector`, as the type the caller expects.
pub fn element<T: JsCast>(selector: &str) -> Option<T> {
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??
        .dyn_into()
        .ok()
}

/// The domain form's text field.
pub fn domain_input() -> Option<web_sys::HtmlInputElement> {
    element("form.check input[name=domain]")
}

/// Shows `reason` under the domain form, or removes the reason shown when `None`. A new
/// element each time, so that screen readers announce it (role=alert).
pub fn show_input_error(reason: Option<&str>) {
    if let Some(old) = element::<web_sys::Element>("form.check [data-input-error]") {
        old.remove();
    }
    let (Some(reason), Some(form)) = (reason, element::<web_sys::Element>("form.check")) else {
        return;
    };
    let Some(document) = form.owner_document() else {
        return;
    };
    if let Ok(p) = document.create_element("p") {
        p.set_class_name("input-error");
        let _ = p.set_attribute("data-input-error", "");
        let _ = p.set_attribute("role", "alert");
        p.set_text_content(Some(reason));
        let _ = form.append_child(&p);
    }
}

/// Hides or shows the static page's parts that give way to a report (the introduction).
pub fn hide_intro(hidden: bool) {
    if let Some(intro) = element::<web_sys::Element>("[data-early-hide]") {
        let _ = intro.toggle_attribute_with_force("hidden", hidden);
    }
}
