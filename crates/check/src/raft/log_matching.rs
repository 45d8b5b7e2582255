use crate::{Invariant, Latch, StepContext, Violation};
use conlab_core::kv::Command;
use conlab_core::NodeId;
use conlab_raft::{RaftNode, Term};

pub const INVARIANT: Invariant = Invariant {
    name: "log_matching",
    title: "Log Matching",
    statement: "If two logs contain an entry with the same index and term, then the logs are identical in all entries up through the given index.",
    source: "Raft §5.3, Figure 3",
};

/// Ghost history: for every (index, term) ever stored by any node, its command and the term
/// of the entry before it. Because a leader creates at most one entry per index in its term,
/// (index, term) names one entry forever; if every log agrees with this table on command and
/// previous term, then by induction on the index any two logs sharing (index, term) share
/// the whole prefix — which is Log Matching.
#[derive(Clone, Debug)]
pub struct LogMatching {
    /// `table[i - 1]` lists (term, command, previous term, first holder) seen at index i.
    table: Vec<Vec<(Term, Command, Term, NodeId)>>,
    /// Each node's log terms as last verified, to re-check only what changed.
    verified: Vec<Vec<Term>>,
    latch: Latch,
}

impl LogMatching {
    pub fn new(cluster_size: usize) -> Self {
        Self { table: Vec::new(), verified: vec![Vec::new(); cluster_size], latch: Latch::default() }
    }

    pub fn check(&mut self, ctx: StepContext, node: &RaftNode, out: &mut Vec<Violation>) {
        if self.latch.tripped() {
            return;
        }
        let entries = node.log().entries();
        let verified = &mut self.verified[node.id().index()];
        let unchanged = verified.iter().zip(entries).take_while(|(t, e)| **t == e.term).count();
        verified.truncate(unchanged);
        for (i, entry) in entries.iter().enumerate().skip(unchanged) {
            let prev_term = if i == 0 { 0 } else { entries[i - 1].term };
            if self.table.len() <= i {
                self.table.resize_with(i + 1, Vec::new);
            }
            let known = &mut self.table[i];
            match known.iter().find(|(term, ..)| *term == entry.term) {
                None => known.push((entry.term, entry.command.clone(), prev_term, node.id())),
                Some((_, command, known_prev, holder)) if *command != entry.command || *known_prev != prev_term => {
                    let message = format!(
                        "{} and {} both hold an entry at index {} in term {} but their logs differ up to it ({:?} after term {} vs {:?} after term {}).",
                        holder, node.id(), i + 1, entry.term, command, known_prev, entry.command, prev_term
                    );
                    let nodes = vec![*holder, node.id()];
                    self.latch.report(&INVARIANT, ctx, nodes, message, out);
                    return;
                }
                Some(_) => {}
            }
            verified.push(entry.term);
        }
    }
}
