//! Saved scenarios (issue 14 item 6). The feature is web/js/saved.js: two custom elements,
//! `<conlab-save link name>` in the Share dialog and `<conlab-saved>` in the Scenarios
//! dialog, which keep share links under a name in localStorage and list, open, rename and
//! delete them. The wasm only defines them at start and writes their tags.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/saved.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineSaved)]
    fn define_saved();
}

/// Define `<conlab-save>` and `<conlab-saved>` (before the first render).
pub fn define() {
    define_saved();
}
