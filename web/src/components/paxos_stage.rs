//! The single-decree Paxos stage: proposers, acceptors and learners on a ring, their
//! promises and accepted proposals, Prepare / Promise / Accept / Accepted / Nack in flight
//! with their ballots, and the chosen value with the quorum that chose it.
//!
//! Hooks: each node `<g>` has `data-node`, `data-role` (`proposer` while it runs a ballot,
//! else `acceptor` / `learner`, or `crashed`; see [`paxos_role`]), `data-term` (the round of
//! its ballot, else of its promise), `data-phase` (`idle` / `preparing` / `accepting` /
//! `backing-off`), `data-promised` / `data-accepted` (ballot text, value) and
//! `data-learned` (the value) when it has them, and `data-quorum="chosen"` when it is in the
//! quorum that chose the value. Each message has `data-kind`, `data-msg` and
//! `data-ballot`. The chosen value's element carries `data-chosen` (the value). Each running
//! proposer has a line under the stage with `data-proposer`, `data-phase`, `data-ballot`,
//! `data-promises` (`k/quorum`), `data-value` and `data-reason` (`own` / `adopted` /
//! `ignored-report` / `none`, plus `data-adopted-from` naming the reporting node while that is
//! known for certain: in phase 1, where the promises are at hand).

use conlab_core::NodeId;
use conlab_paxos::{Msg, PaxosNode, Phase};
use conlab_sim::{Frame, MessageFrame, NodeFrame};
use yew::prelude::*;

use super::paxos_model::{
    attempt, ballot_opt, ballot_text, decisions, hue_class, paxos_role, paxos_round, reason_text,
    Attempt, Decision, Reason,
};
use super::ring::{self, short, Ring};
use super::Shared;
use crate::format::fmt_sim_time;
use crate::layout::{fmt_coord, Point};
use crate::state::{Action, Selection};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 600.0;
const RING_RADIUS: f64 = 215.0;
/// The ring sits a little above the middle: the state cards hang below the nodes.
const RING_CY: f64 = 282.0;
const MAX_NODE_RADIUS: f64 = 36.0;
const CROWDED_NODE_RADIUS: f64 = 31.0;
/// With more messages in flight than this, their ballot labels would pile up: the messages'
/// tooltips and the inspector still say it.
const LABELLED_MESSAGES: usize = 24;
/// Above this many nodes the state cards and message ballots would overlap: the nodes show
/// their promise and a dot for their accepted value; the inspector and tooltips say the rest.
const CARDED_NODES: usize = 9;
/// Characters of a value shown on the stage.
const VALUE_CHARS: usize = 7;

#[derive(Properties, PartialEq)]
pub struct PaxosStageProps {
    pub frame: Shared<Frame<PaxosNode>>,
    pub selection: Option<Selection>,
    pub on_action: Callback<Action>,
}

