//! Raft's ghost history: what the nodes actually did, recorded after each of their steps and
//! never erased by crashes.

use conlab_core::kv::Command;
use conlab_core::{Chunked, Configuration, Joint, NodeId, Quorum, VecMap};
use conlab_raft::{LogIndex, RaftNode, Role, Term};
use std::sync::Arc;

/// One committed entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Committed {
    /// The entry's own term.
    pub term: Term,
    /// Its command (shared with the logs), so snapshots can be held to the committed prefix
    /// (§7).
    pub command: Arc<Command>,
    /// The term in which it became committed: its own, or that of the later entry whose
    /// majority committed it indirectly.
    pub in_term: Term,
    /// The server whose log completed that majority.
    pub holder: NodeId,
}

/// Who led which term, and which entries are committed in the sense of the TLA+ proofs of
/// Raft: an entry is committed once the leader of its term has stored it on a majority of
/// servers — counted from the servers' logs, not from any commit index a node reports. The
/// majority is one of the configuration that leader uses (dissertation §4.1: its latest),
/// and while that is joint, one of C_old and one of C_new (Raft §6).
#[derive(Clone, Debug)]
pub struct RaftHistory {
    /// The first node seen leading each term.
    leaders: VecMap<Term, NodeId>,
    /// Per term, ascending: the configuration its leader used when last seen (C_new, and
    /// C_old while joint).
    configs: Vec<(Term, Configuration, Option<Configuration>)>,
    /// Per entry `(index, term)` not yet committed: a bitmask of the servers seen storing it
    /// while in that term (so they received it from that term's leader, or are that leader).
    stored: VecMap<(LogIndex, Term), u32>,
    /// Per server: its term when last seen and the highest index of that term recorded.
    recorded: Vec<(Term, LogIndex)>,
    /// The committed prefix: for index `i` (at `i - 1`), which entry is committed there.
    /// Entries below a committed one are committed too (Raft §5.4.2), so the committed
    /// entries always form a prefix.
    committed: Chunked<Committed>,
    /// Whether the step just observed (re)started its server from durable state.
    booted: bool,
}

impl RaftHistory {
    pub fn new(cluster_size: usize) -> Self {
        Self {
            leaders: VecMap::new(),
            configs: Vec::new(),
            stored: VecMap::new(),
            recorded: vec![(0, 0); cluster_size],
            committed: Chunked::default(),
            booted: false,
        }
    }

    /// The first node seen leading each term.
    pub fn leaders(&self) -> &VecMap<Term, NodeId> {
        &self.leaders
    }

    /// The committed prefix (index `i` at position `i - 1`).
    pub fn committed(&self) -> &Chunked<Committed> {
        &self.committed
    }

    /// Whether the step just observed (re)started its server from durable state: its
    /// volatile state, the state machine included, starts over.
    pub fn booted(&self) -> bool {
        self.booted
    }

    /// Record what `node` is and stores after its step; `booted`: the step (re)started it.
    pub fn observe(&mut self, node: &RaftNode, booted: bool) {
        self.booted = booted;
        let (me, term, log) = (node.id(), node.current_term(), node.log());
        // The highest index found stored on a majority, committed (with all below it) at the end.
        let mut commit = None;
        if node.role() == Role::Leader && *self.leaders.get_or_insert(term, me) == me {
            let (new, mut old) = (node.configuration(), node.old_configuration().cloned());
            let found = self.configs.binary_search_by_key(&term, |c| c.0);
            // §6: C_new alone decides only once C_old,new is committed; until then the
            // configuration the leader had before C_new still counts as C_old.
            if let (None, Ok(i), true) = (&old, found, self.joint_pending(node)) {
                old = Some(
                    self.configs[i]
                        .2
                        .clone()
                        .unwrap_or(self.configs[i].1.clone()),
                );
            }
            match found {
                Ok(i) if self.configs[i].1 != *new || self.configs[i].2 != old => {
                    (self.configs[i].1, self.configs[i].2) = (new.clone(), old);
                    commit = self.recount(term, node);
                }
                Ok(_) => {}
                Err(i) => self.configs.insert(i, (term, new.clone(), old)),
            }
        }
        let (seen_term, through) = self.recorded[me.index()];
        let from = if seen_term == term { through } else { 0 };
        // Entries of the current term form a suffix of the log (no entry is newer than the
        // server's term); record the ones not recorded yet.
        let mut index = log.last_index();
        let last = index;
        while index > from && log.term_at(index) == Some(term) {
            index -= 1;
        }
        let newest = if last > index { last } else { from };
        self.recorded[me.index()] = (term, newest);
        for i in index + 1..=last {
            let holders = self.stored.get_or_insert((i, term), 0);
            *holders |= 1 << me.index();
            let holders = *holders;
            if majority(&self.config_of(term).unwrap_or(node.joint()), holders) {
                commit = commit.max(Some(i));
            }
        }
        if let Some(i) = commit {
            self.commit_through(i, node);
        }
    }

