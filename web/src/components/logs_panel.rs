
use conlab_raft::{RaftNode, Role};
use conlab_sim::Frame;
use yew::prelude::*;

use crate::layout::term_hue;
use super::Shared;
use crate::state::{Action, Selection};

/// Show at most this many of the latest entries per log (the inspector shows everything).
const VISIBLE_ENTRIES: usize = 24;

#[derive(Properties, PartialEq)]
pub struct LogsPanelProps {
    pub frame: Shared<Frame<RaftNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

/// Every node's log as a row of cells coloured by term, with the commit index marked and the
/// applied key-value state beside it.
#[function_component(LogsPanel)]
pub fn logs_panel(props: &LogsPanelProps) -> Html {
    let frame = &props.frame;
    let longest = frame.nodes.iter().map(|n| n.node.log().last_index()).max().unwrap_or(0);
    let first = longest.saturating_sub(VISIBLE_ENTRIES as u64 - 1).max(1);
    let header = (first..=longest.max(first)).map(|i| html! { <th scope="col" class="log-index">{ i }</th> });
    let rows = frame.nodes.iter().map(|n| {
        let raft = &n.node;
        let id = raft.id();
        let select = {
            let on_action = props.on_action.clone();
            Callback::from(move |_: MouseEvent| on_action.emit(Action::Select(Some(Selection::Node(id)))))
        };
        let cells = (first..=longest.max(first)).map(|i| match raft.log().entry(i) {
            Some(entry) => {
                let committed = i <= raft.commit_index();
                html! {
                    <td
                        class={classes!("log-cell", format!("hue-{}", term_hue(entry.term) / 30), committed.then_some("is-committed"))}
                        title={format!("index {i}, term {}: {}{}", entry.term, entry.command, if committed { " (committed)" } else { "" })}
                        data-index={i.to_string()}
                        data-term={entry.term.to_string()}
                    >
                        <span class="log-term">{ entry.term }</span>
                        <span class="log-command">{ short(&entry.command.to_string()) }</span>
                    </td>
                }
            }
            None => html! { <td class="log-cell is-empty"></td> },
        });
        let kv: Vec<String> = raft.state_machine().iter().map(|(k, v)| format!("{k}={v}")).collect();
        let selected = props.selection == Some(Selection::Node(id));
        html! {
            <tr class={classes!(selected.then_some("is-selected"), (!n.up).then_some("is-down"))} data-log-node={id.0.to_string()}>
                <th scope="row">
                    <button type="button" class="link-button" onclick={select}>{ id.to_string() }</button>
                    if raft.role() == Role::Leader && n.up { <span class="badge badge-leader">{ "leader" }</span> }
                </th>
                { for cells }
                <td class="log-meta" data-commit-index={raft.commit_index().to_string()}>
                    { format!("commit {}", raft.commit_index()) }
                </td>
                <td class="log-kv">{ if kv.is_empty() { "∅".to_string() } else { kv.join(" ") } }</td>
            </tr>
        }
    });
    html! {
        <section class="panel logs-panel" aria-label="Logs">
            <h2 class="panel-title">{ "Logs" }
                <span class="panel-hint">{ "cells coloured by term; bold border = committed" }</span>
            </h2>
            <div class="table-scroll">
                <table class="logs">
                    <thead><tr><th scope="col">{ "node" }</th>{ for header }<th scope="col">{ "commit" }</th><th scope="col">{ "state machine" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}

/// A command shortened to fit a log cell.
fn short(command: &str) -> String {
    match command {
        "noop" => "·".to_string(),
        c if c.chars().count() > 9 => format!("{}…", c.chars().take(8).collect::<String>()),
        c => c.to_string(),
    }
}
