use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::{Chunked, NodeId};
use conlab_raft::{LogIndex, RaftNode, Term};

pub const INVARIANT: Invariant = Invariant {
    name: "state_machine_safety",
    title: "State Machine Safety",
    statement: "If a server has applied a log entry at a given index to its state machine, no other server will ever apply a different log entry for the same index.",
    source: "Raft §5.4.3, Figure 3",
};

/// Ghost history: the term of the entry first committed at each index and the command first
/// applied there, by whom; plus how far each node has been checked (which restarts reset).
#[derive(Clone, Debug)]
pub struct StateMachineSafety {
    committed: Chunked<(Term, NodeId)>,
    applied: Chunked<(Command, NodeId)>,
    seen_commit: Vec<LogIndex>,
    seen_applied: Vec<LogIndex>,
    latch: Latch,
}

impl StateMachineSafety {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            committed: Chunked::default(),
            applied: Chunked::default(),
            seen_commit: vec![0; cluster_size],
            seen_applied: vec![0; cluster_size],
            latch: Latch::default(),
        }
    }

    /// The term of the entry committed at each index (index i at position i - 1).
    pub fn committed_terms(&self) -> impl Iterator<Item = Term> + '_ {
        self.committed.iter().map(|(t, _)| *t)
    }

    pub fn check(&mut self, ctx: StepContext, node: &RaftNode, out: &mut Vec<Violation>) {
        let me = node.id();
        let log = node.log();

        let seen = &mut self.seen_commit[me.index()];
        let from = (*seen).min(node.commit_index());
        *seen = node.commit_index();
        for index in from + 1..=node.commit_index() {
            let Some(term) = log.term_at(index) else {
                break;
            };
            let i = (index - 1) as usize;
            if let Some(&(first_term, holder)) = self.committed.get(i) {
                if first_term != term {
                    let message = format!(
                        "{me} committed the term-{term} entry at index {index}, but {holder} had committed a term-{first_term} entry there."
                    );
                    self.latch
                        .report(&INVARIANT, ctx, vec![holder, me], message, out);
                }
            } else {
                debug_assert_eq!(self.committed.len(), i, "commit indices grow without gaps");
                self.committed.push((term, me));
            }
        }

        let seen = &mut self.seen_applied[me.index()];
        let from = (*seen).min(node.last_applied());
        *seen = node.last_applied();
        for index in from + 1..=node.last_applied() {
            let Some(entry) = log.entry(index) else { break };
            let i = (index - 1) as usize;
            match self.applied.get(i) {
                Some((first, holder)) if *first != entry.command => {
                    let message = format!(
                        "{me} applied {:?} at index {index}, but {holder} applied {:?} there.",
                        entry.command, first
                    );
                    let nodes = vec![*holder, me];
                    self.latch.report(&INVARIANT, ctx, nodes, message, out);
                }
                Some(_) => {}
                None => self.applied.push((entry.command.clone(), me)),
            }
        }
    }
}
