//! The clients panel (issue 16, item 9): the workload's latest operations as a history
//! diagram — one lane per client, each operation a numbered bar from invocation to answer —
//! and the same operations in a table with their answer, latency and retries. After a
//! linearizability violation it shows the operations on the key that broke, the ones no
//! order could place next in red.

use conlab_sim::view::{ClientsView, OpBar};
use yew::prelude::*;

/// The diagram's width, the lane labels' width and a lane's height, in its own units.
const WIDTH: u32 = 320;
const LABEL: u32 = 28;
const LANE: u32 = 22;

/// The panel for `view` (shown with a client workload).
pub fn clients_panel(view: &ClientsView) -> Html {
    let at = |slot: u32| LABEL + slot * (WIDTH - LABEL) / view.slots.max(1);
    let height = view.clients * LANE;
    let bar = |(n, b): (usize, &OpBar)| {
        let x = at(b.start);
        let w = at(b.end).saturating_sub(x + 2).max(1);
        let y = b.client * LANE + 3;
        html! {
            <g class={classes!("op-bar", b.impossible.then_some("is-impossible"), b.ret.is_none().then_some("is-open"))} data-op-bar={n.to_string()}>
                <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={(LANE - 6).to_string()} rx="3" />
                <text x={(x + w / 2).to_string()} y={(y + LANE / 2 + 1).to_string()}>{ n + 1 }</text>
            </g>
        }
    };
    let lane = |c: u32| {
        html! { <text class="op-lane" x="0" y={(c * LANE + LANE / 2 + 1).to_string()}>{ format!("c{c}") }</text> }
    };
    let row = |(n, b): (usize, &OpBar)| {
        html! {
            <tr class={classes!(b.impossible.then_some("is-impossible"))} data-op={n.to_string()}>
                <td>{ n + 1 }</td>
                <td>{ format!("c{}", b.client) }</td>
                <td class="op-command">{ b.command.clone() }</td>
                <td>{ b.answer.clone().unwrap_or_else(|| "—".into()) }</td>
                <td>{ b.ret.map_or("—".into(), |r| format!("{} ms", r - b.call)) }</td>
                <td>{ sends(b) }</td>
            </tr>
        }
    };
    let hint = match &view.key {
        Some(key) => format!("{key}: no order explains these answers"),
        None => "latest operations".into(),
    };
    html! {
        <section class={classes!("panel", "clients-panel", view.key.is_some().then_some("has-violation"))} aria-label="Clients">
            <h2 class="panel-title">{ "Clients" }<span class="panel-hint">{ hint }</span></h2>
            <svg class="history" viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label="History diagram: one lane per client, each operation a bar from invocation to answer">
                { for (0..view.clients).map(lane) }
                { for view.bars.iter().enumerate().map(bar) }
            </svg>
            <p class="history-note">{ "Bars keep the order of invocations and answers, not their scale: a bar that ends before another begins was answered before the other was invoked." }</p>
            <table class="mini-table ops-table">
                <thead><tr><th scope="col">{ "#" }</th><th scope="col">{ "client" }</th><th scope="col">{ "operation" }</th><th scope="col">{ "answer" }</th><th scope="col">{ "latency" }</th><th scope="col">{ "retries / redirects" }</th></tr></thead>
                <tbody>{ for view.bars.iter().enumerate().map(row) }</tbody>
            </table>
        </section>
    }
}

/// Sends after a timeout (retries) and after a redirect, "1 / 6" ("—" for none).
fn sends(b: &OpBar) -> String {
    if b.retries + b.redirects == 0 {
        "—".into()
    } else {
        format!("{} / {}", b.retries, b.redirects)
    }
}
