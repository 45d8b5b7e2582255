//! A panic must never leave a blank page: the hook writes a visible banner with plain text.
//!
//! The banner is built with `createElement` + `textContent` only (never `innerHTML`), so a panic
//! message can contain anything without being interpreted as markup. It does not depend on Yew:
//! after a panic the app may be dead (release builds abort), but the DOM stays.

use std::panic::PanicHookInfo;

/// The id of the banner element (the e2e tests look for it).
pub const BANNER_ID: &str = "panic-banner";

/// Install the hook. Must run before `yew::Renderer::render`, or Yew installs its own.
pub fn install_hook() {
    yew::set_custom_panic_hook(Box::new(hook));
}

fn hook(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&format!("Consensus Lab panicked: {message}").into());
    show_banner(&message);
}

/// Show (or update) the panic banner at the top of `<body>`. Returns `false` when there is no
/// document to write to.
pub fn show_banner(message: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(body) = document.body() else {
        return false;
    };
    let banner = match document.get_element_by_id(BANNER_ID) {
        Some(existing) => existing,
        None => {
            let Ok(banner) = document.create_element("div") else {
                return false;
            };
            banner.set_id(BANNER_ID);
            let _ = banner.set_attribute("role", "alert");
            let _ = banner.set_attribute("class", "panic-banner");
            let _ = body.insert_before(&banner, body.first_child().as_ref());
            banner
        }
    };
    // The app behind the banner no longer responds: say so visually (see css/lab.css).
    let _ = body.set_attribute("data-crashed", "true");
    // Replace the content wholesale with text nodes built from scratch.
    banner.set_text_content(None);
    let add = |tag: &str, class: &str, text: &str| {
        if let Ok(el) = document.create_element(tag) {
            let _ = el.set_attribute("class", class);
            el.set_text_content(Some(text));
            let _ = banner.append_child(&el);
        }
    };
    add(
        "strong",
        "panic-title",
        "Consensus Lab stopped because of an internal error.",
    );
    add("p", "panic-message", message);
    add(
        "p",
        "panic-hint",
        "Reload the page to start again. If it keeps happening, please report the message above.",
    );
    true
}
