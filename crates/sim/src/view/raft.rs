//! Raft as the page draws it (Raft paper, Figure 2): servers with their role and term, the
//! election timer (§5.2), RequestVote / AppendEntries and replies, each log coloured by term
//! with the commit index (§5.3, §5.4.2) and the leader's nextIndex / matchIndex.

use super::narrate_client::Answer;
use super::{
    field, short, visible_columns, Badge, Glyph, LegendItem, LogCell, LogEntryView, LogGrid,
    LogRow, LogState, MessageLook, MetaCell, NodeInspector, NodeView, ProtocolView, RowBadge,
    Section, StageLayout, Status, Story, Table, TableRow, ViewFrame,
};
use crate::world::World;
use conlab_core::kv::{Command, KvStore};
use conlab_core::NodeId;
use conlab_raft::{
    AppendEntries, AppendEntriesReply, Msg, RaftNode, Reply, RequestVote, RequestVoteReply, Role,
    Timer,
};

/// The grid shows at most this many of the latest entries (the inspector lists them all).
const VISIBLE_ENTRIES: u64 = 24;

/// A term's colour: one of the twelve `hue-N` classes, neighbouring terms apart.
pub fn term_hue(term: u64) -> u32 {
    ((term.wrapping_mul(137)) % 360) as u32 / 30
}

fn role_name(node: &RaftNode, up: bool) -> &'static str {
    if up {
        node.role().name()
    } else {
        "crashed"
    }
}

/// The state machine as `k=v` pairs, `∅` when empty.
pub(super) fn kv_text(kv: &KvStore, empty: &str) -> String {
    let pairs: Vec<String> = kv.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if pairs.is_empty() {
        empty.to_string()
    } else {
        pairs.join(" ")
    }
}

impl ProtocolView for RaftNode {
    const LAYOUT: StageLayout = StageLayout {
        height: 560.0,
        ring_cy: 280.0,
        max_node_r: 38.0,
        crowded_node_r: 38.0,
        decision_in_middle: false,
        label: "Cluster",
        class: "raft-stage",
    };
    const RING_TIMER: Option<Timer> = Some(Timer::Election);

    fn node_view(world: &World<Self>, id: NodeId) -> NodeView {
        let slot = world.node(id);
        let raft = &slot.node;
        let role = role_name(raft, slot.up);
        let candidate = slot.up && raft.role() == Role::Candidate;
        NodeView {
            id,
            up: slot.up,
            role,
            under: vec![role.to_string()],
            term: raft.current_term(),
            term_label: format!("T{}", raft.current_term()),
            leader: slot.up && raft.role() == Role::Leader,
            badges: Vec::<Badge>::new(),
            status: candidate.then(|| Status {
                class: "node-votes".into(),
                text: format!(
                    "votes {}/{}",
                    raft.votes_granted().count(),
                    raft.cluster_size() / 2 + 1
                ),
                outside: false,
            }),
            title: format!(
                "{id}: {role}, term {}, log {} entries, commit {}",
                raft.current_term(),
                raft.log().last_index(),
                raft.commit_index()
            ),
            ..NodeView::new(id, slot.up, role)
        }
    }

    fn message_view(msg: &Msg) -> MessageLook {
        let (class, glyph, label) = match msg {
            Msg::RequestVote(RequestVote { term, .. }) => (
                "kind-RequestVote",
                Glyph::dot(7.0),
                format!("RequestVote T{term}"),
            ),
            Msg::AppendEntries(AppendEntries { entries, term, .. }) if entries.is_empty() => (
                "kind-AppendEntries",
                Glyph::dot(5.0),
                format!("Heartbeat T{term}"),
            ),
            Msg::AppendEntries(AppendEntries { entries, term, .. }) => (
                "kind-AppendEntries",
                Glyph::boxed(18.0, 14.0).marked("msg-count", entries.len().to_string()),
                format!("AppendEntries T{term} with {} entries", entries.len()),
            ),
            reply => {
                let ok = reply.granted().unwrap_or(false);
                let kind = reply.kind().name();
                (
                    if matches!(reply, Msg::RequestVoteReply(_)) {
                        "kind-RequestVoteReply"
                    } else {
                        "kind-AppendEntriesReply"
                    },
                    Glyph::dot(7.0).marked("msg-mark", if ok { "✓" } else { "✗" }),
                    format!(
                        "{kind} T{} {}",
                        reply.term(),
                        if ok { "granted" } else { "refused" }
                    ),
                )
            }
        };
        MessageLook {
            classes: vec![class],
            glyph,
            tag: None,
            label,
            what: None,
            fields: message_fields(msg),
            hooks: Vec::new(),
        }
    }

