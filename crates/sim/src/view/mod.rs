//! The protocol-neutral view model: what the page draws at one instant, for any protocol, as
//! plain data. One adapter per protocol ([`raft`], [`paxos`], [`multipaxos`]) turns a
//! [`World`] into a [`ViewFrame`]; the web draws every protocol with one stage, one inspector,
//! one legend and one log grid from it, and derives nothing itself. Facts about what was chosen
//! come from the checker's ghost history, not from the nodes' own notes.
//!
//! Text in the model is final (the web only places it); colours are hue indices (`hue-N`
//! classes, 0..12); `hooks` are the `data-*` attributes tests and styles read.

mod any_lab;
mod client_check;
mod clients;
pub mod gallery;
mod lab;
mod multipaxos;
mod narrate;
mod narrate_client;
mod narrate_multipaxos;
mod narrate_paxos;
mod narrate_raft;
#[cfg(test)]
mod narrate_tests;
mod paxos;
mod raft;
mod spacetime;

use crate::frame::flight_progress;
use crate::network::Links;
use crate::protocol::SimProtocol;
use crate::world::{ArmedTimer, Envelope, World};
use conlab_check::{Checker, Property, Violation};
use conlab_core::{NodeId, Tick};
use std::rc::Rc;

pub use any_lab::lab_from_link;
pub use any_lab::{compare_lab, lab_from_scenarios, new_lab, AnyLab, CompareLab, Frames};
pub use client_check::{ClientCheck, PAGE_BUDGET};
pub use clients::{ClientsView, OpBar, LATEST};
pub use lab::{
    bucket_marks, mark_slice_ms, Cursor, Lab, ScrubberMark, LOOKAHEAD_MS, MIN_HORIZON_MS,
};
pub use narrate::{Narration, Story, RECENT};
pub use narrate_client::{client_answers, Answer, ClientAnswer, ANSWER_WAIT_MS};
pub use paxos::{ballot_opt, ballot_text, value_hue};
pub use spacetime::{Arrow, LaneMark, LaneMarkKind, SpaceTime, SpaceTimeView};

/// `data-*` attributes: (full attribute name, value).
pub type Hooks = Vec<(&'static str, String)>;

/// A protocol the page can draw: turns its nodes, messages and checker into view data.
pub trait ProtocolView: SimProtocol + 'static {
    /// The stage's shape for this protocol.
    const LAYOUT: StageLayout;
    /// The timer drawn as a draining ring around a node (Raft: the election timer).
    const RING_TIMER: Option<Self::Timer>;
    /// The prefix of a message's class before its kind (`kind-` + `RequestVote`): the
    /// space-time diagram colours its arrows with the stage's message classes.
    const MESSAGE_CLASS: &'static str;

    /// Node `id` as the stage draws it.
    fn node_view(world: &World<Self>, id: NodeId) -> NodeView;
    /// One message in flight.
    fn message_view(msg: &Self::Msg) -> MessageLook;
    /// The protocol's own parts of the frame: chosen facts, explanation lines, log grid, state
    /// table and the screen-reader summary.
    fn decorate(world: &World<Self>, frame: &mut ViewFrame);
    /// Everything about node `id`, for the inspector.
    fn inspect(world: &World<Self>, id: NodeId) -> NodeInspector;
    /// What the shapes and colours mean.
    fn legend() -> Vec<LegendItem>;
    /// One step in words: what happened and why, citing the paper (None: the generic words).
    fn narrate(story: &Story<Self>) -> Option<String>;
    /// What a reply tells the client.
    fn answer(node: NodeId, reply: &Self::Reply) -> Answer;
}

/// Where the stage puts things, per protocol.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StageLayout {
    pub height: f64,
    /// The ring's centre height (half the height unless cards hang below the nodes).
    pub ring_cy: f64,
    pub max_node_r: f64,
    /// A smaller node size from six nodes on (room for cards between neighbours).
    pub crowded_node_r: f64,
    /// The middle of the ring shows the chosen value, so the clock goes in a corner.
    pub decision_in_middle: bool,
    /// The stage's ARIA label.
    pub label: &'static str,
    /// The class the stage section adds (e.g. `px-stage`).
    pub class: &'static str,
}

