//! Raft's safety properties (Figure 3 of the extended paper) plus the monotonicity facts the
//! proofs lean on, and the rules of membership changes (Ongaro's dissertation §4.1; joint
//! consensus, Raft §6) and of log compaction (§7), each an [`Invariant`] over the shared
//! [`RaftHistory`].

mod commit_quorum;
mod config_after_own_term_commit;
mod election_quorum;
mod election_safety;
mod history;
mod index_order;
mod leader_append_only;
mod leader_completeness;
mod log_matching;
mod one_uncommitted_config;
mod one_vote_per_term;
mod snapshot_safety;
mod state_machine_safety;
mod term_monotonic;
#[cfg(test)]
mod tests;

use crate::{Checker, Invariant, Invariants, Property, StepContext, Violation};
use conlab_raft::RaftNode;

pub use commit_quorum::CommitQuorum;
pub use config_after_own_term_commit::ConfigAfterOwnTermCommit;
pub use election_quorum::ElectionQuorum;
pub use election_safety::ElectionSafety;
pub use history::{Committed, RaftHistory};
pub use index_order::IndexOrder;
pub use leader_append_only::LeaderAppendOnly;
pub use leader_completeness::LeaderCompleteness;
pub use log_matching::LogMatching;
pub use one_uncommitted_config::OneUncommittedConfig;
pub use one_vote_per_term::OneVotePerTerm;
pub use snapshot_safety::SnapshotSafety;
pub use state_machine_safety::StateMachineSafety;
pub use term_monotonic::TermMonotonic;

/// The ghost history and every Raft invariant judged against it.
#[derive(Clone, Debug)]
pub struct RaftChecker {
    history: RaftHistory,
    invariants: Invariants<RaftNode, RaftHistory>,
}

impl RaftChecker {
    /// The ghost record of which node led which term.
    pub fn leaders(&self) -> &conlab_core::VecMap<conlab_raft::Term, conlab_core::NodeId> {
        self.history.leaders()
    }

    /// The ghost history.
    pub fn history(&self) -> &RaftHistory {
        &self.history
    }
}

/// Every Raft invariant, in display order.
pub fn invariants(cluster_size: usize) -> Vec<Box<dyn Invariant<RaftNode, RaftHistory>>> {
    vec![
        Box::new(ElectionSafety),
        Box::new(SnapshotSafety::new(cluster_size)),
        Box::new(LeaderAppendOnly::new(cluster_size)),
        Box::new(LogMatching::new(cluster_size)),
        Box::new(LeaderCompleteness::new(cluster_size)),
        Box::new(StateMachineSafety::new(cluster_size)),
        Box::new(TermMonotonic::new(cluster_size)),
        Box::new(OneVotePerTerm::new(cluster_size)),
        Box::new(IndexOrder),
        Box::new(OneUncommittedConfig),
        Box::new(ConfigAfterOwnTermCommit::new(cluster_size)),
        Box::new(CommitQuorum),
        Box::new(ElectionQuorum::new(cluster_size)),
    ]
}

impl Checker<RaftNode> for RaftChecker {
    fn new(cluster_size: usize) -> Self {
        Self {
            history: RaftHistory::new(cluster_size),
            invariants: Invariants::new(invariants(cluster_size)),
        }
    }

    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &RaftNode,
        booted: bool,
        _notes: &[conlab_raft::Note],
        out: &mut Vec<Violation>,
    ) {
        self.history.observe(node, booted);
        self.invariants.check(ctx, node, &self.history, out);
    }

    fn invariants() -> &'static [Property] {
        &[
            election_safety::PROPERTY,
            snapshot_safety::PROPERTY,
            leader_append_only::PROPERTY,
            log_matching::PROPERTY,
            leader_completeness::PROPERTY,
            state_machine_safety::PROPERTY,
            term_monotonic::PROPERTY,
            one_vote_per_term::PROPERTY,
            index_order::PROPERTY,
            one_uncommitted_config::PROPERTY,
            config_after_own_term_commit::PROPERTY,
            commit_quorum::PROPERTY,
            election_quorum::PROPERTY,
        ]
    }
}
