//! The stage, for every protocol: nodes on a ring with their role, term or ballot, timer,
//! status, card and marks; messages in flight with their glyphs; partitions and cut links; the
//! chosen value with the quorum that chose it (where the protocol decides in the middle); and
//! the protocol's explanation lines and state table under it. It draws a [`ViewFrame`] and
//! derives nothing.
//!
//! Hooks: each node `<g>` has `data-node`, `data-role`, `data-term` and its protocol's hooks
//! (e.g. `data-phase`, `data-ballot`); each message `data-kind`, `data-msg` and its hooks
//! (e.g. `data-ballot`, `data-msg-slot`); a chosen value `data-chosen` and
//! `data-chosen-ballot`; each explanation line its hooks (`data-proposer`, `data-leader`, …).

use conlab_core::NodeId;
use conlab_sim::view::{short, ChosenFact, Explanation, MessageView, NodeView, Table};
use conlab_sim::ViewFrame;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::format::fmt_sim_time;
use crate::html::{explanation, glyph, table, with_hooks};
use crate::layout::{arc_path, fmt_coord, message_position, Point, Ring, CORNERS};
use crate::shared::Shared;
use crate::state::{Action, Selection};

const WIDTH: f64 = 640.0;
const RING_RADIUS: f64 = 215.0;
/// Above this many nodes the words, cards and statuses around nodes would overlap: colour and
/// shape say the role, the legend, tooltips and inspector say the rest.
const LABELLED_NODES: usize = 9;
/// With more messages in flight than this, their tags would pile up.
const TAGGED_MESSAGES: usize = 24;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    pub frame: Shared<ViewFrame>,
    pub selection: Option<Selection>,
    /// The messages a tour step points at: those in flight `(from, to)`.
    #[prop_or_default]
    pub tour_message: Option<(NodeId, NodeId)>,
    pub on_action: Callback<Action>,
}

