//! Raft as the page draws it (Raft paper, Figure 2): servers with their role and term, the
//! election timer (§5.2), RequestVote / AppendEntries and replies, each log coloured by term
//! with the commit index (§5.3, §5.4.2) and the leader's nextIndex / matchIndex.

use super::narrate_client::Answer;
use super::{
    field, short, visible_columns, Badge, ConfigView, EntryKind, Glyph, LegendItem, LogCell,
    LogEntryView, LogGrid, LogRow, LogState, MessageLook, MetaCell, NodeInspector, NodeView,
    ProtocolView, RowBadge, Section, StageLayout, Status, Story, Table, TableRow, ViewFrame,
};
use crate::world::World;
use conlab_core::kv::{Command, KvStore};
use conlab_core::{Configuration, NodeId};
use conlab_raft::{
    AppendEntries, AppendEntriesReply, InstallSnapshot, InstallSnapshotReply, Msg, RaftNode, Reply,
    RequestVote, RequestVoteReply, Role, Snapshot, Timer,
};
use std::rc::Rc;

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

/// The change a configuration entry makes, if `command` is one: (added, server).
fn change_of(command: &Command) -> Option<(bool, NodeId)> {
    match *command {
        Command::AddServer(id) => Some((true, id)),
        Command::RemoveServer(id) => Some((false, id)),
        _ => None,
    }
}

/// A server's own configuration: the latest in its log, committed or not (dissertation §4.1).
pub(super) fn config_view(raft: &RaftNode) -> ConfigView {
    let latest = raft.config_indices().last().copied();
    ConfigView {
        voters: raft.configuration().voters().to_vec(),
        old: raft.old_configuration().map(|c| c.voters().to_vec()),
        committed: latest.is_none_or(|i| i <= raft.commit_index()),
        change: latest
            .and_then(|i| raft.log().entry(i))
            .and_then(|e| change_of(&e.command)),
    }
}

/// The live leader of the newest term, if any.
fn newest_leader(world: &World<RaftNode>) -> Option<&RaftNode> {
    world
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.role() == Role::Leader)
        .max_by_key(|s| s.node.current_term())
        .map(|s| &s.node)
}

/// The configuration the stage draws as the ring: the newest leader's, else the one most
/// servers hold (the first of them on a tie); with C_old while it is joint (Raft §6).
fn cluster_configuration(world: &World<RaftNode>) -> (&Configuration, Option<&Configuration>) {
    let holder = newest_leader(world).unwrap_or_else(|| {
        let nodes: Vec<&RaftNode> = world.nodes().iter().map(|s| &s.node).collect();
        let held_by = |c: &Configuration| nodes.iter().filter(|n| n.configuration() == c).count();
        let mut best = nodes[0];
        for &n in &nodes {
            if held_by(n.configuration()) > held_by(best.configuration()) {
                best = n;
            }
        }
        best
    });
    (holder.configuration(), holder.old_configuration())
}

/// Whether `id` votes in the cluster's configuration (in C_old or C_new while joint).
fn is_voter(world: &World<RaftNode>, id: NodeId) -> bool {
    let (new, old) = cluster_configuration(world);
    new.contains(id) || old.is_some_and(|o| o.contains(id))
}

/// What the stage says under a server about its place in the configuration: a learner the
/// leader is catching up (dissertation §4.2.1), a server outside it, or, while the
/// configuration is joint, a server in only one of C_old and C_new (Raft §6).
fn membership_label(world: &World<RaftNode>, id: NodeId) -> Option<&'static str> {
    let (new, old) = cluster_configuration(world);
    if newest_leader(world).and_then(RaftNode::learner) == Some(id) {
        return Some("learner: catching up");
    }
    match (new.contains(id), old.map(|o| o.contains(id))) {
        (false, None | Some(false)) => Some("not a voter"),
        (true, Some(false)) => Some("C_new only"),
        (false, Some(true)) => Some("C_old only"),
        _ => None,
    }
}

