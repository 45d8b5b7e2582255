//! Multi-Paxos as the page draws it (Paxos Made Simple §3): replicas with their ballot, phase 1
//! once per leadership and phase 2 per slot, heartbeats, Nacks, catch-up, each replica's slot
//! log (accepted / chosen / executed, no-op gap fills) and the leader's open proposals.

use super::raft::kv_text;
use super::{
    ballot_opt, ballot_text, field, names, short, visible_columns, ChosenFact, CommandSpec,
    EntryKind, Explanation, Field, Glyph, LegendItem, LogCell, LogEntryView, LogGrid, LogRow,
    LogState, MessageLook, MetaCell, NodeInspector, NodeView, ProtocolView, RowBadge, Section,
    Span, StageLayout, Status, Table, TableRow, ViewFrame,
};
use crate::world::World;
use conlab_core::kv::Command;
use conlab_core::NodeId;
use conlab_paxos::multi::{Msg, Role, SlotLog, Timer};
use conlab_paxos::{Ballot, MultiPaxosNode, Slot};
use std::rc::Rc;

/// The grid shows at most this many of the latest slots.
const VISIBLE_SLOTS: u64 = 24;
/// The inspector lists at most this many of the latest slots.
const LISTED_SLOTS: u64 = 40;
/// The leader lists at most this many of its open (not yet chosen) slots on the stage.
const OPEN_SLOTS_SHOWN: usize = 3;

fn role_name(node: &MultiPaxosNode, up: bool) -> &'static str {
    if up {
        node.role().name()
    } else {
        "crashed"
    }
}

/// A command as a slot shows it.
fn command_text(command: &Command) -> String {
    match command {
        Command::Noop => "no-op".to_string(),
        other => other.to_string(),
    }
}

/// The command a replica has for `slot` (chosen if known, else accepted), the ballot its
/// acceptor accepted that command in, and how far it got; None for a slot it knows nothing of.
fn slot_state(log: &SlotLog, slot: Slot) -> Option<(&Command, Option<Ballot>, LogState)> {
    let accepted = log.accepted(slot);
    let chosen = log.chosen(slot);
    let command = chosen.or(accepted.map(|(_, c)| c))?;
    let ballot = accepted.filter(|(_, c)| *c == command).map(|(b, _)| b);
    let progress = if slot <= log.executed() {
        LogState::Executed
    } else if chosen.is_some() {
        LogState::Chosen
    } else {
        LogState::Accepted
    };
    Some((command, ballot, progress))
}

impl ProtocolView for MultiPaxosNode {
    const LAYOUT: StageLayout = StageLayout {
        height: 560.0,
        ring_cy: 280.0,
        max_node_r: 38.0,
        crowded_node_r: 38.0,
        decision_in_middle: false,
        label: "Multi-Paxos cluster",
        class: "mp-stage",
    };
    const MESSAGE_CLASS: &'static str = "kind-px-";
    const RING_TIMER: Option<Timer> = Some(Timer::LeaderTimeout);

    fn node_view(world: &World<Self>, id: NodeId) -> NodeView {
        let slot = world.node(id);
        let (mp, up) = (&slot.node, slot.up);
        let role = role_name(mp, up);
        let ballot = mp.ballot().or(mp.promised());
        let log = mp.log();
        let leading = up && mp.role() == Role::Leader;
        let open = (leading && !mp.proposals().is_empty()).then(|| {
            let mut parts: Vec<String> = mp
                .proposals()
                .iter()
                .take(OPEN_SLOTS_SHOWN)
                .map(|(slot, (_, acks))| format!("s{slot} {}/{}", acks.len(), mp.quorum()))
                .collect();
            if mp.proposals().len() > OPEN_SLOTS_SHOWN {
                parts.push(format!("+{}", mp.proposals().len() - OPEN_SLOTS_SHOWN));
            }
            Status {
                class: "mp-open".into(),
                text: format!("open {}", parts.join(" · ")),
                outside: true,
            }
        });
        let mut hooks = vec![("data-executed", log.executed().to_string())];
        if let Some(b) = ballot {
            hooks.push(("data-ballot", ballot_text(b)));
        }
        NodeView {
            id,
            up,
            role,
            under: vec![
                if up && mp.role() == Role::Candidate {
                    format!(
                        "phase 1 · promises {}/{}",
                        mp.promisers().len(),
                        mp.quorum()
                    )
                } else {
                    role.to_string()
                },
                format!("exec {} · log {}", log.executed(), log.last_slot()),
            ],
            term: ballot.map_or(0, |b| b.round),
            term_label: ballot_opt(ballot),
            leader: leading,
            status: open,
            classes: vec!["mp-node".into()],
            hooks,
            title: format!(
                "{id}: {role}, ballot {}, promised {}, executed {} of {} slots",
                ballot_opt(mp.ballot()),
                ballot_opt(mp.promised()),
                log.executed(),
                log.last_slot()
            ),
            ..NodeView::new(id, up, role)
        }
    }

