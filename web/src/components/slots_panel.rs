//! Every Multi-Paxos replica's slot log as a grid — what its acceptor accepted, which commands
//! it knows are chosen, how far it has executed them, no-op fills striped — and its key-value
//! state machine.
//!
//! Hooks: each row `data-slots-node`; each slot cell `data-slot="N"` and `data-state`
//! (`accepted` / `chosen` / `executed`, or `noop` for a no-op whatever its progress) with
//! `data-progress` (`accepted` / `chosen` / `executed`) and `data-command` (cells of slots a
//! replica knows nothing about carry `data-empty-slot` instead); the executed count in
//! `data-executed`, the state machine in `.slots-kv`.

use conlab_core::kv::{Command, KvStore};
use conlab_core::NodeId;
use conlab_paxos::multi::{Role, SlotLog};
use conlab_paxos::{Ballot, MultiPaxosNode, Slot};
use conlab_sim::Frame;
use yew::prelude::*;

use super::paxos_model::{ballot_opt, ballot_text, command_text};
use super::ring::short;
use super::Shared;
use crate::state::{Action, Selection};

/// Show at most this many of the latest slots (the inspector lists a replica's whole log).
const VISIBLE_SLOTS: u64 = 24;

#[derive(Properties, PartialEq)]
pub struct SlotsPanelProps {
    pub frame: Shared<Frame<MultiPaxosNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

/// The frame changes every tick; the grid only when a log, a role or a state machine does.
#[function_component(SlotsPanel)]
pub fn slots_panel(props: &SlotsPanelProps) -> Html {
    html! { <SlotGrid rows={SlotRow::rows(&props.frame)} selection={props.selection} on_action={props.on_action.clone()} /> }
}

/// What the grid shows of one replica. Compared by value (the logs are shared copy-on-write,
/// so a clone is a few pointers), so the grid re-renders only when something in it changed.
#[derive(Clone, PartialEq)]
pub struct SlotRow {
    pub id: NodeId,
    pub up: bool,
    pub role: Role,
    pub ballot: Option<Ballot>,
    pub log: SlotLog,
    pub kv: KvStore,
}

impl SlotRow {
    pub fn rows(frame: &Frame<MultiPaxosNode>) -> Vec<SlotRow> {
        frame
            .nodes
            .iter()
            .map(|n| SlotRow {
                id: n.node.id(),
                up: n.up,
                role: n.node.role(),
                ballot: n.node.ballot().or(n.node.promised()),
                log: n.node.log().clone(),
                kv: n.node.state_machine().clone(),
            })
            .collect()
    }
}

/// How far one slot got at one replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Accepted,
    Chosen,
    Executed,
}

impl Progress {
    pub fn name(self) -> &'static str {
        match self {
            Progress::Accepted => "accepted",
            Progress::Chosen => "chosen",
            Progress::Executed => "executed",
        }
    }
}

/// The command a replica has for `slot` (chosen if known, else accepted), the ballot its
/// acceptor accepted that command in (None if it accepted nothing there, or another command
/// that lost) and how far it got; None for a slot it knows nothing about.
pub fn slot_state(log: &SlotLog, slot: Slot) -> Option<(&Command, Option<Ballot>, Progress)> {
    let accepted = log.accepted(slot);
    let chosen = log.chosen(slot);
    let command = chosen.or(accepted.map(|(_, c)| c))?;
    let ballot = accepted.filter(|(_, c)| *c == command).map(|(b, _)| b);
    let progress = if slot <= log.executed() {
        Progress::Executed
    } else if chosen.is_some() {
        Progress::Chosen
    } else {
        Progress::Accepted
    };
    Some((command, ballot, progress))
}

#[derive(Properties, PartialEq)]
struct SlotGridProps {
    rows: Vec<SlotRow>,
    selection: Option<Selection>,
    on_action: Callback<Action>,
}

