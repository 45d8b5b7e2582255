//! Raft's safety properties (Figure 3 of the extended paper) plus the monotonicity facts the
//! proofs lean on.

mod election_safety;
mod index_order;
mod leader_append_only;
mod leader_completeness;
mod log_matching;
mod one_vote_per_term;
mod state_machine_safety;
mod term_monotonic;

use crate::{Checker, Invariant, StepContext, Violation};
use conlab_raft::RaftNode;

pub use election_safety::ElectionSafety;
pub use index_order::IndexOrder;
pub use leader_append_only::LeaderAppendOnly;
pub use leader_completeness::LeaderCompleteness;
pub use log_matching::LogMatching;
pub use one_vote_per_term::OneVotePerTerm;
pub use state_machine_safety::StateMachineSafety;
pub use term_monotonic::TermMonotonic;

/// Every Raft invariant, with the ghost history each needs.
#[derive(Clone, Debug)]
pub struct RaftChecker {
    election_safety: ElectionSafety,
    leader_append_only: LeaderAppendOnly,
    log_matching: LogMatching,
    leader_completeness: LeaderCompleteness,
    state_machine_safety: StateMachineSafety,
    term_monotonic: TermMonotonic,
    one_vote_per_term: OneVotePerTerm,
    index_order: IndexOrder,
}

impl RaftChecker {
    /// The ghost record of which node led which term.
    pub fn leaders(&self) -> &std::collections::BTreeMap<conlab_raft::Term, conlab_core::NodeId> {
        self.election_safety.leaders()
    }
}

impl Checker<RaftNode> for RaftChecker {
    fn new(cluster_size: usize) -> Self {
        Self {
            election_safety: ElectionSafety::default(),
            leader_append_only: LeaderAppendOnly::new(cluster_size),
            log_matching: LogMatching::new(cluster_size),
            leader_completeness: LeaderCompleteness::new(cluster_size),
            state_machine_safety: StateMachineSafety::new(cluster_size),
            term_monotonic: TermMonotonic::new(cluster_size),
            one_vote_per_term: OneVotePerTerm::new(cluster_size),
            index_order: IndexOrder::default(),
        }
    }

    fn after_step(
        &mut self,
        ctx: StepContext,
        node: &RaftNode,
        persisted: bool,
        _notes: &[conlab_raft::Note],
        out: &mut Vec<Violation>,
    ) {
        self.term_monotonic.check(ctx, node, out);
        self.one_vote_per_term.check(ctx, node, out);
        self.index_order.check(ctx, node, out);
        self.election_safety.check(ctx, node, out);
        self.leader_append_only.check(ctx, node, out);
        if persisted {
            self.log_matching.check(ctx, node, out);
        }
        // Commits are recorded before leaders are held to them.
        self.state_machine_safety.check(ctx, node, out);
        self.leader_completeness
            .check(ctx, node, self.state_machine_safety.committed_terms(), out);
    }

    fn invariants() -> &'static [Invariant] {
        &[
            election_safety::INVARIANT,
            leader_append_only::INVARIANT,
            log_matching::INVARIANT,
            leader_completeness::INVARIANT,
            state_machine_safety::INVARIANT,
            term_monotonic::INVARIANT,
            one_vote_per_term::INVARIANT,
            index_order::INVARIANT,
        ]
    }
}
