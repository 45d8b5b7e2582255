use conlab_core::NodeId;
use conlab_sim::Intervention;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::dialog::Dialog;
use crate::state::Action;

const GROUPS: [&str; 3] = ["A", "B", "C"];

#[derive(Properties, PartialEq)]
pub struct PartitionProps {
    pub nodes: usize,
    /// The current partition.
    pub groups: Vec<Vec<NodeId>>,
    pub on_action: Callback<Action>,
}

/// Put servers into groups that cannot talk to each other, cut or restore single one-way
/// links, or heal everything.
#[function_component(Partition)]
pub fn partition(props: &PartitionProps) -> Html {
    let initial: Vec<usize> = NodeId::all(props.nodes)
        .map(|id| {
            props
                .groups
                .iter()
                .position(|g| g.contains(&id))
                .unwrap_or(0)
                .min(GROUPS.len() - 1)
        })
        .collect();
    let assignment = use_state(|| initial);
    let link = use_state(|| (NodeId(1), NodeId(2.min(props.nodes as u8).max(1))));
    let cycle = |i: usize| {
        let assignment = assignment.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*assignment).clone();
            next[i] = (next[i] + 1) % GROUPS.len();
            assignment.set(next);
        })
    };
    let apply = {
        let on_action = props.on_action.clone();
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
        let on_action = props.on_action.clone();
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
        let on_action = props.on_action.clone();
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
                { for NodeId::all(props.nodes).map(|n| html! { <option value={n.0.to_string()} selected={n == value}>{ n.to_string() }</option> }) }
            </select>
        }
    };
    html! {
        <Dialog title="Partition the network" on_action={props.on_action.clone()}>
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
        </Dialog>
    }
}