#[function_component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let frame = &props.frame;
    let layout = frame.layout;
    let n = frame.nodes.len();
    let ring = ring_for(frame);
    let height = stage_height(frame);
    let labelled = n <= LABELLED_NODES;
    let tag_at = tag_spots(frame, &ring);
    let decision = layout.decision_in_middle;

    let spokes = decision
        .then(|| frame.chosen.first())
        .flatten()
        .map(|fact| {
            fact.quorum
                .iter()
                .map(|&id| {
                    let p = ring.at(id);
                    html! { <line class="quorum-spoke" x1={fmt_coord(ring.cx)} y1={fmt_coord(ring.cy)} x2={fmt_coord(p.x)} y2={fmt_coord(p.y)} /> }
                })
                .collect::<Html>()
        });
    let nodes = frame.nodes.iter().map(|node| {
        let selected = props.selection == Some(Selection::Node(node.id));
        view_node(
            node,
            &ring,
            group_of(&frame.groups, node.id),
            selected,
            labelled,
        )
    });
    // Each message is keyed by its link and its rank among the messages in flight on that
    // link, not by its id, and drawn in that order: the next heartbeat on a link takes over
    // the element of the one just delivered, in place, so a frame patches a few attributes
    // where it would create, remove or move whole groups (at 15 servers, dozens of each per
    // frame; issue 15).
    // The order is a sort of (from, to, position) packed into a u64 (one comparison, and a
    // sort the page already has); a message's rank is its place among its link's.
    let mut order: Vec<u64> = frame
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| u64::from(m.from.0) << 56 | u64::from(m.to.0) << 48 | i as u64)
        .collect();
    order.sort_unstable();
    let mut key = 0;
    let messages = order.into_iter().map(|packed| {
        let (i, link) = ((packed & 0xffff_ffff) as usize, packed >> 48 << 24);
        // The key: (from, to, rank).
        key = if key >> 24 << 24 == link {
            key + 1
        } else {
            link
        };
        let (m, tag_at) = (&frame.messages[i], tag_at[i]);
        let (from, to) = (m.from, m.to);
        let selected = props.selection == Some(Selection::Message(m.id));
        // Direction: a short trail back toward the sender, along the path.
        let (a, b) = (
            ring.message_at(from, to, 0.0),
            ring.message_at(from, to, 1.0),
        );
        let length = crate::layout::distance(a, b).max(1.0);
        let trail = Point {
            x: (a.x - b.x) / length * TRAIL,
            y: (a.y - b.y) / length * TRAIL,
        };
        view_message(
            m,
            key,
            ring.message_at(from, to, m.progress),
            trail,
            selected || props.tour_message == Some((from, to)),
            tag_at,
        )
    });
    let clock = if decision {
        html! { <text class="stage-clock" x="14" y="24" text-anchor="start">{ fmt_sim_time(frame.time) }</text> }
    } else {
        html! { <text class="stage-clock" x={fmt_coord(ring.cx)} y={fmt_coord(ring.cy)} text-anchor="middle" dominant-baseline="middle">{ fmt_sim_time(frame.time) }</text> }
    };
    let (onclick, onkeydown) = select_listeners(&props.on_action);
    html! {
        <section class={classes!("stage", layout.class)} aria-label={layout.label}>
            <svg
                class="stage-svg"
                viewBox={format!("0 0 {} {}", fmt_coord(WIDTH), fmt_coord(height))}
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label={frame.summary.clone()}
                {onclick}
                {onkeydown}
            >
                <rect class="stage-background" width={fmt_coord(WIDTH)} height={fmt_coord(height)} />
                if height > layout.height {
                    <line class="outside-line" x1="0" y1={fmt_coord(layout.height)} x2={fmt_coord(WIDTH)} y2={fmt_coord(layout.height)} />
                    <text class="outside-label" x="8" y={fmt_coord(layout.height + 14.0)}>{ "not voters (outside the configuration)" }</text>
                }
                if ring.radius > 0.0 {
                    <circle class="ring-track" cx={fmt_coord(ring.cx)} cy={fmt_coord(ring.cy)} r={fmt_coord(ring.radius)} />
                }
                { spokes.unwrap_or_default() }
                { cut_links(&ring, &frame.cut_links) }
                // Each list in a group of its own, keyed inside: `{ for … }` splices its items
                // among their unkeyed siblings, and Yew would then diff the stage by position,
                // re-creating every node and message whenever a message came or went.
                <g>{ for nodes }</g>
                <g>{ for messages }</g>
                if decision {
                    { view_decision(&frame.chosen, ring.cx, ring.cy) }
                }
                { clock }
            </svg>
            { view_explanations(&frame.explanations, frame.explanations_label) }
            { frame.table.as_ref().map(view_state_table).unwrap_or_default() }
            { partition_note(&frame.groups) }
        </section>
    }
}

/// `translate(x y)` for a node or message group.
fn translate(p: Point) -> String {
    format!("translate({} {})", fmt_coord(p.x), fmt_coord(p.y))
}

/// The partition group of `id` when the network is split, for its halo colour.
fn group_of(groups: &[Vec<NodeId>], id: NodeId) -> Option<usize> {
    (groups.len() > 1).then(|| groups.iter().position(|g| g.contains(&id)).unwrap_or(0))
}

