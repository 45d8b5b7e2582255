//! The Multi-Paxos stage: replicas on a ring, the leader and its ballot, phase 1 (Prepare /
//! Promise, once per leadership, amber circles) and phase 2 (Accept / Accepted, per slot,
//! green boxes with the slot number), heartbeats, Nacks, catch-up and decisions in flight.
//!
//! Hooks: each node `<g>` has `data-node`, `data-role` (`leader` / `candidate` (running
//! phase 1) / `follower` / `crashed`), `data-term` (the round of its own ballot while
//! candidate or leader, else of its promise), `data-ballot` (its ballot or promise, `2.3`)
//! and `data-executed` (slots executed). Each message has `data-kind`, `data-msg`,
//! `data-ballot` when it carries one, `data-msg-slot` for Accept / Accepted, and `data-phase`
//! (`1` for Prepare / Promise, `2` for Accept / Accepted).

use conlab_paxos::multi::{Msg, Role, Timer};
use conlab_paxos::MultiPaxosNode;
use conlab_sim::{Frame, MessageFrame, NodeFrame};
use yew::prelude::*;

use super::paxos_model::{ballot_opt, ballot_text, multipaxos_role, multipaxos_round};
use super::ring::{self, Ring};
use super::Shared;
use crate::format::fmt_sim_time;
use crate::layout::{arc_path, fmt_coord, Point};
use crate::state::{Action, Selection};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 560.0;
const RING_RADIUS: f64 = 215.0;
const MAX_NODE_RADIUS: f64 = 38.0;
/// Above this many replicas the words under the nodes and the labels on messages would
/// overlap: colour and shape say the role, the legend explains them.
const LABELLED_NODES: usize = 9;
/// The leader lists at most this many of its open (not yet chosen) slots.
const OPEN_SLOTS_SHOWN: usize = 3;

