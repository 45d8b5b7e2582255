//! Messages per committed entry on RaftScope's workload (issue 15). RaftScope's own model sends
//! 16.0 messages per committed entry on it (95,992 for 5,998 entries in 600 s): one
//! AppendEntries round per command and one heartbeat round, each with its replies. The leader
//! skips a follower's heartbeat when it sent it an AppendEntries since the previous tick, and
//! keeps a bounded window of AppendEntries in flight (etcd's Progress), so it matches that.

use conlab_bench::raftscope_seeded;

#[test]
fn raftscope_workload_sends_at_most_16_messages_per_committed_entry() {
    for seed in [1, 2, 3] {
        let out = raftscope_seeded(seed, 600_000, false);
        println!(
            "seed {seed}: {} messages, {} committed, {:.2} per entry",
            out.messages,
            out.committed,
            out.messages_per_entry()
        );
        assert!(out.committed >= 5_900, "seed {seed}: {out:?}");
        assert!(out.messages_per_entry() <= 16.1, "seed {seed}: {out:?}");
    }
}