/// Everything the page draws at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewFrame {
    /// The scenario name of the protocol (`raft`, `paxos`, `multipaxos`).
    pub protocol: &'static str,
    pub layout: StageLayout,
    pub time: Tick,
    pub step: u64,
    pub nodes: Vec<NodeView>,
    /// In-flight messages in delivery order.
    pub messages: Vec<MessageView>,
    pub groups: Vec<Vec<NodeId>>,
    pub cut_links: Vec<(NodeId, NodeId)>,
    pub violations: Vec<Violation>,
    pub invariants: &'static [Property],
    /// With a client workload: whether the clients' history so far is linearizable (the
    /// safety panel's extra row; a violation is in `violations`). Set by [`Lab::frame`].
    pub linearizability: Option<ClientCheck>,
    /// With a client workload: the clients panel's history diagram. Set by [`Lab::frame`].
    pub clients: Option<std::rc::Rc<ClientsView>>,
    /// Values the checker found chosen, with the quorum that chose them.
    pub chosen: Vec<ChosenFact>,
    /// Short lines under the stage (Paxos proposers, the Multi-Paxos leader).
    pub explanations: Vec<Explanation>,
    pub explanations_label: &'static str,
    /// A table under the stage (Paxos: acceptors and learners on narrow screens).
    pub table: Option<Table>,
    pub log: Option<LogGrid>,
    /// One sentence for screen readers.
    pub summary: String,
}

impl ViewFrame {
    /// The view of `world` at its current clock.
    pub fn of<P: ProtocolView>(world: &World<P>) -> Self {
        let time = world.now();
        let nodes = world
            .nodes()
            .iter()
            .map(|slot| {
                let mut view = P::node_view(world, slot.node_id());
                if slot.up {
                    view.timer_left = P::RING_TIMER.and_then(|t| timer_left(&slot.timers, t, time));
                }
                view
            })
            .collect();
        let messages = world
            .in_flight()
            .into_iter()
            .map(|env| MessageView::of(env, P::message_view(&env.msg), world))
            .collect();
        let mut frame = ViewFrame::undecorated(
            (P::KIND.name(), P::LAYOUT),
            (time, world.steps()),
            nodes,
            messages,
            world.links(),
            world.violations(),
            <P::Checker as Checker<P>>::invariants(),
        );
        P::decorate(world, &mut frame);
        frame
    }

    /// A frame with what every protocol fills the same way, before the protocol decorates
    /// it. Not generic, so the page holds one copy of it for the three protocols.
    #[inline(never)]
    fn undecorated(
        (protocol, layout): (&'static str, StageLayout),
        (time, step): (Tick, u64),
        nodes: Vec<NodeView>,
        messages: Vec<MessageView>,
        links: &Links,
        violations: &[Violation],
        invariants: &'static [Property],
    ) -> Self {
        ViewFrame {
            protocol,
            layout,
            time,
            step,
            nodes,
            messages,
            groups: links.groups(),
            cut_links: links.cut_links(),
            violations: violations.to_vec(),
            invariants,
            linearizability: None,
            clients: None,
            chosen: Vec::new(),
            explanations: Vec::new(),
            explanations_label: "",
            table: None,
            log: None,
            summary: String::new(),
        }
    }

    pub fn node(&self, id: NodeId) -> Option<&NodeView> {
        self.nodes.get(id.index())
    }

    pub fn message(&self, id: u64) -> Option<&MessageView> {
        self.messages.iter().find(|m| m.id == id)
    }
}

/// The fraction of `timer` still to run at `now`, if it is armed.
fn timer_left<T: PartialEq>(timers: &[ArmedTimer<T>], timer: T, now: Tick) -> Option<f64> {
    timers.iter().find(|t| t.timer == timer).map(|t| {
        let total = t.fires_at.saturating_sub(t.set_at).max(1) as f64;
        t.fires_at.saturating_sub(now) as f64 / total
    })
}

/// One node on the stage.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub id: NodeId,
    pub up: bool,
    /// `data-role` and the `role-*` class: `leader`, `follower`, `proposer`, … or `crashed`.
    pub role: &'static str,
    /// Words under the node when there is room (role, phase, slots).
    pub under: Vec<String>,
    /// `data-term`: the term, or the round of the ballot.
    pub term: u64,
    /// Inside the node: `T3`, or a ballot `2.5`.
    pub term_label: String,
    pub leader: bool,
    /// Role letters inside the node (Paxos `P A L`), drawn instead of `term_label` when the
    /// node has a card.
    pub badges: Vec<Badge>,
    /// The drawn timer's fraction left, if armed.
    pub timer_left: Option<f64>,
    /// A line above the node (a candidate's votes, a proposer's phase, open slots).
    pub status: Option<Status>,
    /// The state card under the node (when there is room).
    pub card: Vec<CardLine>,
    /// A dot in the value's colour (the card's gist when there is no room for it).
    pub value_dot: Option<u32>,
    /// A check mark in the colour of the value this node learned.
    pub learned: Option<u32>,
    /// In the quorum that chose a value.
    pub in_quorum: bool,
    /// Raft: the server exists but is not a voter of the cluster's configuration, so it is
    /// drawn dimmed, off the ring (dissertation §4.1).
    pub outside: bool,
    /// Raft: the server's own configuration.
    pub config: Option<ConfigView>,
    /// Extra classes (e.g. `px-node`, `phase-preparing`).
    pub classes: Vec<String>,
    pub hooks: Hooks,
    /// The tooltip and ARIA label.
    pub title: String,
}

