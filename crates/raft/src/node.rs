use crate::progress::Progress;
use crate::role::{Leader, Role, RoleState};
use crate::{Entry, LogIndex, Msg, RaftConfig, RaftLog, ReadMode, Snapshot, Term};
use conlab_core::kv::{Command, KvStore, Outcome};
use conlab_core::{Configuration, Input, NodeId, Out, Protocol, RequestId, TickRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Followers and candidates start an election when it fires (§5.2).
    Election,
    /// Leaders send AppendEntries to every follower when it fires (§5.2).
    Heartbeat,
    /// A leader's election-timeout period (etcd-io/raft's `electionElapsed`), armed with
    /// CheckQuorum or while transferring leadership: check that a majority was heard from,
    /// give up a transfer.
    CheckQuorum,
    /// Fires the minimum election timeout after a follower last heard from its leader; until
    /// then it grants no pre-vote (§9.6) and, with CheckQuorum, ignores RequestVote (§4.2.3).
    LeaderContact,
}

/// Figure 2's persistent state: updated on stable storage before responding to RPCs; with
/// log compaction, the snapshot too, and `log` holds the entries after it (§7).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Durable {
    pub current_term: Term,
    pub voted_for: Option<NodeId>,
    pub log: Vec<Entry>,
    pub snapshot: Option<Snapshot>,
}

/// The answer to a client request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Only the leader accepts commands (§8); `leader_hint` is who this node believes leads.
    NotLeader { leader_hint: Option<NodeId> },
    /// Appended to the leader's log at `index`; not yet committed.
    Accepted { index: LogIndex, term: Term },
    /// Committed and applied by the leader's state machine.
    Applied { index: LogIndex, outcome: Outcome },
    /// The leader refused a configuration change (dissertation §4.1) or a transfer, for this
    /// reason.
    Refused { reason: &'static str },
    /// The leader is handing leadership to `to` (dissertation §3.10).
    Transferring { to: NodeId },
    /// `remove_server` of a server still catching up as a learner: the leader stopped adding
    /// it, with no log entry (dissertation §4.2.1).
    LearnerRemoved { server: NodeId },
}

/// Events the narration and the timeline markers show. `Compacted`: the server snapshotted
/// its state machine and dropped its log through that index; `InstalledSnapshot`: it
/// installed a leader's snapshot through that index (§7, Figure 13).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    StartedElection {
        term: Term,
    },
    /// A pre-candidate asks whether it could win `term` (§9.6).
    StartedPreVote {
        term: Term,
    },
    BecameLeader {
        term: Term,
    },
    SteppedDown {
        term: Term,
    },
    Committed {
        index: LogIndex,
    },
    Truncated {
        from: LogIndex,
    },
    Compacted {
        through: LogIndex,
    },
    InstalledSnapshot {
        index: LogIndex,
    },
}

/// One Raft server.
#[derive(Clone, Debug)]
pub struct RaftNode {
    pub(crate) id: NodeId,
    /// The voters: the latest configuration in the log (dissertation §4.1); every quorum is
    /// computed from it.
    pub(crate) configuration: Configuration,
    /// C_old while the latest configuration is joint (Raft §6): quorums then need a majority
    /// of it too.
    pub(crate) old_configuration: Option<Configuration>,
    /// The configuration before any configuration entry (`raft.voters`, default all).
    pub(crate) initial_configuration: Configuration,
    /// The indices of the configuration entries in the log, ascending.
    pub(crate) config_indices: Vec<LogIndex>,
    /// How many servers exist (`S1..=Sn`); only those can be added.
    pub(crate) servers: usize,
    pub(crate) config: RaftConfig,
    // Persistent state on all servers (Figure 2).
    pub(crate) current_term: Term,
    pub(crate) voted_for: Option<NodeId>,
    pub(crate) log: RaftLog,
    // Volatile state on all servers.
    pub(crate) role: RoleState,
    pub(crate) commit_index: LogIndex,
    pub(crate) last_applied: LogIndex,
    pub(crate) leader_id: Option<NodeId>,
    /// Heard from a leader within the minimum election timeout (§9.6, §4.2.3).
    pub(crate) leader_contact: bool,
    pub(crate) kv: KvStore,
    /// The latest snapshot, persistent (§7).
    pub(crate) snapshot: Option<Snapshot>,
}

