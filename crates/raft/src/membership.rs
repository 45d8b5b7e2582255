//! Membership changes: single-server ones (Ongaro's dissertation §4.1–4.3) and joint
//! consensus (Raft paper §6, Figure 11).
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
//! - Joint consensus (§6): a `change_config` entry is C_old,new. While a server's latest
//!   configuration is joint, elections and commits need a majority of C_old and one of
//!   C_new ([`Joint`]); once C_old,new commits, the leader appends C_new; a leader not in
//!   C_new steps down once C_new commits. Any set of voters can be replaced in one change.
//! - One change at a time: a joint change is in flight until C_new is appended and
//!   committed; any other change is refused meanwhile.
//! - Learners (dissertation §4.2.1, `learner.rs`): an added server first catches up without
//!   a vote; its `add_server` entry is appended once it is one AppendEntries behind, and a
//!   catch-up round longer than an election timeout aborts it. Meanwhile the change is in
//!   flight.

use crate::role::RoleState;
use crate::{Entry, LogIndex, RaftNode};
use conlab_core::kv::Command;
use conlab_core::{Configuration, Joint, NodeId, Out};

fn is_change(command: &Command) -> bool {
    matches!(
        command,
        Command::AddServer(_)
            | Command::RemoveServer(_)
            | Command::ChangeConfig(_)
            | Command::NewConfig(_)
    )
}

/// `config` (C_new) and `old` (C_old while joint) after the configuration entry `command`.
fn apply(config: &mut Configuration, old: &mut Option<Configuration>, command: &Command) {
    match command {
        Command::AddServer(id) => config.add(*id),
        Command::RemoveServer(id) => config.remove(*id),
        Command::ChangeConfig(new) => *old = Some(std::mem::replace(config, new.clone())),
        Command::NewConfig(new) => (*config, *old) = (new.clone(), None),
        _ => {}
    }
}