/// Lines under the stage while a membership change is under way: a joint configuration
/// (Raft §6) and a learner catching up (dissertation §4.2.1). None otherwise.
fn configuration_notes(world: &World<RaftNode>) -> Vec<super::Explanation> {
    let list = |c: &Configuration| {
        let names: Vec<String> = c.voters().iter().map(|v| v.to_string()).collect();
        names.join(" ")
    };
    let note = |class: &str, text: String| super::Explanation {
        classes: vec![class.into()],
        hooks: Vec::new(),
        who: None,
        head: None,
        body: vec![super::Span::text(text)],
    };
    let mut notes = Vec::new();
    if let (new, Some(old)) = cluster_configuration(world) {
        notes.push(note("config-joint", format!(
            "Joint consensus (§6): C_old {} and C_new {}. Every election and every commit needs a majority of each.",
            list(old),
            list(new)
        )));
    }
    if let Some(leader) = newest_leader(world) {
        if let Some(learner) = leader.learner() {
            notes.push(note("config-learner", format!(
                "{learner} catches up as a learner (§4.2.1): {} sends it the log but does not count it, and adds it as a voter once it is one AppendEntries behind.",
                leader.id()
            )));
        }
    }
    notes
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
    const MESSAGE_CLASS: &'static str = "kind-";
    const RING_TIMER: Option<Timer> = Some(Timer::Election);

    fn node_view(world: &World<Self>, id: NodeId) -> NodeView {
        let slot = world.node(id);
        let raft = &slot.node;
        let role = role_name(raft, slot.up);
        let candidate = slot.up && matches!(raft.role(), Role::Candidate | Role::PreCandidate);
        let votes = if raft.role() == Role::PreCandidate {
            "pre-votes"
        } else {
            "votes"
        };
        let outside = !is_voter(world, id);
        let membership = membership_label(world, id);
        // On the ring there is room for one line under a node: a joint label joins the role.
        let under = match membership {
            Some(label) if outside => vec![role.to_string(), label.to_string()],
            Some(label) => vec![format!("{role} · {label}")],
            None => vec![role.to_string()],
        };
        let learner = membership == Some("learner: catching up");
        NodeView {
            id,
            up: slot.up,
            role,
            under,
            outside,
            config: Some(config_view(raft)),
            classes: learner
                .then(|| "is-learner".to_string())
                .into_iter()
                .collect(),
            term: raft.current_term(),
            term_label: format!("T{}", raft.current_term()),
            leader: slot.up && raft.role() == Role::Leader,
            badges: Vec::<Badge>::new(),
            status: candidate.then(|| Status {
                class: "node-votes".into(),
                text: format!(
                    "{votes} {}/{}",
                    raft.votes_granted().count(),
                    raft.configuration().quorum_size()
                ),
                outside: false,
            }),
            title: format!(
                "{id}: {role}, term {}, log {} entries, commit {}{}",
                raft.current_term(),
                raft.log().last_index(),
                raft.commit_index(),
                membership.map(|m| format!(", {m}")).unwrap_or_default()
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
            Msg::PreVote(RequestVote { term, .. }) => {
                ("kind-PreVote", Glyph::dot(7.0), format!("PreVote T{term}"))
            }
            Msg::TimeoutNow(m) => (
                "kind-TimeoutNow",
                Glyph::dot(8.0).marked("msg-mark", "»"),
                format!("TimeoutNow T{}", m.term),
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
            Msg::InstallSnapshot(InstallSnapshot { term, snapshot, .. }) => (
                "kind-InstallSnapshot",
                Glyph::boxed(18.0, 14.0).marked("msg-count", "S"),
                format!(
                    "InstallSnapshot T{term} through index {}",
                    snapshot.last_included_index
                ),
            ),
            Msg::InstallSnapshotReply(InstallSnapshotReply { term, match_index }) => (
                "kind-AppendEntriesReply",
                Glyph::dot(7.0).marked("msg-mark", "S"),
                format!("InstallSnapshotReply T{term} match {match_index}"),
            ),
            reply => {
                let ok = reply.granted().unwrap_or(false);
                let kind = reply.kind().name();
                (
                    match reply {
                        Msg::RequestVoteReply(_) => "kind-RequestVoteReply",
                        Msg::PreVoteReply(_) => "kind-PreVoteReply",
                        _ => "kind-AppendEntriesReply",
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
        frame.explanations = configuration_notes(world);
        frame.explanations_label = "Configuration";
    }

    fn inspect(world: &World<Self>, id: NodeId) -> NodeInspector {
        let slot = world.node(id);
        let raft = &slot.node;
        let start = raft.log().start_index();
        let log: Vec<String> = raft
            .log()
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{}:T{} {}", start + 1 + i as u64, e.term, e.command))
            .collect();
        let voter = is_voter(world, id);
        let leader_table = (slot.up && raft.role() == Role::Leader).then(|| Table {
            label: "Leader's view of followers",
            // The state: etcd-io/raft's flow control (probe, replicate, snapshot).
            head: vec!["follower", "nextIndex", "matchIndex", "state"],
            rows: NodeId::all(raft.cluster_size())
                .filter(|&p| p != id)
                .map(|p| TableRow {
                    cells: vec![
                        vec![super::Span::text(p.to_string())],
                        vec![super::Span::text(raft.next_index(p).to_string())],
                        vec![super::Span::text(raft.match_index(p).to_string())],
                        vec![super::Span::text(
                            raft.progress(p).map_or("—", |g| g.state().name()),
                        )],
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
            sub: match membership_label(world, id) {
                Some("learner: catching up") => Some(
                    "a learner: it gets the log but no vote until it has caught up (§4.2.1)".into(),
                ),
                _ => (!voter).then(|| "not a voter of the cluster's configuration".into()),
            },
            timeout: Some("Start an election now"),
            voter: Some(voter),
            transfer: voter && slot.up && raft.role() != Role::Leader,
            command: Some(super::CommandSpec {
                label: "Client command",
                button: "Send",
                initial: "set x 3",
                input_id: "client-command".into(),
                input_class: "",
            }),
            sections: vec![Section {
                fields: vec![
                    field("configuration", config_view(raft).text()),
                    field("currentTerm", raft.current_term().to_string()),
                    field(
                        "votedFor",
                        raft.voted_for().map_or("none".into(), |v| v.to_string()),
                    ),
                    field("commitIndex", raft.commit_index().to_string()),
                    field("lastApplied", raft.last_applied().to_string()),
                    field(
                        "snapshot",
                        raft.snapshot().map_or("none".into(), snapshot_text),
                    ),
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
            LegendItem::node("role-pre-candidate", None, "pre-candidate"),
            LegendItem::node("role-candidate", None, "candidate"),
            LegendItem::node("role-leader", Some("leader-ring"), "leader"),
            LegendItem::crashed(),
            LegendItem::node("is-outside", None, "not a voter"),
            LegendItem::message("kind-PreVote", Glyph::dot(7.0), "PreVote"),
            LegendItem::message("kind-RequestVote", Glyph::dot(7.0), "RequestVote"),
            LegendItem::message(
                "kind-TimeoutNow",
                Glyph::dot(8.0).marked("msg-mark", "»"),
                "TimeoutNow",
            ),
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
            LegendItem::message(
                "kind-InstallSnapshot",
                Glyph::boxed(18.0, 14.0).marked("msg-count", "S"),
                "InstallSnapshot (§7)",
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

/// `fields`, then the heartbeat round when the message carries one (dissertation §6.4).
fn with_round(round: u64, mut fields: Vec<super::Field>) -> Vec<super::Field> {
    if round != 0 {
        fields.push(field("round", round.to_string()));
    }
    fields
}

fn message_fields(msg: &Msg) -> Vec<super::Field> {
    match msg {
        Msg::RequestVote(RequestVote {
            term,
            candidate_id,
            last_log_index,
            last_log_term,
            transfer,
        })
        | Msg::PreVote(RequestVote {
            term,
            candidate_id,
            last_log_index,
            last_log_term,
            transfer,
        }) => {
            let mut fields = vec![
                field("term", term.to_string()),
                field("candidateId", candidate_id.to_string()),
                field("lastLogIndex", last_log_index.to_string()),
                field("lastLogTerm", last_log_term.to_string()),
            ];
            if *transfer {
                fields.push(field("leadershipTransfer", String::from("true")));
            }
            fields
        }
        Msg::TimeoutNow(m) => vec![
            field("term", m.term.to_string()),
            field("leaderId", m.leader_id.to_string()),
        ],
        Msg::RequestVoteReply(RequestVoteReply { term, vote_granted })
        | Msg::PreVoteReply(RequestVoteReply { term, vote_granted }) => vec![
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
            round,
        }) => with_round(
            *round,
            vec![
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
        ),
        Msg::AppendEntriesReply(AppendEntriesReply {
            term,
            success,
            match_index,
            round,
        }) => with_round(
            *round,
            vec![
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
        ),
        Msg::InstallSnapshot(InstallSnapshot {
            term,
            leader_id,
            snapshot,
        }) => vec![
            field("term", term.to_string()),
            field("leaderId", leader_id.to_string()),
            field(
                "lastIncludedIndex",
                snapshot.last_included_index.to_string(),
            ),
            field("lastIncludedTerm", snapshot.last_included_term.to_string()),
            field(
                "configuration",
                super::names(snapshot.configuration.voters()),
            ),
            field("state", kv_text(&snapshot.state, "∅")),
        ],
        Msg::InstallSnapshotReply(InstallSnapshotReply { term, match_index }) => vec![
            field("term", term.to_string()),
            field("matchIndex", match_index.to_string()),
        ],
    }
}

/// `≤ 12 (term 3)`: the snapshot's last included index and term (§7).
fn snapshot_text(snapshot: &Snapshot) -> String {
    format!(
        "≤ {} (term {})",
        snapshot.last_included_index, snapshot.last_included_term
    )
}

/// Every server's log, the latest entries coloured by term, commit index and the newest live
/// leader's nextIndex / matchIndex for it.
fn log_grid(world: &World<RaftNode>) -> LogGrid {
    let leader = newest_leader(world);
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
            Rc::new(LogRow {
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
            })
        })
        .collect();
    LogGrid {
        title: "Logs",
        hint: "cells coloured by term; bold border = committed; dashed = configuration change",
        class: "logs",
        row_label: "node",
        row_hook: "data-log-node",
        term_first: true,
        first,
        last,
        width: VISIBLE_ENTRIES,
        meta_head: vec!["commit", "leader's view", "state machine"],
        rows,
        key: Vec::new(),
    }
}

fn log_cell(raft: &RaftNode, i: u64, committed: bool) -> LogCell {
    let start = raft.log().start_index();
    if (1..=start).contains(&i) {
        return snapshot_cell(raft, i, start);
    }
    let Some(entry) = raft.log().entry(i) else {
        return LogCell {
            entry: None,
            title: None,
            classes: vec!["log-cell".into(), "is-empty".into()],
            hooks: Vec::new(),
        };
    };
    let kind = match change_of(&entry.command) {
        Some((add, server)) => EntryKind::Configuration { add, server },
        None if *entry.command == Command::Noop => EntryKind::Noop,
        None => EntryKind::Command,
    };
    let mut classes = vec![
        "log-cell".to_string(),
        format!("hue-{}", term_hue(entry.term)),
    ];
    if committed {
        classes.push("is-committed".into());
    }
    let (command, what) = match kind {
        EntryKind::Noop => ("·".into(), entry.command.to_string()),
        EntryKind::Command => match &*entry.command {
            // Raft §6: C_old,new starts joint consensus; C_new ends it.
            Command::ChangeConfig(c) | Command::NewConfig(c) => {
                classes.push("is-config".into());
                let joint = matches!(*entry.command, Command::ChangeConfig(_));
                let names: Vec<String> = c.voters().iter().map(|v| v.to_string()).collect();
                let (cell, what) = if joint {
                    ("C_old,new", "starts joint consensus with C_new")
                } else {
                    ("C_new", "ends joint consensus: C_new")
                };
                (
                    cell.into(),
                    format!("configuration entry: {what} = {} (§6)", names.join(" ")),
                )
            }
            _ => (
                short(&entry.command.to_string(), 9),
                entry.command.to_string(),
            ),
        },
        EntryKind::Configuration { add, server } => {
            classes.push("is-config".into());
            let (sign, verb) = if add {
                ("+", "adds")
            } else {
                ("−", "removes")
            };
            (
                format!("{sign}{server}"),
                format!("configuration entry: {verb} {server}"),
            )
        }
    };
    LogCell {
        entry: Some(LogEntryView {
            state: match (kind, committed) {
                (EntryKind::Noop, _) => LogState::Noop,
                (_, true) => LogState::Committed,
                (_, false) => LogState::Accepted,
            },
            kind,
            term: entry.term.to_string(),
            command,
        }),
        title: Some(format!(
            "index {i}, term {}: {what}{}",
            entry.term,
            if committed { " (committed)" } else { "" }
        )),
        classes,
        hooks: vec![
            ("data-index", i.to_string()),
            ("data-term", entry.term.to_string()),
        ],
    }
}

/// A compacted index (§7): one band up to the snapshot's last included index, labelled there.
fn snapshot_cell(raft: &RaftNode, i: u64, start: u64) -> LogCell {
    let term = raft.log().start_term();
    LogCell {
        entry: (i == start).then(|| LogEntryView {
            state: LogState::Committed,
            kind: EntryKind::Command,
            term: term.to_string(),
            command: format!("≤{start}"),
        }),
        title: Some(format!(
            "index {i}: compacted into the snapshot ≤ {start} (term {term}), §7"
        )),
        classes: vec!["log-cell".into(), "is-snapshot".into()],
        hooks: vec![("data-snapshot", start.to_string())],
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

    /// docs/scenarios/raft-grow-the-cluster.json with membership changes at the given times.
    fn grown(changes: &[(u64, u8, bool)], ms: u64) -> World<RaftNode> {
        let mut scenario = Scenario::from_json(include_str!(
            "../../../../docs/scenarios/raft-grow-the-cluster.json"
        ))
        .unwrap();
        for &(at, node, add) in changes {
            scenario.interventions.push(crate::Timed {
                at,
                action: crate::Intervention::Membership {
                    node: NodeId(node),
                    add,
                },
            });
        }
        let mut world = World::new(&scenario).unwrap();
        world.run_until(ms);
        world
    }

    fn outside(frame: &ViewFrame) -> Vec<NodeId> {
        frame
            .nodes
            .iter()
            .filter(|n| n.outside)
            .map(|n| n.id)
            .collect()
    }

    #[test]
    fn servers_that_are_not_voters_are_drawn_outside_the_ring() {
        let world = grown(&[], 1_000);
        let frame = ViewFrame::of(&world);
        assert_eq!(outside(&frame), vec![NodeId(4), NodeId(5)]);
        assert_eq!(frame.nodes[3].under, vec!["follower", "not a voter"]);
        let s4 = super::super::inspect(&world, NodeId(4)).unwrap();
        assert_eq!(s4.voter, Some(false));
        let s1 = super::super::inspect(&world, NodeId(1)).unwrap();
        assert_eq!(s1.voter, Some(true));
        assert_eq!(s1.sections[0].fields[0].value, "voters S1 S2 S3");
    }

    #[test]
    fn an_added_server_counts_once_appended_and_its_entry_says_so() {
        // S1 leads; 1 ms after the request its configuration has S4, uncommitted.
        let world = grown(&[(1_000, 4, true)], 1_001);
        let s1 = &world.node(NodeId(1)).node;
        assert_eq!(s1.role(), Role::Leader);
        let config = config_view(s1);
        assert!(!config.committed);
        assert_eq!(config.change, Some((true, NodeId(4))));
        assert_eq!(
            config.text(),
            "voters S1 S2 S3; S4 being added (uncommitted)"
        );
        let frame = ViewFrame::of(&world);
        assert_eq!(frame.nodes[0].config, Some(config));
        assert_eq!(
            frame.nodes[3].config.as_ref().map(|c| c.voters.len()),
            Some(3),
            "S4 has not heard of it yet"
        );
        assert_eq!(outside(&frame), vec![NodeId(5)]);
        let row = &frame.log.unwrap().rows[0];
        let cell = row.cells.iter().rev().find(|c| c.entry.is_some()).unwrap();
        let entry = cell.entry.as_ref().unwrap();
        assert_eq!(
            entry.kind,
            EntryKind::Configuration {
                add: true,
                server: NodeId(4)
            }
        );
        assert_eq!(entry.command, "+S4");
        assert!(cell.title.as_ref().unwrap().contains("adds S4"));
        // Committed a second later, then S5 too: five voters on the ring.
        let world = grown(&[(1_000, 4, true), (2_000, 5, true)], 3_000);
        let s1 = &world.node(NodeId(1)).node;
        assert_eq!(config_view(s1).text(), "voters S1 S2 S3 S4 S5");
        assert!(outside(&ViewFrame::of(&world)).is_empty());
    }

    #[test]
    fn a_removed_leader_steps_down_and_stands_outside() {
        let world = grown(&[(1_000, 1, false)], 1_001);
        let s1 = &world.node(NodeId(1)).node;
        assert_eq!(
            config_view(s1).text(),
            "voters S1 S2 S3; S1 being removed (uncommitted)"
        );
        let world = grown(&[(1_000, 1, false)], 3_000);
        assert_ne!(world.node(NodeId(1)).node.role(), Role::Leader);
        let frame = ViewFrame::of(&world);
        assert!(frame.nodes.iter().any(|n| n.leader), "S2 or S3 leads");
        assert_eq!(outside(&frame), vec![NodeId(1), NodeId(4), NodeId(5)]);
        let cell = frame.log.unwrap().rows[1]
            .cells
            .iter()
            .find_map(|c| c.entry.clone().filter(|e| e.command == "−S1"));
        assert!(cell.is_some(), "S2's log holds the removal");
    }

    #[test]
    fn a_refused_change_tells_the_client_why() {
        let world = grown(&[(1_000, 4, true), (1_000, 5, true)], 1_001);
        let answers = super::super::client_answers(&world, 5);
        assert_eq!(answers.len(), 2);
        assert_eq!(answers[0].command, "add_server S5");
        assert_eq!(answers[0].node, NodeId(1));
        assert_eq!(answers[0].answer.state, "refused");
        assert!(
            answers[0].answer.text.contains("still uncommitted"),
            "{}",
            answers[0].answer.text
        );
        assert_eq!(answers[1].answer.state, "pending");
    }

    #[test]
    fn neighbouring_terms_get_different_colours() {
        assert_ne!(term_hue(1), term_hue(2));
        assert!(term_hue(12_345) < 12);
    }
}
