//! What every protocol's stage shares: nodes on a ring, the one delegated click/key listener
//! that turns a click on a node or message into a selection, cut links, partition halos and
//! the partition note, crash marks, and where a message in flight is drawn.

use conlab_core::NodeId;
use conlab_sim::node_radius;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::layout::{fmt_coord, message_position, ring_positions, Point};
use crate::state::{Action, Selection};

/// Where the nodes of one stage sit.
pub struct Ring {
    pub cx: f64,
    pub cy: f64,
    /// The radius of the ring the nodes sit on (0 for a single node).
    pub radius: f64,
    /// The radius of one node.
    pub node_r: f64,
    positions: Vec<Point>,
}

impl Ring {
    /// `n` nodes on a ring of `radius` centred in a `width` × `height` canvas, each node as big
    /// as fits (at most `max_node_r`).
    pub fn new(n: usize, width: f64, height: f64, radius: f64, max_node_r: f64) -> Self {
        let (cx, cy) = (width / 2.0, height / 2.0);
        let radius = if n == 1 { 0.0 } else { radius };
        Ring {
            cx,
            cy,
            radius,
            node_r: node_radius(n, radius.max(1.0), max_node_r),
            positions: ring_positions(n, cx, cy, radius),
        }
    }

    /// The centre of node `id`.
    pub fn at(&self, id: NodeId) -> Point {
        self.positions.get(id.index()).copied().unwrap_or(Point {
            x: self.cx,
            y: self.cy,
        })
    }

    /// Where a message `progress` of the way from `from` to `to` is drawn: between the rims,
    /// in the right-hand lane of the link.
    pub fn message_at(&self, from: NodeId, to: NodeId, progress: f64) -> Point {
        message_position(self.at(from), self.at(to), progress, self.node_r, 5.0)
    }

    /// The dashed track the nodes sit on.
    pub fn track(&self, n: usize) -> Html {
        if n > 1 {
            html! { <circle class="ring-track" cx={fmt_coord(self.cx)} cy={fmt_coord(self.cy)} r={fmt_coord(self.radius)} /> }
        } else {
            Html::default()
        }
    }

    /// A red dashed line per directed link that is cut.
    pub fn cut_links(&self, cut: &[(NodeId, NodeId)]) -> Html {
        cut.iter()
            .map(|&(from, to)| {
                let (a, b) = (self.at(from), self.at(to));
                let (p, q) = (message_position(a, b, 0.0, self.node_r, 3.0), message_position(a, b, 1.0, self.node_r, 3.0));
                html! {
                    <line class="cut-link" x1={fmt_coord(p.x)} y1={fmt_coord(p.y)} x2={fmt_coord(q.x)} y2={fmt_coord(q.y)}>
                        <title>{ format!("link {from} → {to} is cut") }</title>
                    </line>
                }
            })
            .collect()
    }
}

/// `translate(x y)` for a node or message group.
pub fn translate(p: Point) -> String {
    format!("translate({} {})", fmt_coord(p.x), fmt_coord(p.y))
}

/// The partition group of `id` when the network is split, for its halo colour.
pub fn group_of(groups: &[Vec<NodeId>], id: NodeId) -> Option<usize> {
    (groups.len() > 1).then(|| groups.iter().position(|g| g.contains(&id)).unwrap_or(0))
}

/// The coloured halo of a node in partition group `group`.
pub fn group_halo(group: Option<usize>, r: f64) -> Html {
    match group {
        Some(g) => {
            html! { <circle class={format!("group-halo group-{}", g % 6)} r={fmt_coord(r + 10.0)} /> }
        }
        None => Html::default(),
    }
}

/// The cross drawn over a crashed node.
pub fn crash_mark(r: f64) -> Html {
    html! {
        <path class="crash-mark" d={format!("M {a} {a} L {b} {b} M {a} {b} L {b} {a}", a = fmt_coord(-r * 0.45), b = fmt_coord(r * 0.45))} />
    }
}

/// "Partitioned: S1 S2 | S3 S4 S5" under the stage, when the network is split.
pub fn partition_note(groups: &[Vec<NodeId>]) -> Html {
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

/// One click listener and one key listener for a whole stage (a closure per node and message
/// and frame would be re-attached on every frame): the clicked element's `data-node` /
/// `data-msg` says what was picked. Enter and Space on a focused node or message select it.
pub fn select_listeners(
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
pub fn picked(target: Option<web_sys::EventTarget>) -> Option<Selection> {
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

/// Text shortened to `max` characters with an ellipsis, for labels on the stage (the full
/// text is in the node's tooltip and the inspector).
pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        format!(
            "{}…",
            text.chars().take(max.saturating_sub(1)).collect::<String>()
        )
    } else {
        text.to_string()
    }
}