impl RaftNode {
    /// Append `entry`; a configuration entry takes effect at once (§4.1; §6: "a server always
    /// uses the latest configuration in its log").
    pub(crate) fn append_entry(&mut self, entry: Entry) -> LogIndex {
        let membership = is_change(&entry.command);
        if membership {
            apply(
                &mut self.configuration,
                &mut self.old_configuration,
                &entry.command,
            );
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

    /// After a restart or an installed snapshot: find the configuration entries in the log
    /// after the snapshot (once per boot or snapshot).
    pub(crate) fn reload_configuration(&mut self) {
        self.config_indices = (self.log.start_index() + 1..=self.log.last_index())
            .filter(|&i| self.log.entry(i).is_some_and(|e| is_change(&e.command)))
            .collect();
        self.recompute_configuration();
    }

    /// The latest configuration in the log.
    fn recompute_configuration(&mut self) {
        (self.configuration, self.old_configuration) = self.configuration_at(LogIndex::MAX);
        self.track_configuration();
    }

    /// The configuration in force at `index` (C_new, and C_old while joint): the snapshot's
    /// (§7; else the initial one), then every configuration entry up to `index`, in order.
    pub(crate) fn configuration_at(
        &self,
        index: LogIndex,
    ) -> (Configuration, Option<Configuration>) {
        let (mut config, mut old) = match &self.snapshot {
            Some(s) => (s.configuration.clone(), s.old_configuration.clone()),
            None => (self.initial_configuration.clone(), None),
        };
        for &i in self.config_indices.iter().take_while(|&&i| i <= index) {
            if let Some(entry) = self.log.entry(i) {
                apply(&mut config, &mut old, &entry.command);
            }
        }
        (config, old)
    }

    /// The configuration in force: C_new, and C_old while joint (§6).
    pub fn joint(&self) -> Joint<'_> {
        Joint {
            new: &self.configuration,
            old: self.old_configuration.as_ref(),
        }
    }

    /// A leader replicates to every voter of its configuration (both while joint), new ones
    /// included; servers it removed keep getting entries for the rest of its term, so they
    /// learn of it.
    pub(crate) fn track_configuration(&mut self) {
        let next = self.log.last_index() + 1;
        if let RoleState::Leader(leader) = &mut self.role {
            leader.progress.track(&self.configuration, next);
            if let Some(old) = &self.old_configuration {
                leader.progress.track(old, next);
            }
        }
    }

    /// Whether the latest configuration entry is committed (as far as this server knows).
    fn config_committed(&self) -> bool {
        self.config_indices
            .last()
            .is_none_or(|&i| i <= self.commit_index)
    }

    /// Whether the leader may append a configuration entry now: no change is in flight (the
    /// previous entry is committed, §4.1, and the configuration is not joint, §6) and an
    /// entry of its own term is committed (the 2015 fix). Else why not.
    fn may_change_configuration(&self) -> Result<(), &'static str> {
        let bugs = &self.config.bugs;
        if !bugs.two_config_changes_at_once {
            if self.learner().is_some() {
                return Err("a new server is still catching up as a learner");
            }
            if !self.config_committed() {
                return Err("a configuration change is still uncommitted");
            }
            if self.old_configuration.is_some() {
                return Err("a joint configuration change is still in progress");
            }
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
        let config = &self.configuration;
        let exists = |id: NodeId| id.index() < self.servers;
        let refusal = match command {
            Command::AddServer(id) if config.contains(*id) => {
                Err("the server is already in the configuration")
            }
            Command::AddServer(id) if !exists(*id) => Err("no such server"),
            Command::RemoveServer(id) if !config.contains(*id) => {
                Err("the server is not in the configuration")
            }
            Command::RemoveServer(_) if config.len() == 1 => {
                Err("the last server cannot be removed")
            }
            Command::ChangeConfig(new) if !new.voters().iter().all(|&id| exists(id)) => {
                Err("no such server")
            }
            Command::NewConfig(_) => Err("only the leader appends new_config"),
            Command::AddServer(_) | Command::RemoveServer(_) | Command::ChangeConfig(_) => {
                self.may_change_configuration()
            }
            _ => Ok(()),
        };
        refusal.err()
    }

    /// After the commit index moved. §6: once C_old,new is committed the leader appends
    /// C_new (like any configuration entry, once an entry of its term is committed too);
    /// §4.2.2 and §6: a leader that is not in its configuration steps down once that
    /// configuration (C_new, never C_old,new) is committed.
    pub(crate) fn advance_configuration(&mut self, out: &mut Out<Self>) {
        if self.leader().is_none() || !self.config_committed() {
            return;
        }
        if self.old_configuration.is_some() {
            if self.log.term_at(self.commit_index) != Some(self.current_term) {
                return;
            }
            let command = Command::NewConfig(self.configuration.clone());
            self.append_own_entry(command, out);
            self.maybe_advance_commit_index(out);
            self.broadcast_append_entries(out);
        } else if !self.configuration.contains(self.id) {
            self.become_follower(self.current_term, out);
        }
    }

    /// Whether this server starts elections: it is in its configuration (either half while
    /// joint), or the configuration that leaves it out is not committed yet (as far as it
    /// knows), so it may still be needed to commit it (dissertation §4.2.2, Figure 4.6).
    pub(crate) fn is_voter(&self) -> bool {
        self.configuration.contains(self.id)
            || self
                .old_configuration
                .as_ref()
                .is_some_and(|old| old.contains(self.id))
            || !self.config_committed()
    }
}

#[cfg(test)]
mod tests {
    use crate::{AppendEntries, Entry, Msg, RaftConfig, RaftNode};
    use conlab_core::kv::Command;
    use conlab_core::{Configuration, Input, NodeId, Out, Protocol};

    fn append(node: &mut RaftNode, term: u64, command: Command) {
        let msg = Msg::AppendEntries(AppendEntries {
            round: 0,
            term,
            leader_id: NodeId(1),
            prev_log_index: 0,
            prev_log_term: 0,
            entries: vec![Entry::new(term, command)],
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
