//! Single-decree Paxos as the page draws it (Paxos Made Simple §2): proposers, acceptors and
//! learners with their promises and accepted proposals, Prepare / Promise / Accept / Accepted /
//! Nack with their ballots, each proposer's attempt — which value it proposes and why (P2c,
//! §2.2) — and the value the checker found chosen with the quorum that chose it.

use super::{
    field, names, short, Badge, CardLine, ChosenFact, CommandSpec, Explanation, Glyph, LegendItem,
    MessageLook, NodeInspector, NodeView, ProtocolView, Section, Span, StageLayout, Status, Table,
    TableRow, ViewFrame,
};
use crate::world::World;
use conlab_core::NodeId;
use conlab_paxos::{Ballot, Msg, PaxosNode, Phase, Timer, Value};

/// Characters of a value shown on a node's card.
const VALUE_CHARS: usize = 7;

/// A ballot as the page writes it: `2.5` is round 2 of proposer S5 (`2` alone when the
/// `non_unique_ballots` bug leaves the proposer out).
pub fn ballot_text(ballot: Ballot) -> String {
    if ballot.node.0 == 0 {
        ballot.round.to_string()
    } else {
        format!("{}.{}", ballot.round, ballot.node.0)
    }
}

/// [`ballot_text`], or `–` for none.
pub fn ballot_opt(ballot: Option<Ballot>) -> String {
    ballot.map_or_else(|| "–".to_string(), ballot_text)
}

/// A stable colour (0..12, the `hue-N` classes) for a value: colour words get their own colour
/// (`blue` is blue), anything else a hash.
pub fn value_hue(value: &str) -> u32 {
    match value.trim().to_ascii_lowercase().as_str() {
        "red" => 0,
        "orange" | "brown" => 1,
        "yellow" | "gold" => 2,
        "lime" | "olive" => 3,
        "green" => 4,
        "mint" => 5,
        "teal" | "cyan" | "turquoise" => 6,
        "blue" | "azure" | "sky" => 7,
        "indigo" | "navy" => 8,
        "purple" | "violet" | "lilac" => 9,
        "magenta" | "pink" | "fuchsia" => 10,
        "rose" | "crimson" => 11,
        other => {
            let hash = other.bytes().fold(0x811c_9dc5_u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            });
            hash % 12
        }
    }
}

fn phase_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Idle => "idle",
        Phase::Preparing { .. } => "preparing",
        Phase::Accepting { .. } => "accepting",
        Phase::BackingOff => "backing-off",
    }
}

/// `data-role`: `crashed` when down, `proposer` while it runs a ballot, otherwise its first
/// passive role (`acceptor`, then `learner`), and `proposer` for an idle node that only
/// proposes.
fn role_name(node: &PaxosNode, up: bool) -> &'static str {
    let roles = node.roles();
    if !up {
        "crashed"
    } else if node.ballot().is_some() {
        "proposer"
    } else if roles.acceptor {
        "acceptor"
    } else if roles.learner {
        "learner"
    } else {
        "proposer"
    }
}

fn role_list(node: &PaxosNode) -> String {
    let roles = node.roles();
    [
        ("proposer", roles.proposer),
        ("acceptor", roles.acceptor),
        ("learner", roles.learner),
    ]
    .iter()
    .filter(|(_, on)| *on)
    .map(|(n, _)| *n)
    .collect::<Vec<_>>()
    .join(" + ")
}

/// Why a proposer proposes (or will propose) its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No promise reported an accepted proposal: the client's value.
    Own,
    /// P2c: the value of the highest-ballot proposal the promises reported, from acceptor
    /// `from` that had accepted it in `ballot`.
    Adopted { from: NodeId, ballot: Ballot },
    /// Its own value although a promise reported another (the
    /// `proposer_ignores_promised_values` bug).
    IgnoredReport { from: NodeId, ballot: Ballot },
    /// No client value and nothing reported (yet).
    Nothing,
}

impl Reason {
    /// `data-reason`.
    pub fn key(&self) -> &'static str {
        match self {
            Reason::Own => "own",
            Reason::Adopted { .. } => "adopted",
            Reason::IgnoredReport { .. } => "ignored-report",
            Reason::Nothing => "none",
        }
    }
}

