use crate::{LogIndex, Term};
use conlab_core::kv::Command;
use conlab_core::Chunked;
use std::sync::Arc;

/// One log entry: the command and the term in which a leader received it (§5.3).
///
/// The command is shared: every copy of the entry — in the AppendEntries that carry it, in
/// each follower's log, in the checkers' ghost tables and in timeline snapshots — points to
/// the one the leader appended, so an hour's log costs its commands once, not once per copy.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub term: Term,
    pub command: Arc<Command>,
}

impl Entry {
    pub fn new(term: Term, command: Command) -> Self {
        Self {
            term,
            command: Arc::new(command),
        }
    }
}

/// A Raft log with 1-based indices, as in the paper. Index 0 is the empty prefix, whose term
/// is 0, so the consistency check needs no special case for the first entry.
/// Entries are kept in a [`Chunked`] vector, so the timeline's snapshots share them.
///
/// After log compaction (§7) the log starts after a snapshot: the entries up to its last
/// included index are gone, and that index with its term stands in for them, as index 0
/// does for the empty prefix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RaftLog {
    /// The snapshot's last included index and term (0, 0 without one).
    start: (LogIndex, Term),
    /// The entries after `start`: index `start.0 + 1` at position 0.
    entries: Chunked<Entry>,
}

impl RaftLog {
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        Self::after_snapshot(0, 0, entries)
    }

    /// A log that starts after a snapshot whose last included entry is (`index`, `term`).
    pub fn after_snapshot(index: LogIndex, term: Term, entries: Vec<Entry>) -> Self {
        Self {
            start: (index, term),
            entries: entries.into_iter().collect(),
        }
    }

    /// The entries after the snapshot; the one at position `p` has index `start_index() + p + 1`.
    pub fn entries(&self) -> &Chunked<Entry> {
        &self.entries
    }

    /// The snapshot's last included index: the log's entries start after it (0: no snapshot).
    pub fn start_index(&self) -> LogIndex {
        self.start.0
    }

    /// The snapshot's last included term (0: no snapshot).
    pub fn start_term(&self) -> Term {
        self.start.1
    }

    /// The entries after the snapshot, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Entry> + '_ {
        self.entries.iter()
    }

    /// The entries after the snapshot.
    pub fn to_vec(&self) -> Vec<Entry> {
        self.entries.iter().cloned().collect()
    }

    pub fn last_index(&self) -> LogIndex {
        self.start.0 + self.entries.len() as LogIndex
    }

    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(self.start.1, |e| e.term)
    }

    /// The term of the entry at `index`: the snapshot's term at its last included index
    /// (0 at index 0), `None` past the end or inside the snapshot.
    pub fn term_at(&self, index: LogIndex) -> Option<Term> {
        if index == self.start.0 {
            return Some(self.start.1);
        }
        self.entry(index).map(|e| e.term)
    }

    /// The entry at `index`; `None` past the end, at 0 and inside the snapshot.
    pub fn entry(&self, index: LogIndex) -> Option<&Entry> {
        let i = index.checked_sub(self.start.0 + 1)?;
        self.entries.get(usize::try_from(i).ok()?)
    }

    /// Entries from `from` (1-based, inclusive, after the snapshot), at most `max` of them.
    pub fn slice_from(&self, from: LogIndex, max: usize) -> Vec<Entry> {
        let from = from.max(self.start.0 + 1) - self.start.0 - 1;
        self.entries.to_vec_from(from as usize, max)
    }

    pub fn append(&mut self, entry: Entry) -> LogIndex {
        self.entries.push(entry);
        self.last_index()
    }

    /// Delete the entry at `from` and all that follow it (never the snapshot).
    pub fn truncate_from(&mut self, from: LogIndex) {
        let keep = from.max(self.start.0 + 1) - self.start.0 - 1;
        self.entries.truncate(keep as usize);
    }

    /// §7: drop the entries up to `index` (which must be in the log), keeping those after
    /// it; the log now starts after a snapshot through `index`.
    pub fn compact_through(&mut self, index: LogIndex) {
        let Some(term) = self.term_at(index).filter(|_| index > self.start.0) else {
            return;
        };
        let kept = (index - self.start.0) as usize;
        self.entries = self
            .entries
            .iter_from(kept)
            .map(|(_, e)| e.clone())
            .collect();
        self.start = (index, term);
    }

    /// §5.4.1: a log is more up-to-date if its last term is later, or, with equal last terms,
    /// if it is longer.
    pub fn is_up_to_date(&self, last_log_index: LogIndex, last_log_term: Term) -> bool {
        (last_log_term, last_log_index) >= (self.last_term(), self.last_index())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(terms: &[Term]) -> RaftLog {
        RaftLog::from_entries(
            terms
                .iter()
                .map(|&term| Entry::new(term, Command::Noop))
                .collect(),
        )
    }

    #[test]
    fn indices_are_one_based_with_an_empty_prefix_at_zero() {
        let l = log(&[1, 1, 2]);
        assert_eq!(l.last_index(), 3);
        assert_eq!(l.last_term(), 2);
        assert_eq!(l.term_at(0), Some(0));
        assert_eq!(l.term_at(3), Some(2));
        assert_eq!(l.term_at(4), None);
        assert_eq!(l.slice_from(2, 10).len(), 2);
        assert_eq!(l.slice_from(2, 1).len(), 1);
        assert!(l.slice_from(4, 10).is_empty());
    }

    #[test]
    fn paper_5_4_1_up_to_date_compares_last_term_then_length() {
        let l = log(&[1, 2, 2]);
        assert!(
            l.is_up_to_date(1, 3),
            "later last term wins even if shorter"
        );
        assert!(
            !l.is_up_to_date(5, 1),
            "earlier last term loses even if longer"
        );
        assert!(l.is_up_to_date(3, 2), "equal logs are up to date");
        assert!(
            !l.is_up_to_date(2, 2),
            "same last term, shorter: not up to date"
        );
    }

    #[test]
    fn a_compacted_log_starts_after_its_snapshot() {
        let mut l = log(&[1, 1, 2, 3]);
        l.compact_through(2);
        assert_eq!((l.start_index(), l.start_term()), (2, 1));
        assert_eq!((l.last_index(), l.last_term()), (4, 3));
        assert_eq!(l.term_at(1), None, "compacted away");
        assert_eq!(l.term_at(2), Some(1), "the snapshot's last included entry");
        assert_eq!(l.entry(2), None);
        assert_eq!(l.entry(3).map(|e| e.term), Some(2));
        assert_eq!(
            l.slice_from(1, 10).len(),
            2,
            "only what follows the snapshot"
        );
        l.compact_through(4);
        assert_eq!(
            (l.last_index(), l.last_term(), l.entries().len()),
            (4, 3, 0)
        );
        l.truncate_from(3);
        assert_eq!(l.last_index(), 4, "truncation never cuts into the snapshot");
    }

    #[test]
    fn truncation_drops_the_entry_and_all_that_follow() {
        let mut l = log(&[1, 1, 2, 3]);
        l.truncate_from(3);
        assert_eq!(l.last_index(), 2);
        l.truncate_from(1);
        assert_eq!(l.last_index(), 0);
    }
}