#[function_component(SlotGrid)]
fn slot_grid(props: &SlotGridProps) -> Html {
    let longest = props
        .rows
        .iter()
        .map(|r| r.log.last_slot())
        .max()
        .unwrap_or(0);
    let first = longest.saturating_sub(VISIBLE_SLOTS - 1).max(1);
    let last = longest.max(first);
    let header = (first..=last).map(|s| html! { <th scope="col" class="slot-index">{ s }</th> });
    let rows = props.rows.iter().map(|row| {
        let id = row.id;
        let select = {
            let on_action = props.on_action.clone();
            Callback::from(move |_: MouseEvent| on_action.emit(Action::Select(Some(Selection::Node(id)))))
        };
        let cells = (first..=last).map(|slot| view_cell(row, slot));
        let kv: Vec<String> = row.kv.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let selected = props.selection == Some(Selection::Node(id));
        html! {
            <tr class={classes!(selected.then_some("is-selected"), (!row.up).then_some("is-down"))} data-slots-node={id.0.to_string()}>
                <th scope="row">
                    <button type="button" class="link-button" onclick={select}>{ id.to_string() }</button>
                    if !row.up {
                        <span class="badge badge-down">{ "down" }</span>
                    } else if row.role == Role::Leader {
                        <span class="badge badge-leader" title={format!("ballot {}", ballot_opt(row.ballot))}>{ format!("leader {}", ballot_opt(row.ballot)) }</span>
                    } else if row.role == Role::Candidate {
                        <span class="badge badge-candidate">{ "phase 1" }</span>
                    }
                </th>
                { for cells }
                <td class="slot-meta" data-executed={row.log.executed().to_string()}>{ format!("exec {}", row.log.executed()) }</td>
                <td class="log-kv slots-kv">{ if kv.is_empty() { "∅".to_string() } else { kv.join(" ") } }</td>
            </tr>
        }
    });
    html! {
        <section class="panel slots-panel" aria-label="Slots">
            <h2 class="panel-title">{ "Slots" }
                <span class="panel-hint">{ "one Paxos instance per slot; replicas execute in slot order" }</span>
            </h2>
            <div class="table-scroll">
                <table class="slots">
                    <thead><tr><th scope="col">{ "replica" }</th>{ for header }<th scope="col">{ "executed" }</th><th scope="col">{ "state machine" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <ul class="slots-legend" aria-label="Slot states">
                <li><span class="slot-cell state-accepted"></span>{ "accepted (not known chosen)" }</li>
                <li><span class="slot-cell state-chosen"></span>{ "chosen" }</li>
                <li><span class="slot-cell state-executed"></span>{ "executed" }</li>
                <li><span class="slot-cell state-noop"></span>{ "no-op fill" }</li>
            </ul>
        </section>
    }
}

fn view_cell(row: &SlotRow, slot: Slot) -> Html {
    let Some((command, ballot, progress)) = slot_state(&row.log, slot) else {
        let gap = slot <= row.log.last_slot();
        return html! {
            <td class="slot-cell is-empty" data-empty-slot={slot.to_string()} title={format!("slot {slot}: {}", if gap { "nothing known (a gap)" } else { "empty" })}></td>
        };
    };
    let noop = *command == Command::Noop;
    let state = if noop { "noop" } else { progress.name() };
    // An acceptor may hold a proposal that lost: the chosen command differs from its own.
    let superseded = row
        .log
        .accepted(slot)
        .filter(|(_, c)| row.log.chosen(slot).is_some_and(|chosen| chosen != *c))
        .map(|(b, c)| {
            format!(
                "; its acceptor had accepted {c} in ballot {}",
                ballot_text(b)
            )
        })
        .unwrap_or_default();
    let title = format!(
        "slot {slot}: {}{} — {}{superseded}",
        command_text(command),
        if noop { " (fills a gap)" } else { "" },
        match (progress, ballot) {
            (Progress::Accepted, Some(b)) =>
                format!("accepted in ballot {}, not known chosen", ballot_text(b)),
            (Progress::Accepted, None) => "accepted".to_string(),
            (Progress::Chosen, _) => "chosen, waiting for earlier slots to execute".to_string(),
            (Progress::Executed, _) => "chosen and executed".to_string(),
        }
    );
    html! {
        <td
            class={classes!("slot-cell", format!("state-{state}"), format!("progress-{}", progress.name()))}
            title={title}
            data-slot={slot.to_string()}
            data-state={state}
            data-progress={progress.name()}
            data-command={command.to_string()}
        >
            <span class="slot-command">{ short(&command_text(command), 10) }</span>
            <span class="slot-ballot">{ ballot.map(ballot_text).unwrap_or_else(|| "·".to_string()) }</span>
        </td>
    }
}