/// A proposer's attempt: its phase, ballot, who answered, and the value with the reason. In
/// phase 2 the value and its source are the node's own record; in phase 1 it is what P2c makes
/// of the promises gathered so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub id: NodeId,
    pub phase: &'static str,
    pub ballot: Option<Ballot>,
    /// Phase 1: promises gathered; phase 2: Accepted counted.
    pub count: usize,
    pub quorum: usize,
    pub voters: Vec<NodeId>,
    pub value: Option<Value>,
    pub reason: Reason,
}

impl Attempt {
    pub fn of(node: &PaxosNode) -> Self {
        let own = node.own_value().cloned();
        let ignores = node.config().bugs.proposer_ignores_promised_values;
        let mut out = Attempt {
            id: node.id(),
            phase: phase_name(node.phase()),
            ballot: node.ballot(),
            count: 0,
            quorum: node.counted_quorum(),
            voters: Vec::new(),
            reason: if own.is_some() {
                Reason::Own
            } else {
                Reason::Nothing
            },
            value: own.clone(),
        };
        match node.phase() {
            Phase::Preparing { promises, .. } => {
                out.count = promises.len();
                out.voters = promises.iter().map(|(n, _)| *n).collect();
                let highest = promises
                    .iter()
                    .filter_map(|(n, a)| a.as_ref().map(|(b, v)| (*b, *n, v)))
                    .max_by_key(|(b, ..)| *b);
                if let Some((ballot, from, v)) = highest {
                    if ignores && own.is_some() {
                        out.reason = Reason::IgnoredReport { from, ballot };
                    } else {
                        out.value = Some(v.clone());
                        out.reason = Reason::Adopted { from, ballot };
                    }
                }
            }
            Phase::Accepting {
                value,
                accepted,
                adopted_from,
                ..
            } => {
                out.count = accepted.len();
                out.voters = accepted.iter().collect();
                out.value = Some(value.clone());
                if let Some((from, ballot)) = *adopted_from {
                    out.reason = Reason::Adopted { from, ballot };
                }
            }
            Phase::Idle | Phase::BackingOff => {}
        }
        out
    }

    fn running(&self) -> bool {
        matches!(self.phase, "preparing" | "accepting")
    }

    /// One sentence: why this value.
    pub fn reason_text(&self) -> String {
        let so_far = if self.phase == "preparing" {
            " so far"
        } else {
            ""
        };
        match &self.reason {
            Reason::Own => {
                format!("its own value: no promise{so_far} reports an accepted proposal")
            }
            Reason::Adopted { from, ballot } => format!(
                "adopted from {}: {from} had accepted it in ballot {}, the highest ballot reported{so_far} (P2c)",
                if *from == self.id { "its own acceptor's report".to_string() } else { format!("{from}'s report") },
                ballot_text(*ballot)
            ),
            Reason::IgnoredReport { from, ballot } => format!(
                "its own value although {from} reported a proposal accepted in ballot {} (bug: proposer ignores promised values)",
                ballot_text(*ballot)
            ),
            Reason::Nothing => "nothing to propose yet: no client value and no report".to_string(),
        }
    }

    /// `k/quorum` with what is counted.
    fn tally(&self) -> String {
        format!("{}/{}", self.count, self.quorum)
    }

    /// The attempt as a line under the stage (and in the inspector).
    pub fn explanation(&self, classes: Vec<String>) -> Explanation {
        let mut hooks = vec![
            ("data-proposer", self.id.0.to_string()),
            ("data-phase", self.phase.to_string()),
            ("data-reason", self.reason.key().to_string()),
        ];
        if let Some(b) = self.ballot {
            hooks.push(("data-ballot", ballot_text(b)));
        }
        match self.phase {
            "preparing" => hooks.push(("data-promises", self.tally())),
            "accepting" => hooks.push(("data-accepted", self.tally())),
            _ => {}
        }
        if let Some(v) = &self.value {
            hooks.push(("data-value", v.clone()));
        }
        if let Reason::Adopted { from, .. } = &self.reason {
            hooks.push(("data-adopted-from", from.0.to_string()));
        }
        let head = match self.phase {
            "preparing" => format!(
                "phase 1 · ballot {} · promises {}",
                ballot_opt(self.ballot),
                self.tally()
            ),
            "accepting" => format!(
                "phase 2 · ballot {} · accepted {}",
                ballot_opt(self.ballot),
                self.tally()
            ),
            "backing-off" => "backing off: gave up its ballot, will retry higher".to_string(),
            _ => "idle".to_string(),
        };
        let voters = if self.running() && !self.voters.is_empty() {
            format!(" ({})", names(&self.voters))
        } else {
            String::new()
        };
        let body = match (&self.value, self.running()) {
            (Some(v), false) => vec![Span::text("client value "), Span::value(v, value_hue(v))],
            (Some(v), true) => vec![
                Span::text(if self.phase == "accepting" {
                    "proposes "
                } else {
                    "will propose "
                }),
                Span::value(v, value_hue(v)),
                Span::text(format!(" — {}", self.reason_text())),
            ],
            (None, _) => vec![Span::text(self.reason_text())],
        };
        Explanation {
            classes,
            hooks,
            who: Some(self.id.to_string()),
            head: Some(head + &voters),
            body,
        }
    }
}

