//! Files into reports, in the browser: each file's size checked before it is read, its bytes
//! given to the engine's opener, and every deflate stream inflated by the browser's own
//! `DecompressionStream('deflate-raw')`, stopped as soon as it passes the engine's limit.

use js_sys::{Array, Promise, Reflect, Uint8Array};
use mta_sts::tlsrpt::report::{open_async, Inflate, InflateError, Limits, LoadError, Loaded};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair};

#[wasm_bindgen]
extern "C" {
    // web-sys has DecompressionStream only behind `web_sys_unstable_apis`; its two members
    // are all this page needs, so it is declared here rather than changing the build's cfg.
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Decompression;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<Decompression, JsValue>;
}

/// Reads one file the person gave: refused unread when over the size limit.
pub async fn read_file(file: &File, limits: Limits) -> Vec<Loaded> {
    let name = file.name();
    // `size` first: a 2 GB file is never read into memory.
    if file.size() > limits.max_file_bytes as f64 {
        return vec![Loaded {
            source: name,
            result: Err(LoadError::FileTooLarge),
        }];
    }
    let bytes = match JsFuture::from(file.array_buffer()).await {
        Ok(buffer) => Uint8Array::new(&buffer).to_vec(),
        Err(e) => {
            return vec![Loaded {
                source: name,
                result: Err(LoadError::Corrupt(format!(
                    "the browser could not read the file ({})",
                    js_text(&e)
                ))),
            }]
        }
    };
    read_bytes(&name, bytes, limits).await
}

/// Reads bytes already in hand (pasted text, or a file's contents).
pub async fn read_bytes(name: &str, bytes: Vec<u8>, limits: Limits) -> Vec<Loaded> {
    open_async(name, bytes, limits, inflate).await
}

/// Inflates raw deflate data with the browser, to at most `max_out` bytes: the output is read
/// chunk by chunk and the stream cancelled as soon as it passes the limit, so a compression
/// bomb costs `max_out` bytes of memory, not what it would inflate to.
async fn inflate(request: Inflate) -> Result<Vec<u8>, InflateError> {
    let corrupt = |e: JsValue| InflateError::Corrupt(js_text(&e));
    let decompression = Decompression::new("deflate-raw").map_err(corrupt)?;
    let input = Uint8Array::from(request.data.as_slice());
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&input)).map_err(corrupt)?;
    // A DecompressionStream is a readable/writable pair: piping through it needs no writer
    // of our own, and the pipe's errors arrive at the reader.
    let output: ReadableStream = blob
        .stream()
        .pipe_through(decompression.unchecked_ref::<ReadableWritablePair>());
    let reader: ReadableStreamDefaultReader = output.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(corrupt)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(out);
        }
        let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value")) else {
            continue;
        };
        let Ok(bytes) = value.dyn_into::<Uint8Array>() else {
            continue;
        };
        if out.len() + bytes.length() as usize > request.max_out {
            // The rest is never inflated. The cancel's promise is settled and ignored.
            let _: Promise = reader.cancel();
            return Err(InflateError::TooLarge);
        }
        let start = out.len();
        out.resize(start + bytes.length() as usize, 0);
        bytes.copy_to(&mut out[start..]);
    }
}

/// A JavaScript error as text: its message when it has one.
fn js_text(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| "unknown error".into())
}