    fn message_view(msg: &Msg) -> MessageLook {
        let slot_box =
            |slot: Slot| Glyph::boxed(20.0, 14.0).marked("mp-msg-slot", slot.to_string());
        let (glyph, label, what, phase, slot) = match msg {
            Msg::Prepare { first_slot, .. } => (
                Glyph::dot(7.0),
                format!("Prepare (1a) for every slot from {first_slot} on"),
                "phase 1a, all open slots",
                Some("1"),
                None,
            ),
            Msg::Promise { accepted, .. } => (
                Glyph::dot(7.5).marked(
                    "msg-mark",
                    if accepted.is_empty() {
                        "✓".to_string()
                    } else {
                        accepted.len().to_string()
                    },
                ),
                format!("Promise (1b) reporting {} accepted slots", accepted.len()),
                "phase 1b",
                Some("1"),
                None,
            ),
            Msg::Accept { slot, command, .. } => (
                slot_box(*slot),
                format!("Accept (2a) slot {slot}: {command}"),
                "phase 2a, one slot",
                Some("2"),
                Some(*slot),
            ),
            Msg::Accepted { slot, .. } => (
                slot_box(*slot),
                format!("Accepted (2b) slot {slot}"),
                "phase 2b, one slot",
                Some("2"),
                Some(*slot),
            ),
            Msg::Nack { promised, .. } => (
                Glyph::dot(7.5).marked("msg-mark", "✗"),
                format!("Nack: already promised {}", ballot_text(*promised)),
                "refusal",
                None,
                None,
            ),
            Msg::Heartbeat { chosen_through, .. } => (
                Glyph::dot(5.0),
                format!("Heartbeat: executed through slot {chosen_through}"),
                "leader alive",
                None,
                None,
            ),
            Msg::CatchUp { first_slot } => (
                Glyph::dot(7.0).marked("msg-mark", "?"),
                format!("CatchUp: send me the chosen commands from slot {first_slot}"),
                "replica lags",
                None,
                None,
            ),
            Msg::Chosen {
                first_slot,
                commands,
            } => (
                Glyph::boxed(18.0, 14.0).marked("msg-count", commands.len().to_string()),
                format!("Chosen: {} commands from slot {first_slot}", commands.len()),
                "decisions",
                None,
                None,
            ),
        };
        let ballot = msg.ballot();
        let mut hooks = Vec::new();
        if let Some(b) = ballot {
            hooks.push(("data-ballot", ballot_text(b)));
        }
        if let Some(s) = slot {
            hooks.push(("data-msg-slot", s.to_string()));
        }
        if let Some(p) = phase {
            hooks.push(("data-phase", p.to_string()));
        }
        // Ballots label phase-1 messages and refusals; phase 2 shows its slot in the box.
        let tagged = matches!(
            msg,
            Msg::Prepare { .. } | Msg::Promise { .. } | Msg::Nack { .. }
        );
        MessageLook {
            classes: vec!["mp-msg", kind_class(msg)],
            glyph,
            tag: ballot.filter(|_| tagged).map(ballot_text),
            label: format!(
                "{label}{}",
                ballot.map_or(String::new(), |b| format!(", ballot {}", ballot_text(b)))
            ),
            what: Some(what),
            fields: message_fields(msg),
            hooks,
        }
    }

