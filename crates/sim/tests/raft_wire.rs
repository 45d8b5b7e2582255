//! Messages per committed entry on RaftScope's workload (issue 15): 5 servers, latency
//! 10–14 ms, election timeout 100–199 ms, heartbeat 50 ms, one entry per AppendEntries, no
//! no-op on election, a client command every 100 ms to the leader. RaftScope's own model
//! sends 16.0 messages per committed entry on it (95,992 for 5,998 entries in 600 s): one
//! AppendEntries round per command and one heartbeat round, each with its replies.

use conlab_core::{NodeId, TickRange};
use conlab_raft::{RaftNode, Role};
use conlab_sim::{Intervention, Scenario, World};

/// (messages sent, entries committed) after `ms` simulated milliseconds.
fn raftscope_workload(seed: u64, ms: u64) -> (u64, u64) {
    let mut s = Scenario::new("raft", 5, seed);
    s.network.latency_ms = TickRange::new(10, 14);
    s.raft.election_timeout_ms = TickRange::new(100, 199);
    s.raft.heartbeat_ms = 50;
    s.raft.max_entries_per_append = 1;
    s.raft.noop_on_election = false;
    let mut world = World::<RaftNode>::new(&s).unwrap().without_checks();
    for (i, at) in (100..ms).step_by(100).enumerate() {
        world.run_until(at);
        let leader = world
            .nodes()
            .iter()
            .filter(|n| n.up && n.node.role() == Role::Leader)
            .max_by_key(|n| n.node.current_term())
            .map_or(NodeId(1), |n| n.node.id());
        let command = format!("set k{} {i}", i % 7);
        world.push_intervention(
            at,
            Intervention::Client {
                node: leader,
                command,
            },
        );
    }
    world.run_until(ms);
    let committed = world.nodes().iter().map(|n| n.node.commit_index()).max();
    (world.stats().messages_sent(), committed.unwrap_or_default())
}

#[test]
fn raftscope_workload_messages_per_committed_entry() {
    for seed in [1, 2, 3] {
        let (messages, committed) = raftscope_workload(seed, 600_000);
        let per_entry = messages as f64 / committed as f64;
        println!(
            "seed {seed}: {messages} messages, {committed} committed, {per_entry:.2} per entry"
        );
        assert!(
            committed >= 5_900,
            "seed {seed}: only {committed} entries committed"
        );
        assert!(
            per_entry <= 16.1,
            "seed {seed}: {per_entry:.2} messages per entry"
        );
    }
}