    fn decorate(world: &World<Self>, frame: &mut ViewFrame) {
        let leaders: Vec<String> = world
            .nodes()
            .iter()
            .filter(|s| s.up && s.node.role() == Role::Leader)
            .map(|s| format!("{} leads term {}", s.node.id(), s.node.current_term()))
            .collect();
        frame.summary = format!(
            "{} servers, {}; {} down; {} messages in flight",
            frame.nodes.len(),
            if leaders.is_empty() {
                "no leader".to_string()
            } else {
                leaders.join(", ")
            },
            frame.nodes.iter().filter(|n| !n.up).count(),
            frame.messages.len()
        );
        frame.log = Some(log_grid(world));
    }

    fn inspect(world: &World<Self>, id: NodeId) -> NodeInspector {
        let slot = world.node(id);
        let raft = &slot.node;
        let log: Vec<String> = raft
            .log()
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{}:T{} {}", i + 1, e.term, e.command))
            .collect();
        let leader_table = (slot.up && raft.role() == Role::Leader).then(|| Table {
            label: "Leader's view of followers",
            head: vec!["follower", "nextIndex", "matchIndex"],
            rows: NodeId::all(raft.cluster_size())
                .filter(|&p| p != id)
                .map(|p| TableRow {
                    cells: vec![
                        vec![super::Span::text(p.to_string())],
                        vec![super::Span::text(raft.next_index(p).to_string())],
                        vec![super::Span::text(raft.match_index(p).to_string())],
                    ],
                    down: false,
                    hooks: Vec::new(),
                })
                .collect(),
        });
        NodeInspector {
            id,
            up: slot.up,
            title: format!("{id} — {}", role_name(raft, slot.up)),
            sub: None,
            timeout: Some("Start an election now"),
            command: Some(super::CommandSpec {
                label: "Client command",
                button: "Send",
                initial: "set x 3",
                input_id: "client-command".into(),
                input_class: "",
            }),
            sections: vec![Section {
                fields: vec![
                    field("currentTerm", raft.current_term().to_string()),
                    field(
                        "votedFor",
                        raft.voted_for().map_or("none".into(), |v| v.to_string()),
                    ),
                    field("commitIndex", raft.commit_index().to_string()),
                    field("lastApplied", raft.last_applied().to_string()),
                    field(
                        "leader",
                        raft.leader_id().map_or("unknown".into(), |v| v.to_string()),
                    ),
                    field(
                        "log",
                        if log.is_empty() {
                            "empty".into()
                        } else {
                            log.join(", ")
                        },
                    ),
                ],
                table: leader_table,
                ..Section::default()
            }],
        }
    }

    fn legend() -> Vec<LegendItem> {
        vec![
            LegendItem::node("role-follower", None, "follower"),
            LegendItem::node("role-candidate", None, "candidate"),
            LegendItem::node("role-leader", Some("leader-ring"), "leader"),
            LegendItem::crashed(),
            LegendItem::message("kind-RequestVote", Glyph::dot(7.0), "RequestVote"),
            LegendItem::message(
                "kind-AppendEntries",
                Glyph::boxed(18.0, 14.0),
                "AppendEntries (n entries)",
            ),
            LegendItem::message("kind-Heartbeat", Glyph::dot(5.0), "heartbeat"),
            LegendItem::message(
                "kind-AppendEntriesReply",
                Glyph::dot(7.0).marked("msg-mark", "✓"),
                "reply ✓ / ✗",
            ),
            LegendItem::Timer {
                label: "election timer",
            },
        ]
    }

