//! Fetching the gallery's scenario files (static assets next to the page).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// `url`'s body as text, or one sentence saying why not.
pub async fn text(url: &str) -> Result<String, String> {
    let failed = || format!("Could not load {url}.");
    let window = web_sys::window().ok_or_else(failed)?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| failed())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| failed())?;
    if !response.ok() {
        return Err(format!(
            "Could not load {url} (HTTP {}).",
            response.status()
        ));
    }
    let body = JsFuture::from(response.text().map_err(|_| failed())?)
        .await
        .map_err(|_| failed())?;
    body.as_string().ok_or_else(failed)
}