impl Protocol for RaftNode {
    type Msg = Msg;
    type Timer = Timer;
    type Request = Command;
    type Reply = Reply;
    type Durable = Durable;
    type Config = RaftConfig;
    type Note = Note;

    /// The initial configuration is `config.voters`, or every node of the cluster.
    fn new(id: NodeId, cluster_size: usize, config: &RaftConfig) -> Self {
        let configuration = if config.voters.is_empty() {
            Configuration::of_cluster(cluster_size)
        } else {
            Configuration::new(config.voters.iter().copied())
        };
        Self {
            id,
            initial_configuration: configuration.clone(),
            configuration,
            old_configuration: None,
            config_indices: Vec::new(),
            servers: cluster_size,
            config: config.clone(),
            current_term: 0,
            voted_for: None,
            log: RaftLog::default(),
            role: RoleState::Follower,
            commit_index: 0,
            last_applied: 0,
            leader_id: None,
            leader_contact: false,
            kv: KvStore::default(),
            snapshot: None,
        }
    }

    fn step(&mut self, input: Input<Self>, out: &mut Out<Self>) {
        let point = self.snapshot_point();
        match input {
            Input::Start => self.reset_election_timer(out),
            Input::Restart(durable) => self.restart(durable, out),
            Input::Timer(Timer::Election) => self.election_timeout(out),
            Input::Timer(Timer::Heartbeat) => self.heartbeat(out),
            Input::Timer(Timer::CheckQuorum) => self.check_quorum(out),
            Input::Timer(Timer::LeaderContact) => self.leader_contact = false,
            Input::Client { id, request } => self.handle_client(id, request, out),
            Input::Recv { from, msg } => self.handle_message(from, msg, out),
        }
        self.serve_reads(out);
        self.maybe_compact(point, out);
    }

    fn durable(&self) -> Durable {
        Durable {
            current_term: self.current_term,
            voted_for: self.voted_for,
            log: self.log.to_vec(),
            snapshot: self.snapshot.clone(),
        }
    }
}