/// The accepted proposal as spans: ballot, then the value in its colour.
fn accepted_spans(accepted: Option<&(Ballot, Value)>, chars: usize) -> Vec<Span> {
    match accepted {
        Some((b, v)) => vec![
            Span::text(format!("{} ", ballot_text(*b))),
            Span::value(short(v, chars), value_hue(v)),
        ],
        None => vec![Span::text("–")],
    }
}

impl ProtocolView for PaxosNode {
    const LAYOUT: StageLayout = StageLayout {
        height: 600.0,
        ring_cy: 282.0,
        max_node_r: 36.0,
        crowded_node_r: 31.0,
        decision_in_middle: true,
        label: "Paxos cluster",
        class: "px-stage",
    };
    const MESSAGE_CLASS: &'static str = "kind-px-";
    const RING_TIMER: Option<Timer> = None;

    fn node_view(world: &World<Self>, id: NodeId) -> NodeView {
        let slot = world.node(id);
        let (node, up) = (&slot.node, slot.up);
        let roles = node.roles();
        let attempt = Attempt::of(node);
        let phase = if up { attempt.phase } else { "idle" };
        let mut card = Vec::new();
        if roles.acceptor {
            card.push(CardLine {
                label: "promised",
                value: vec![Span::text(ballot_opt(node.promised()))],
            });
            card.push(CardLine {
                label: "accepted",
                value: accepted_spans(node.accepted(), VALUE_CHARS),
            });
        }
        if let (true, Some((_, v))) = (roles.learner, node.learned()) {
            card.push(CardLine {
                label: "learned",
                value: vec![Span::value(
                    format!("{} ✓", short(v, VALUE_CHARS)),
                    value_hue(v),
                )],
            });
        }
        let status = (up && roles.proposer)
            .then(|| {
                let text = match attempt.phase {
                    "preparing" => format!(
                        "1a {} · promises {}",
                        ballot_opt(attempt.ballot),
                        attempt.tally()
                    ),
                    "accepting" => format!(
                        "2a {} · accepted {}",
                        ballot_opt(attempt.ballot),
                        attempt.tally()
                    ),
                    "backing-off" => "backing off".to_string(),
                    _ => return None,
                };
                Some(Status {
                    class: format!("px-status phase-{}", attempt.phase),
                    text,
                    outside: false,
                })
            })
            .flatten();
        let mut hooks = vec![("data-phase", phase.to_string())];
        if let Some(b) = node.promised() {
            hooks.push(("data-promised", ballot_text(b)));
        }
        if let Some((b, v)) = node.accepted() {
            hooks.push(("data-accepted", format!("{} {v}", ballot_text(*b))));
        }
        if let Some((_, v)) = node.learned() {
            hooks.push(("data-learned", v.clone()));
        }
        let mut classes = vec!["px-node".to_string()];
        if up {
            classes.push(format!("phase-{phase}"));
        }
        NodeView {
            id,
            up,
            role: role_name(node, up),
            under: Vec::new(),
            term: node.ballot().or(node.promised()).map_or(0, |b| b.round),
            term_label: ballot_opt(node.promised()),
            leader: false,
            badges: [
                ("P", "proposer", roles.proposer),
                ("A", "acceptor", roles.acceptor),
                ("L", "learner", roles.learner),
            ]
            .into_iter()
            .filter(|(.., on)| *on)
            .map(|(letter, what, _)| Badge {
                letter,
                what,
                lit: what == "proposer" && up && node.ballot().is_some(),
            })
            .collect(),
            timer_left: None,
            status,
            card,
            value_dot: node.accepted().map(|(_, v)| value_hue(v)),
            learned: node.learned().map(|(_, v)| value_hue(v)),
            in_quorum: false,
            outside: false,
            config: None,
            classes,
            hooks,
            title: format!(
                "{id}: {}{}; promised {}, accepted {}{}",
                role_list(node),
                if up { "" } else { " (crashed)" },
                ballot_opt(node.promised()),
                node.accepted()
                    .map_or("nothing".to_string(), |(b, v)| format!(
                        "{v} in ballot {}",
                        ballot_text(*b)
                    )),
                node.learned()
                    .map_or(String::new(), |(_, v)| format!("; learned {v}")),
            ),
        }
    }

