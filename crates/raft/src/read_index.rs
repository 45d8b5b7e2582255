//! Reads without a log entry (Ongaro's dissertation §6.4 and §6.4.1; etcd-io/raft's
//! `ReadOnlySafe` and `ReadOnlyLeaseBased`), chosen by `raft.reads` ([`ReadMode`]). Only a
//! `get` takes this path; writes and `cas` go through the log.
//!
//! ReadIndex (§6.4), at the leader:
//! 1. Until it has committed an entry of its own term (the §8 no-op) it may not know the
//!    latest commit index, so reads wait.
//! 2. It records its commit index as the read's *read index*,
//! 3. starts a new heartbeat round and waits until a majority of its configuration (both
//!    majorities while joint, §6) acknowledged that round or a later one: no leader of a newer
//!    term had then been elected when the read arrived, or its voters would not acknowledge;
//! 4. waits until its state machine has applied through the read index, and answers from it.
//!
//! Heartbeat rounds: every AppendEntries carries the leader's current round and the reply
//! echoes it (etcd's heartbeat `Context`). The round goes up at each heartbeat tick and for
//! each ReadIndex round. Any reply of the leader's term acknowledges, whatever its success.
//!
//! Lease (§6.4.1): after step 1, the leader answers at once while a majority acknowledged a
//! round sent less than the minimum election timeout minus the clock-drift bound ago;
//! otherwise the read takes the ReadIndex path. The leader reads no clock: its heartbeat
//! ticks, exactly `heartbeat_ms` apart, are its clock. A round started at or after tick k was
//! sent no earlier than tick k, and until tick c + 1 less than (c + 1 − k) heartbeats have
//! passed since tick k; so the lease holds while a majority acknowledged a round of tick
//! c + 1 − L or later, L = ⌊(minimum election timeout − drift bound) / heartbeat_ms⌋.
//!
//! A lease is safe only if no other leader can be elected before it ends, so with `lease`
//! followers keep CheckQuorum's rule (§4.2.3, etcd's `inLease`): no vote for the minimum
//! election timeout after accepting an AppendEntries, nor after a restart (a restarted
//! server may have acknowledged a round just before it crashed). A transfer's RequestVote
//! bypasses the rule (§3.10), so a leader that sent TimeoutNow holds no lease for the rest
//! of its term.
//!
//! **The clock assumption.** Every server's clock runs at the rate of simulated time (timers
//! fire exactly when due), so the drift bound ([`CLOCK_DRIFT_BOUND_MS`]) is 0 in the
//! simulator. A real deployment must subtract the most its clocks can drift apart over an
//! election timeout.

use crate::node::Reply;
use crate::role::Leader;
use crate::{LogIndex, RaftNode, ReadMode};
use conlab_core::kv::Outcome;
use conlab_core::{Out, Quorum, RequestId, Tick};

/// How far two servers' clocks may drift apart over a lease, in ms: 0, since every clock in
/// the simulator runs at the rate of simulated time.
pub const CLOCK_DRIFT_BOUND_MS: Tick = 0;

/// The leader's read state (etcd-io/raft's `readOnly`).
#[derive(Clone, Debug, Default)]
pub(crate) struct ReadOnly {
    /// The current heartbeat round.
    pub(crate) round: u64,
    /// The lease clock: the round each of the latest L ticks started, a ring.
    tick_rounds: Vec<u64>,
    /// Heartbeat ticks so far in this term.
    ticks: u64,
    /// Reads waiting for the leader's first commit in its term (step 1).
    waiting: Vec<(RequestId, String)>,
    /// Reads with their read index, waiting for their round's acknowledgment and the apply.
    pending: Vec<PendingRead>,
    /// TimeoutNow was sent: no lease for the rest of the term.
    pub(crate) no_lease: bool,
}

#[derive(Clone, Debug)]
struct PendingRead {
    id: RequestId,
    key: String,
    read_index: LogIndex,
    round: u64,
}