impl RaftNode {
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// How many voters the configuration has.
    pub fn cluster_size(&self) -> usize {
        self.configuration.len()
    }
    /// The voters this node computes its quorums from.
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }
    /// C_old while this node's latest configuration is joint (Raft §6); then
    /// [`configuration`](Self::configuration) is C_new.
    pub fn old_configuration(&self) -> Option<&Configuration> {
        self.old_configuration.as_ref()
    }
    /// The indices of the configuration entries in the log, ascending (dissertation §4.1).
    pub fn config_indices(&self) -> &[LogIndex] {
        &self.config_indices
    }
    pub fn config(&self) -> &RaftConfig {
        &self.config
    }
    pub fn role(&self) -> Role {
        self.role.kind()
    }
    pub fn current_term(&self) -> Term {
        self.current_term
    }
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    pub fn log(&self) -> &RaftLog {
        &self.log
    }
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }
    pub fn last_applied(&self) -> LogIndex {
        self.last_applied
    }
    pub fn leader_id(&self) -> Option<NodeId> {
        self.leader_id
    }
    pub fn state_machine(&self) -> &KvStore {
        &self.kv
    }
    /// Who granted this candidate a vote in the current term, or this pre-candidate a
    /// pre-vote (nobody unless one of them).
    pub fn votes_granted(&self) -> impl Iterator<Item = NodeId> + '_ {
        let votes = match &self.role {
            RoleState::Candidate(c) | RoleState::PreCandidate(c) => c.votes(),
            _ => &[],
        };
        votes.iter().copied()
    }
    /// Who voted for this leader in the election it won (nobody unless a leader).
    pub fn elected_by(&self) -> &[NodeId] {
        self.leader().map_or(&[], |l| &l.elected_by)
    }
    /// The leader's progress for `peer`; `None` unless this node leads and `peer` votes.
    pub fn progress(&self, peer: NodeId) -> Option<&Progress> {
        self.leader().and_then(|l| l.progress.get(peer))
    }
    /// The leader's nextIndex for `peer` (0 unless this node leads).
    pub fn next_index(&self, peer: NodeId) -> LogIndex {
        self.progress(peer).map_or(0, Progress::next_index)
    }
    /// The leader's matchIndex for `peer` (0 unless this node leads).
    pub fn match_index(&self, peer: NodeId) -> LogIndex {
        self.progress(peer).map_or(0, Progress::match_index)
    }

    pub(crate) fn leader(&self) -> Option<&Leader> {
        match &self.role {
            RoleState::Leader(leader) => Some(leader),
            _ => None,
        }
    }

    pub(crate) fn leader_mut(&mut self) -> Option<&mut Leader> {
        match &mut self.role {
            RoleState::Leader(leader) => Some(leader),
            _ => None,
        }
    }

    /// Every voter but this node: C_new's, then (while joint) C_old's not in C_new.
    pub(crate) fn peers(&self) -> impl Iterator<Item = NodeId> + '_ {
        let (me, new) = (self.id, &self.configuration);
        let old = self.old_configuration.iter().flat_map(|c| c.voters());
        let old = old.filter(move |&&p| !new.contains(p));
        new.voters()
            .iter()
            .chain(old)
            .copied()
            .filter(move |&p| p != me)
    }

    /// Boot from persistent state after a crash: volatile state starts over (Figure 2).
    fn restart(&mut self, durable: Durable, out: &mut Out<Self>) {
        self.current_term = durable.current_term;
        self.voted_for = if self.config.bugs.forget_vote_on_restart {
            None
        } else {
            durable.voted_for
        };
        self.boot(durable);
        self.reload_configuration();
        self.reset_election_timer(out);
        if self.config.reads == ReadMode::Lease {
            // It may have acknowledged a lease's round just before it crashed (§6.4.1).
            self.leader_contacted(out);
        }
    }

    /// Figure 2, all servers: "If RPC request or response contains term T > currentTerm: set
    /// currentTerm = T, convert to follower." Except a PreVote or a granted pre-vote, which
    /// change no term (§9.6), and a RequestVote ignored under CheckQuorum (§4.2.3).
    fn handle_message(&mut self, from: NodeId, msg: Msg, out: &mut Out<Self>) {
        if self.ignores_vote_request(&msg) {
            return;
        }
        let keeps_term = match &msg {
            Msg::PreVote(_) => true,
            Msg::PreVoteReply(m) => m.vote_granted,
            _ => false,
        };
        if msg.term() > self.current_term && !keeps_term {
            self.become_follower(msg.term(), out);
        }
        self.heard_from(from, &msg);
        match msg {
            Msg::RequestVote(m) => self.handle_request_vote(m, out),
            Msg::RequestVoteReply(m) => self.handle_request_vote_reply(from, m, out),
            Msg::AppendEntries(m) => self.handle_append_entries(m, out),
            Msg::AppendEntriesReply(m) => self.handle_append_entries_reply(from, m, out),
            Msg::PreVote(m) => self.handle_pre_vote(m, out),
            Msg::PreVoteReply(m) => self.handle_pre_vote_reply(from, m, out),
            Msg::TimeoutNow(m) => self.handle_timeout_now(m, out),
            Msg::InstallSnapshot(m) => self.handle_install_snapshot(m, out),
            Msg::InstallSnapshotReply(m) => self.handle_install_snapshot_reply(from, m, out),
        }
    }

    /// Adopt `term` as a follower with no vote cast in it.
    pub(crate) fn become_follower(&mut self, term: Term, out: &mut Out<Self>) {
        if term > self.current_term {
            self.current_term = term;
            self.voted_for = None;
            self.leader_id = None;
            self.leader_contact = false;
            out.persist();
        }
        let previous = std::mem::replace(&mut self.role, RoleState::Follower);
        match previous {
            RoleState::Follower => {}
            RoleState::Candidate(_) | RoleState::PreCandidate(_) => self.reset_election_timer(out),
            RoleState::Leader(leader) => {
                // The waiting clients go with the leadership: they get no answer from here.
                out.cancel_timer(Timer::Heartbeat);
                if self.config.check_quorum || leader.transferee.is_some() {
                    out.cancel_timer(Timer::CheckQuorum);
                }
                out.note(Note::SteppedDown {
                    term: self.current_term,
                });
                self.reset_election_timer(out);
            }
        }
    }

    pub(crate) fn reset_election_timer(&self, out: &mut Out<Self>) {
        out.set_timer(Timer::Election, self.config.election_timeout_ms);
    }

    pub(crate) fn heartbeat_after(&self) -> TickRange {
        TickRange::exactly(self.config.heartbeat_ms)
    }

    /// How many heartbeat ticks the minimum election timeout holds (at least 1): a leader's
    /// measure of an election timeout, as its ticks are exactly `heartbeat_ms` apart.
    pub(crate) fn election_timeout_ticks(&self) -> u64 {
        let (timeout, heartbeat) = (
            self.config.election_timeout_ms.min,
            self.config.heartbeat_ms,
        );
        timeout.div_ceil(heartbeat.max(1)).max(1)
    }

    /// §8: only the leader appends client commands; others redirect. Configuration changes
    /// are refused when `change_refusal` says so (dissertation §4.1); removing the learner
    /// aborts its catch-up (§4.2.1).
    /// While it transfers leadership the leader takes no new command (§3.10): it answers as
    /// a follower would, pointing to the target. A command with a client session keeps it in
    /// its entry, so every state machine applies it once (dissertation §6.3). A `get` is
    /// answered without the log unless `reads` is `log` (§6.4).
    fn handle_client(&mut self, id: RequestId, command: Command, out: &mut Out<Self>) {
        let transferee = self.leader().and_then(|l| l.transferee);
        if self.role() != Role::Leader || transferee.is_some() {
            let leader_hint = transferee.or(self.leader_id);
            out.reply(id, Reply::NotLeader { leader_hint });
            return;
        }
        if let Command::TransferLeader(target) = command {
            return self.transfer_leadership(id, target, out);
        }
        if !self.config.reads.is_log() || self.config.bugs.read_without_quorum {
            if let Some(key) = command.read_key() {
                return self.handle_read(id, key.to_string(), out);
            }
        }
        let command = if self.config.bugs.no_client_sessions {
            command.without_session()
        } else {
            command
        };
        match (self.change_refusal(&command), command) {
            (_, Command::RemoveServer(server)) if self.learner() == Some(server) => {
                self.remove_learner(id, out)
            }
            (Some(reason), _) => out.reply(id, Reply::Refused { reason }),
            (None, Command::AddServer(server)) => self.add_learner(id, server, out),
            (None, command) => self.append_client_entry(id, command, out),
        }
    }

    /// The leader appends a client's command and replicates it. (The bug toggle
    /// `leader_overwrites_own_log` makes the leader overwrite instead of append.)
    pub(crate) fn append_client_entry(
        &mut self,
        id: RequestId,
        command: Command,
        out: &mut Out<Self>,
    ) {
        let overwritten =
            self.config.bugs.leader_overwrites_own_log && self.log.last_index() > self.commit_index;
        let term = self.current_term;
        if overwritten {
            let last = self.log.last_index();
            self.truncate_log(last);
            out.note(Note::Truncated { from: last });
            if let RoleState::Leader(leader) = &mut self.role {
                leader.pending.retain(|&(i, _, _)| i != last);
            }
        }
        let index = self.append_own_entry(command, out);
        if let RoleState::Leader(leader) = &mut self.role {
            leader.pending.push((index, term, id));
        }
        out.reply(id, Reply::Accepted { index, term });
        self.maybe_advance_commit_index(out);
        self.broadcast_append_entries(out);
    }

    /// The leader appends `command` in its term, persists it and counts its own copy.
    pub(crate) fn append_own_entry(&mut self, command: Command, out: &mut Out<Self>) -> LogIndex {
        let (me, term) = (self.id, self.current_term);
        let index = self.append_entry(Entry::new(term, command));
        out.persist();
        if let Some(own) = self.leader_mut().and_then(|l| l.progress.get_mut(me)) {
            own.acknowledge(index);
        }
        index
    }
}
