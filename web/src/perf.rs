//! Opt-in frame timing for the browser benchmark (`cargo xtask bench`): with `?perf=1` in the
//! URL, the time from each action's dispatch to the DOM being patched is appended to the JS
//! array `window.__conlabFrameMs`, and the model's share of it (the reducer) to
//! `window.__conlabReduceMs`. Off otherwise: one cached check per action.

use std::cell::Cell;

use wasm_bindgen::JsCast;

thread_local! {
    static ENABLED: Cell<Option<bool>> = const { Cell::new(None) };
    static STARTED: Cell<Option<f64>> = const { Cell::new(None) };
}

fn now() -> Option<f64> {
    Some(web_sys::window()?.performance()?.now())
}

fn enabled() -> bool {
    // Native unit tests have no window to ask.
    if !cfg!(target_arch = "wasm32") {
        return false;
    }
    ENABLED.with(|e| {
        *e.get().get_or_insert_with(|| {
            web_sys::window()
                .and_then(|w| w.location().search().ok())
                .is_some_and(|s| s.trim_start_matches('?').split('&').any(|p| p == "perf=1"))
        })
    })
}

/// An action is about to be reduced.
pub fn action_started() {
    if enabled() {
        STARTED.with(|s| s.set(now()));
    }
}

/// The action has been reduced (the model work is done; rendering follows).
pub fn action_reduced() {
    let Some(started) = STARTED.with(|s| s.get()) else {
        return;
    };
    if let Some(end) = now() {
        record("__conlabReduceMs", end - started);
    }
}

/// The DOM now shows the result of the last action.
pub fn frame_done() {
    let Some(started) = STARTED.with(|s| s.take()) else {
        return;
    };
    if let Some(end) = now() {
        record("__conlabFrameMs", end - started);
    }
}

/// Append `ms` to the JS array `window[key]`, creating it if needed.
fn record(key: &str, ms: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = wasm_bindgen::JsValue::from_str(key);
    let samples = match js_sys::Reflect::get(&window, &key)
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
    {
        Some(existing) => existing,
        None => {
            let fresh = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&window, &key, &fresh);
            fresh
        }
    };
    samples.push(&ms.into());
}
