//! `fetch` with a time limit, cancellation, and a bounded body read.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, Request, RequestInit, Response};

/// Cancels every request of one check at once: starting a new check cancels the old one's.
#[derive(Clone, Default)]
pub struct Cancel {
    controllers: Rc<RefCell<Vec<AbortController>>>,
    cancelled: Rc<Cell<bool>>,
}

impl Cancel {
    pub fn cancel(&self) {
        self.cancelled.set(true);
        for controller in self.controllers.borrow_mut().drain(..) {
            controller.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }

    fn register(&self, controller: &AbortController) {
        if self.cancelled.get() {
            controller.abort();
        } else {
            self.controllers.borrow_mut().push(controller.clone());
        }
    }
}

/// Why a request produced no response.
pub enum FetchError {
    /// The time limit passed.
    Timeout,
    /// The check was cancelled.
    Cancelled,
    /// `fetch` rejected: network failure, TLS failure, CORS refusal. The browser tells no more.
    Failed(String),
}

/// One request in flight: the abort controller and whether the timer fired.
pub struct Guard {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    timer: Option<i32>,
    _on_timeout: Option<Closure<dyn FnMut()>>,
}

impl Guard {
    fn new(cancel: &Cancel, timeout_ms: u32) -> Result<Guard, FetchError> {
        let controller = AbortController::new().map_err(|e| FetchError::Failed(js_text(&e)))?;
        cancel.register(&controller);
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                timeout_ms.min(i32::MAX as u32) as i32,
            )
            .ok()
        });
        Ok(Guard {
            controller,
            timed_out,
            timer,
            _on_timeout: Some(on_timeout),
        })
    }

    fn error(&self, cancel: &Cancel, error: JsValue) -> FetchError {
        if self.timed_out.get() {
            FetchError::Timeout
        } else if cancel.is_cancelled() {
            FetchError::Cancelled
        } else {
            FetchError::Failed(js_text(&error))
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let (Some(timer), Some(window)) = (self.timer, web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
    }
}

/// Sends `init` to `url` with a time limit covering the response and the body read. The guard
/// must be kept until the body is read.
pub async fn send(
    url: &str,
    init: &RequestInit,
    cancel: &Cancel,
    timeout_ms: u32,
) -> Result<(Response, Guard), FetchError> {
    let guard = Guard::new(cancel, timeout_ms)?;
    init.set_signal(Some(&guard.controller.signal()));
    let request =
        Request::new_with_str_and_init(url, init).map_err(|e| FetchError::Failed(js_text(&e)))?;
    let window = web_sys::window().ok_or(FetchError::Failed("no window".into()))?;
    match JsFuture::from(window.fetch_with_request(&request)).await {
        Ok(value) => match value.dyn_into::<Response>() {
            Ok(response) => Ok((response, guard)),
            Err(_) => Err(FetchError::Failed("fetch gave no response".into())),
        },
        Err(error) => Err(guard.error(cancel, error)),
    }
}

/// Reads at most `limit + 1` bytes of the body, so that a body over the limit is known to be
/// one without downloading all of it. Returns the bytes and whether more followed.
pub async fn read_body(
    response: &Response,
    guard: &Guard,
    cancel: &Cancel,
    limit: usize,
) -> Result<(Vec<u8>, bool), FetchError> {
    let Some(stream) = response.body() else {
        return Ok((Vec::new(), false));
    };
    let reader: ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| FetchError::Failed("the body cannot be read".into()))?;
    let mut body = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| guard.error(cancel, e))?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if done {
            return Ok((body, false));
        }
        if let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value")) {
            if let Ok(bytes) = value.dyn_into::<Uint8Array>() {
                let room = (limit + 1).saturating_sub(body.len());
                let take = (bytes.length() as usize).min(room);
                let start = body.len();
                body.resize(start + take, 0);
                bytes.subarray(0, take as u32).copy_to(&mut body[start..]);
                if body.len() > limit {
                    let _ = reader.cancel();
                    return Ok((body, true));
                }
            }
        }
    }
}

/// A JavaScript error as text: its message when it has one.
pub fn js_text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}