    fn message_view(msg: &Msg) -> MessageLook {
        let ballot = ballot_text(msg.ballot());
        let (glyph, label, what, fields) = match msg {
            Msg::Prepare { .. } => (
                Glyph::dot(6.5),
                "Prepare (1a)".to_string(),
                "phase 1a",
                vec![field("ballot", ballot.clone())],
            ),
            Msg::Promise { accepted, .. } => {
                let report = accepted
                    .as_ref()
                    .map_or("nothing (no proposal accepted)".to_string(), |(b, v)| {
                        format!("{v} in ballot {}", ballot_text(*b))
                    });
                let fields = vec![field("ballot", ballot.clone()), field("accepted", report)];
                match accepted {
                    Some((b, v)) => (
                        Glyph {
                            report_hue: Some(value_hue(v)),
                            ..Glyph::dot(7.5)
                        },
                        format!("Promise (1b) reporting {v} accepted in {}", ballot_text(*b)),
                        "phase 1b",
                        fields,
                    ),
                    None => (
                        Glyph::dot(7.5).marked("msg-mark", "✓"),
                        "Promise (1b), nothing accepted".to_string(),
                        "phase 1b",
                        fields,
                    ),
                }
            }
            Msg::Accept { value, .. } => (
                Glyph {
                    fill_hue: Some(value_hue(value)),
                    ..Glyph::boxed(18.0, 13.0)
                },
                format!("Accept (2a) {value}"),
                "phase 2a",
                vec![
                    field("ballot", ballot.clone()),
                    field("value", value.clone()),
                ],
            ),
            Msg::Accepted { value, .. } => (
                Glyph::boxed(16.0, 13.0).marked("msg-mark", "✓"),
                format!("Accepted (2b) {value}"),
                "phase 2b",
                vec![
                    field("ballot", ballot.clone()),
                    field("value", value.clone()),
                ],
            ),
            Msg::Nack { promised, .. } => (
                Glyph::dot(7.5).marked("msg-mark", "✗"),
                format!("Nack: already promised {}", ballot_text(*promised)),
                "refusal",
                vec![
                    field("ballot", ballot.clone()),
                    field(
                        "promised",
                        format!("{} (higher: give up)", ballot_text(*promised)),
                    ),
                ],
            ),
        };
        MessageLook {
            classes: vec!["px-msg", kind_class(msg)],
            glyph,
            tag: Some(ballot.clone()),
            label: format!("{label}, ballot {ballot}"),
            what: Some(what),
            fields,
            hooks: vec![("data-ballot", ballot)],
        }
    }

    fn decorate(world: &World<Self>, frame: &mut ViewFrame) {
        frame.chosen = chosen_facts(world);
        if let Some(fact) = frame.chosen.first() {
            for id in &fact.quorum {
                if let Some(node) = frame.nodes.get_mut(id.index()) {
                    node.in_quorum = true;
                    node.hooks.push(("data-quorum", "chosen".into()));
                }
            }
        }
        frame.explanations_label = "Proposers";
        frame.explanations = world
            .nodes()
            .iter()
            .filter(|s| s.up && s.node.roles().proposer)
            .filter(|s| *s.node.phase() != Phase::Idle || s.node.own_value().is_some())
            .map(|s| {
                let a = Attempt::of(&s.node);
                let classes = vec!["px-proposer".into(), format!("phase-{}", a.phase)];
                a.explanation(classes)
            })
            .collect();
        if frame.explanations.is_empty() {
            frame.explanations.push(Explanation {
                classes: vec!["px-proposers-empty".into()],
                hooks: Vec::new(),
                who: None,
                head: None,
                body: vec![Span::text("No proposer is running a ballot.")],
            });
        }
        frame.table = Some(state_table(world));
        frame.summary = summary(world, frame);
    }

