//! Figure 2's three server states (§5.1), each holding only the state that belongs to it:
//! a candidate's votes live in [`Candidate`], the leader's per-follower progress and waiting
//! clients in [`Leader`]. Stepping down drops them; nothing leader-only outlives leadership.

use crate::learner::Learner;
use crate::progress::ProgressTracker;
use crate::read_index::ReadOnly;
use crate::{LogIndex, Term};
use conlab_core::{NodeId, Quorum, RequestId};

/// Which of the three states a server is in: the cheap answer for callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Follower,
    /// PreVote (dissertation §9.6; etcd-io/raft's `StatePreCandidate`): asking whether it
    /// could win an election, before raising its term.
    PreCandidate,
    Candidate,
    Leader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "pre-candidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

/// A server's state together with the volatile state only that state has.
#[derive(Clone, Debug)]
pub(crate) enum RoleState {
    Follower,
    /// Its pre-votes, kept like a candidate's votes.
    PreCandidate(Candidate),
    Candidate(Candidate),
    Leader(Leader),
}

impl RoleState {
    pub(crate) fn kind(&self) -> Role {
        match self {
            RoleState::Follower => Role::Follower,
            RoleState::PreCandidate(_) => Role::PreCandidate,
            RoleState::Candidate(_) => Role::Candidate,
            RoleState::Leader(_) => Role::Leader,
        }
    }
}

/// Volatile state on candidates: who granted a vote in this term (§5.2); on pre-candidates,
/// who granted a pre-vote (§9.6).
#[derive(Clone, Debug, Default)]
pub(crate) struct Candidate {
    /// Sorted, without duplicates.
    votes: Vec<NodeId>,
}

impl Candidate {
    pub(crate) fn record_vote(&mut self, from: NodeId) {
        if let Err(at) = self.votes.binary_search(&from) {
            self.votes.insert(at, from);
        }
    }

    pub(crate) fn votes(&self) -> &[NodeId] {
        &self.votes
    }

    pub(crate) fn into_votes(self) -> Vec<NodeId> {
        self.votes
    }

    /// §5.2: "A candidate wins an election if it receives votes from a majority of the
    /// servers in the full cluster for the same term"; while joint, of both (§6).
    pub(crate) fn has_won(&self, config: &impl Quorum) -> bool {
        config.has_quorum(|v| self.votes.binary_search(&v).is_ok())
    }
}

/// Volatile state on leaders, reinitialized after election (Figure 2).
#[derive(Clone, Debug)]
pub(crate) struct Leader {
    /// Who voted for it in the election it won (kept for the checkers).
    pub(crate) elected_by: Vec<NodeId>,
    pub(crate) progress: ProgressTracker,
    /// Client requests waiting for their entry to be applied: (index, term, request).
    pub(crate) pending: Vec<(LogIndex, Term, RequestId)>,
    /// A server being added, catching up as a learner (dissertation §4.2.1); boxed, as a
    /// leader seldom has one.
    pub(crate) learner: Option<Box<Learner>>,
    /// CheckQuorum: the voters heard from since the last check, sorted (etcd-io/raft's
    /// `RecentActive`).
    pub(crate) heard_from: Vec<NodeId>,
    /// The server leadership is being handed to (dissertation §3.10), if any.
    pub(crate) transferee: Option<NodeId>,
    /// Heartbeat rounds and the reads answered without the log (dissertation §6.4).
    pub(crate) read_only: ReadOnly,
}
