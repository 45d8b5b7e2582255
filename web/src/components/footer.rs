use yew::prelude::*;

/// Bottom line: version and the promise the simulator keeps.
pub fn footer() -> Html {
    html! {
        <footer class="site-footer">
            <span class="version">{ format!("Consensus Lab v{}", crate::VERSION) }</span>
            <span class="footnote">{ "Deterministic simulation: same seed, same run." }</span>
        </footer>
    }
}