impl NodeView {
    /// A node with nothing on it but its name and role.
    pub fn new(id: NodeId, up: bool, role: &'static str) -> Self {
        NodeView {
            id,
            up,
            role,
            under: Vec::new(),
            term: 0,
            term_label: String::new(),
            leader: false,
            badges: Vec::new(),
            timer_left: None,
            status: None,
            card: Vec::new(),
            value_dot: None,
            learned: None,
            in_quorum: false,
            outside: false,
            config: None,
            classes: Vec::new(),
            hooks: Vec::new(),
            title: String::new(),
        }
    }
}

/// A server's configuration (Raft dissertation §4.1): the voters of the latest configuration
/// entry in its log (the initial ones if there is none) and whether that entry is committed.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigView {
    pub voters: Vec<NodeId>,
    /// While joint (Raft §6): C_old's voters; `voters` are C_new's.
    pub old: Option<Vec<NodeId>>,
    pub committed: bool,
    /// The change the latest entry makes: (added, server); None for the initial configuration.
    pub change: Option<(bool, NodeId)>,
}

impl ConfigView {
    /// "voters S1 S2 S3; S4 being added (uncommitted)": the voters before an uncommitted
    /// change, then the change. While joint: "joint: C_old S1 S2 S3, C_new S4 S5 S6".
    pub fn text(&self) -> String {
        let uncommitted = if self.committed { "" } else { " (uncommitted)" };
        if let Some(old) = &self.old {
            let list = |ids: &[NodeId]| {
                let names: Vec<String> = ids.iter().map(|v| v.to_string()).collect();
                names.join(" ")
            };
            return format!(
                "joint: C_old {}, C_new {}{uncommitted}",
                list(old),
                list(&self.voters)
            );
        }
        let pending = self.change.filter(|_| !self.committed);
        let mut before = self.voters.clone();
        match pending {
            Some((true, id)) => before.retain(|&v| v != id),
            Some((false, id)) => {
                before.push(id);
                before.sort();
            }
            None => {}
        }
        let names: Vec<String> = before.iter().map(|v| v.to_string()).collect();
        let mut text = format!("voters {}", names.join(" "));
        match pending {
            Some((add, id)) => {
                let verb = if add { "added" } else { "removed" };
                text += &format!("; {id} being {verb}{uncommitted}");
            }
            // C_new after a joint change: its entry is in the log, not yet committed.
            None => text += uncommitted,
        }
        text
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub letter: &'static str,
    pub what: &'static str,
    pub lit: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub class: String,
    pub text: String,
    /// Drawn on the outer side of the ring (below the node's words for the lower half).
    pub outside: bool,
}

/// `label  value` on a node's card; the value may be coloured.
#[derive(Clone, Debug, PartialEq)]
pub struct CardLine {
    pub label: &'static str,
    pub value: Vec<Span>,
}

/// A run of text, in a value's colour when `hue` is set (a chip).
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub hue: Option<u32>,
}

impl Span {
    pub fn text(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            hue: None,
        }
    }

    pub fn value(text: impl Into<String>, hue: u32) -> Self {
        Span {
            text: text.into(),
            hue: Some(hue),
        }
    }
}

/// What a protocol says about one message.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageLook {
    /// The class that colours it (`kind-RequestVote`, `kind-px-Prepare`, …), plus any extras.
    pub classes: Vec<&'static str>,
    pub glyph: Glyph,
    /// A short tag drawn above it when there is room (a ballot).
    pub tag: Option<String>,
    /// One line: what it is (the tooltip).
    pub label: String,
    /// What it is for, e.g. "phase 1a".
    pub what: Option<&'static str>,
    pub fields: Vec<Field>,
    pub hooks: Hooks,
}

/// A message in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageView {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Tick,
    pub deliver_at: Tick,
    pub kind: &'static str,
    /// The network will lose it (or a user dropped it).
    pub doomed: bool,
    /// 0.0 at send, 1.0 at delivery.
    pub progress: f64,
    pub look: MessageLook,
}

