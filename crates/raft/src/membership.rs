//! Single-server membership changes (Ongaro's dissertation §4.1–4.3).
//!
//! - A configuration entry is a log entry whose command adds or removes one server.
//! - A server uses the latest configuration in its log, committed or not (§4.1: "a server
//!   always uses the latest configuration in its log, regardless of whether the entry is
//!   committed"); when its log is truncated it falls back to the one before. It keeps the
//!   indices of its configuration entries, so nothing rescans the log.
//! - A leader appends a configuration entry only when the previous one is committed (§4.1)
//!   and it has committed an entry of its own term (the 2015 fix, §4.1 footnote / raft-dev
//!   2015-07-10).
//! - A leader that is not in the new configuration steps down once it is committed, not
//!   counting itself meanwhile (§4.2.2).
//! - A server that is not in its configuration starts no election once that configuration
//!   is committed as far as it knows; until then it may still be needed (§4.2.2). It still
//!   grants votes, as every server answers RPCs without consulting its configuration (§4.1):
//!   refusing them can leave a candidate whose uncommitted configuration includes it
//!   without a majority forever (the sweep found such a run).

use crate::role::RoleState;
use crate::{Entry, LogIndex, RaftNode};
use conlab_core::kv::Command;
use conlab_core::{Configuration, NodeId, Out};

/// The change a configuration entry makes, if `command` is one.
fn change(command: &Command) -> Option<(bool, NodeId)> {
    match *command {
        Command::AddServer(id) => Some((true, id)),
        Command::RemoveServer(id) => Some((false, id)),
        _ => None,
    }
}

/// `config` after the configuration entry `command` (unchanged for other commands).
fn apply(config: &mut Configuration, command: &Command) {
    match change(command) {
        Some((true, id)) => config.add(id),
        Some((false, id)) => config.remove(id),
        None => {}
    }
}

impl RaftNode {
    /// Append `entry`; a configuration entry takes effect at once (§4.1).
    pub(crate) fn append_entry(&mut self, entry: Entry) -> LogIndex {
        let membership = change(&entry.command).is_some();
        if membership {
            apply(&mut self.configuration, &entry.command);
        }
        let index = self.log.append(entry);
        if membership {
            self.config_indices.push(index);
            self.track_configuration();
        }
        index
    }

    /// Delete the entry at `from` and all that follow; a deleted configuration entry takes its
    /// configuration with it.
    pub(crate) fn truncate_log(&mut self, from: LogIndex) {
        self.log.truncate_from(from);
        if self.config_indices.last().is_some_and(|&i| i >= from) {
            self.config_indices.retain(|&i| i < from);
            self.recompute_configuration();
        }
    }

    /// After a restart: find the configuration entries in the restored log (once per boot).
    pub(crate) fn reload_configuration(&mut self) {
        self.config_indices = (1..=self.log.last_index())
            .filter(|&i| {
                self.log
                    .entry(i)
                    .is_some_and(|e| change(&e.command).is_some())
            })
            .collect();
        self.recompute_configuration();
    }

    /// The initial configuration, then every configuration entry in the log, in order.
    fn recompute_configuration(&mut self) {
        let mut config = self.initial_configuration.clone();
        for &i in &self.config_indices {
            if let Some(entry) = self.log.entry(i) {
                apply(&mut config, &entry.command);
            }
        }
        self.configuration = config;
        self.track_configuration();
    }

    /// A leader replicates to every voter of its configuration, new ones included; servers
    /// it removed keep getting entries for the rest of its term, so they learn of it.
    fn track_configuration(&mut self) {
        let next = self.log.last_index() + 1;
        if let RoleState::Leader(leader) = &mut self.role {
            leader.progress.track(&self.configuration, next);
        }
    }

    /// Whether the leader may append a configuration entry now: the previous one is
    /// committed (§4.1) and so is an entry of its own term (the 2015 fix). Else why not.
    fn may_change_configuration(&self) -> Result<(), &'static str> {
        let bugs = &self.config.bugs;
        let pending = self
            .config_indices
            .last()
            .is_some_and(|&i| i > self.commit_index);
        if pending && !bugs.two_config_changes_at_once {
            return Err("a configuration change is still uncommitted");
        }
        let own_term = self.log.term_at(self.commit_index) == Some(self.current_term);
        if !own_term && !bugs.config_change_before_own_term_commit {
            return Err("the leader has not yet committed an entry of its term");
        }
        Ok(())
    }

    /// Why the leader refuses the client's `command`, if it is a configuration change it may
    /// not make now; `None` for other commands.
    pub(crate) fn change_refusal(&self, command: &Command) -> Option<&'static str> {
        let (add, server) = change(command)?;
        let refusal = if add && self.configuration.contains(server) {
            Err("the server is already in the configuration")
        } else if add && server.index() >= self.servers {
            Err("no such server")
        } else if !add && !self.configuration.contains(server) {
            Err("the server is not in the configuration")
        } else if !add && self.configuration.len() == 1 {
            Err("the last server cannot be removed")
        } else {
            self.may_change_configuration()
        };
        refusal.err()
    }

    /// §4.2.2: a leader that is not in its configuration steps down once that configuration
    /// is committed.
    pub(crate) fn step_down_if_removed(&mut self, out: &mut Out<Self>) {
        let committed = self
            .config_indices
            .last()
            .is_none_or(|&i| i <= self.commit_index);
        if self.leader().is_some() && committed && !self.configuration.contains(self.id) {
            self.become_follower(self.current_term, out);
        }
    }

    /// Whether this server starts elections: it is in its configuration, or
    /// the configuration that leaves it out is not committed yet (as far as it knows), so it
    /// may still be needed to commit it (dissertation §4.2.2, Figure 4.6).
    pub(crate) fn is_voter(&self) -> bool {
        self.configuration.contains(self.id)
            || self
                .config_indices
                .last()
                .is_some_and(|&i| i > self.commit_index)
    }
}

#[cfg(test)]
mod tests {
    use crate::{AppendEntries, Entry, Msg, RaftConfig, RaftNode};
    use conlab_core::kv::Command;
    use conlab_core::{Configuration, Input, NodeId, Out, Protocol};

    fn append(node: &mut RaftNode, term: u64, command: Command) {
        let msg = Msg::AppendEntries(AppendEntries {
            term,
            leader_id: NodeId(1),
            prev_log_index: 0,
            prev_log_term: 0,
            entries: vec![Entry { term, command }],
            leader_commit: 0,
        });
        let input = Input::Recv {
            from: NodeId(1),
            msg,
        };
        node.step(input, &mut Out::default());
    }

    #[test]
    fn a_configuration_entry_counts_once_appended_and_is_undone_by_truncation() {
        let mut s2 = RaftNode::new(NodeId(2), 3, &RaftConfig::default());
        append(&mut s2, 1, Command::RemoveServer(NodeId(3)));
        assert_eq!(
            s2.configuration(),
            &Configuration::new([NodeId(1), NodeId(2)])
        );
        assert_eq!(s2.config_indices(), &[1]);
        append(&mut s2, 2, Command::Noop);
        assert_eq!(s2.configuration(), &Configuration::of_cluster(3));
        assert!(s2.config_indices().is_empty());
    }
}