    fn inspect(world: &World<Self>, id: NodeId) -> NodeInspector {
        let slot = world.node(id);
        let node = &slot.node;
        let roles = node.roles();
        let a = Attempt::of(node);
        let mut sections = Vec::new();
        if roles.proposer {
            let promises = match node.phase() {
                Phase::Preparing { promises, .. } => Some((
                    "Promises gathered",
                    promises
                        .iter()
                        .map(|(from, report)| {
                            format!(
                                "{from}: {}",
                                report
                                    .as_ref()
                                    .map_or("nothing accepted".to_string(), |(b, v)| {
                                        format!("accepted {v} in {}", ballot_text(*b))
                                    })
                            )
                        })
                        .collect(),
                )),
                _ => None,
            };
            let gathered = match a.phase {
                "preparing" => format!("{} promises", a.tally()),
                "accepting" => format!("{} accepted", a.tally()),
                _ => "–".to_string(),
            };
            let explanation = a.running().then(|| {
                let mut line = a.explanation(vec!["px-reason".into()]);
                line.hooks.retain(|(k, _)| *k == "data-reason");
                line.who = None;
                line.head = None;
                line.body = match &a.value {
                    Some(v) => vec![
                        Span::text(if a.phase == "accepting" {
                            "Proposes "
                        } else {
                            "Will propose "
                        }),
                        Span::value(v, value_hue(v)),
                        Span::text(format!(": {}.", a.reason_text())),
                    ],
                    None => vec![Span::text(format!("{}.", a.reason_text()))],
                };
                line
            });
            sections.push(Section {
                heading: Some("Proposer"),
                fields: vec![
                    field("phase", a.phase),
                    field("ballot", ballot_opt(a.ballot)),
                    field("gathered", gathered),
                    field("last round", node.last_round().to_string()),
                    field(
                        "client value",
                        node.own_value().cloned().unwrap_or_else(|| "none".into()),
                    ),
                    field(
                        "outcome",
                        node.outcome().cloned().unwrap_or_else(|| "unknown".into()),
                    ),
                ],
                list: promises,
                explanation,
                ..Section::default()
            });
        }
        if roles.acceptor {
            sections.push(Section {
                heading: Some("Acceptor"),
                fields: vec![
                    field("promised", ballot_opt(node.promised())),
                    field(
                        "accepted",
                        node.accepted().map_or("nothing".to_string(), |(b, v)| {
                            format!("{v} in ballot {}", ballot_text(*b))
                        }),
                    ),
                ],
                ..Section::default()
            });
        }
        if roles.learner {
            sections.push(Section {
                heading: Some("Learner"),
                fields: vec![field(
                    "learned",
                    node.learned().map_or("nothing yet".to_string(), |(b, v)| {
                        format!("{v} (ballot {})", ballot_text(*b))
                    }),
                )],
                ..Section::default()
            });
        }
        NodeInspector {
            id,
            up: slot.up,
            title: format!("{id} — {}", role_name(node, slot.up)),
            sub: Some(format!(
                "{}; quorum {} acceptors",
                role_list(node),
                node.counted_quorum()
            )),
            timeout: roles.proposer.then_some("Start a higher ballot now"),
            voter: None,
            transfer: false,
            command: roles.proposer.then(|| CommandSpec {
                label: "Propose value",
                button: "Propose",
                initial: "green",
                input_id: format!("propose-value-{}", id.0),
                input_class: "propose-value",
            }),
            sections,
        }
    }

