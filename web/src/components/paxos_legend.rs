//! What the shapes and colours on the Paxos and Multi-Paxos stages mean.

use yew::prelude::*;

fn message(kind: &str, glyph: Html, label: &str) -> Html {
    html! {
        <li>
            <svg class={classes!("legend-glyph", "msg", format!("kind-px-{kind}"))} viewBox="-12 -12 24 24" aria-hidden="true">{ glyph }</svg>
            { label.to_string() }
        </li>
    }
}

fn node(classes: &str, extra: Html, label: &str) -> Html {
    html! {
        <li>
            <svg class={classes!("legend-glyph", "node", classes.split(' ').map(str::to_string).collect::<Vec<_>>())} viewBox="-12 -12 24 24" aria-hidden="true">
                <circle class="node-body" r="9" />
                { extra }
            </svg>
            { label.to_string() }
        </li>
    }
}

fn mark(text: &str) -> Html {
    html! { <text class="msg-mark" text-anchor="middle" dominant-baseline="central">{ text.to_string() }</text> }
}

fn crashed() -> Html {
    node(
        "role-crashed",
        html! { <path class="crash-mark" d="M -4 -4 L 4 4 M -4 4 L 4 -4" /> },
        "crashed",
    )
}

/// Single-decree Paxos.
#[function_component(PaxosLegend)]
pub fn paxos_legend() -> Html {
    html! {
        <section class="legend" aria-label="Legend">
            <ul>
                <li>{ "P A L = proposer, acceptor, learner; ballot 2.5 = round 2 of S5" }</li>
                { node("px-node phase-preparing", Html::default(), "phase 1") }
                { node("px-node phase-accepting", Html::default(), "phase 2") }
                { node("px-node", html! { <circle class="px-quorum-ring" r="11" /> }, "quorum that chose") }
                { crashed() }
                { message("Prepare", html! { <circle class="msg-shape" r="6.5" /> }, "Prepare (1a)") }
                { message("Promise", html! { <><circle class="msg-shape" r="7.5" />{ mark("✓") }</> }, "Promise (1b)") }
                { message("Promise", html! { <><circle class="msg-shape" r="7.5" /><circle class="px-report-dot hue-7" r="3.5" /></> }, "Promise reporting a value") }
                { message("Accept", html! { <rect class="msg-shape px-value-fill hue-7" x="-9" y="-6.5" width="18" height="13" rx="3" /> }, "Accept (2a), value colour") }
                { message("Accepted", html! { <><rect class="msg-shape" x="-8" y="-6.5" width="16" height="13" rx="3" />{ mark("✓") }</> }, "Accepted (2b)") }
                { message("Nack", html! { <><circle class="msg-shape" r="7.5" />{ mark("✗") }</> }, "Nack") }
            </ul>
        </section>
    }
}

/// Multi-Paxos.
#[function_component(MultiPaxosLegend)]
pub fn multipaxos_legend() -> Html {
    let slot_box = html! { <><rect class="msg-shape" x="-10" y="-7" width="20" height="14" rx="3" /><text class="mp-msg-slot" text-anchor="middle" dominant-baseline="central">{ "3" }</text></> };
    html! {
        <section class="legend" aria-label="Legend">
            <ul>
                { node("role-follower", Html::default(), "follower") }
                { node("role-candidate", Html::default(), "phase 1 (candidate)") }
                { node("role-leader", html! { <circle class="leader-ring" r="6" /> }, "leader") }
                { crashed() }
                { message("Prepare", html! { <circle class="msg-shape" r="7" /> }, "Prepare (1a, once)") }
                { message("Promise", html! { <><circle class="msg-shape" r="7.5" />{ mark("✓") }</> }, "Promise (1b)") }
                { message("Accept", slot_box.clone(), "Accept (2a, per slot)") }
                { message("Accepted", slot_box, "Accepted (2b)") }
                { message("Heartbeat", html! { <circle class="msg-shape" r="5" /> }, "heartbeat") }
                { message("Nack", html! { <><circle class="msg-shape" r="7.5" />{ mark("✗") }</> }, "Nack") }
                { message("CatchUp", html! { <><circle class="msg-shape" r="7" />{ mark("?") }</> }, "catch-up request") }
                { message("Chosen", html! { <><rect class="msg-shape" x="-9" y="-7" width="18" height="14" rx="3" /><text class="msg-count" text-anchor="middle" dominant-baseline="central">{ "1" }</text></> }, "decisions") }
                <li><svg class="legend-glyph" viewBox="-12 -12 24 24" aria-hidden="true"><path class="timer-arc" d="M 0 -9 A 9 9 0 1 1 -9 0" /></svg>{ "leader timeout" }</li>
            </ul>
        </section>
    }
}
