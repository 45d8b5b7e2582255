//! Benchmark workloads, shared by `cargo xtask bench` natively and, compiled to plain wasm, by
//! the wasm-vs-native throughput check (`xtask/src/bench.rs` runs it under Node).
//!
//! [`raftscope`] is RaftScope's own workload, so the two can be compared like for like: five
//! servers, one-way latency 10–14 ms, election timeouts 100–199 ms, heartbeats every 50 ms, one
//! entry per AppendEntries, no no-op on election, and a client command to the leader every
//! 100 ms. [`linearizable_history`] is the linearizability checker's workload.

/// The page's allocator (web/src/lib.rs), so the wasm run measures what the page runs.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

mod histories;

pub use histories::{change_one_read, linearizable_history, lose_answers};

use conlab_core::TickRange;
use conlab_raft::RaftNode;
use conlab_sim::{Intervention, Scenario, SimProtocol, World};

/// What a run of the workload did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub steps: u64,
    /// Messages sent, of every kind.
    pub messages: u64,
    /// Entries the leader of the end of the run has committed.
    pub committed: u64,
}

impl Outcome {
    /// Messages sent per committed entry (RaftScope: 16.0 on this workload).
    pub fn messages_per_entry(&self) -> f64 {
        self.messages as f64 / self.committed.max(1) as f64
    }
}

/// The scenario behind [`raftscope`] (without its client load, which follows the leader).
pub fn raftscope_scenario(seed: u64) -> Scenario {
    let mut s = Scenario::raft(5, seed);
    s.network.latency_ms = TickRange::new(10, 14);
    s.raft.election_timeout_ms = TickRange::new(100, 199);
    s.raft.heartbeat_ms = 50;
    s.raft.max_entries_per_append = 1;
    s.raft.noop_on_election = false;
    s
}

/// Run RaftScope's workload (seed 1) for `ms` simulated milliseconds, with or without the
/// checkers.
pub fn raftscope(ms: u64, checks: bool) -> Outcome {
    raftscope_seeded(1, ms, checks)
}

/// [`raftscope`] with the simulator's seed (network delays, election timeouts) chosen.
pub fn raftscope_seeded(seed: u64, ms: u64, checks: bool) -> Outcome {
    Outcome::of(&raftscope_world(seed, ms, checks))
}

/// The world at the end of [`raftscope_seeded`]'s run, so a benchmark can time the steps
/// apart from freeing the run's memory.
pub fn raftscope_world(seed: u64, ms: u64, checks: bool) -> World<RaftNode> {
    let world = World::<RaftNode>::new(&raftscope_scenario(seed)).expect("the workload is valid");
    let mut world = if checks {
        world
    } else {
        world.without_checks()
    };
    let mut sent_commands = 0u64;
    for at in (100..ms).step_by(100) {
        world.run_until(at);
        if let Some(leader) = world
            .nodes()
            .iter()
            .filter(|s| s.up && s.node.is_leader())
            .max_by_key(|s| s.node.leader_rank())
        {
            sent_commands += 1;
            let command = format!("set k{} {sent_commands}", sent_commands % 8);
            world.push_intervention(
                at,
                Intervention::Client {
                    node: leader.node.node_id(),
                    command,
                },
            );
        }
    }
    world.run_until(ms);
    world
}

impl Outcome {
    /// What `world`'s run did.
    pub fn of(world: &World<RaftNode>) -> Self {
        let committed = world
            .nodes()
            .iter()
            .map(|s| s.node.commit_index())
            .max()
            .unwrap_or(0);
        Outcome {
            steps: world.steps(),
            messages: world.stats().messages_sent(),
            committed,
        }
    }
}

/// CPU time this thread has run, in seconds, where Linux tells it (`CLOCK_THREAD_CPUTIME_ID`,
/// exact to the nanosecond even for a thread that is running); `None` elsewhere (callers fall
/// back to wall time). CPU time keeps benchmark numbers honest on a machine that is busy with
/// other work.
pub fn cpu_seconds() -> Option<f64> {
    #[cfg(target_os = "linux")]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable timespec for the duration of the call.
        let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
        ok.then_some(t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9)
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// The wasm entry point: steps taken by [`raftscope`] over `ms` simulated milliseconds.
#[no_mangle]
pub extern "C" fn raftscope_steps(ms: u32, checks: u32) -> u64 {
    raftscope(u64::from(ms), checks != 0).steps
}

/// The wasm entry point for the checker's cost in the page: generate a linearizable history
/// of `ops` operations on `keys` keys from `clients` clients, lose every `lose_every`-th answer
/// (none if 0) and change one read after the middle (if `change_read` is 1), then check it
/// `repeats` times. Returns the verdict: 0 linearizable, 1 not, 2 unknown, 3 if not checked.
/// (Timing `repeats` = 0 gives the cost of generating alone.)
#[no_mangle]
pub extern "C" fn linearizability_checks(
    ops: u32,
    keys: u32,
    clients: u32,
    lose_every: u32,
    change_read: u32,
    repeats: u32,
) -> u32 {
    use conlab_check::linearizability::{check, Verdict};
    let mut history = linearizable_history(1, ops as usize, u64::from(keys), clients as usize);
    if lose_every > 0 {
        lose_answers(&mut history, lose_every as usize);
    }
    if change_read == 1 {
        change_one_read(&mut history, ops as usize / 2);
    }
    let mut verdict = 3;
    for _ in 0..repeats {
        verdict = match check(&history, u64::MAX) {
            Verdict::Linearizable => 0,
            Verdict::NotLinearizable { .. } => 1,
            Verdict::Unknown { .. } => 2,
        };
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workload_elects_a_leader_and_commits_its_commands() {
        let out = raftscope(5_000, true);
        // A command every 100 ms from ~0.3 s on: roughly 45 of them in 5 s.
        assert!(out.committed >= 30, "{out:?}");
        assert!(out.messages > out.committed, "{out:?}");
        assert_eq!(out, raftscope(5_000, false), "checks do not change the run");
    }
}
