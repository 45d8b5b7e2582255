//! Every Raft invariant fires on a history that breaks it. Node states are built through
//! the node's own inputs (a restart from given durable state, timers and messages), and fed
//! to the checker in the order a run would; each test asserts which invariant fires first.

use super::RaftChecker;
use crate::{Checker, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::{Input, NodeId, Out, Protocol};
use conlab_raft::{
    AppendEntries, Durable, Entry, Msg, RaftConfig, RaftNode, RequestVoteReply, Role, Term,
};

const S1: NodeId = NodeId(1);
const S2: NodeId = NodeId(2);
const S3: NodeId = NodeId(3);

fn entry(term: Term, command: &str) -> Entry {
    Entry::new(term, command.parse::<Command>().unwrap())
}

fn feed(node: &mut RaftNode, input: Input<RaftNode>) {
    node.step(input, &mut Out::default());
}

/// Server `id` of a 3-node cluster, booted from the given durable state.
fn server(id: NodeId, term: Term, voted_for: Option<NodeId>, log: Vec<Entry>) -> RaftNode {
    let mut node = RaftNode::new(id, 3, &RaftConfig::default());
    feed(
        &mut node,
        Input::Restart(Durable {
            current_term: term,
            voted_for,
            log,
            snapshot: None,
        }),
    );
    node
}

/// Server `id`, elected leader of `term + 1` with the vote of `voter`.
fn leader(id: NodeId, term: Term, log: Vec<Entry>, voter: NodeId) -> RaftNode {
    let mut node = server(id, term, None, log);
    win_election(&mut node, voter);
    assert_eq!(node.role(), Role::Leader);
    node
}

/// `node` times out, stands for the next term, and gets `voter`'s vote for it.
fn win_election(node: &mut RaftNode, voter: NodeId) {
    feed(node, Input::Timer(conlab_raft::Timer::Election));
    let vote = RequestVoteReply {
        term: node.current_term(),
        vote_granted: true,
    };
    feed(
        node,
        Input::Recv {
            from: voter,
            msg: Msg::RequestVoteReply(vote),
        },
    );
}

/// `node` receives AppendEntries from `leader_id` of `term`.
fn append(node: &mut RaftNode, leader_id: NodeId, term: Term, entries: Vec<Entry>, commit: u64) {
    feed(
        node,
        Input::Recv {
            from: leader_id,
            msg: Msg::AppendEntries(AppendEntries {
                round: 0,
                term,
                leader_id,
                prev_log_index: 0,
                prev_log_term: 0,
                entries,
                leader_commit: commit,
            }),
        },
    );
}

/// Feed each node state to a fresh checker in order; the names of what fired.
fn fired(states: &[&RaftNode]) -> Vec<Violation> {
    let mut checker = RaftChecker::new(3);
    let mut out = Vec::new();
    for (i, node) in states.iter().enumerate() {
        let ctx = StepContext {
            at: i as u64,
            step: i as u64 + 1,
        };
        checker.after_step(ctx, node, false, &[], &mut out);
    }
    out
}

fn first(states: &[&RaftNode]) -> String {
    let out = fired(states);
    assert!(!out.is_empty(), "nothing fired");
    out[0].invariant.to_string()
}

#[test]
fn a_correct_history_fires_nothing() {
    let s1 = leader(S1, 1, vec![], S2);
    let mut s2 = server(S2, 2, Some(S1), vec![]);
    let noop = Entry::new(2, Command::Noop);
    append(&mut s2, S1, 2, vec![noop, entry(2, "set x 1")], 2);
    assert_eq!(s2.last_applied(), 2);
    assert_eq!(fired(&[&s1, &s2]), vec![]);
}

#[test]
fn election_safety_fires_for_two_leaders_of_one_term() {
    let s1 = leader(S1, 1, vec![], S3);
    let s2 = leader(S2, 1, vec![], S3);
    assert_eq!(first(&[&s1, &s2]), "election_safety");
}

#[test]
fn leader_append_only_fires_when_a_leader_loses_an_entry() {
    let long = leader(S1, 1, vec![entry(1, "set x 1"), entry(1, "set y 1")], S2);
    let short = leader(S1, 1, vec![entry(1, "set x 1")], S2);
    assert_eq!(first(&[&long, &short]), "leader_append_only");
}

#[test]
fn log_matching_fires_for_one_index_and_term_with_two_commands() {
    let s1 = server(S1, 1, None, vec![entry(1, "set x 1")]);
    let s2 = server(S2, 1, None, vec![entry(1, "set x 2")]);
    assert_eq!(first(&[&s1, &s2]), "log_matching");
}

#[test]
fn leader_completeness_fires_for_a_leader_without_an_entry_a_majority_stored_in_its_term() {
    // S1 and S2 store (1, term 1) while in term 1: committed, though no commit index says so.
    let s1 = server(S1, 1, None, vec![entry(1, "set x 1")]);
    let s2 = server(S2, 1, None, vec![entry(1, "set x 1")]);
    let s3 = leader(S3, 1, vec![], S1);
    let out = fired(&[&s1, &s2, &s3]);
    assert_eq!(out[0].invariant, "leader_completeness", "{out:?}");
    assert!(out[0].message.contains("S3 became leader of term 2"));
}

#[test]
fn leader_completeness_ignores_an_entry_stored_on_a_majority_only_in_a_later_term() {
    // Figure 8: the term-2 entry reaches a majority only while its holders are in term 4.
    let s1 = server(S1, 4, None, vec![entry(2, "set x 1")]);
    let s2 = server(S2, 4, None, vec![entry(2, "set x 1")]);
    let s3 = leader(S3, 4, vec![], S1);
    assert_eq!(fired(&[&s1, &s2, &s3]), vec![]);
}

#[test]
fn state_machine_safety_fires_for_two_commands_applied_at_one_index() {
    let mut s1 = server(S1, 0, None, vec![]);
    append(&mut s1, S3, 1, vec![entry(1, "set x 1")], 1);
    let mut s2 = server(S2, 0, None, vec![]);
    append(&mut s2, S3, 2, vec![entry(2, "set x 2")], 1);
    assert_eq!(s2.last_applied(), 1);
    assert_eq!(first(&[&s1, &s2]), "state_machine_safety");
}

#[test]
fn term_monotonic_fires_when_a_term_goes_back() {
    let later = server(S1, 3, None, vec![]);
    let earlier = server(S1, 2, None, vec![]);
    assert_eq!(first(&[&later, &earlier]), "term_monotonic");
}

#[test]
fn one_vote_per_term_fires_for_a_second_vote_even_after_an_initial_one() {
    // The first vote comes from the server's initial (restart) state.
    let first_vote = server(S1, 2, Some(S2), vec![]);
    let second_vote = server(S1, 2, Some(S3), vec![]);
    assert_eq!(first(&[&first_vote, &second_vote]), "one_vote_per_term");
}

#[test]
fn index_order_fires_when_a_follower_truncates_below_its_commit_index() {
    let mut s2 = server(S2, 0, None, vec![]);
    append(
        &mut s2,
        S1,
        1,
        vec![entry(1, "set x 1"), entry(1, "set y 1")],
        2,
    );
    // A rogue leader of term 2 rewrites index 1: the follower truncates what it committed.
    append(&mut s2, S3, 2, vec![entry(2, "set z 1")], 0);
    assert!(s2.commit_index() > s2.log().last_index());
    assert_eq!(first(&[&s2]), "index_order");
}

#[test]
fn the_displayed_invariants_are_the_checked_ones_in_order() {
    let checked: Vec<&str> = super::invariants(3)
        .iter()
        .map(|i| i.property().name)
        .collect();
    let shown: Vec<&str> = <RaftChecker as Checker<RaftNode>>::invariants()
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(checked, shown);
}

#[test]
fn one_uncommitted_config_fires_for_a_leader_with_two_uncommitted_configuration_entries() {
    let log = vec![entry(1, "remove_server S3"), entry(1, "add_server S3")];
    let s1 = leader(S1, 1, log, S2);
    assert_eq!(s1.config_indices(), &[1, 2]);
    assert_eq!(first(&[&s1]), "one_uncommitted_config");
}

#[test]
fn config_after_own_term_commit_fires_for_a_change_before_the_leaders_first_commit() {
    let mut config = RaftConfig::default();
    config.bugs.config_change_before_own_term_commit = true;
    let mut s1 = RaftNode::new(S1, 3, &config);
    feed(&mut s1, Input::Start);
    win_election(&mut s1, S2);
    let remove = "remove_server S3".parse::<Command>().unwrap();
    feed(
        &mut s1,
        Input::Client {
            id: 1,
            request: remove,
        },
    );
    assert_eq!(s1.config_indices(), &[2], "the no-op at 1 is not committed");
    assert_eq!(first(&[&s1]), "config_after_own_term_commit");
}

#[test]
fn commit_quorum_fires_for_a_commit_counted_in_an_old_configuration() {
    let mut config = RaftConfig {
        voters: vec![S1],
        ..RaftConfig::default()
    };
    config.bugs.commit_in_initial_configuration = true;
    let mut s1 = RaftNode::new(S1, 3, &config);
    let durable = Durable {
        current_term: 1,
        voted_for: None,
        log: vec![entry(1, "add_server S2")],
        snapshot: None,
    };
    feed(&mut s1, Input::Restart(durable));
    win_election(&mut s1, S2);
    assert_eq!(s1.commit_index(), 2, "counted in {{S1}}, not {{S1, S2}}");
    assert_eq!(first(&[&s1]), "commit_quorum");
}

#[test]
fn commit_quorum_fires_for_a_joint_leader_counting_only_c_new() {
    let mut config = RaftConfig::default();
    config.bugs.joint_commit_counts_new_only = true;
    let mut s1 = RaftNode::new(S1, 3, &config);
    feed(&mut s1, Input::Start);
    win_election(&mut s1, S2);
    let before = s1.clone();
    let mut s2 = server(S2, 1, Some(S1), vec![]);
    append(&mut s2, S1, 1, vec![entry(1, "noop")], 0);
    ack(&mut s1, S2, 1);
    assert_eq!(s1.commit_index(), 1);
    let change = "change_config S1".parse::<Command>().unwrap();
    feed(
        &mut s1,
        Input::Client {
            id: 1,
            request: change,
        },
    );
    assert_eq!(s1.config_indices(), &[2, 3], "C_old,new then C_new");
    assert_eq!(s1.commit_index(), 3, "counted in C_new = {{S1}} alone");
    let names: Vec<&str> = fired(&[&before, &s2, &s1])
        .iter()
        .map(|v| v.invariant)
        .collect();
    // C_new followed an uncommitted C_old,new, so one_uncommitted_config fires as well.
    assert!(names.contains(&"commit_quorum"), "{names:?}");
}

/// `leader` hears that `from` stores its log through `index`.
fn ack(leader: &mut RaftNode, from: NodeId, index: u64) {
    let ack = conlab_raft::AppendEntriesReply {
        round: 0,
        term: leader.current_term(),
        success: true,
        match_index: index,
    };
    feed(
        leader,
        Input::Recv {
            from,
            msg: Msg::AppendEntriesReply(ack),
        },
    );
}

#[test]
fn election_quorum_fires_for_a_leader_without_a_majority_of_c_new() {
    let mut s1 = leader(S1, 1, vec![], S2);
    ack(&mut s1, S2, 1);
    let change = "change_config S2 S3".parse::<Command>().unwrap();
    feed(
        &mut s1,
        Input::Client {
            id: 1,
            request: change,
        },
    );
    assert!(s1.old_configuration().is_some(), "S1 is joint");
    // Seen first now, S1 leads C_new = {S2, S3} with the votes of S1 and S2 only.
    let names: Vec<&str> = fired(&[&s1]).iter().map(|v| v.invariant).collect();
    assert!(names.contains(&"election_quorum"), "{names:?}");
}

#[test]
fn election_quorum_holds_for_a_joint_candidate_elected_by_both_majorities() {
    let log = vec![entry(1, "change_config S2 S3")];
    let mut s1 = server(S1, 1, None, log);
    win_election(&mut s1, S2);
    assert_eq!(
        s1.role(),
        Role::Candidate,
        "S1 and S2 are no majority of {{S2, S3}}"
    );
    let vote = RequestVoteReply {
        term: 2,
        vote_granted: true,
    };
    feed(
        &mut s1,
        Input::Recv {
            from: S3,
            msg: Msg::RequestVoteReply(vote),
        },
    );
    assert_eq!(s1.role(), Role::Leader);
    assert_eq!(s1.elected_by(), &[S1, S2, S3]);
    assert_eq!(fired(&[&s1]), vec![]);
}

/// Server `id` of three with log compaction after `limit` entries, and the bug toggle
/// `snapshot_includes_uncommitted` if `buggy`, booted empty in `term`.
fn compacting(id: NodeId, term: Term, limit: u64, buggy: bool) -> RaftNode {
    let mut config = RaftConfig {
        snapshot_after_entries: Some(limit),
        ..RaftConfig::default()
    };
    config.bugs.snapshot_includes_uncommitted = buggy;
    let mut node = RaftNode::new(id, 3, &config);
    let durable = Durable {
        current_term: term,
        voted_for: None,
        log: Vec::new(),
        snapshot: None,
    };
    feed(&mut node, Input::Restart(durable));
    node
}

fn client(node: &mut RaftNode, id: u64, command: &str) {
    let request = command.parse().unwrap();
    feed(node, Input::Client { id, request });
}

/// S1 leads term 2 with `set x 1`, `set y 1` after its no-op; S2 stores and commits all
/// three, then a heartbeat lets it compact them (§7). The states in the order a run sees them.
fn compacted_history() -> (RaftNode, RaftNode, RaftNode) {
    let mut s1 = leader(S1, 1, vec![], S2);
    client(&mut s1, 1, "set x 1");
    client(&mut s1, 2, "set y 1");
    let mut s2 = compacting(S2, 2, 2, false);
    let entries = s1.log().to_vec();
    append(&mut s2, S1, 2, entries, 3);
    assert!(
        s2.snapshot().is_none(),
        "applied in this step: kept for now"
    );
    let stored = s2.clone();
    append(&mut s2, S1, 2, Vec::new(), 3);
    let snapshot = s2.snapshot().expect("compacted through index 3");
    assert_eq!(snapshot.last_included_index, 3);
    (s1, stored, s2)
}

#[test]
fn a_history_with_compacted_logs_fires_nothing() {
    let (s1, stored, compacted) = compacted_history();
    assert_eq!(fired(&[&s1, &stored, &compacted]), vec![]);
}

#[test]
fn snapshot_safety_fires_for_a_snapshot_of_an_uncommitted_entry() {
    let mut s1 = compacting(S1, 1, 1, true);
    win_election(&mut s1, S2);
    let elected = s1.clone();
    client(&mut s1, 1, "set x 1");
    let snapshot = s1
        .snapshot()
        .expect("the toggle snapshots the uncommitted no-op");
    assert_eq!(snapshot.last_included_index, 1);
    assert_eq!(first(&[&elected, &s1]), "snapshot_safety");
}

#[test]
fn snapshot_safety_fires_for_a_snapshot_whose_state_is_not_the_committed_prefix() {
    let (s1, stored, compacted) = compacted_history();
    let mut forged = compacted.snapshot().unwrap().clone();
    forged.state = conlab_core::kv::KvStore::default();
    let mut s3 = compacting(S3, 2, 2, false);
    let install = conlab_raft::InstallSnapshot {
        term: 2,
        leader_id: S1,
        snapshot: forged,
    };
    feed(
        &mut s3,
        Input::Recv {
            from: S1,
            msg: Msg::InstallSnapshot(install),
        },
    );
    assert_eq!(s3.commit_index(), 3, "installed");
    let out = fired(&[&s1, &stored, &compacted, &s3]);
    assert_eq!(out[0].invariant, "snapshot_safety", "{:?}", out[0].message);
    assert!(out[0].message.contains("differs"), "{}", out[0].message);
}