impl ReadOnly {
    /// A heartbeat tick starts a new round; the lease clock keeps the latest `lease_ticks`.
    pub(crate) fn tick(&mut self, lease_ticks: u64) {
        self.round += 1;
        if lease_ticks == 0 {
            return;
        }
        let slot = (self.ticks % lease_ticks) as usize;
        match self.tick_rounds.get_mut(slot) {
            Some(round) => *round = self.round,
            None => self.tick_rounds.push(self.round),
        }
        self.ticks += 1;
    }

    /// The oldest round a lease may rest on: that of tick c + 1 − L, or of the first tick.
    fn lease_round(&self, lease_ticks: u64) -> Option<u64> {
        let slot = if self.ticks < lease_ticks {
            0
        } else {
            self.ticks.checked_rem(lease_ticks)? as usize
        };
        self.tick_rounds.get(slot).copied()
    }
}

impl RaftNode {
    /// How many heartbeat ticks a lease spans (L); 0 unless `reads: lease`.
    pub(crate) fn lease_ticks(&self) -> u64 {
        if self.config.reads != ReadMode::Lease {
            return 0;
        }
        let lease = self.config.election_timeout_ms.min - CLOCK_DRIFT_BOUND_MS;
        lease.checked_div(self.config.heartbeat_ms).unwrap_or(0)
    }

    /// The round an AppendEntries carries: 0 with `reads: log`.
    pub(crate) fn heartbeat_round(&self) -> u64 {
        match self.leader() {
            Some(leader) if !self.config.reads.is_log() => leader.read_only.round,
            _ => 0,
        }
    }

    /// The commit index is of the leader's own term (§6.4 step 1).
    pub(crate) fn committed_in_own_term(&self) -> bool {
        self.log.term_at(self.commit_index) == Some(self.current_term)
    }

    /// A majority of the configuration (of both while joint) acknowledged `round` or later;
    /// the leader counts itself.
    fn acknowledged(&self, round: u64) -> bool {
        let Some(leader) = self.leader() else {
            return false;
        };
        let me = self.id;
        self.joint()
            .has_quorum(|v| v == me || leader.progress.get(v).is_some_and(|p| p.round() >= round))
    }

    /// §6.4.1: the leader may answer a read at once.
    fn lease_holds(&self) -> bool {
        let Some(leader) = self.leader() else {
            return false;
        };
        let read_only = &leader.read_only;
        !read_only.no_lease
            && self.committed_in_own_term()
            && self.last_applied >= self.commit_index
            && read_only
                .lease_round(self.lease_ticks())
                .is_some_and(|round| self.acknowledged(round))
    }

    /// A `get` of `key` at the leader, with `reads` other than `log` (or the bug toggle
    /// `read_without_quorum`, which answers at once).
    pub(crate) fn handle_read(&mut self, id: RequestId, key: String, out: &mut Out<Self>) {
        if self.config.bugs.read_without_quorum || self.lease_holds() {
            return self.answer_read(id, &key, self.last_applied, out);
        }
        if let Some(leader) = self.leader_mut() {
            leader.read_only.waiting.push((id, key));
        }
    }

    fn answer_read(&self, id: RequestId, key: &str, index: LogIndex, out: &mut Out<Self>) {
        let outcome = Outcome::Value(self.kv.get(key).map(String::from));
        out.reply(id, Reply::Applied { index, outcome });
    }

