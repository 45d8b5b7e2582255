//! The guide's reading column: a chapter, the index, the glossary, the FAQ or the cheat sheet,
//! fetched from `guide/` and inserted as HTML by `web/js/guide.js`. That is the one exception
//! to "text as text": these are the project's own static files, never anything a user or a
//! link supplies. A failed fetch shows a notice. `a[data-term]` links open a popover with the
//! glossary's definition (click, Enter or tap; Esc or a second activation closes it, and focus
//! returns to the link): `guide.js` installs that once, for the guide and tour captions.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::guide::Route;

#[wasm_bindgen(module = "/js/guide.js")]
extern "C" {
    #[wasm_bindgen(js_name = showGuide)]
    fn show_guide(column: &web_sys::Element, file: &str, slug: &str);
    #[wasm_bindgen(js_name = installPopovers)]
    pub fn install_popovers();
}

/// Fill the column `column` with `route`'s page (after the column is on screen).
pub fn show(column: &NodeRef, route: &Route) {
    let slug = match route {
        Route::Glossary(Some(slug)) => slug.as_str(),
        _ => "",
    };
    if let Some(el) = column.cast::<web_sys::Element>() {
        show_guide(&el, &route.file(), slug);
    }
}

/// The reading column, filled by [`show`], under the guide's links (static HTML,
/// `guide_nav.html`: a string costs the wasm less than `html!` code).
pub fn column(column: &NodeRef) -> Html {
    html! {
        <div class="guide-column">
            { Html::from_html_unchecked(AttrValue::Static(include_str!("guide_nav.html"))) }
            <div class="guide-content" ref={column.clone()}></div>
        </div>
    }
}