fn view_node(
    v: &NodeView,
    ring: &Ring,
    group: Option<usize>,
    selected: bool,
    labelled: bool,
) -> Html {
    let p = ring.at(v.id);
    let r = ring.node_r;
    let fs = (r * 0.5).clamp(9.0, 16.0);
    let name = v.id.to_string();
    let badged = labelled && !v.badges.is_empty();
    let inner = if badged {
        let gap = (fs * 0.78).max(8.0);
        let x0 = -(v.badges.len() as f64 - 1.0) * gap / 2.0;
        v.badges
            .iter()
            .enumerate()
            .map(|(i, b)| html! {
                <text
                    class={classes!("role-letter", format!("role-letter-{}", b.what), b.lit.then_some("is-lit"))}
                    x={fmt_coord(x0 + i as f64 * gap)}
                    y={fmt_coord(fs * 0.85)}
                    font-size={fmt_coord(fs * 0.62)}
                    text-anchor="middle"
                    dominant-baseline="middle"
                >{ b.letter }</text>
            })
            .collect::<Html>()
    } else {
        html! {
            <text class="node-term" y={fmt_coord(fs * 0.85)} font-size={fmt_coord(fs * 0.7)} text-anchor="middle" dominant-baseline="middle">
                { v.term_label.clone() }
            </text>
        }
    };
    let under_y = |i: usize| r + 15.0 + 14.0 * i as f64;
    let under = labelled.then(|| {
        v.under
            .iter()
            .enumerate()
            .map(|(i, line)| html! {
                <text class={if i == 0 { "node-role" } else { "node-sub" }} y={fmt_coord(under_y(i))} text-anchor="middle">{ line.clone() }</text>
            })
            .collect::<Html>()
    });
    // Words that would sit among the messages go on the outer side of the ring.
    let status = v.status.as_ref().filter(|_| labelled).map(|s| {
        let below = s.outside && p.y >= ring.cy - 1.0;
        let y = if below { under_y(v.under.len()) } else { -r - 12.0 };
        html! { <text class={s.class.clone()} y={fmt_coord(y)} text-anchor="middle">{ s.text.clone() }</text> }
    });
    let card = (labelled && !v.card.is_empty()).then(|| {
        let lines = v.card.iter().enumerate().map(|(i, line)| html! {
            <text class="card-line" x="-58" y={fmt_coord(r + 20.0 + i as f64 * 15.0)}>
                <tspan class="card-label">{ line.label }</tspan>
                <tspan class="card-value" x="-4">
                    { for line.value.iter().map(|s| match s.hue {
                        Some(h) => html! { <tspan class={classes!("value-text", format!("hue-{h}"))}>{ s.text.clone() }</tspan> },
                        None => html! { { s.text.clone() } },
                    }) }
                </tspan>
            </text>
        });
        let height = v.card.len() as f64 * 15.0 + 8.0;
        html! { <g class="node-card">
            <rect class="card-box" x="-64" y={fmt_coord(r + 6.0)} width="128" height={fmt_coord(height)} rx="6" />
            { for lines }
        </g> }
    });
    let dot = v.value_dot.filter(|_| !labelled || v.card.is_empty()).map(|h| html! {
        <circle class={classes!("value-dot", format!("hue-{h}"))} cx={fmt_coord(r * 0.7)} cy={fmt_coord(r * 0.7)} r={fmt_coord((r * 0.22).max(4.0))} />
    });
    let learned = v.learned.map(|h| {
        let rr = (r * 0.3).max(6.0);
        html! { <g class={classes!("learned-mark", format!("hue-{h}"))} transform={format!("translate({} {})", fmt_coord(r * 0.72), fmt_coord(-r * 0.72))}>
            <circle class="learned-dot" r={fmt_coord(rr)} />
            <text class="learned-check" font-size={fmt_coord(rr * 1.3)} text-anchor="middle" dominant-baseline="central">{ "✓" }</text>
        </g> }
    });
    let node = html! {
        <g
            class={classes!("node", v.classes.clone(), format!("role-{}", v.role), v.in_quorum.then_some("in-quorum"), v.outside.then_some("is-outside"), selected.then_some("is-selected"))}
            key={name.clone()}
            transform={translate(p)}
            data-node={v.id.0.to_string()}
            data-role={v.role}
            data-term={v.term.to_string()}
            role="button"
            tabindex="0"
        >
            // The title is the node's accessible name; it starts with the visible name.
            <title>{ v.title.clone() }</title>
            // Transparent: makes the node a tap target wider than its body (44 px on a phone).
            <circle class="node-hit" r={fmt_coord(r + 10.0)} />
            if let Some(g) = group {
                <circle class={format!("group-halo group-{}", g % 6)} r={fmt_coord(r + 10.0)} />
            }
            if selected {
                <circle class="selection-ring" r={fmt_coord(r + 10.0)} />
            }
            if v.in_quorum {
                <circle class="quorum-ring" r={fmt_coord(r + 5.0)} />
            }
            if let Some(left) = v.timer_left {
                <path class="timer-arc" d={arc_path(0.0, 0.0, r + 6.0, left)} />
            }
            <circle class="node-body" r={fmt_coord(r)} />
            if v.leader {
                <circle class="leader-ring" r={fmt_coord(r - 4.0)} />
            }
            if !v.up {
                <path class="crash-mark" d={format!("M {a} {a} L {b} {b} M {a} {b} L {b} {a}", a = fmt_coord(-r * 0.45), b = fmt_coord(r * 0.45))} />
            }
            <text class="node-name" y={fmt_coord(if v.badges.is_empty() { -fs * 0.15 } else { -fs * 0.3 })} font-size={fmt_coord(fs)} text-anchor="middle" dominant-baseline="middle">{ name }</text>
            { inner }
            { dot.unwrap_or_default() }
            { learned.unwrap_or_default() }
            { under.unwrap_or_default() }
            { status.unwrap_or_default() }
            { card.unwrap_or_default() }
        </g>
    };
    with_hooks(node, &v.hooks)
}