    fn decorate(world: &World<Self>, frame: &mut ViewFrame) {
        frame.chosen = chosen_facts(world);
        frame.explanations_label = "Leader";
        frame.explanations = vec![leader_note(world)];
        frame.log = Some(slot_grid(world));
        let leaders: Vec<String> = leaders(world)
            .iter()
            .map(|l| format!("{} leads ballot {}", l.id(), ballot_opt(l.ballot())))
            .collect();
        frame.summary = format!(
            "{} replicas, {}; {} down; {} messages in flight",
            frame.nodes.len(),
            if leaders.is_empty() {
                "no leader".to_string()
            } else {
                leaders.join(", ")
            },
            frame.nodes.iter().filter(|n| !n.up).count(),
            frame.messages.len()
        );
    }

    fn inspect(world: &World<Self>, id: NodeId) -> NodeInspector {
        let slot = world.node(id);
        let (mp, up) = (&slot.node, slot.up);
        let log = mp.log();
        let leading = up && mp.role() == Role::Leader;
        let mut fields = vec![
            field("role", role_name(mp, up)),
            field("ballot", ballot_opt(mp.ballot())),
            field("promised", ballot_opt(mp.promised())),
            field(
                "leader",
                mp.leader_hint().map_or("unknown".into(), |l| l.to_string()),
            ),
            field("executed", format!("slots 1..={}", log.executed())),
            field("last slot", log.last_slot().to_string()),
        ];
        if leading {
            fields.push(field("next slot", mp.next_slot().to_string()));
        }
        fields.push(field("state machine", kv_text(mp.state_machine(), "empty")));
        let text_row = |cells: Vec<String>| TableRow {
            cells: cells.into_iter().map(|c| vec![Span::text(c)]).collect(),
            down: false,
            hooks: Vec::new(),
        };
        let mut sections = vec![Section {
            fields,
            ..Section::default()
        }];
        if leading && !mp.proposals().is_empty() {
            sections.push(Section {
                heading: Some("Open proposals (phase 2)"),
                table: Some(Table {
                    label: "The leader's proposals not yet chosen",
                    head: vec!["slot", "command", "accepted by"],
                    rows: mp
                        .proposals()
                        .iter()
                        .map(|(slot, (command, acks))| {
                            let acks: Vec<NodeId> = acks.iter().collect();
                            text_row(vec![
                                slot.to_string(),
                                command_text(command),
                                format!(
                                    "{}/{} ({})",
                                    acks.len(),
                                    mp.quorum(),
                                    names(&acks).replace(", ", " ")
                                ),
                            ])
                        })
                        .collect(),
                }),
                ..Section::default()
            });
        }
        let last = log.last_slot();
        if last > 0 {
            let first = last.saturating_sub(LISTED_SLOTS - 1).max(1);
            sections.push(Section {
                heading: Some("Slots"),
                table: Some(Table {
                    label: "Slot log",
                    head: vec!["slot", "command", "accepted in", "state"],
                    rows: (first..=last)
                        .map(|s| match slot_state(log, s) {
                            Some((command, ballot, progress)) => text_row(vec![
                                s.to_string(),
                                command_text(command),
                                ballot_opt(ballot),
                                progress.name().to_string(),
                            ]),
                            None => {
                                text_row(vec![s.to_string(), "—".into(), "–".into(), "gap".into()])
                            }
                        })
                        .collect(),
                }),
                ..Section::default()
            });
        }
        NodeInspector {
            id,
            up,
            title: format!("{id} — {}", role_name(mp, up)),
            sub: None,
            timeout: Some("Start phase 1 with a higher ballot now"),
            voter: None,
            transfer: false,
            command: Some(CommandSpec {
                label: "Client command",
                button: "Send",
                initial: "set x 3",
                input_id: format!("mp-client-command-{}", id.0),
                input_class: "client-command",
            }),
            sections,
        }
    }