    /// Whether `node`'s newest configuration entry is a C_new whose C_old,new (the entry
    /// before it) is not committed.
    fn joint_pending(&self, node: &RaftNode) -> bool {
        let [.., j, c] = *node.config_indices() else {
            return false;
        };
        let is = |i, new: bool| {
            node.log().entry(i).is_some_and(|e| match *e.command {
                Command::NewConfig(_) => new,
                Command::ChangeConfig(_) => !new,
                _ => false,
            })
        };
        j > self.committed.len() as LogIndex && is(c, true) && is(j, false)
    }

    /// The leader of `term` (`node`) changed configuration: the highest entry of its term
    /// stored before that is now on a majority of the new one, if any.
    fn recount(&self, term: Term, node: &RaftNode) -> Option<LogIndex> {
        let config = self.config_of(term)?;
        self.stored
            .iter()
            .filter(|&(&(_, t), &holders)| t == term && majority(&config, holders))
            .map(|((i, _), _)| *i)
            .max()
            .filter(|&i| node.log().term_at(i) == Some(term))
    }

    /// The configuration the leader of `term` used when last seen, if one was seen.
    pub fn config_of(&self, term: Term) -> Option<Joint<'_>> {
        let i = self.configs.binary_search_by_key(&term, |c| c.0).ok()?;
        let (_, new, old) = &self.configs[i];
        Some(Joint {
            new,
            old: old.as_ref(),
        })
    }

    /// `(index, term)` of `node`'s log has just been stored on a majority: it and every entry
    /// before it in that log are committed. A server compacts only entries it had applied
    /// before its step, which are committed already (§7), so the entries to record are in
    /// its log; only a snapshot past the commit index (the bug toggle, which
    /// `snapshot_safety` reports) can hide some, and recording stops there.
    fn commit_through(&mut self, index: LogIndex, node: &RaftNode) {
        let in_term = node.log().term_at(index).expect("the log holds the entry");
        for i in self.committed.len() as LogIndex + 1..=index {
            let Some(entry) = node.log().entry(i) else {
                break;
            };
            self.committed.push(Committed {
                term: entry.term,
                command: entry.command.clone(),
                in_term,
                holder: node.id(),
            });
        }
        self.stored = self.stored.split_off(&(index + 1, 0));
    }
}

/// `{S1, S2}`.
pub(crate) fn set_text(ids: &[NodeId]) -> String {
    let ids: Vec<String> = ids.iter().map(|v| v.to_string()).collect();
    format!("{{{}}}", ids.join(", "))
}

/// `{S1, S2, S3}`, or `{S1, S2, S3} and of {S4, S5, S6}` while joint (C_old first).
pub(crate) fn quorum_text(joint: &Joint<'_>) -> String {
    let new = set_text(joint.new.voters());
    match joint.old {
        Some(old) => format!("{} and of {new}", set_text(old.voters())),
        None => new,
    }
}

/// Whether the servers in the bitmask `holders` are a majority of `config` (of each half
/// while joint).
fn majority(config: &Joint<'_>, holders: u32) -> bool {
    config.has_quorum(|v| holders & (1 << v.index()) != 0)
}
