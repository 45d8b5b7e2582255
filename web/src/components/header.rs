use yew::prelude::*;

/// Top bar: the lab's name and what it is about.
#[function_component(Header)]
pub fn header() -> Html {
    html! {
        <header class="site-header">
            <div class="brand">
                <svg class="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
                    <circle cx="16" cy="16" r="11" class="brand-ring" />
                    <circle cx="16" cy="5" r="4" class="brand-node brand-leader" />
                    <circle cx="26.5" cy="22" r="4" class="brand-node" />
                    <circle cx="5.5" cy="22" r="4" class="brand-node" />
                </svg>
                <h1 class="brand-name">{ "Consensus Lab" }</h1>
            </div>
            <p class="tagline">{ "Raft and Paxos, one message at a time" }</p>
        </header>
    }
}