    fn legend() -> Vec<LegendItem> {
        let slot_box = Glyph::boxed(20.0, 14.0).marked("mp-msg-slot", "3");
        vec![
            LegendItem::node("role-follower", None, "follower"),
            LegendItem::node("role-candidate", None, "phase 1 (candidate)"),
            LegendItem::node("role-leader", Some("leader-ring"), "leader"),
            LegendItem::crashed(),
            LegendItem::message("kind-px-Prepare", Glyph::dot(7.0), "Prepare (1a, once)"),
            LegendItem::message(
                "kind-px-Promise",
                Glyph::dot(7.5).marked("msg-mark", "✓"),
                "Promise (1b)",
            ),
            LegendItem::message("kind-px-Accept", slot_box.clone(), "Accept (2a, per slot)"),
            LegendItem::message("kind-px-Accepted", slot_box, "Accepted (2b)"),
            LegendItem::message("kind-px-Heartbeat", Glyph::dot(5.0), "heartbeat"),
            LegendItem::message(
                "kind-px-Nack",
                Glyph::dot(7.5).marked("msg-mark", "✗"),
                "Nack",
            ),
            LegendItem::message(
                "kind-px-CatchUp",
                Glyph::dot(7.0).marked("msg-mark", "?"),
                "catch-up request",
            ),
            LegendItem::message(
                "kind-px-Chosen",
                Glyph::boxed(18.0, 14.0).marked("msg-count", "1"),
                "decisions",
            ),
            LegendItem::Timer {
                label: "leader timeout",
            },
        ]
    }

    fn narrate(story: &super::Story<Self>) -> Option<String> {
        super::narrate_multipaxos::narrate(story)
    }

    fn answer(node: NodeId, reply: &conlab_paxos::multi::Reply) -> super::Answer {
        super::narrate_multipaxos::answer(node, reply)
    }
}

fn kind_class(msg: &Msg) -> &'static str {
    match msg {
        Msg::Prepare { .. } => "kind-px-Prepare",
        Msg::Promise { .. } => "kind-px-Promise",
        Msg::Accept { .. } => "kind-px-Accept",
        Msg::Accepted { .. } => "kind-px-Accepted",
        Msg::Nack { .. } => "kind-px-Nack",
        Msg::Heartbeat { .. } => "kind-px-Heartbeat",
        Msg::CatchUp { .. } => "kind-px-CatchUp",
        Msg::Chosen { .. } => "kind-px-Chosen",
    }
}

fn message_fields(msg: &Msg) -> Vec<Field> {
    match msg {
        Msg::Prepare { ballot, first_slot } => vec![
            field("ballot", ballot_text(*ballot)),
            field("first_slot", first_slot.to_string()),
        ],
        Msg::Promise { ballot, accepted } => vec![
            field("ballot", ballot_text(*ballot)),
            field(
                "accepted",
                if accepted.is_empty() {
                    "nothing".to_string()
                } else {
                    accepted
                        .iter()
                        .map(|(s, b, c)| format!("[{s}: {c} @ {}]", ballot_text(*b)))
                        .collect::<Vec<_>>()
                        .join(" ")
                },
            ),
        ],
        Msg::Accept {
            ballot,
            slot,
            command,
        } => vec![
            field("ballot", ballot_text(*ballot)),
            field("slot", slot.to_string()),
            field("command", command_text(command)),
        ],
        Msg::Accepted { ballot, slot } => vec![
            field("ballot", ballot_text(*ballot)),
            field("slot", slot.to_string()),
        ],
        Msg::Nack { ballot, promised } => vec![
            field("ballot", ballot_text(*ballot)),
            field(
                "promised",
                format!("{} (higher: step down)", ballot_text(*promised)),
            ),
        ],
        Msg::Heartbeat {
            ballot,
            chosen_through,
        } => vec![
            field("ballot", ballot_text(*ballot)),
            field("chosen_through", chosen_through.to_string()),
        ],
        Msg::CatchUp { first_slot } => vec![field("first_slot", first_slot.to_string())],
        Msg::Chosen {
            first_slot,
            commands,
        } => vec![
            field("first_slot", first_slot.to_string()),
            field(
                "commands",
                commands
                    .iter()
                    .map(command_text)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ],
    }
}

/// The live leaders, highest ballot first (more than one only while an old one has not heard
/// of the new ballot).
fn leaders(world: &World<MultiPaxosNode>) -> Vec<&MultiPaxosNode> {
    let mut leaders: Vec<&MultiPaxosNode> = world
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == Role::Leader)
        .map(|s| &s.node)
        .collect();
    leaders.sort_by_key(|l| std::cmp::Reverse(l.ballot()));
    leaders
}

