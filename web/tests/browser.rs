//! In-browser tests (headless Chrome via chromedriver): mount the real app and poke it.
//!
//! Run with `cargo xtask test` or `cargo test -p conlab-web --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use conlab_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Element, HtmlButtonElement};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mount a fresh app into its own `<div>` and return both.
fn mount() -> (Element, AppHandle<App>) {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    (root, handle)
}

/// Let Yew's scheduler and any pending effects run.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

fn unmount(root: Element, handle: AppHandle<App>) {
    handle.destroy();
    root.remove();
}

fn play_button(root: &Element) -> HtmlButtonElement {
    root.query_selector("button.play-toggle")
        .unwrap()
        .expect("the playback bar has a play/pause button")
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn shell_renders_header_stage_playback_and_footer() {
    let (root, handle) = mount();
    settle().await;

    let title = root
        .query_selector("header h1")
        .unwrap()
        .expect("a header with a title");
    assert_eq!(title.text_content().unwrap(), "Consensus Lab");
    assert!(
        root.query_selector("main svg.stage-svg").unwrap().is_some(),
        "the SVG stage"
    );
    assert_eq!(
        root.query_selector_all("svg .node[data-node]")
            .unwrap()
            .length(),
        5,
        "five servers"
    );
    let label = play_button(&root).get_attribute("aria-label");
    assert!(
        matches!(label.as_deref(), Some("Play" | "Pause")),
        "the toggle names its action: {label:?}"
    );
    let footer = root
        .query_selector("footer")
        .unwrap()
        .expect("a footer")
        .text_content()
        .unwrap();
    assert!(
        footer.contains(&format!("v{}", conlab_web::VERSION)),
        "footer shows the version: {footer}"
    );

    unmount(root, handle);
}

#[wasm_bindgen_test]
async fn clicking_play_toggles_the_button_label() {
    let (root, handle) = mount();
    settle().await;

    // A fresh visit autoplays (unless reduced motion is asked for): read where we start.
    let first = play_button(&root).get_attribute("aria-label").unwrap();
    let other = if first == "Play" { "Pause" } else { "Play" };
    play_button(&root).click();
    settle().await;
    assert_eq!(
        play_button(&root).get_attribute("aria-label").as_deref(),
        Some(other)
    );

    play_button(&root).click();
    settle().await;
    assert_eq!(
        play_button(&root).get_attribute("aria-label").as_deref(),
        Some(first.as_str())
    );

    unmount(root, handle);
}
