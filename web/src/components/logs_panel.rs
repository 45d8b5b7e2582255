use conlab_core::kv::KvStore;
use conlab_core::NodeId;
use conlab_raft::{LogIndex, RaftLog, RaftNode, Role};
use conlab_sim::Frame;
use yew::prelude::*;

use crate::layout::term_hue;
use crate::state::{Action, Selection};

/// Show at most this many of the latest entries per log (the inspector shows everything).
const VISIBLE_ENTRIES: usize = 24;

/// What the logs panel shows of one node. Compared by value, so the panel re-renders only
/// when a log, a commit index or a state machine actually changed — not on every frame.
#[derive(Clone, PartialEq)]
pub struct LogRow {
    pub id: NodeId,
    pub up: bool,
    pub leader: bool,
    pub commit_index: LogIndex,
    pub log: RaftLog,
    pub kv: KvStore,
    /// The leader's nextIndex and matchIndex for this follower (newest live leader).
    pub leader_view: Option<(LogIndex, LogIndex)>,
}

impl LogRow {
    pub fn rows(frame: &Frame<RaftNode>) -> Vec<LogRow> {
        let leader = frame
            .nodes
            .iter()
            .filter(|n| n.up && n.node.role() == Role::Leader)
            .max_by_key(|n| n.node.current_term())
            .map(|n| &n.node);
        frame
            .nodes
            .iter()
            .map(|n| LogRow {
                leader_view: leader
                    .filter(|l| l.id() != n.node.id())
                    .map(|l| (l.next_index(n.node.id()), l.match_index(n.node.id()))),
                id: n.node.id(),
                up: n.up,
                leader: n.up && n.node.role() == Role::Leader,
                commit_index: n.node.commit_index(),
                log: n.node.log().clone(),
                kv: n.node.state_machine().clone(),
            })
            .collect()
    }
}

#[derive(Properties, PartialEq)]
pub struct LogsPanelProps {
    pub rows: Vec<LogRow>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

/// Every node's log as a row of cells coloured by term, with the commit index marked and the
/// applied key-value state beside it.
#[function_component(LogsPanel)]
pub fn logs_panel(props: &LogsPanelProps) -> Html {
    let longest = props
        .rows
        .iter()
        .map(|r| r.log.last_index())
        .max()
        .unwrap_or(0);
    let first = longest.saturating_sub(VISIBLE_ENTRIES as u64 - 1).max(1);
    let header = (first..=longest.max(first))
        .map(|i| html! { <th scope="col" class="log-index">{ i }</th> });
    let rows = props.rows.iter().map(|row| {
        let id = row.id;
        let select = {
            let on_action = props.on_action.clone();
            Callback::from(move |_: MouseEvent| on_action.emit(Action::Select(Some(Selection::Node(id)))))
        };
        let cells = (first..=longest.max(first)).map(|i| match row.log.entry(i) {
            Some(entry) => {
                let committed = i <= row.commit_index;
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
        let kv: Vec<String> = row.kv.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let selected = props.selection == Some(Selection::Node(id));
        html! {
            <tr class={classes!(selected.then_some("is-selected"), (!row.up).then_some("is-down"))} data-log-node={id.0.to_string()}>
                <th scope="row">
                    <button type="button" class="link-button" onclick={select}>{ id.to_string() }</button>
                    if row.leader { <span class="badge badge-leader">{ "leader" }</span> }
                </th>
                { for cells }
                <td class="log-meta" data-commit-index={row.commit_index.to_string()}>
                    { format!("commit {}", row.commit_index) }
                </td>
                <td class="log-meta" title="the leader's nextIndex and matchIndex for this server">
                    { row.leader_view.map(|(next, matched)| format!("next {next} · match {matched}")).unwrap_or_default() }
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
                    <thead><tr><th scope="col">{ "node" }</th>{ for header }<th scope="col">{ "commit" }</th><th scope="col">{ "leader's view" }</th><th scope="col">{ "state machine" }</th></tr></thead>
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