    fn legend() -> Vec<LegendItem> {
        vec![
            LegendItem::Text {
                label: "P A L = proposer, acceptor, learner; ballot 2.5 = round 2 of S5",
            },
            LegendItem::node("px-node phase-preparing", None, "phase 1"),
            LegendItem::node("px-node phase-accepting", None, "phase 2"),
            LegendItem::node("px-node", Some("quorum-ring"), "quorum that chose"),
            LegendItem::crashed(),
            LegendItem::message("kind-px-Prepare", Glyph::dot(6.5), "Prepare (1a)"),
            LegendItem::message(
                "kind-px-Promise",
                Glyph::dot(7.5).marked("msg-mark", "✓"),
                "Promise (1b)",
            ),
            LegendItem::message(
                "kind-px-Promise",
                Glyph {
                    report_hue: Some(7),
                    ..Glyph::dot(7.5)
                },
                "Promise reporting a value",
            ),
            LegendItem::message(
                "kind-px-Accept",
                Glyph {
                    fill_hue: Some(7),
                    ..Glyph::boxed(18.0, 13.0)
                },
                "Accept (2a), value colour",
            ),
            LegendItem::message(
                "kind-px-Accepted",
                Glyph::boxed(16.0, 13.0).marked("msg-mark", "✓"),
                "Accepted (2b)",
            ),
            LegendItem::message(
                "kind-px-Nack",
                Glyph::dot(7.5).marked("msg-mark", "✗"),
                "Nack",
            ),
        ]
    }

    fn narrate(story: &super::Story<Self>) -> Option<String> {
        super::narrate_paxos::narrate(story)
    }

    fn answer(node: NodeId, reply: &conlab_paxos::Reply) -> super::Answer {
        super::narrate_paxos::answer(node, reply)
    }
}

fn kind_class(msg: &Msg) -> &'static str {
    match msg {
        Msg::Prepare { .. } => "kind-px-Prepare",
        Msg::Promise { .. } => "kind-px-Promise",
        Msg::Accept { .. } => "kind-px-Accept",
        Msg::Accepted { .. } => "kind-px-Accepted",
        Msg::Nack { .. } => "kind-px-Nack",
    }
}

/// The values the checker found chosen (more than one means safety broke), each with every
/// acceptor that accepted it in a ballot where it was chosen, and the learners that know it.
fn chosen_facts(world: &World<PaxosNode>) -> Vec<ChosenFact> {
    let Some(checker) = world.checker() else {
        return Vec::new();
    };
    let votes = checker.votes();
    let mut facts: Vec<ChosenFact> = Vec::new();
    for (ballot, value) in votes.chosen() {
        let voters = votes.voters(*ballot, value);
        match facts.iter_mut().find(|f| f.value == *value) {
            Some(fact) => {
                for id in voters.iter() {
                    if !fact.quorum.contains(&id) {
                        fact.quorum.push(id);
                    }
                }
                fact.quorum.sort();
            }
            None => facts.push(ChosenFact {
                slot: None,
                value: value.clone(),
                hue: value_hue(value),
                ballot: ballot_text(*ballot),
                quorum: voters.iter().collect(),
                learned_by: world
                    .nodes()
                    .iter()
                    .filter(|s| s.node.learned().is_some_and(|(_, v)| v == value))
                    .map(|s| s.node_id())
                    .collect(),
            }),
        }
    }
    facts
}

/// The nodes' promises, accepted proposals and learned values as a table (narrow screens show
/// it instead of the cards).
fn state_table(world: &World<PaxosNode>) -> Table {
    Table {
        label: "Acceptors and learners",
        head: vec!["node", "promised", "accepted", "learned"],
        rows: world
            .nodes()
            .iter()
            .map(|s| {
                let node = &s.node;
                let acceptor = node.roles().acceptor;
                super::TableRow {
                    cells: vec![
                        vec![Span::text(node.id().to_string())],
                        vec![Span::text(if acceptor {
                            ballot_opt(node.promised())
                        } else {
                            String::new()
                        })],
                        match node.accepted() {
                            Some(a) => accepted_spans(Some(a), 14),
                            None if acceptor => vec![Span::text("–")],
                            None => Vec::new(),
                        },
                        node.learned()
                            .map(|(_, v)| vec![Span::value(short(v, 14), value_hue(v))])
                            .unwrap_or_default(),
                    ],
                    down: !s.up,
                    hooks: vec![("data-state-row", node.id().0.to_string())],
                }
            })
            .collect::<Vec<TableRow>>(),
    }
}

