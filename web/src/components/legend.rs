use yew::prelude::*;

/// What the shapes and colours on the stage mean.
#[function_component(Legend)]
pub fn legend() -> Html {
    let message = |class: &str, glyph: Html, label: &str| {
        html! {
            <li>
                <svg class={classes!("legend-glyph", "msg", class.to_string())} viewBox="-12 -12 24 24" aria-hidden="true">{ glyph }</svg>
                { label.to_string() }
            </li>
        }
    };
    let node = |role: &str, label: &str| {
        html! {
            <li>
                <svg class={classes!("legend-glyph", "node", format!("role-{role}"))} viewBox="-12 -12 24 24" aria-hidden="true">
                    <circle class="node-body" r="9" />
                    if role == "leader" { <circle class="leader-ring" r="6" /> }
                    if role == "crashed" { <path class="crash-mark" d="M -4 -4 L 4 4 M -4 4 L 4 -4" /> }
                </svg>
                { label.to_string() }
            </li>
        }
    };
    html! {
        <section class="legend" aria-label="Legend">
            <ul>
                { node("follower", "follower") }
                { node("candidate", "candidate") }
                { node("leader", "leader") }
                { node("crashed", "crashed") }
                { message("kind-RequestVote", html! { <circle class="msg-shape" r="7" /> }, "RequestVote") }
                { message("kind-AppendEntries", html! { <rect class="msg-shape" x="-9" y="-7" width="18" height="14" rx="3" /> }, "AppendEntries (n entries)") }
                { message("kind-Heartbeat", html! { <circle class="msg-shape" r="5" /> }, "heartbeat") }
                { message("kind-AppendEntriesReply", html! { <><circle class="msg-shape" r="7" /><text class="msg-mark" text-anchor="middle" dominant-baseline="central">{ "✓" }</text></> }, "reply ✓ / ✗") }
                <li><svg class="legend-glyph" viewBox="-12 -12 24 24" aria-hidden="true"><path class="timer-arc" d="M 0 -9 A 9 9 0 1 1 -9 0" /></svg>{ "election timer" }</li>
            </ul>
        </section>
    }
}
