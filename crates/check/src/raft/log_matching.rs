use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::kv::Command;
use conlab_core::{Chunked, NodeId};
use conlab_raft::{Entry, RaftNode, Term};

pub const PROPERTY: Property = Property {
    name: "log_matching",
    title: "Log Matching",
    statement: "If two logs contain an entry with the same index and term, then the logs are identical in all entries up through the given index.",
    source: "Raft §5.3, Figure 3",
};

/// Ghost history: for every (index, term) ever stored by any node, its command and the term
/// of the entry before it. Because a leader creates at most one entry per index in its term,
/// (index, term) names one entry forever; if every log agrees with this table on command and
/// previous term, then by induction on the index any two logs sharing (index, term) share
/// the whole prefix — which is Log Matching. Checked after every step, persisted or not.
#[derive(Clone, Debug)]
pub struct LogMatching {
    /// `table[i - 1]` lists (term, command, previous term, first holder) seen at index i.
    table: Chunked<Vec<(Term, Command, Term, NodeId)>>,
    /// Each node's log as last verified, sharing chunks with it: only chunks the node has
    /// rewritten since are compared again, and updating it copies only those chunk pointers.
    verified: Vec<Chunked<Entry>>,
}

impl LogMatching {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            table: Chunked::default(),
            verified: vec![Chunked::default(); cluster_size],
        }
    }
}

impl Invariant<RaftNode, RaftHistory> for LogMatching {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, _: &RaftHistory) -> Option<Breach> {
        let entries = node.log().entries();
        let verified = &mut self.verified[node.id().index()];
        let mut unchanged = entries.shared_prefix(verified);
        if unchanged == entries.len() && unchanged == verified.len() {
            return None;
        }
        while entries
            .get(unchanged)
            .is_some_and(|e| verified.get(unchanged) == Some(e))
        {
            unchanged += 1;
        }
        let mut prev_term = unchanged
            .checked_sub(1)
            .and_then(|i| entries.get(i))
            .map_or(0, |e| e.term);
        for (i, entry) in entries.iter_from(unchanged) {
            while self.table.len() <= i {
                self.table.push(Vec::new());
            }
            let known = self.table.get_mut(i).expect("just grown");
            match known.iter().find(|(term, ..)| *term == entry.term) {
                None => known.push((entry.term, entry.command.clone(), prev_term, node.id())),
                Some((_, command, known_prev, holder))
                    if *command != entry.command || *known_prev != prev_term =>
                {
                    return Some(Breach::new(
                        vec![*holder, node.id()],
                        format!(
                            "{} and {} both hold an entry at index {} in term {} but their logs differ up to it (`{}` after term {} vs `{}` after term {}).",
                            holder, node.id(), i + 1, entry.term, command, known_prev, entry.command, prev_term
                        ),
                    ));
                }
                Some(_) => {}
            }
            prev_term = entry.term;
        }
        verified.clone_from(entries);
        None
    }
}