fn summary(world: &World<PaxosNode>, frame: &ViewFrame) -> String {
    let running: Vec<String> = world
        .nodes()
        .iter()
        .filter(|s| s.up)
        .filter_map(|s| {
            s.node
                .ballot()
                .map(|b| format!("{} runs ballot {}", s.node.id(), ballot_text(b)))
        })
        .collect();
    let chosen = match frame.chosen.as_slice() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    const BASIC: &str = include_str!("../../../../docs/scenarios/paxos-basic.json");
    const SURVIVES: &str =
        include_str!("../../../../docs/scenarios/paxos-chosen-value-survives.json");

    fn frame_at(scenario: &str, ms: u64) -> (World<PaxosNode>, ViewFrame) {
        let mut world = World::new(&Scenario::from_json(scenario).unwrap()).unwrap();
        world.run_until(ms);
        let frame = ViewFrame::of(&world);
        (world, frame)
    }

    fn hook<'a>(hooks: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
        hooks
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn ballots_read_round_dot_node_and_colour_words_keep_their_colour() {
        assert_eq!(ballot_text(Ballot::new(2, NodeId(5))), "2.5");
        assert_eq!(ballot_text(Ballot::new(3, NodeId(0))), "3");
        assert_eq!(ballot_opt(None), "–");
        assert_eq!(value_hue("blue"), 7);
        assert_eq!(value_hue("Red"), 0);
        assert!(value_hue("anything at all") < 12);
    }

    #[test]
    fn a_proposer_in_phase_1_proposes_its_own_value_so_far() {
        let (_, frame) = frame_at(BASIC, 30);
        let s1 = &frame.nodes[0];
        assert_eq!((s1.role, s1.term), ("proposer", 1));
        assert_eq!(hook(&s1.hooks, "data-phase"), Some("preparing"));
        assert_eq!(s1.status.as_ref().unwrap().text, "1a 1.1 · promises 1/2");
        let line = &frame.explanations[0];
        assert_eq!(hook(&line.hooks, "data-promises"), Some("1/2"));
        assert_eq!(hook(&line.hooks, "data-value"), Some("blue"));
        assert_eq!(hook(&line.hooks, "data-reason"), Some("own"));
        assert!(frame.chosen.is_empty());
        assert!(frame.messages.iter().all(|m| m.kind == "Prepare"));
    }

    #[test]
    fn the_chosen_value_comes_from_the_checker_with_its_quorum() {
        let (_, frame) = frame_at(BASIC, 1_000);
        assert_eq!(frame.chosen.len(), 1);
        let fact = &frame.chosen[0];
        assert_eq!((fact.value.as_str(), fact.ballot.as_str()), ("blue", "1.1"));
        assert_eq!(fact.quorum.len(), 3);
        assert_eq!(fact.learned_by.len(), 3);
        assert_eq!(frame.nodes.iter().filter(|n| n.in_quorum).count(), 3);
        assert!(
            frame.summary.contains("blue is chosen"),
            "{}",
            frame.summary
        );
    }

    #[test]
    fn p2c_adopts_the_highest_reported_value_and_names_its_source() {
        let (world, frame) = frame_at(SURVIVES, 554);
        let line = frame
            .explanations
            .iter()
            .find(|l| hook(&l.hooks, "data-proposer") == Some("5"))
            .unwrap();
        assert_eq!(hook(&line.hooks, "data-value"), Some("blue"));
        assert_eq!(hook(&line.hooks, "data-reason"), Some("adopted"));
        assert_eq!(hook(&line.hooks, "data-adopted-from"), Some("3"));
        let text: String = line.body.iter().map(|s| s.text.as_str()).collect();
        assert!(
            text.contains("adopted from S3's report") && text.contains("1.1"),
            "{text}"
        );
        let inspector = super::super::inspect(&world, NodeId(5)).unwrap();
        let reason = inspector.sections[0].explanation.as_ref().unwrap();
        assert_eq!(reason.hooks, vec![("data-reason", "adopted".to_string())]);
    }

    #[test]
    fn every_node_has_a_state_row_and_a_card() {
        let (_, frame) = frame_at(BASIC, 1_000);
        let table = frame.table.unwrap();
        assert_eq!(table.rows.len(), 3);
        assert!(frame
            .nodes
            .iter()
            .all(|n| n.card.len() == 3 && n.learned == Some(7)));
        assert!(frame.log.is_none(), "single-decree Paxos has no log");
    }
}