#[function_component(PaxosStage)]
pub fn paxos_stage(props: &PaxosStageProps) -> Html {
    let frame = &props.frame;
    let n = frame.nodes.len();
    // From six nodes on, smaller nodes leave the cards room between their neighbours.
    let max_r = if n <= 5 {
        MAX_NODE_RADIUS
    } else {
        CROWDED_NODE_RADIUS
    };
    let ring = Ring::new(n, WIDTH, 2.0 * RING_CY, RING_RADIUS, max_r);
    let r = ring.node_r;
    let carded = n <= CARDED_NODES;
    let decided = decisions(frame);
    let in_quorum = |id: NodeId| decided.first().is_some_and(|d| d.quorum.contains(&id));

    let spokes = decided.first().map(|d| {
        d.quorum
            .iter()
            .map(|&id| {
                let p = ring.at(id);
                html! { <line class="px-spoke" x1={fmt_coord(ring.cx)} y1={fmt_coord(ring.cy)} x2={fmt_coord(p.x)} y2={fmt_coord(p.y)} /> }
            })
            .collect::<Html>()
    });

    let nodes = frame.nodes.iter().map(|node| {
        let id = node.node.id();
        let view = NodeView {
            node,
            p: ring.at(id),
            r,
            selected: props.selection == Some(Selection::Node(id)),
            group: ring::group_of(&frame.groups, id),
            carded,
            in_quorum: in_quorum(id),
            attempt: attempt(&node.node),
        };
        view_node(&view)
    });

    let labelled = carded && frame.messages.len() <= LABELLED_MESSAGES;
    let messages = frame.messages.iter().map(|m| {
        let selected = props.selection == Some(Selection::Message(m.id));
        view_message(
            m,
            ring.message_at(m.from, m.to, m.progress),
            selected,
            labelled,
        )
    });

    let proposers: Vec<(NodeId, Attempt)> = frame
        .nodes
        .iter()
        .filter(|n| n.up && n.node.roles().proposer)
        .filter(|n| *n.node.phase() != Phase::Idle || n.node.own_value().is_some())
        .map(|n| (n.node.id(), attempt(&n.node)))
        .collect();

    let (onclick, onkeydown) = ring::select_listeners(&props.on_action);
    html! {
        <section class="stage px-stage" aria-label="Paxos cluster">
            <svg
                class="stage-svg"
                viewBox={format!("0 0 {WIDTH} {HEIGHT}")}
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label={describe(frame, &decided)}
                {onclick}
                {onkeydown}
            >
                <rect class="stage-background" width={WIDTH.to_string()} height={HEIGHT.to_string()} />
                { ring.track(n) }
                { spokes.unwrap_or_default() }
                { ring.cut_links(&frame.cut_links) }
                { for nodes }
                { for messages }
                { view_decision(&decided, ring.cx, ring.cy) }
                // In a corner: the middle holds the decision and the spokes to its quorum.
                <text class="stage-clock" x="14" y="24" text-anchor="start">
                    { fmt_sim_time(frame.time) }
                </text>
            </svg>
            { view_proposers(&proposers) }
            { view_state_table(frame) }
            { ring::partition_note(&frame.groups) }
        </section>
    }
}

/// One sentence for screen readers.
fn describe(frame: &Frame<PaxosNode>, decided: &[Decision]) -> String {
    let running: Vec<String> = frame
        .nodes
        .iter()
        .filter(|n| n.up)
        .filter_map(|n| {
            n.node
                .ballot()
                .map(|b| format!("{} runs ballot {}", n.node.id(), ballot_text(b)))
        })
        .collect();
    let chosen = match decided {
        [] => "no value chosen yet".to_string(),
        [d] => format!("{} is chosen", d.value),
        many => format!(
            "conflicting values chosen: {}",
            many.iter()
                .map(|d| d.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "{} nodes; {}; {}; {} down; {} messages in flight",
        frame.nodes.len(),
        if running.is_empty() {
            "no ballot running".to_string()
        } else {
            running.join(", ")
        },
        chosen,
        frame.nodes.iter().filter(|n| !n.up).count(),
        frame.messages.len()
    )
}

/// The decision in the middle of the ring: nothing yet, the chosen value (`data-chosen`), or
/// several values when safety broke.
fn view_decision(decided: &[Decision], cx: f64, cy: f64) -> Html {
    if decided.is_empty() {
        return html! {
            <text class="px-undecided" x={fmt_coord(cx)} y={fmt_coord(cy)} text-anchor="middle" dominant-baseline="middle">
                { "nothing chosen yet" }
            </text>
        };
    }
    let conflict = decided.len() > 1;
    let count = decided.len() as f64;
    let h = 40.0;
    decided
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = cy - 6.0 + (i as f64 - (count - 1.0) / 2.0) * (h + 6.0);
            let caption = if conflict {
                "chosen — conflict!".to_string()
            } else if d.learned_by.is_empty() {
                format!("chosen in {} · no learner knows yet", ballot_text(d.ballot))
            } else {
                format!("chosen in {} · learned by {}", ballot_text(d.ballot), d.learned_by.len())
            };
            let w = 150.0_f64.max(caption.chars().count() as f64 * 6.2 + 20.0);
            html! {
                <g
                    class={classes!("px-decision", hue_class(&d.value), conflict.then_some("is-conflict"))}
                    transform={format!("translate({} {})", fmt_coord(cx), fmt_coord(y))}
                    data-chosen={d.value.clone()}
                    data-chosen-ballot={ballot_text(d.ballot)}
                >
                    <title>{ format!(
                        "{} was chosen: acceptors {} accepted it in ballot {}; learned by {}",
                        d.value,
                        names(&d.quorum),
                        ballot_text(d.ballot),
                        if d.learned_by.is_empty() { "nobody yet".to_string() } else { names(&d.learned_by) }
                    ) }</title>
                    <rect class="px-decision-box" x={fmt_coord(-w / 2.0)} y={fmt_coord(-h / 2.0)} width={fmt_coord(w)} height={fmt_coord(h)} rx="10" />
                    <text class="px-decision-caption" y="-8" text-anchor="middle" dominant-baseline="middle">{ caption }</text>
                    <text class="px-decision-value" y="9" text-anchor="middle" dominant-baseline="middle">{ short(&d.value, 18) }</text>
                </g>
            }
        })
        .collect()
}