    fn narrate(story: &Story<Self>) -> Option<String> {
        super::narrate_raft::narrate(story)
    }

    fn answer(node: NodeId, reply: &Reply) -> Answer {
        super::narrate_raft::answer(node, reply)
    }
}

fn message_fields(msg: &Msg) -> Vec<super::Field> {
    match msg {
        Msg::RequestVote(RequestVote {
            term,
            candidate_id,
            last_log_index,
            last_log_term,
        }) => vec![
            field("term", term.to_string()),
            field("candidateId", candidate_id.to_string()),
            field("lastLogIndex", last_log_index.to_string()),
            field("lastLogTerm", last_log_term.to_string()),
        ],
        Msg::RequestVoteReply(RequestVoteReply { term, vote_granted }) => vec![
            field("term", term.to_string()),
            field("voteGranted", vote_granted.to_string()),
        ],
        Msg::AppendEntries(AppendEntries {
            term,
            leader_id,
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        }) => vec![
            field("term", term.to_string()),
            field("leaderId", leader_id.to_string()),
            field("prevLogIndex", prev_log_index.to_string()),
            field("prevLogTerm", prev_log_term.to_string()),
            field(
                "entries",
                if entries.is_empty() {
                    "none (heartbeat)".into()
                } else {
                    entries
                        .iter()
                        .map(|e| format!("[T{} {}]", e.term, e.command))
                        .collect::<Vec<_>>()
                        .join(" ")
                },
            ),
            field("leaderCommit", leader_commit.to_string()),
        ],
        Msg::AppendEntriesReply(AppendEntriesReply {
            term,
            success,
            match_index,
        }) => vec![
            field("term", term.to_string()),
            field("success", success.to_string()),
            field(
                if *success {
                    "matchIndex"
                } else {
                    "hint (last index)"
                },
                match_index.to_string(),
            ),
        ],
    }
}

/// Every server's log, the latest entries coloured by term, commit index and the newest live
/// leader's nextIndex / matchIndex for it.
fn log_grid(world: &World<RaftNode>) -> LogGrid {
    let leader = world
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == Role::Leader)
        .max_by_key(|s| s.node.current_term())
        .map(|s| &s.node);
    let longest = world
        .nodes()
        .iter()
        .map(|s| s.node.log().last_index())
        .max()
        .unwrap_or(0);
    let (first, last) = visible_columns(longest, VISIBLE_ENTRIES);
    let rows = world
        .nodes()
        .iter()
        .map(|s| {
            let raft = &s.node;
            let id = raft.id();
            let commit = raft.commit_index();
            let leader_view = leader
                .filter(|l| l.id() != id)
                .map(|l| format!("next {} · match {}", l.next_index(id), l.match_index(id)));
            LogRow {
                id,
                up: s.up,
                badge: (s.up && raft.role() == Role::Leader).then(|| RowBadge {
                    class: "badge-leader",
                    text: "leader".into(),
                    title: None,
                }),
                cells: (first..=last)
                    .map(|i| log_cell(raft, i, i <= commit))
                    .collect(),
                meta: vec![
                    MetaCell {
                        text: format!("commit {commit}"),
                        title: None,
                        hooks: vec![("data-commit-index", commit.to_string())],
                    },
                    MetaCell {
                        text: leader_view.unwrap_or_default(),
                        title: Some("the leader's nextIndex and matchIndex for this server"),
                        hooks: Vec::new(),
                    },
                ],
                kv: kv_text(raft.state_machine(), "∅"),
            }
        })
        .collect();
    LogGrid {
        title: "Logs",
        hint: "cells coloured by term; bold border = committed",
        class: "logs",
        row_label: "node",
        row_hook: "data-log-node",
        term_first: true,
        first,
        last,
        meta_head: vec!["commit", "leader's view", "state machine"],
        rows,
        key: Vec::new(),
    }
}

