//! Consensus Lab's web shell (Yew, compiled to wasm and bundled by Trunk).
//!
//! `main.rs` only calls [`start`]; everything else lives here so that tests can mount the app.

pub mod codec;
pub mod components;
pub mod defaults;
pub mod draft;
pub mod embed;
pub mod fetch;
pub mod files;
pub mod format;
pub mod gallery;
pub mod glossary;
pub mod guide;
pub mod hooks;
pub mod html;
pub mod keys;
pub mod layout;
pub mod perf;
#[cfg(target_arch = "wasm32")]
mod reader;
pub mod saved;
pub mod shared;
pub mod spacetime;
pub mod state;
pub mod tags;

pub use components::app::App;

/// The page's allocator. Talc does std's dlmalloc's job in about 1 KB of wasm instead of
/// about 9 KB (issue 15's lean bundle); the page is single-threaded, so no lock is needed.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The version shown in the footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Entry point of the page: mount into `#app` (or `<body>`). A panic is a wasm trap in the page's
/// build; web/boot.js shows the crash banner for it.
pub fn start() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("Consensus Lab needs a browser window with a document");
    let root = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into))
        .expect("the page has neither #app nor <body>");
    saved::define();
    yew::Renderer::<App>::with_root(root).render();
}

/// True when the page was opened with `#panic-test` or `?panic=1`: the app then panics on
/// purpose right after its first render, so tests can check that the panic banner appears.
pub fn panic_test_requested() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let hash = location.hash().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    is_panic_test_url(&hash, &search)
}

/// The pure part of [`panic_test_requested`].
pub fn is_panic_test_url(hash: &str, search: &str) -> bool {
    hash == "#panic-test"
        || search
            .trim_start_matches('?')
            .split('&')
            .any(|pair| pair == "panic=1")
}

#[cfg(test)]
mod tests {
    use super::is_panic_test_url;

    #[test]
    fn panic_test_url_is_opt_in() {
        assert!(is_panic_test_url("#panic-test", ""));
        assert!(is_panic_test_url("", "?panic=1"));
        assert!(is_panic_test_url("", "?seed=4&panic=1"));
        assert!(!is_panic_test_url("", ""));
        assert!(!is_panic_test_url("#panic", "?panic=0"));
        assert!(!is_panic_test_url("", "?nopanic=1"));
    }
}