    /// After every step, ReadIndex's steps 2–4 for the reads that can move on: once the
    /// leader committed in its term, the waiting reads get the commit index and one new
    /// heartbeat round; a read whose round a majority acknowledged is answered once the
    /// state machine has applied through its read index.
    pub(crate) fn serve_reads(&mut self, out: &mut Out<Self>) {
        let idle = |l: &Leader| l.read_only.waiting.is_empty() && l.read_only.pending.is_empty();
        if self.leader().is_none_or(idle) {
            return;
        }
        let (own_term, commit_index) = (self.committed_in_own_term(), self.commit_index);
        let Some(leader) = self.leader_mut() else {
            return;
        };
        let read_only = &mut leader.read_only;
        if own_term && !read_only.waiting.is_empty() {
            read_only.round += 1;
            let round = read_only.round;
            for (id, key) in std::mem::take(&mut read_only.waiting) {
                read_only.pending.push(PendingRead {
                    id,
                    key,
                    read_index: commit_index,
                    round,
                });
            }
            self.send_heartbeats(out);
        }
        let Some(leader) = self.leader_mut() else {
            return;
        };
        let pending = std::mem::take(&mut leader.read_only.pending);
        let mut kept = Vec::new();
        for read in pending {
            if self.last_applied >= read.read_index && self.acknowledged(read.round) {
                self.answer_read(read.id, &read.key, read.read_index, out);
            } else {
                kept.push(read);
            }
        }
        if let Some(leader) = self.leader_mut() {
            leader.read_only.pending = kept;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{AppendEntriesReply, Msg, RaftConfig, RaftNode, ReadMode, Reply, Role, Timer};
    use crate::{RequestVoteReply, Term};
    use conlab_core::kv::{Command, Outcome};
    use conlab_core::{Effect, Input, NodeId, Out, Protocol};

    fn step(node: &mut RaftNode, input: Input<RaftNode>) -> Vec<Effect<RaftNode>> {
        let mut out = Out::default();
        node.step(input, &mut out);
        out.effects
    }

    fn ack(node: &mut RaftNode, term: Term, index: u64, round: u64) -> Vec<Effect<RaftNode>> {
        let msg = Msg::from(AppendEntriesReply {
            term,
            success: true,
            match_index: index,
            round,
        });
        step(
            node,
            Input::Recv {
                from: NodeId(2),
                msg,
            },
        )
    }

    fn answered(effects: &[Effect<RaftNode>]) -> Option<&Reply> {
        effects.iter().find_map(|e| match e {
            Effect::Reply { id: 7, reply } => Some(reply),
            _ => None,
        })
    }

    /// The state machine may lag the commit index (etcd-io/raft applies asynchronously;
    /// here the test holds `last_applied` back): S1 leads, `set x 1` at index 2 is
    /// committed but not applied, and a read's round is acknowledged. The read waits for the
    /// apply (§6.4 step 4), then answers with the value.
    #[test]
    fn a_read_index_read_waits_until_the_leader_has_applied_through_the_read_index() {
        let config = RaftConfig {
            reads: ReadMode::ReadIndex,
            ..RaftConfig::default()
        };
        let mut node = RaftNode::new(NodeId(1), 3, &config);
        step(&mut node, Input::Timer(Timer::Election));
        let vote = Msg::from(RequestVoteReply {
            term: 1,
            vote_granted: true,
        });
        step(
            &mut node,
            Input::Recv {
                from: NodeId(2),
                msg: vote,
            },
        );
        assert_eq!(node.role(), Role::Leader);
        ack(&mut node, 1, 1, 1);
        let set = "set x 1".parse::<Command>().unwrap();
        step(
            &mut node,
            Input::Client {
                id: 8,
                request: set,
            },
        );
        node.commit_index = 2;
        assert_eq!(node.last_applied(), 1);
        let get = "get x".parse::<Command>().unwrap();
        step(
            &mut node,
            Input::Client {
                id: 7,
                request: get,
            },
        );
        let round = node.heartbeat_round();
        let effects = ack(&mut node, 1, 2, round);
        assert_eq!(answered(&effects), None, "applied through 1 only");
        let mut out = Out::default();
        node.apply_committed(&mut out);
        let effects = step(&mut node, Input::Timer(Timer::Heartbeat));
        assert_eq!(
            answered(&effects),
            Some(&Reply::Applied {
                index: 2,
                outcome: Outcome::Value(Some("1".into()))
            })
        );
    }
}
