use conlab_core::NodeId;
use conlab_sim::Intervention;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::Action;

const GROUPS: [&str; 3] = ["A", "B", "C"];

/// Each server's group (an index into the groups A, B, C) in the partition `groups`.
pub fn assignment_of(nodes: usize, groups: &[Vec<NodeId>]) -> Vec<usize> {
    NodeId::all(nodes)
        .map(|id| {
            groups
                .iter()
                .position(|g| g.contains(&id))
                .unwrap_or(0)
                .min(GROUPS.len() - 1)
        })
        .collect()
}

/// The one-way link the dialog starts with: S1 → S2.
pub fn first_link(nodes: usize) -> (NodeId, NodeId) {
    (NodeId(1), NodeId(2.min(nodes as u8).max(1)))
}

/// Put servers into groups that cannot talk to each other (`assignment`, which starts from
/// the current partition), cut or restore single one-way links (`link`), or heal everything.
pub fn partition(
    nodes: usize,
    assignment: UseStateHandle<Vec<usize>>,
    link: UseStateHandle<(NodeId, NodeId)>,
    on_action: &Callback<Action>,
) -> Html {
    let cycle = |i: usize| {
        let assignment = assignment.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*assignment).clone();
            next[i] = (next[i] + 1) % GROUPS.len();
            assignment.set(next);
        })
    };
    let apply = {
        let on_action = on_action.clone();
        let assignment = assignment.clone();
        Callback::from(move |_: MouseEvent| {
            let groups: Vec<Vec<NodeId>> = (0..GROUPS.len())
                .map(|g| {
                    assignment
                        .iter()
                        .enumerate()
                        .filter(|(_, &a)| a == g)
                        .map(|(i, _)| NodeId::from_index(i))
                        .collect()
                })
                .filter(|g: &Vec<NodeId>| !g.is_empty())
                .collect();
            on_action.emit(Action::Intervene(Intervention::Partition { groups }));
            on_action.emit(Action::Open(None));
        })
    };
    let heal = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::Intervene(Intervention::Heal));
            on_action.emit(Action::Open(None));
        })
    };
    let pick = |end: usize| {
        let link = link.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
                return;
            };
            let Ok(n) = select.value().parse::<u8>() else {
                return;
            };
            let (from, to) = *link;
            link.set(if end == 0 {
                (NodeId(n), to)
            } else {
                (from, NodeId(n))
            });
        })
    };
    let cut = |restore: bool| {
        let on_action = on_action.clone();
        let (from, to) = *link;
        Callback::from(move |_: MouseEvent| {
            let action = if restore {
                Intervention::Restore { from, to }
            } else {
                Intervention::Cut { from, to }
            };
            on_action.emit(Action::Intervene(action));
        })
    };
    let select = |id: &str, end: usize, value: NodeId| {
        html! {
            <select id={id.to_string()} onchange={pick(end)}>
                { for NodeId::all(nodes).map(|n| html! { <option value={n.0.to_string()} selected={n == value}>{ n.to_string() }</option> }) }
            </select>
        }
    };
    html! {
        <>
            <p class="dialog-hint">{ "Tap a server to move it to another group. Servers in different groups cannot exchange messages." }</p>
            <div class="group-picker">
                { for assignment.iter().enumerate().map(|(i, &g)| html! {
                    <button type="button" class={format!("btn group-chip group-{g}")} onclick={cycle(i)}>
                        { format!("S{} · group {}", i + 1, GROUPS[g]) }
                    </button>
                }) }
            </div>
            <div class="actions">
                <button type="button" class="btn btn-primary" onclick={apply}>{ "Apply partition" }</button>
                <button type="button" class="btn" onclick={heal}>{ "Heal everything" }</button>
            </div>
            <h3 class="dialog-subtitle">{ "One-way link" }</h3>
            <div class="link-picker">
                <label for="cut-from">{ "from" }</label>{ select("cut-from", 0, link.0) }
                <label for="cut-to">{ "to" }</label>{ select("cut-to", 1, link.1) }
                <button type="button" class="btn" onclick={cut(false)}>{ "Cut" }</button>
                <button type="button" class="btn" onclick={cut(true)}>{ "Restore" }</button>
            </div>
        </>
    }
}
