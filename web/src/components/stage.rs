use conlab_core::NodeId;
use conlab_raft::{AppendEntries, Msg, RaftNode, RequestVote, Role, Timer};
use conlab_sim::{Frame, MessageFrame, NodeFrame};
use yew::prelude::*;

use super::ring::{self, Ring};
use super::Shared;
use crate::format::fmt_sim_time;
use crate::layout::{arc_path, fmt_coord, Point};
use crate::state::{Action, Selection};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 560.0;
const RING_RADIUS: f64 = 215.0;
const MAX_NODE_RADIUS: f64 = 38.0;
/// Above this many servers the role is shown by colour and shape only (the legend explains
/// them); the words would overlap.
const LABELLED_NODES: usize = 9;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub frame: Shared<Frame<RaftNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

/// What a node is, for colour, shape and `data-role`.
pub fn role_name(node: &NodeFrame<RaftNode>) -> &'static str {
    if node.up {
        node.node.role().name()
    } else {
        "crashed"
    }
}

/// The cluster: nodes on a ring, messages in flight, partitions and cut links.
#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let frame = &props.frame;
    let n = frame.nodes.len();
    let ring = Ring::new(n, WIDTH, HEIGHT, RING_RADIUS, MAX_NODE_RADIUS);
    let r = ring.node_r;

    let nodes = frame.nodes.iter().map(|node| {
        let id = node.node.id();
        let selected = props.selection == Some(Selection::Node(id));
        let group = ring::group_of(&frame.groups, id);
        view_node(
            node,
            ring.at(id),
            r,
            frame.time,
            selected,
            group,
            n <= LABELLED_NODES,
        )
    });

    let messages = frame.messages.iter().map(|m| {
        let selected = props.selection == Some(Selection::Message(m.id));
        view_message(m, ring.message_at(m.from, m.to, m.progress), selected)
    });

    let (onclick, onkeydown) = ring::select_listeners(&props.on_action);
    let label = describe(frame);
    html! {
        <section class="stage" aria-label="Cluster">
            <svg
                class="stage-svg"
                viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label={label}
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
            { ring::partition_note(&frame.groups) }
        </section>
    }
}

/// One sentence for screen readers.
fn describe(frame: &Frame<RaftNode>) -> String {
    let leaders: Vec<String> = frame
        .nodes
        .iter()
        .filter(|n| n.up && n.node.role() == Role::Leader)
        .map(|n| format!("{} leads term {}", n.node.id(), n.node.current_term()))
        .collect();
    let down = frame.nodes.iter().filter(|n| !n.up).count();
    format!(
        "{} servers, {}; {} down; {} messages in flight",
        frame.nodes.len(),
        if leaders.is_empty() {
            "no leader".to_string()
        } else {
            leaders.join(", ")
        },
        down,
        frame.messages.len()
    )
}

fn view_node(
    node: &NodeFrame<RaftNode>,
    p: Point,
    r: f64,
    now: u64,
    selected: bool,
    group: Option<usize>,
    labelled: bool,
) -> Html {
    let raft = &node.node;
    let id = raft.id();
    let role = role_name(node);
    // The election timer drains as a ring around followers and candidates.
    let timer = node
        .timers
        .iter()
        .find(|t| t.timer == Timer::Election)
        .map(|t| {
            let total = t.fires_at.saturating_sub(t.set_at).max(1) as f64;
            let left = t.fires_at.saturating_sub(now) as f64 / total;
            html! { <path class="timer-arc" d={arc_path(0.0, 0.0, r + 6.0, left)} /> }
        });
    let votes = (node.up && raft.role() == Role::Candidate).then(|| {
        let granted: Vec<NodeId> = raft.votes_granted().collect();
        let total = raft.cluster_size();
        html! {
            <text class="node-votes" y={fmt_coord(-r - 14.0)} text-anchor="middle">
                { format!("votes {}/{}", granted.len(), total / 2 + 1) }
            </text>
        }
    });
    let fs = (r * 0.5).clamp(9.0, 16.0);
    let name = id.to_string();
    let title = format!(
        "{name}: {role}, term {}, log {} entries, commit {}",
        raft.current_term(),
        raft.log().last_index(),
        raft.commit_index()
    );
    html! {
        <g
            class={classes!("node", format!("role-{role}"), selected.then_some("is-selected"))}
            key={name.clone()}
            transform={ring::translate(p)}
            data-node={id.0.to_string()}
            data-role={role}
            data-term={raft.current_term().to_string()}
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
            if raft.role() == Role::Leader && node.up {
                <circle class="leader-ring" r={fmt_coord(r - 4.0)} />
            }
            if !node.up {
                { ring::crash_mark(r) }
            }
            <text class="node-name" y={fmt_coord(-fs * 0.15)} font-size={fmt_coord(fs)} text-anchor="middle" dominant-baseline="middle">{ name }</text>
            <text class="node-term" y={fmt_coord(fs * 0.85)} font-size={fmt_coord(fs * 0.7)} text-anchor="middle" dominant-baseline="middle">
                { format!("T{}", raft.current_term()) }
            </text>
            if labelled {
                <text class="node-role" y={fmt_coord(r + 15.0)} text-anchor="middle">{ role }</text>
            }
            { votes.unwrap_or_default() }
        </g>
    }
}

fn view_message(m: &MessageFrame<Msg>, p: Point, selected: bool) -> Html {
    let (glyph, label) = match &m.msg {
        Msg::RequestVote(RequestVote { term, .. }) => (
            html! { <circle class="msg-shape" r="7" /> },
            format!("RequestVote T{term}"),
        ),
        Msg::AppendEntries(AppendEntries { entries, term, .. }) if entries.is_empty() => (
            html! { <circle class="msg-shape" r="5" /> },
            format!("Heartbeat T{term}"),
        ),
        Msg::AppendEntries(AppendEntries { entries, term, .. }) => (
            html! { <>
                <rect class="msg-shape" x="-9" y="-7" width="18" height="14" rx="3" />
                <text class="msg-count" text-anchor="middle" dominant-baseline="central">{ entries.len() }</text>
            </> },
            format!("AppendEntries T{term} with {} entries", entries.len()),
        ),
        reply => {
            let ok = reply.granted().unwrap_or(false);
            (
                html! { <>
                    <circle class="msg-shape" r="7" />
                    <text class="msg-mark" text-anchor="middle" dominant-baseline="central">{ if ok { "✓" } else { "✗" } }</text>
                </> },
                format!(
                    "{} T{} {}",
                    m.kind,
                    reply.term(),
                    if ok { "granted" } else { "refused" }
                ),
            )
        }
    };
    html! {
        <g
            class={classes!("msg", format!("kind-{}", m.kind), m.doomed.then_some("is-doomed"), selected.then_some("is-selected"))}
            key={format!("m{}-{}", m.id, m.deliver_at)}
            transform={ring::translate(p)}
            data-kind={m.kind}
            data-msg={m.id.to_string()}
        >
            <title>{ format!("{label}, {} → {}", m.from, m.to) }</title>
            <circle class="msg-hit" r="12" />
            { glyph }
        </g>
    }
}