/// How far a message's trail reaches back toward its sender (stage units).
const TRAIL: f64 = 22.0;

/// The height of the row under the ring for servers outside the configuration, when they
/// are too many for the corners.
const ROW: f64 = 130.0;

/// The stage's height: the protocol's, and a row under the ring if it is needed.
fn stage_height(frame: &ViewFrame) -> f64 {
    let outside = frame.nodes.iter().filter(|n| n.outside).count();
    frame.layout.height + if outside > CORNERS { ROW } else { 0.0 }
}

/// The ring a frame is drawn on: the nodes of the configuration on it, the others off it.
pub fn ring_for(frame: &ViewFrame) -> Ring {
    let layout = frame.layout;
    let outside: Vec<bool> = frame.nodes.iter().map(|n| n.outside).collect();
    let n = outside.iter().filter(|&&o| !o).count();
    // From six nodes on, a protocol may want smaller nodes to leave its cards room.
    let max_r = if n <= 5 {
        layout.max_node_r
    } else {
        layout.crowded_node_r
    };
    Ring::new(n, WIDTH, 2.0 * layout.ring_cy, RING_RADIUS, max_r).with_outside(
        &outside,
        WIDTH,
        layout.height,
        layout.height + ROW * 0.4,
    )
}

/// Where each message's label goes (offset from the message), if it has one and there is
/// room: labels are shown while the stage is not crowded, and never overlap each other or a
/// node ([`crate::tags::place`]).
pub fn tag_spots(frame: &ViewFrame, ring: &Ring) -> Vec<Option<Point>> {
    let mut spots = vec![None; frame.messages.len()];
    let labelled = frame.nodes.len() <= LABELLED_NODES;
    if !labelled || frame.messages.len() > TAGGED_MESSAGES {
        return spots;
    }
    let wanted: Vec<(usize, (Point, usize))> = frame
        .messages
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let tag = m.look.tag.as_ref()?;
            Some((
                i,
                (
                    ring.message_at(m.from, m.to, m.progress),
                    tag.chars().count(),
                ),
            ))
        })
        .collect();
    let nodes: Vec<Point> = frame.nodes.iter().map(|n| ring.at(n.id)).collect();
    let places: Vec<(Point, usize)> = wanted.iter().map(|w| w.1).collect();
    for ((i, _), spot) in wanted
        .iter()
        .zip(crate::tags::place(&places, &nodes, ring.node_r + 2.0))
    {
        spots[*i] = spot;
    }
    spots
}