/// Who leads with which ballot, or who is running phase 1.
fn leader_note(world: &World<MultiPaxosNode>) -> Explanation {
    let leaders = leaders(world);
    let candidates: Vec<&MultiPaxosNode> = world
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == Role::Candidate)
        .map(|s| &s.node)
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
                .map(|c| format!("{} with ballot {}", c.id(), ballot_opt(c.ballot())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "No leader: followers start phase 1 with a higher ballot when they stop hearing heartbeats.".to_string(),
    };
    let mut hooks = Vec::new();
    if let Some(l) = leaders.first() {
        hooks.push(("data-leader", l.id().0.to_string()));
        if let Some(b) = l.ballot() {
            hooks.push(("data-ballot", ballot_text(b)));
        }
    }
    Explanation {
        classes: vec!["mp-leader-note".into()],
        hooks,
        who: None,
        head: None,
        body: vec![Span::text(text)],
    }
}

/// The command the checker found chosen in each slot, with the acceptors that chose it and the
/// replicas that know it.
fn chosen_facts(world: &World<MultiPaxosNode>) -> Vec<ChosenFact> {
    let Some(checker) = world.checker() else {
        return Vec::new();
    };
    checker
        .chosen()
        .map(|(slot, (ballot, command))| {
            let voters = checker
                .slot(slot)
                .map(|v| v.voters(*ballot, command).iter().collect())
                .unwrap_or_default();
            let value = command_text(command);
            ChosenFact {
                slot: Some(slot),
                hue: super::value_hue(&value),
                value,
                ballot: ballot_text(*ballot),
                quorum: voters,
                learned_by: world
                    .nodes()
                    .iter()
                    .filter(|s| s.node.log().chosen(slot).is_some())
                    .map(|s| s.node_id())
                    .collect(),
            }
        })
        .collect()
}

/// Every replica's latest slots: accepted, chosen, executed, no-op fills.
fn slot_grid(world: &World<MultiPaxosNode>) -> LogGrid {
    let longest = world
        .nodes()
        .iter()
        .map(|s| s.node.log().last_slot())
        .max()
        .unwrap_or(0);
    let (first, last) = visible_columns(longest, VISIBLE_SLOTS);
    let rows = world
        .nodes()
        .iter()
        .map(|s| {
            let mp = &s.node;
            let ballot = ballot_opt(mp.ballot().or(mp.promised()));
            let badge = if !s.up {
                Some(RowBadge {
                    class: "badge-down",
                    text: "down".into(),
                    title: None,
                })
            } else if mp.role() == Role::Leader {
                Some(RowBadge {
                    class: "badge-leader",
                    text: format!("leader {ballot}"),
                    title: Some(format!("ballot {ballot}")),
                })
            } else {
                (mp.role() == Role::Candidate).then(|| RowBadge {
                    class: "badge-candidate",
                    text: "phase 1".into(),
                    title: None,
                })
            };
            Rc::new(LogRow {
                id: mp.id(),
                up: s.up,
                badge,
                cells: (first..=last)
                    .map(|slot| slot_cell(mp.log(), slot))
                    .collect(),
                meta: vec![MetaCell {
                    text: format!("exec {}", mp.log().executed()),
                    title: None,
                    hooks: vec![("data-executed", mp.log().executed().to_string())],
                }],
                kv: kv_text(mp.state_machine(), "∅"),
            })
        })
        .collect();
    LogGrid {
        title: "Slots",
        hint: "one Paxos instance per slot; replicas execute in slot order",
        class: "slots",
        row_label: "replica",
        row_hook: "data-slots-node",
        term_first: false,
        first,
        last,
        width: VISIBLE_SLOTS,
        meta_head: vec!["executed", "state machine"],
        rows,
        key: vec![
            ("state-accepted", "accepted (not known chosen)"),
            ("state-chosen", "chosen"),
            ("state-executed", "executed"),
            ("state-noop", "no-op fill"),
        ],
    }
}

