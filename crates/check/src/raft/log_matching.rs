use super::RaftHistory;
use crate::{invariant_basics, Breach, Invariant, Property};
use conlab_core::kv::Command;
use conlab_core::{Chunked, NodeId};
use conlab_raft::{Entry, LogIndex, RaftNode, Term};
use std::sync::Arc;

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
///
/// A compacted log (§7) starts after a snapshot whose last included entry stands for the
/// prefix it replaced: that entry must be one the table knows (some log held it), and the
/// entries after it chain from its term like any others. What the snapshot holds below it
/// is the committed prefix, which `snapshot_safety` checks.
#[derive(Clone, Debug)]
pub struct LogMatching {
    /// `table[i - 1]` lists (term, command, previous term, first holder) seen at index i; the
    /// command is the logs' own, shared. Most indices only ever see one entry, so each list
    /// grows one element at a time (a `Vec`'s first push would reserve four).
    table: Chunked<Vec<Known>>,
    /// Each node's log as last verified — its snapshot's last included index, and the entries
    /// after it sharing chunks with the log: only chunks the node has rewritten since are
    /// compared again, and finding and updating them costs those chunks, not the log's length
    /// ([`Chunked::shared_prefix`], [`Chunked::clone_from`]). A new snapshot starts over with
    /// the entries after it.
    verified: Vec<(LogIndex, Chunked<Entry>)>,
}

impl LogMatching {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            table: Chunked::default(),
            verified: vec![(0, Chunked::default()); cluster_size],
        }
    }
}

/// (term, command, previous term, first holder) of an entry.
type Known = (Term, Arc<Command>, Term, NodeId);

/// Add to `table` an entry first seen at index `i + 1`. Only a new term at an index already
/// known writes in place: a write copies the table's chunk where a timeline snapshot shares
/// it, which every new index would otherwise do once per snapshot.
fn learn(table: &mut Chunked<Vec<Known>>, i: usize, known: Known) {
    while table.len() < i {
        table.push(Vec::new());
    }
    match table.get_mut(i) {
        Some(list) => {
            list.reserve_exact(1);
            list.push(known);
        }
        None => table.push(vec![known]),
    }
}

impl Invariant<RaftNode, RaftHistory> for LogMatching {
    invariant_basics!(RaftNode, RaftHistory);

    fn check(&mut self, node: &RaftNode, _: &RaftHistory) -> Option<Breach> {
        let (start, start_term) = (node.log().start_index(), node.log().start_term());
        let entries = node.log().entries();
        let (verified_start, verified) = &mut self.verified[node.id().index()];
        if *verified_start != start {
            let known = match (start as usize).checked_sub(1) {
                None => true,
                Some(i) => self
                    .table
                    .get(i)
                    .is_some_and(|k| k.iter().any(|(term, ..)| *term == start_term)),
            };
            if !known {
                return Some(Breach::new(
                    vec![node.id()],
                    format!(
                        "{}'s snapshot ends at index {start} in term {start_term}, an entry no log held.",
                        node.id()
                    ),
                ));
            }
            (*verified_start, *verified) = (start, Chunked::default());
        }
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
            .map_or(start_term, |e| e.term);
        for (p, entry) in entries.iter_from(unchanged) {
            let i = start as usize + p;
            let known = self.table.get(i).into_iter().flatten();
            match known.clone().find(|(term, ..)| *term == entry.term) {
                None => learn(
                    &mut self.table,
                    i,
                    (entry.term, Arc::clone(&entry.command), prev_term, node.id()),
                ),
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

#[cfg(test)]
mod tests {
    //! The check is incremental: these rewrite one node's log between two checks, deep in a
    //! log of several chunks, and expect the rewritten entries to be verified again.
    use super::*;
    use conlab_core::{Input, Out, Protocol, CHUNK};
    use conlab_raft::{Durable, Msg, RaftConfig, RequestVoteReply, Timer};

    const S1: NodeId = NodeId(1);
    const S2: NodeId = NodeId(2);

    fn entry(term: Term, command: &str) -> Entry {
        Entry::new(term, command.parse().unwrap())
    }

    /// S1 of three, with one bug toggle on, booted with `len` entries of term 1.
    fn server(bug: &str, len: usize) -> RaftNode {
        let mut config = RaftConfig::default();
        assert!(config.bugs.enable(bug));
        let mut node = RaftNode::new(S1, 3, &config);
        let log = (0..len).map(|i| entry(1, &format!("set k {i}"))).collect();
        node.step(
            Input::Restart(Durable {
                current_term: 1,
                voted_for: None,
                log,
                snapshot: None,
            }),
            &mut Out::default(),
        );
        node
    }

    /// Check `node`; the breach's message, if any.
    fn check(lm: &mut LogMatching, node: &RaftNode) -> Option<String> {
        lm.check(node, &RaftHistory::new(3)).map(|b| b.message)
    }

    #[test]
    fn a_follower_that_cuts_and_rewrites_its_log_is_verified_again() {
        // Cuts inside the first chunk, at a chunk boundary and inside a later chunk.
        for prev in [3, CHUNK * 2, CHUNK * 2 + 2] {
            let mut node = server("truncate_on_any_append", 3 * CHUNK);
            let mut lm = LogMatching::new(3);
            assert_eq!(check(&mut lm, &node), None);
            let append = conlab_raft::AppendEntries {
                round: 0,
                term: 2,
                leader_id: S2,
                prev_log_index: prev as u64,
                prev_log_term: 1,
                entries: vec![entry(1, "set x 9")],
                leader_commit: 0,
            };
            let msg = Msg::AppendEntries(append);
            node.step(Input::Recv { from: S2, msg }, &mut Out::default());
            assert_eq!(
                node.log().last_index(),
                prev as u64 + 1,
                "the toggle cut the log"
            );
            let breach = check(&mut lm, &node).expect("log matching fires");
            assert!(
                breach.contains(&format!("index {} in term 1", prev + 1)),
                "{breach}"
            );
        }
    }

    #[test]
    fn a_leader_that_overwrites_its_own_entry_is_verified_again() {
        let mut node = server("leader_overwrites_own_log", 3 * CHUNK);
        let mut lm = LogMatching::new(3);
        node.step(Input::Timer(Timer::Election), &mut Out::default());
        let vote = RequestVoteReply {
            term: 2,
            vote_granted: true,
        };
        let msg = Msg::RequestVoteReply(vote);
        node.step(Input::Recv { from: S2, msg }, &mut Out::default());
        assert_eq!(node.role(), conlab_raft::Role::Leader);
        for (id, command) in [(1, "set x 1"), (2, "set x 2")] {
            let request = command.parse().unwrap();
            node.step(Input::Client { id, request }, &mut Out::default());
            if id == 1 {
                assert_eq!(check(&mut lm, &node), None);
            }
        }
        let breach = check(&mut lm, &node).expect("log matching fires");
        assert!(
            breach.contains("`set x 1`") && breach.contains("`set x 2`"),
            "{breach}"
        );
    }
}