fn view_message(
    m: &MessageView,
    key: u64,
    p: Point,
    trail: Point,
    selected: bool,
    tag_at: Option<Point>,
) -> Html {
    let look = &m.look;
    let message = html! {
        <g
            class={classes!("msg", look.classes.clone(), m.doomed.then_some("is-doomed"), selected.then_some("is-selected"))}
            {key}
            transform={translate(p)}
            data-kind={m.kind}
            data-msg={m.id.to_string()}
            data-from={m.from.0.to_string()}
            data-to={m.to.0.to_string()}
        >
            <title>{ format!("{}, {} → {}", look.label, m.from, m.to) }</title>
            <circle class="msg-hit" r="12" />
            <line class="msg-trail" x1={fmt_coord(trail.x)} y1={fmt_coord(trail.y)} x2="0" y2="0" />
            { glyph(&look.glyph) }
            if let (Some(at), Some(tag)) = (tag_at, &look.tag) {
                <text class="msg-tag" x={fmt_coord(at.x)} y={fmt_coord(at.y)} text-anchor="middle">{ tag.clone() }</text>
            }
        </g>
    };
    with_hooks(message, &look.hooks)
}

/// The decision in the middle of the ring: nothing yet, the chosen value (`data-chosen`), or
/// several values when safety broke.
fn view_decision(chosen: &[ChosenFact], cx: f64, cy: f64) -> Html {
    if chosen.is_empty() {
        return html! {
            <text class="undecided" x={fmt_coord(cx)} y={fmt_coord(cy)} text-anchor="middle" dominant-baseline="middle">
                { "nothing chosen yet" }
            </text>
        };
    }
    let conflict = chosen.len() > 1;
    let count = chosen.len() as f64;
    let h = 40.0;
    chosen
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = cy - 6.0 + (i as f64 - (count - 1.0) / 2.0) * (h + 6.0);
            let caption = if conflict {
                "chosen — conflict!".to_string()
            } else if d.learned_by.is_empty() {
                format!("chosen in {} · no learner knows yet", d.ballot)
            } else {
                format!("chosen in {} · learned by {}", d.ballot, d.learned_by.len())
            };
            let w = 150.0_f64.max(caption.chars().count() as f64 * 6.2 + 20.0);
            let names = |ids: &[NodeId]| conlab_sim::view::names(ids);
            html! {
                <g
                    class={classes!("decision", format!("hue-{}", d.hue), conflict.then_some("is-conflict"))}
                    transform={format!("translate({} {})", fmt_coord(cx), fmt_coord(y))}
                    data-chosen={d.value.clone()}
                    data-chosen-ballot={d.ballot.clone()}
                >
                    <title>{ format!(
                        "{} was chosen: acceptors {} accepted it in ballot {}; learned by {}",
                        d.value,
                        names(&d.quorum),
                        d.ballot,
                        if d.learned_by.is_empty() { "nobody yet".to_string() } else { names(&d.learned_by) }
                    ) }</title>
                    <rect class="decision-box" x={fmt_coord(-w / 2.0)} y={fmt_coord(-h / 2.0)} width={fmt_coord(w)} height={fmt_coord(h)} rx="10" />
                    <text class="decision-caption" y="-8" text-anchor="middle" dominant-baseline="middle">{ caption }</text>
                    <text class="decision-value" y="9" text-anchor="middle" dominant-baseline="middle">{ short(&d.value, 18) }</text>
                </g>
            }
        })
        .collect()
}

/// The protocol's lines under the stage (who proposes what and why; who leads).
fn view_explanations(lines: &[Explanation], label: &'static str) -> Html {
    if lines.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="stage-note explanations" aria-label={label}>
            { for lines.iter().map(explanation) }
        </ul>
    }
}

/// The nodes' state as a table: shown instead of the cards on narrow screens (CSS).
fn view_state_table(t: &Table) -> Html {
    html! { <div class="stage-note stage-table">{ table(t) }</div> }
}

/// A red dashed line per directed link that is cut.
fn cut_links(ring: &Ring, cut: &[(NodeId, NodeId)]) -> Html {
    cut.iter()
        .map(|&(from, to)| {
            let (a, b) = (ring.at(from), ring.at(to));
            let (p, q) = (
                message_position(a, b, 0.0, ring.node_r, 3.0),
                message_position(a, b, 1.0, ring.node_r, 3.0),
            );
            html! {
                <line class="cut-link" x1={fmt_coord(p.x)} y1={fmt_coord(p.y)} x2={fmt_coord(q.x)} y2={fmt_coord(q.y)}>
                    <title>{ format!("link {from} → {to} is cut") }</title>
                </line>
            }
        })
        .collect()
}

