use crate::{LogIndex, Term};
use conlab_core::kv::Command;
use conlab_core::Chunked;

/// One log entry: the command and the term in which a leader received it (§5.3).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub term: Term,
    pub command: Command,
}

/// A Raft log with 1-based indices, as in the paper. Index 0 is the empty prefix, whose term
/// is 0, so the consistency check needs no special case for the first entry.
/// Entries are kept in a [`Chunked`] vector, so the timeline's snapshots share them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RaftLog {
    entries: Chunked<Entry>,
}

impl RaftLog {
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        Self {
            entries: entries.into_iter().collect(),
        }
    }

    pub fn entries(&self) -> &Chunked<Entry> {
        &self.entries
    }

    /// All entries, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Entry> + '_ {
        self.entries.iter()
    }

    pub fn to_vec(&self) -> Vec<Entry> {
        self.entries.iter().cloned().collect()
    }

    pub fn last_index(&self) -> LogIndex {
        self.entries.len() as LogIndex
    }

    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The term of the entry at `index`, 0 for index 0, `None` past the end.
    pub fn term_at(&self, index: LogIndex) -> Option<Term> {
        match index {
            0 => Some(0),
            i => self.entry(i).map(|e| e.term),
        }
    }

    pub fn entry(&self, index: LogIndex) -> Option<&Entry> {
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.entries.get(i)
    }

    /// Entries from `from` (1-based, inclusive), at most `max` of them.
    pub fn slice_from(&self, from: LogIndex, max: usize) -> Vec<Entry> {
        self.entries.to_vec_from((from.max(1) - 1) as usize, max)
    }

    pub fn append(&mut self, entry: Entry) -> LogIndex {
        self.entries.push(entry);
        self.last_index()
    }

    /// Delete the entry at `from` and all that follow it.
    pub fn truncate_from(&mut self, from: LogIndex) {
        self.entries.truncate((from.max(1) - 1) as usize);
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
                .map(|&term| Entry {
                    term,
                    command: Command::Noop,
                })
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
    fn truncation_drops_the_entry_and_all_that_follow() {
        let mut l = log(&[1, 1, 2, 3]);
        l.truncate_from(3);
        assert_eq!(l.last_index(), 2);
        l.truncate_from(1);
        assert_eq!(l.last_index(), 0);
    }
}