#[derive(Properties, PartialEq)]
pub struct MultiPaxosStageProps {
    pub frame: Shared<Frame<MultiPaxosNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

#[function_component(MultiPaxosStage)]
pub fn multipaxos_stage(props: &MultiPaxosStageProps) -> Html {
    let frame = &props.frame;
    let n = frame.nodes.len();
    let ring = Ring::new(n, WIDTH, HEIGHT, RING_RADIUS, MAX_NODE_RADIUS);
    let labelled = n <= LABELLED_NODES;

    let nodes = frame.nodes.iter().map(|node| {
        let id = node.node.id();
        let selected = props.selection == Some(Selection::Node(id));
        let group = ring::group_of(&frame.groups, id);
        let p = ring.at(id);
        // Words that would sit among the messages go on the outer side of the ring instead.
        let upper = p.y < ring.cy - 1.0;
        view_node(
            node,
            p,
            ring.node_r,
            frame.time,
            selected,
            group,
            labelled,
            upper,
        )
    });
    let messages = frame.messages.iter().map(|m| {
        let selected = props.selection == Some(Selection::Message(m.id));
        view_message(
            m,
            ring.message_at(m.from, m.to, m.progress),
            selected,
            labelled,
        )
    });
    let (onclick, onkeydown) = ring::select_listeners(&props.on_action);
    html! {
        <section class="stage mp-stage" aria-label="Multi-Paxos cluster">
            <svg
                class="stage-svg"
                viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label={describe(frame)}
                {onclick}
                {onkeydown}
            >
                <rect class="stage-background" width={WIDTH.to_string()} height={HEIGHT.to_string()} />
                { ring.track(n) }
                { ring.cut_links(&frame.cut_links) }
                { for nodes }
                { for messages }
                <text class="stage-clock" x={fmt_coord(ring.cx)} y={fmt_coord(ring.cy)} text-anchor="middle" dominant-baseline="middle">
                    { fmt_sim_time(frame.time) }
                </text>
            </svg>
            { leader_note(frame) }
            { ring::partition_note(&frame.groups) }
        </section>
    }
}

/// The live leaders (more than one only while an old one has not heard of the new ballot).
fn leaders(frame: &Frame<MultiPaxosNode>) -> Vec<&MultiPaxosNode> {
    let mut leaders: Vec<&MultiPaxosNode> = frame
        .nodes
        .iter()
        .filter(|n| n.up && n.node.role() == Role::Leader)
        .map(|n| &n.node)
        .collect();
    leaders.sort_by_key(|l| std::cmp::Reverse(l.ballot()));
    leaders
}

/// One sentence for screen readers.
fn describe(frame: &Frame<MultiPaxosNode>) -> String {
    let leaders: Vec<String> = leaders(frame)
        .iter()
        .map(|l| format!("{} leads ballot {}", l.id(), ballot_opt(l.ballot())))
        .collect();
    format!(
        "{} replicas, {}; {} down; {} messages in flight",
        frame.nodes.len(),
        if leaders.is_empty() {
            "no leader".to_string()
        } else {
            leaders.join(", ")
        },
        frame.nodes.iter().filter(|n| !n.up).count(),
        frame.messages.len()
    )
}

/// Under the stage: who leads with which ballot, or who is running phase 1.
fn leader_note(frame: &Frame<MultiPaxosNode>) -> Html {
    let leaders = leaders(frame);
    let candidates: Vec<&NodeFrame<MultiPaxosNode>> = frame
        .nodes
        .iter()
        .filter(|n| n.up && n.node.role() == Role::Candidate)
        .collect();
    let text = match leaders.first() {
        Some(l) => {
            let open = l.proposals().len();
            format!(
                "{} leads with ballot {}: phase 1 done once for every open slot; phase 2 per slot — next free slot {}, {} awaiting a quorum.",
                l.id(),
                ballot_opt(l.ballot()),
                l.next_slot(),
                if open == 1 { "1 slot".to_string() } else { format!("{open} slots") }
            )
        }
        None if !candidates.is_empty() => format!(
            "No leader: {} running phase 1 (Prepare for every open slot at once).",
            candidates
                .iter()
                .map(|c| format!("{} with ballot {}", c.node.id(), ballot_opt(c.node.ballot())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "No leader: followers start phase 1 with a higher ballot when they stop hearing heartbeats.".to_string(),
    };
    html! {
        <p
            class="stage-note mp-leader-note"
            data-leader={leaders.first().map(|l| l.id().0.to_string())}
            data-ballot={leaders.first().and_then(|l| l.ballot()).map(ballot_text)}
        >{ text }</p>
    }
}

#[allow(clippy::too_many_arguments)]
fn view_node(
    node: &NodeFrame<MultiPaxosNode>,
    p: Point,
    r: f64,
    now: u64,
    selected: bool,
    group: Option<usize>,
    labelled: bool,
    upper: bool,
) -> Html {
    let mp = &node.node;
    let id = mp.id();
    let role = multipaxos_role(node);
    let ballot = mp.ballot().or(mp.promised());
    // The leader timeout drains as a ring around followers and candidates.
    let timer = node
        .up
        .then(|| node.timers.iter().find(|t| t.timer == Timer::LeaderTimeout))
        .flatten()
        .map(|t| {
            let total = t.fires_at.saturating_sub(t.set_at).max(1) as f64;
            let left = t.fires_at.saturating_sub(now) as f64 / total;
            html! { <path class="timer-arc" d={arc_path(0.0, 0.0, r + 6.0, left)} /> }
        });
    let leading = node.up && mp.role() == Role::Leader;
    let open = (leading && labelled && !mp.proposals().is_empty()).then(|| {
        let mut parts: Vec<String> = mp
            .proposals()
            .iter()
            .take(OPEN_SLOTS_SHOWN)
            .map(|(slot, (_, acks))| format!("s{slot} {}/{}", acks.len(), mp.quorum()))
            .collect();
        if mp.proposals().len() > OPEN_SLOTS_SHOWN {
            parts.push(format!("+{}", mp.proposals().len() - OPEN_SLOTS_SHOWN));
        }
        let y = if upper { -r - 14.0 } else { r + 44.0 };
        html! { <text class="mp-open" y={fmt_coord(y)} text-anchor="middle">{ format!("open {}", parts.join(" · ")) }</text> }
    });
    let fs = (r * 0.5).clamp(9.0, 16.0);
    let name = id.to_string();
    let log = mp.log();
    let title = format!(
        "{name}: {role}, ballot {}, promised {}, executed {} of {} slots",
        ballot_opt(mp.ballot()),
        ballot_opt(mp.promised()),
        log.executed(),
        log.last_slot()
    );
    html! {
        <g
            class={classes!("node", "mp-node", format!("role-{role}"), selected.then_some("is-selected"))}
            key={name.clone()}
            transform={ring::translate(p)}
            data-node={id.0.to_string()}
            data-role={role}
            data-term={multipaxos_round(mp).to_string()}
            data-ballot={ballot.map(ballot_text)}
            data-executed={log.executed().to_string()}
            role="button"
            tabindex="0"
            aria-label={title.clone()}
        >
            <title>{ title }</title>
            { ring::group_halo(group, r) }
            if selected {
                <circle class="selection-ring" r={fmt_coord(r + 10.0)} />
            }
            { timer.unwrap_or_default() }
            <circle class="node-body" r={fmt_coord(r)} />
            if leading {
                <circle class="leader-ring" r={fmt_coord(r - 4.0)} />
            }
            if !node.up {
                { ring::crash_mark(r) }
            }
            <text class="node-name" y={fmt_coord(-fs * 0.15)} font-size={fmt_coord(fs)} text-anchor="middle" dominant-baseline="middle">{ name }</text>
            <text class="node-term" y={fmt_coord(fs * 0.85)} font-size={fmt_coord(fs * 0.7)} text-anchor="middle" dominant-baseline="middle">
                { ballot_opt(ballot) }
            </text>
            if labelled {
                <text class="node-role" y={fmt_coord(r + 15.0)} text-anchor="middle">
                    { if node.up && mp.role() == Role::Candidate {
                        format!("phase 1 · promises {}/{}", mp.promisers().len(), mp.quorum())
                    } else {
                        role.to_string()
                    } }
                </text>
                <text class="mp-node-slots" y={fmt_coord(r + 29.0)} text-anchor="middle">
                    { format!("exec {} · log {}", log.executed(), log.last_slot()) }
                </text>
            }
            { open.unwrap_or_default() }
        </g>
    }
}

fn view_message(m: &MessageFrame<Msg>, p: Point, selected: bool, labelled: bool) -> Html {
    let mark = |text: String| html! { <text class="msg-mark" text-anchor="middle" dominant-baseline="central">{ text }</text> };
    let slot_box = |slot: u64| {
        html! { <>
            <rect class="msg-shape" x="-10" y="-7" width="20" height="14" rx="3" />
            <text class="mp-msg-slot" text-anchor="middle" dominant-baseline="central">{ slot }</text>
        </> }
    };
    let (glyph, label, phase, slot) = match &m.msg {
        Msg::Prepare { first_slot, .. } => (
            html! { <circle class="msg-shape" r="7" /> },
            format!("Prepare (1a) for every slot from {first_slot} on"),
            Some("1"),
            None,
        ),
        Msg::Promise { accepted, .. } => (
            html! { <>
                <circle class="msg-shape" r="7.5" />
                { mark(if accepted.is_empty() { "✓".to_string() } else { accepted.len().to_string() }) }
            </> },
            format!("Promise (1b) reporting {} accepted slots", accepted.len()),
            Some("1"),
            None,
        ),
        Msg::Accept { slot, command, .. } => (
            slot_box(*slot),
            format!("Accept (2a) slot {slot}: {command}"),
            Some("2"),
            Some(*slot),
        ),
        Msg::Accepted { slot, .. } => (
            slot_box(*slot),
            format!("Accepted (2b) slot {slot}"),
            Some("2"),
            Some(*slot),
        ),
        Msg::Nack { promised, .. } => (
            html! { <><circle class="msg-shape" r="7.5" />{ mark("✗".to_string()) }</> },
            format!("Nack: already promised {}", ballot_text(*promised)),
            None,
            None,
        ),
        Msg::Heartbeat { chosen_through, .. } => (
            html! { <circle class="msg-shape" r="5" /> },
            format!("Heartbeat: executed through slot {chosen_through}"),
            None,
            None,
        ),
        Msg::CatchUp { first_slot } => (
            html! { <><circle class="msg-shape" r="7" />{ mark("?".to_string()) }</> },
            format!("CatchUp: send me the chosen commands from slot {first_slot}"),
            None,
            None,
        ),
        Msg::Chosen {
            first_slot,
            commands,
        } => (
            html! { <>
                <rect class="msg-shape" x="-9" y="-7" width="18" height="14" rx="3" />
                <text class="msg-count" text-anchor="middle" dominant-baseline="central">{ commands.len() }</text>
            </> },
            format!("Chosen: {} commands from slot {first_slot}", commands.len()),
            None,
            None,
        ),
    };
    let ballot = m.msg.ballot();
    // Ballots label phase-1 messages and refusals; phase 2 shows its slot inside the box.
    let tag = (labelled
        && matches!(
            m.msg,
            Msg::Prepare { .. } | Msg::Promise { .. } | Msg::Nack { .. }
        ))
    .then(|| ballot.map(ballot_text))
    .flatten();
    html! {
        <g
            class={classes!("msg", "mp-msg", format!("kind-px-{}", m.kind), m.doomed.then_some("is-doomed"), selected.then_some("is-selected"))}
            key={format!("m{}-{}", m.id, m.deliver_at)}
            transform={ring::translate(p)}
            data-kind={m.kind}
            data-msg={m.id.to_string()}
            data-ballot={ballot.map(ballot_text)}
            data-msg-slot={slot.map(|s| s.to_string())}
            data-phase={phase}
        >
            <title>{ format!("{label}{}, {} → {}", ballot.map_or(String::new(), |b| format!(", ballot {}", ballot_text(b))), m.from, m.to) }</title>
            <circle class="msg-hit" r="12" />
            { glyph }
            if let Some(tag) = tag {
                <text class="mp-msg-label" y="-11" text-anchor="middle">{ tag }</text>
            }
        </g>
    }
}