impl MessageView {
    fn of<P: ProtocolView>(env: &Envelope<P::Msg>, look: MessageLook, world: &World<P>) -> Self {
        MessageView {
            id: env.id,
            from: env.from,
            to: env.to,
            sent_at: env.sent_at,
            deliver_at: env.deliver_at,
            kind: P::msg_kind(&env.msg),
            doomed: env.lost || world.is_dropped_by_hand(env.id),
            progress: flight_progress(env.sent_at, env.deliver_at, world.now()),
            look,
        }
    }
}

/// A message's shape: a dot or a box, perhaps filled with a value's colour, with a mark in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub shape: Shape,
    pub fill_hue: Option<u32>,
    /// A small dot in a reported value's colour.
    pub report_hue: Option<u32>,
    pub mark: Option<Mark>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Dot { r: f64 },
    Box { w: f64, h: f64 },
}

/// Text inside a glyph.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// `msg-mark` (✓ ✗ ?), `msg-count` (entries) or `mp-msg-slot` (a slot number).
    pub class: &'static str,
    pub text: String,
}

impl Glyph {
    pub fn dot(r: f64) -> Self {
        Glyph {
            shape: Shape::Dot { r },
            fill_hue: None,
            report_hue: None,
            mark: None,
        }
    }

    pub fn boxed(w: f64, h: f64) -> Self {
        Glyph {
            shape: Shape::Box { w, h },
            ..Glyph::dot(0.0)
        }
    }

    pub fn marked(mut self, class: &'static str, text: impl Into<String>) -> Self {
        self.mark = Some(Mark {
            class,
            text: text.into(),
        });
        self
    }
}

/// One `label: value` row.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
}

pub fn field(label: &'static str, value: impl Into<String>) -> Field {
    Field {
        label,
        value: value.into(),
    }
}

/// A small table: header cells and rows of spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub label: &'static str,
    pub head: Vec<&'static str>,
    pub rows: Vec<TableRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    pub cells: Vec<Vec<Span>>,
    pub down: bool,
    pub hooks: Hooks,
}

/// A value the checker found chosen, with the quorum that chose it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChosenFact {
    /// The Multi-Paxos slot; None for single-decree Paxos.
    pub slot: Option<u64>,
    pub value: String,
    pub hue: u32,
    /// The ballot it was first chosen in.
    pub ballot: String,
    /// The acceptors that accepted it in that ballot.
    pub quorum: Vec<NodeId>,
    /// The learners that know it.
    pub learned_by: Vec<NodeId>,
}

/// A short protocol-specific line under the stage, e.g. which value a proposer proposes and
/// why.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub classes: Vec<String>,
    pub hooks: Hooks,
    /// Whose line it is (bold), if anyone's.
    pub who: Option<String>,
    pub head: Option<String>,
    pub body: Vec<Span>,
}

/// Every node's log (or slots) as a grid of the latest columns.
#[derive(Clone, Debug, PartialEq)]
pub struct LogGrid {
    pub title: &'static str,
    pub hint: &'static str,
    /// `logs` or `slots`: the panel's and the table's classes.
    pub class: &'static str,
    pub row_label: &'static str,
    /// The hook naming each row's node (`log-node`, `slots-node`).
    pub row_hook: &'static str,
    /// Cells show the term before the command (Raft) or the command before the ballot.
    pub term_first: bool,
    /// The first and last column shown (index or slot).
    pub first: u64,
    pub last: u64,
    /// The most columns shown at once. The page keys a column by its index modulo this, so
    /// that when a new entry scrolls the grid by one, the column that leaves becomes the one
    /// that comes, and every other column keeps its cells as they are.
    pub width: u64,
    /// Headings of the columns after the cells.
    pub meta_head: Vec<&'static str>,
    /// Shared, so that the page passes a row to the component that draws it without a copy,
    /// and redraws only the rows that changed.
    pub rows: Vec<Rc<LogRow>>,
    /// What the cell styles mean: (state class, label).
    pub key: Vec<(&'static str, &'static str)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub id: NodeId,
    pub up: bool,
    pub badge: Option<RowBadge>,
    /// One per column from `first` to `last`.
    pub cells: Vec<LogCell>,
    pub meta: Vec<MetaCell>,
    /// The state machine, `k=v` pairs.
    pub kv: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RowBadge {
    pub class: &'static str,
    pub text: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetaCell {
    pub text: String,
    pub title: Option<&'static str>,
    pub hooks: Hooks,
}

/// How far one log entry or slot got at one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogState {
    /// Stored but not (known) committed or chosen.
    Accepted,
    Committed,
    Chosen,
    Executed,
    /// A no-op fill, whatever its progress.
    Noop,
    /// Folded into a snapshot.
    Compacted,
}

impl LogState {
    pub fn name(self) -> &'static str {
        match self {
            LogState::Accepted => "accepted",
            LogState::Committed => "committed",
            LogState::Chosen => "chosen",
            LogState::Executed => "executed",
            LogState::Noop => "noop",
            LogState::Compacted => "compacted",
        }
    }
}