fn log_cell(raft: &RaftNode, i: u64, committed: bool) -> LogCell {
    let Some(entry) = raft.log().entry(i) else {
        return LogCell {
            entry: None,
            title: None,
            classes: vec!["log-cell".into(), "is-empty".into()],
            hooks: Vec::new(),
        };
    };
    let noop = entry.command == Command::Noop;
    let mut classes = vec![
        "log-cell".to_string(),
        format!("hue-{}", term_hue(entry.term)),
    ];
    if committed {
        classes.push("is-committed".into());
    }
    LogCell {
        entry: Some(LogEntryView {
            state: match (noop, committed) {
                (true, _) => LogState::Noop,
                (false, true) => LogState::Committed,
                (false, false) => LogState::Accepted,
            },
            term: entry.term.to_string(),
            command: if noop {
                "·".into()
            } else {
                short(&entry.command.to_string(), 9)
            },
        }),
        title: Some(format!(
            "index {i}, term {}: {}{}",
            entry.term,
            entry.command,
            if committed { " (committed)" } else { "" }
        )),
        classes,
        hooks: vec![
            ("data-index", i.to_string()),
            ("data-term", entry.term.to_string()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    fn world_at(ms: u64) -> World<RaftNode> {
        let scenario = Scenario::new(crate::ProtocolKind::Raft, 5, 1);
        let mut world = World::new(&scenario).unwrap();
        world.run_until(ms);
        world
    }

    #[test]
    fn one_leader_after_a_second_with_its_term_and_ring() {
        let frame = ViewFrame::of(&world_at(1_000));
        let leaders: Vec<_> = frame.nodes.iter().filter(|n| n.role == "leader").collect();
        assert_eq!(leaders.len(), 1);
        assert!(leaders[0].leader && leaders[0].term >= 1);
        assert_eq!(leaders[0].term_label, format!("T{}", leaders[0].term));
        assert!(frame.summary.contains("leads term"), "{}", frame.summary);
        assert!(frame.chosen.is_empty() && frame.explanations.is_empty());
    }

    #[test]
    fn followers_show_their_draining_election_timer() {
        let frame = ViewFrame::of(&world_at(1_000));
        let follower = frame.nodes.iter().find(|n| n.role == "follower").unwrap();
        let left = follower.timer_left.expect("armed");
        assert!((0.0..=1.0).contains(&left));
    }

    #[test]
    fn the_log_grid_marks_committed_entries_and_the_leader() {
        let frame = ViewFrame::of(&world_at(1_000));
        let grid = frame.log.expect("Raft has a log grid");
        assert_eq!(grid.rows.len(), 5);
        let leader = grid.rows.iter().find(|r| r.badge.is_some()).unwrap();
        let first = leader.cells[0]
            .entry
            .as_ref()
            .expect("the no-op of its term");
        assert_eq!(first.state, LogState::Noop);
        assert_eq!(
            leader.meta[0].hooks,
            vec![("data-commit-index", "1".to_string())]
        );
    }

    #[test]
    fn messages_say_what_they_are_and_carry_their_fields() {
        let world = world_at(1_000);
        let frame = ViewFrame::of(&world);
        let m = frame.messages.first().expect("heartbeats are in flight");
        assert!(m.look.fields.iter().any(|f| f.label == "term"));
        assert!(!m.look.label.is_empty());
    }

    #[test]
    fn the_inspector_lists_the_whole_state_and_the_leaders_table() {
        let world = world_at(1_000);
        let leader = world
            .nodes()
            .iter()
            .find(|s| s.node.role() == Role::Leader)
            .unwrap()
            .node
            .id();
        let inspector = super::super::inspect(&world, leader).unwrap();
        assert!(inspector.title.ends_with("leader"));
        let section = &inspector.sections[0];
        assert!(section.fields.iter().any(|f| f.label == "commitIndex"));
        assert_eq!(section.table.as_ref().unwrap().rows.len(), 4);
        assert!(super::super::inspect(&world, NodeId(9)).is_none());
    }

    #[test]
    fn neighbouring_terms_get_different_colours() {
        assert_ne!(term_hue(1), term_hue(2));
        assert!(term_hue(12_345) < 12);
    }
}