fn slot_cell(log: &SlotLog, slot: Slot) -> LogCell {
    let Some((command, ballot, progress)) = slot_state(log, slot) else {
        let gap = slot <= log.last_slot();
        return LogCell {
            entry: None,
            title: Some(format!(
                "slot {slot}: {}",
                if gap {
                    "nothing known (a gap)"
                } else {
                    "empty"
                }
            )),
            classes: vec!["slot-cell".into(), "is-empty".into()],
            hooks: vec![("data-empty-slot", slot.to_string())],
        };
    };
    let noop = *command == Command::Noop;
    let state = if noop { LogState::Noop } else { progress };
    // An acceptor may hold a proposal that lost: the chosen command differs from its own.
    let superseded = log
        .accepted(slot)
        .filter(|(_, c)| log.chosen(slot).is_some_and(|chosen| chosen != *c))
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
            (LogState::Accepted, Some(b)) =>
                format!("accepted in ballot {}, not known chosen", ballot_text(b)),
            (LogState::Chosen, _) => "chosen, waiting for earlier slots to execute".to_string(),
            (LogState::Executed, _) => "chosen and executed".to_string(),
            _ => "accepted".to_string(),
        }
    );
    LogCell {
        entry: Some(LogEntryView {
            state,
            kind: if noop {
                EntryKind::Noop
            } else {
                EntryKind::Command
            },
            term: ballot.map(ballot_text).unwrap_or_else(|| "·".to_string()),
            command: short(&command_text(command), 10),
        }),
        title: Some(title),
        classes: vec![
            "slot-cell".into(),
            format!("state-{}", state.name()),
            format!("progress-{}", progress.name()),
        ],
        hooks: vec![
            ("data-slot", slot.to_string()),
            ("data-state", state.name().to_string()),
            ("data-progress", progress.name().to_string()),
            ("data-command", command.to_string()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    const CRASH: &str = include_str!("../../../../docs/scenarios/multipaxos-leader-crash.json");

    fn world_at(ms: u64) -> World<MultiPaxosNode> {
        let mut world = World::new(&Scenario::from_json(CRASH).unwrap()).unwrap();
        world.run_until(ms);
        world
    }

    fn hook<'a>(hooks: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
        hooks
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_leader_is_named_under_the_stage_with_its_ballot() {
        let frame = ViewFrame::of(&world_at(1_000));
        let leaders: Vec<&NodeView> = frame.nodes.iter().filter(|n| n.leader).collect();
        assert_eq!(leaders.len(), 1);
        let note = &frame.explanations[0];
        assert_eq!(
            hook(&note.hooks, "data-leader"),
            Some(leaders[0].id.0.to_string().as_str())
        );
        assert_eq!(
            hook(&note.hooks, "data-ballot"),
            hook(&leaders[0].hooks, "data-ballot")
        );
    }

    #[test]
    fn chosen_slots_come_from_the_checker_and_the_grid_shows_their_progress() {
        let world = world_at(3_000);
        let frame = ViewFrame::of(&world);
        assert!(!frame.chosen.is_empty());
        for fact in &frame.chosen {
            assert!(fact.quorum.len() >= world.nodes()[0].node.quorum());
        }
        let grid = frame.log.unwrap();
        let states: Vec<LogState> = grid
            .rows
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .filter_map(|c| c.entry.as_ref().map(|e| e.state))
            })
            .collect();
        assert!(states.contains(&LogState::Executed), "{states:?}");
        let cell = grid.rows[0]
            .cells
            .iter()
            .find(|c| c.entry.is_some())
            .unwrap();
        assert!(
            hook(&cell.hooks, "data-slot").is_some() && hook(&cell.hooks, "data-command").is_some()
        );
    }

    #[test]
    fn phase_two_messages_carry_their_slot_and_phase() {
        let look = MultiPaxosNode::message_view(&Msg::Accepted {
            ballot: Ballot::new(2, NodeId(3)),
            slot: 4,
        });
        assert_eq!(hook(&look.hooks, "data-msg-slot"), Some("4"));
        assert_eq!(hook(&look.hooks, "data-phase"), Some("2"));
        assert_eq!(look.tag, None, "phase 2 shows its slot, not a ballot tag");
        assert_eq!(look.glyph.mark.unwrap().text, "4");
    }

    #[test]
    fn the_inspector_lists_the_slots() {
        let world = world_at(3_000);
        let inspector = super::super::inspect(&world, NodeId(2)).unwrap();
        let slots = inspector
            .sections
            .iter()
            .find(|s| s.heading == Some("Slots"))
            .unwrap();
        assert!(!slots.table.as_ref().unwrap().rows.is_empty());
    }
}