fn names(ids: &[NodeId]) -> String {
    ids.iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

struct NodeView<'a> {
    node: &'a NodeFrame<PaxosNode>,
    p: Point,
    r: f64,
    selected: bool,
    group: Option<usize>,
    carded: bool,
    in_quorum: bool,
    attempt: Attempt,
}

fn view_node(v: &NodeView) -> Html {
    let node = &v.node.node;
    let (up, r) = (v.node.up, v.r);
    let id = node.id();
    let role = paxos_role(v.node);
    let roles = node.roles();
    let phase = if up { v.attempt.phase } else { "idle" };
    let fs = (r * 0.5).clamp(9.0, 16.0);
    let name = id.to_string();
    let title = format!(
        "{name}: {}{}; promised {}, accepted {}{}",
        [
            ("proposer", roles.proposer),
            ("acceptor", roles.acceptor),
            ("learner", roles.learner)
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(" + "),
        if up {
            String::new()
        } else {
            " (crashed)".to_string()
        },
        ballot_opt(node.promised()),
        node.accepted()
            .map_or("nothing".to_string(), |(b, val)| format!(
                "{val} in ballot {}",
                ballot_text(*b)
            )),
        node.learned()
            .map_or(String::new(), |(_, val)| format!("; learned {val}")),
    );

    // Role badges inside the node: P A L, the P lit while it runs a ballot.
    let badges = {
        let letters: Vec<(&str, &str, bool)> = [
            ("P", "proposer", roles.proposer),
            ("A", "acceptor", roles.acceptor),
            ("L", "learner", roles.learner),
        ]
        .into_iter()
        .filter(|(_, _, on)| *on)
        .map(|(l, what, _)| (l, what, what == "proposer" && node.ballot().is_some() && up))
        .collect();
        let gap = (fs * 0.78).max(8.0);
        let x0 = -(letters.len() as f64 - 1.0) * gap / 2.0;
        letters
            .iter()
            .enumerate()
            .map(|(i, (letter, what, lit))| html! {
                <text
                    class={classes!("px-role-letter", format!("px-role-{what}"), lit.then_some("is-lit"))}
                    x={fmt_coord(x0 + i as f64 * gap)}
                    y={fmt_coord(fs * 0.85)}
                    font-size={fmt_coord(fs * 0.62)}
                    text-anchor="middle"
                    dominant-baseline="middle"
                >{ *letter }</text>
            })
            .collect::<Html>()
    };

    // Proposer status above the node.
    let status = (up && v.carded && roles.proposer).then(|| {
        let a = &v.attempt;
        let text = match a.phase {
            "preparing" => format!("1a {} · promises {}/{}", ballot_opt(a.ballot), a.count, a.quorum),
            "accepting" => format!("2a {} · accepted {}/{}", ballot_opt(a.ballot), a.count, a.quorum),
            "backing-off" => "backing off".to_string(),
            _ => return Html::default(),
        };
        html! {
            <text class={classes!("px-status", format!("phase-{}", a.phase))} y={fmt_coord(-r - 9.0)} text-anchor="middle">{ text }</text>
        }
    });

    // The state card below the node: promise, accepted proposal, learned value.
    let card = v.carded.then(|| {
        let mut lines: Vec<Html> = Vec::new();
        let line = |i: usize, label: &str, value: Html| html! {
            <text class="px-card-line" x="-58" y={fmt_coord(r + 20.0 + i as f64 * 15.0)}>
                <tspan class="px-card-label">{ label.to_string() }</tspan>
                <tspan class="px-card-value" x="-4">{ value }</tspan>
            </text>
        };
        if roles.acceptor {
            lines.push(line(lines.len(), "promised", html! { ballot_opt(node.promised()) }));
            let accepted = match node.accepted() {
                Some((b, val)) => html! { <>
                    { ballot_text(*b) }
                    <tspan class={classes!("px-value-text", hue_class(val))} dx="5">{ short(val, VALUE_CHARS) }</tspan>
                </> },
                None => html! { "–" },
            };
            lines.push(line(lines.len(), "accepted", accepted));
        }
        if roles.learner {
            if let Some((_, val)) = node.learned() {
                lines.push(line(
                    lines.len(),
                    "learned",
                    html! { <tspan class={classes!("px-value-text", hue_class(val))}>{ format!("{} ✓", short(val, VALUE_CHARS)) }</tspan> },
                ));
            }
        }
        let height = lines.len() as f64 * 15.0 + 8.0;
        html! { <g class="px-card">
            <rect class="px-card-box" x="-64" y={fmt_coord(r + 6.0)} width="128" height={fmt_coord(height)} rx="6" />
            { for lines }
        </g> }
    });

    // Compact marks when there is no room for cards: the accepted value as a dot.
    let dot = (!v.carded).then(|| node.accepted()).flatten().map(|(_, val)| {
        html! { <circle class={classes!("px-value-dot", hue_class(val))} cx={fmt_coord(r * 0.7)} cy={fmt_coord(r * 0.7)} r={fmt_coord((r * 0.22).max(4.0))} /> }
    });
    let learned = node.learned().map(|(_, val)| {
        let (x, y, rr) = (r * 0.72, -r * 0.72, (r * 0.3).max(6.0));
        html! { <g class={classes!("px-learned", hue_class(val))} transform={format!("translate({} {})", fmt_coord(x), fmt_coord(y))}>
            <circle class="px-learned-dot" r={fmt_coord(rr)} />
            <text class="px-learned-mark" font-size={fmt_coord(rr * 1.3)} text-anchor="middle" dominant-baseline="central">{ "✓" }</text>
        </g> }
    });
    let inner = if v.carded {
        badges
    } else {
        html! {
            <text class="node-term" y={fmt_coord(fs * 0.85)} font-size={fmt_coord(fs * 0.7)} text-anchor="middle" dominant-baseline="middle">
                { ballot_opt(node.promised()) }
            </text>
        }
    };

    html! {
        <g
            class={classes!(
                "node", "px-node",
                format!("role-{role}"),
                up.then(|| format!("phase-{phase}")),
                v.in_quorum.then_some("in-quorum"),
                v.selected.then_some("is-selected"),
            )}
            key={name.clone()}
            transform={ring::translate(v.p)}
            data-node={id.0.to_string()}
            data-role={role}
            data-term={paxos_round(node).to_string()}
            data-phase={phase}
            data-promised={node.promised().map(ballot_text)}
            data-accepted={node.accepted().map(|(b, val)| format!("{} {val}", ballot_text(*b)))}
            data-learned={node.learned().map(|(_, val)| val.clone())}
            data-quorum={v.in_quorum.then_some("chosen")}
            role="button"
            tabindex="0"
            aria-label={title.clone()}
        >
            <title>{ title }</title>
            { ring::group_halo(v.group, r) }
            if v.selected {
                <circle class="selection-ring" r={fmt_coord(r + 10.0)} />
            }
            if v.in_quorum {
                <circle class="px-quorum-ring" r={fmt_coord(r + 5.0)} />
            }
            <circle class="node-body" r={fmt_coord(r)} />
            if !up {
                { ring::crash_mark(r) }
            }
            <text class="node-name" y={fmt_coord(-fs * 0.3)} font-size={fmt_coord(fs)} text-anchor="middle" dominant-baseline="middle">{ name }</text>
            { inner }
            { dot.unwrap_or_default() }
            { learned.unwrap_or_default() }
            { status.unwrap_or_default() }
            { card.unwrap_or_default() }
        </g>
    }
}

fn view_message(m: &MessageFrame<Msg>, p: Point, selected: bool, labelled: bool) -> Html {
    let ballot = m.msg.ballot();
    let (glyph, label) = match &m.msg {
        Msg::Prepare { .. } => (
            html! { <circle class="msg-shape" r="6.5" /> },
            "Prepare (1a)".to_string(),
        ),
        Msg::Promise { accepted, .. } => match accepted {
            Some((b, v)) => (
                html! { <>
                    <circle class="msg-shape" r="7.5" />
                    <circle class={classes!("px-report-dot", hue_class(v))} r="3.5" />
                </> },
                format!("Promise (1b) reporting {v} accepted in {}", ballot_text(*b)),
            ),
            None => (
                html! { <>
                    <circle class="msg-shape" r="7.5" />
                    <text class="msg-mark" text-anchor="middle" dominant-baseline="central">{ "✓" }</text>
                </> },
                "Promise (1b), nothing accepted".to_string(),
            ),
        },
        Msg::Accept { value, .. } => (
            html! { <rect class={classes!("msg-shape", "px-value-fill", hue_class(value))} x="-9" y="-6.5" width="18" height="13" rx="3" /> },
            format!("Accept (2a) {value}"),
        ),
        Msg::Accepted { value, .. } => (
            html! { <>
                <rect class="msg-shape" x="-8" y="-6.5" width="16" height="13" rx="3" />
                <text class="msg-mark" text-anchor="middle" dominant-baseline="central">{ "✓" }</text>
            </> },
            format!("Accepted (2b) {value}"),
        ),
        Msg::Nack { promised, .. } => (
            html! { <>
                <circle class="msg-shape" r="7.5" />
                <text class="msg-mark" text-anchor="middle" dominant-baseline="central">{ "✗" }</text>
            </> },
            format!("Nack: already promised {}", ballot_text(*promised)),
        ),
    };
    html! {
        <g
            class={classes!("msg", "px-msg", format!("kind-px-{}", m.kind), m.doomed.then_some("is-doomed"), selected.then_some("is-selected"))}
            key={format!("m{}-{}", m.id, m.deliver_at)}
            transform={ring::translate(p)}
            data-kind={m.kind}
            data-msg={m.id.to_string()}
            data-ballot={ballot_text(ballot)}
        >
            <title>{ format!("{label}, ballot {}, {} → {}", ballot_text(ballot), m.from, m.to) }</title>
            <circle class="msg-hit" r="12" />
            { glyph }
            if labelled {
                <text class="px-msg-ballot" y="-11" text-anchor="middle">{ ballot_text(ballot) }</text>
            }
        </g>
    }
}

/// Under the stage: every proposer at work, its phase, ballot, promises, and the value it
/// proposes with the reason.
fn view_proposers(proposers: &[(NodeId, Attempt)]) -> Html {
    if proposers.is_empty() {
        return html! { <p class="stage-note px-proposers-empty">{ "No proposer is running a ballot." }</p> };
    }
    let rows = proposers.iter().map(|(id, a)| {
        let head = match a.phase {
            "preparing" => format!("phase 1 · ballot {} · promises {}/{}", ballot_opt(a.ballot), a.count, a.quorum),
            "accepting" => format!("phase 2 · ballot {} · accepted {}/{}", ballot_opt(a.ballot), a.count, a.quorum),
            "backing-off" => "backing off: gave up its ballot, will retry higher".to_string(),
            _ => "idle".to_string(),
        };
        let from = |who: &[NodeId]| if who.is_empty() { String::new() } else { format!(" ({})", names(who)) };
        let verb = if a.phase == "accepting" { "proposes" } else { "will propose" };
        let adopted_from = match &a.reason {
            Reason::Adopted { from, .. } => Some(from.0.to_string()),
            _ => None,
        };
        html! {
            <li
                class={classes!("px-proposer", format!("phase-{}", a.phase))}
                data-proposer={id.0.to_string()}
                data-phase={a.phase}
                data-ballot={a.ballot.map(ballot_text)}
                data-promises={(a.phase == "preparing").then(|| format!("{}/{}", a.count, a.quorum))}
                data-accepted={(a.phase == "accepting").then(|| format!("{}/{}", a.count, a.quorum))}
                data-value={a.value.clone()}
                data-reason={a.reason.key()}
                data-adopted-from={adopted_from}
            >
                <strong class="px-proposer-name">{ id.to_string() }</strong>
                <span class="px-proposer-head">{ head }{ if matches!(a.phase, "preparing" | "accepting") { from(&a.voters) } else { String::new() } }</span>
                <span class="px-proposer-value">
                    if !matches!(a.phase, "preparing" | "accepting") {
                        if let Some(value) = &a.value {
                            { "client value " }
                            <span class={classes!("px-value-chip", hue_class(value))}>{ value.clone() }</span>
                        }
                    } else if let Some(value) = &a.value {
                        { format!("{verb} ") }
                        <span class={classes!("px-value-chip", hue_class(value))}>{ value.clone() }</span>
                        { format!(" — {}", reason_text(a)) }
                    } else {
                        { reason_text(a) }
                    }
                </span>
            </li>
        }
    });
    html! { <ul class="stage-note px-proposers" aria-label="Proposers">{ for rows }</ul> }
}

/// The nodes' promises, accepted proposals and learned values as a table: shown instead of the
/// cards on narrow screens (paxos.css), where the cards' text would be too small to read.
fn view_state_table(frame: &Frame<PaxosNode>) -> Html {
    let rows = frame.nodes.iter().map(|n| {
        let node = &n.node;
        let roles = node.roles();
        let value = |v: &str| html! { <span class={classes!("px-value-chip", hue_class(v))}>{ short(v, 14) }</span> };
        html! {
            <tr data-state-row={node.id().0.to_string()} class={classes!((!n.up).then_some("is-down"))}>
                <th scope="row">{ node.id().to_string() }</th>
                <td>{ if roles.acceptor { ballot_opt(node.promised()) } else { String::new() } }</td>
                <td>
                    if let Some((b, v)) = node.accepted() {
                        { format!("{} ", ballot_text(*b)) }{ value(v) }
                    } else if roles.acceptor {
                        { "–" }
                    }
                </td>
                <td>
                    if let Some((_, v)) = node.learned() {
                        { value(v) }
                    }
                </td>
            </tr>
        }
    });
    html! {
        <div class="stage-note px-state-table">
            <table class="mini-table" aria-label="Acceptors and learners">
                <thead><tr><th scope="col">{ "node" }</th><th scope="col">{ "promised" }</th><th scope="col">{ "accepted" }</th><th scope="col">{ "learned" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