/// "Partitioned: S1 S2 | S3 S4 S5" under the stage, when the network is split.
fn partition_note(groups: &[Vec<NodeId>]) -> Html {
    if groups.len() <= 1 {
        return Html::default();
    }
    html! {
        <p class="stage-note partition-note">
            { "Partitioned: " }
            { for groups.iter().enumerate().map(|(g, members)| html! {
                <span class={format!("group-chip group-{}", g % 6)}>
                    { members.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(" ") }
                </span>
            }) }
        </p>
    }
}

/// One click listener and one key listener for the whole stage (a closure per node and message
/// would be re-attached on every frame): the clicked element's `data-node` / `data-msg` says
/// what was picked. Enter and Space on a focused node or message select it.
fn select_listeners(
    on_action: &Callback<Action>,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let onclick = {
        let on_action = on_action.clone();
        Callback::from(move |e: MouseEvent| on_action.emit(Action::Select(picked(e.target()))))
    };
    let onkeydown = {
        let on_action = on_action.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                if let Some(selection) = picked(e.target()) {
                    e.prevent_default();
                    e.stop_propagation();
                    on_action.emit(Action::Select(Some(selection)));
                }
            }
        })
    };
    (onclick, onkeydown)
}

/// What a click or key press on the stage points at: the nearest enclosing node or message.
fn picked(target: Option<web_sys::EventTarget>) -> Option<Selection> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    let hit = element.closest("[data-msg], [data-node]").ok()??;
    if let Some(id) = hit.get_attribute("data-msg") {
        return id.parse().ok().map(Selection::Message);
    }
    hit.get_attribute("data-node")?
        .parse()
        .ok()
        .map(|n| Selection::Node(NodeId(n)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::TagBox;
    use conlab_sim::view::new_lab;

    /// Issue 11: Paxos labels overlapped ("promis✗ 2.5"). At every cluster size the page
    /// labels (3 to 9 nodes), through dueling proposers' busiest seconds, no two message labels
    /// overlap and none covers a node.
    #[test]
    fn paxos_labels_never_overlap_at_3_to_9_nodes() {
        let duel = crate::codec::scenario_from_text(include_str!(
            "../../../docs/scenarios/paxos-dueling.json"
        ))
        .unwrap();
        let mut labels_seen = 0;
        for nodes in 3..=9 {
            let mut scenario = duel.clone();
            scenario.nodes = nodes;
            scenario
                .interventions
                .retain(|t| t.action.nodes().iter().all(|n| n.0 as usize <= nodes));
            scenario.paxos = Default::default();
            let mut lab = new_lab(scenario).unwrap();
            for ms in (0..3_000).step_by(7) {
                lab.seek(ms);
                let frames = lab.frames();
                let frame = frames.first();
                let ring = ring_for(frame);
                let spots = tag_spots(frame, &ring);
                let boxes: Vec<TagBox> = frame
                    .messages
                    .iter()
                    .zip(&spots)
                    .filter_map(|(m, spot)| {
                        let (spot, tag) = (spot.as_ref()?, m.look.tag.as_ref()?);
                        let at = ring.message_at(m.from, m.to, m.progress);
                        Some(TagBox::new(
                            Point {
                                x: at.x + spot.x,
                                y: at.y + spot.y,
                            },
                            tag.chars().count(),
                        ))
                    })
                    .collect();
                labels_seen += boxes.len();
                for (i, a) in boxes.iter().enumerate() {
                    for b in &boxes[i + 1..] {
                        assert!(!a.overlaps(b), "{nodes} nodes at {ms} ms: {a:?} and {b:?}");
                    }
                    for node in &frame.nodes {
                        assert!(
                            !a.touches(ring.at(node.id), ring.node_r),
                            "{nodes} nodes at {ms} ms: a label covers {}",
                            node.id
                        );
                    }
                }
            }
        }
        assert!(labels_seen > 500, "the duel labels messages: {labels_seen}");
    }
}