/// One cell of the grid: nothing, or an entry with its term or ballot.
#[derive(Clone, Debug, PartialEq)]
pub struct LogCell {
    /// None for an empty cell.
    pub entry: Option<LogEntryView>,
    pub title: Option<String>,
    pub classes: Vec<String>,
    pub hooks: Hooks,
}

/// What a log entry is: a client command, a no-op, or a configuration change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Command,
    Noop,
    /// Raft (dissertation §4.1): adds (`true`) or removes one server.
    Configuration {
        add: bool,
        server: NodeId,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogEntryView {
    pub state: LogState,
    pub kind: EntryKind,
    /// Term (Raft) or ballot (Multi-Paxos), as shown.
    pub term: String,
    pub command: String,
}

/// What the inspector shows of one node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeInspector {
    pub id: NodeId,
    pub up: bool,
    pub title: String,
    pub sub: Option<String>,
    /// "Time out now" applies to this node, with what it does as a tooltip.
    pub timeout: Option<&'static str>,
    /// Raft: whether the server is a voter of the cluster's configuration (its menu offers
    /// "Remove server", else "Add server"); None where membership is fixed.
    pub voter: Option<bool>,
    /// Raft: the menu offers "Transfer leadership here" (a voter that is up and does not
    /// lead; dissertation §3.10).
    pub transfer: bool,
    pub command: Option<CommandSpec>,
    pub sections: Vec<Section>,
}

/// The one-line client request form.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandSpec {
    pub label: &'static str,
    pub button: &'static str,
    pub initial: &'static str,
    pub input_id: String,
    pub input_class: &'static str,
}

/// A part of the inspector: an optional heading, fields, a list, a table, an explanation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Section {
    pub heading: Option<&'static str>,
    pub fields: Vec<Field>,
    pub list: Option<(&'static str, Vec<String>)>,
    pub table: Option<Table>,
    pub explanation: Option<Explanation>,
}

/// One entry of the legend.
#[derive(Clone, Debug, PartialEq)]
pub enum LegendItem {
    /// A node drawn with `classes`; `ring` adds the leader or quorum ring.
    Node {
        classes: &'static str,
        ring: Option<&'static str>,
        crashed: bool,
        label: &'static str,
    },
    Message {
        class: &'static str,
        glyph: Glyph,
        label: &'static str,
    },
    Timer {
        label: &'static str,
    },
    Text {
        label: &'static str,
    },
}

impl LegendItem {
    pub fn node(classes: &'static str, ring: Option<&'static str>, label: &'static str) -> Self {
        LegendItem::Node {
            classes,
            ring,
            crashed: false,
            label,
        }
    }

    pub fn crashed() -> Self {
        LegendItem::Node {
            classes: "role-crashed",
            ring: None,
            crashed: true,
            label: "crashed",
        }
    }

    pub fn message(class: &'static str, glyph: Glyph, label: &'static str) -> Self {
        LegendItem::Message {
            class,
            glyph,
            label,
        }
    }
}

/// Node names joined with commas.
pub fn names(ids: &[NodeId]) -> String {
    ids.iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text shortened to `max` characters with an ellipsis.
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

/// The columns a grid shows: the latest `visible` of `1..=longest`.
fn visible_columns(longest: u64, visible: u64) -> (u64, u64) {
    let first = longest.saturating_sub(visible - 1).max(1);
    (first, longest.max(first))
}

/// The inspector's view of node `id` of `world`, if it exists.
pub fn inspect<P: ProtocolView>(world: &World<P>, id: NodeId) -> Option<NodeInspector> {
    (id.index() < world.nodes().len()).then(|| P::inspect(world, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_keeps_short_and_cuts_long() {
        assert_eq!(short("blue", 7), "blue");
        assert_eq!(short("set x 12345", 7), "set x …");
    }

    #[test]
    fn the_grid_shows_the_latest_columns() {
        assert_eq!(visible_columns(0, 24), (1, 1));
        assert_eq!(visible_columns(10, 24), (1, 10));
        assert_eq!(visible_columns(30, 24), (7, 30));
    }
}
