use conlab_core::{NodeId, Tick, TickRange};

/// Static configuration of a Raft node.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct RaftConfig {
    /// Election timeouts are drawn uniformly from this range (§5.2: "randomized election
    /// timeouts ... chosen randomly from a fixed interval (e.g., 150–300ms)").
    pub election_timeout_ms: TickRange,
    /// Heartbeat period (§5.2): each tick, a leader sends an AppendEntries to every follower
    /// that it sent none since the previous tick.
    pub heartbeat_ms: Tick,
    /// At most this many entries travel in one AppendEntries.
    pub max_entries_per_append: usize,
    /// Flow control (etcd-io/raft's `MaxInflightMsgs`): once a follower's log is known to
    /// match, at most this many AppendEntries with entries are in flight to it at once
    /// (at least one). While the match is still being probed for, only one is.
    pub max_inflight_appends: usize,
    /// A new leader appends a no-op entry of its term (§8), so that entries of earlier terms
    /// commit without waiting for a client command. On by default; Figure 8 is told without it.
    pub noop_on_election: bool,
    /// The initial configuration (dissertation §4.1): the servers that vote at first. Empty
    /// means every server of the cluster. Others exist but wait to be added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub voters: Vec<NodeId>,
    /// PreVote (dissertation §9.6, etcd-io/raft `PreVote`): a server whose election timer
    /// fires first asks, without raising its term, whether it could win. Off by default.
    /// (Written only when on, so older links keep their text.)
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pre_vote: bool,
    /// CheckQuorum (etcd-io/raft `CheckQuorum`; dissertation §6.2 and §4.2.3): a leader that
    /// has not heard from a majority for an election timeout steps down, and a follower that
    /// heard from a leader within the minimum election timeout ignores RequestVote.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub check_quorum: bool,
    /// Log compaction (§7): once a server's log holds more than this many entries after its
    /// snapshot, it snapshots its state machine through its last applied entry and drops
    /// the entries the snapshot covers. `None` (the default): logs are never compacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_after_entries: Option<u64>,
    /// How the leader answers a `get` (dissertation §6.4): through the log (the default),
    /// by ReadIndex or under a lease. (Written only when not `log`.)
    #[serde(skip_serializing_if = "ReadMode::is_log")]
    pub reads: ReadMode,
    /// Teaching bug toggles; all off by default.
    pub bugs: RaftBugs,
}

impl Default for RaftConfig {
    fn default() -> Self {
        Self {
            election_timeout_ms: TickRange::new(150, 300),
            heartbeat_ms: 50,
            max_entries_per_append: 32,
            max_inflight_appends: 4,
            noop_on_election: true,
            voters: Vec::new(),
            pre_vote: false,
            check_quorum: false,
            snapshot_after_entries: None,
            reads: ReadMode::Log,
            bugs: RaftBugs::default(),
        }
    }
}

/// How a leader answers a read-only command, a `get` (Ongaro's dissertation §6.4; etcd-io/raft's
/// `ReadOnlyOption`). Writes and `cas` always go through the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadMode {
    /// A `get` is a log entry like any command, answered once applied.
    #[default]
    Log,
    /// §6.4 (etcd's `ReadOnlySafe`): commit an entry of its term, record the commit index,
    /// confirm leadership by a round of heartbeats acknowledged by a majority, wait until
    /// applied through that index, answer from the state machine.
    ReadIndex,
    /// §6.4.1 (etcd's `ReadOnlyLeaseBased`): answer at once while a majority acknowledged a
    /// heartbeat round sent less than the minimum election timeout ago; otherwise as
    /// `read_index`. Followers then ignore RequestVote while they heard from a leader within
    /// that timeout (§4.2.3), as with CheckQuorum.
    Lease,
}

impl ReadMode {
    pub fn is_log(&self) -> bool {
        *self == ReadMode::Log
    }
}

/// Deliberate deviations from the paper, for the "break it" lessons and to prove that the
/// safety checkers can fail. Each names the rule it breaks.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct RaftBugs {
    /// Grant votes without §5.4.1's "candidate's log is at least as up-to-date" check.
    pub no_election_restriction: bool,
    /// Commit an entry of an earlier term once a majority stores it: the mistake §5.4.2 and
    /// Figure 8 warn about.
    pub commit_old_term_by_counting: bool,
    /// Lose `votedFor` on restart, as if it were volatile (Figure 2 says it is persistent).
    pub forget_vote_on_restart: bool,
    /// On AppendEntries, drop everything after `prevLogIndex` even when it matches (§5.3 says
    /// delete only on a conflict).
    pub truncate_on_any_append: bool,
    /// A leader with an uncommitted last entry overwrites it with the next client command
    /// instead of appending: Figure 3's Leader Append-Only forbids exactly this. Followers
    /// that already hold the old entry keep it, so logs then disagree at an index and term.
    pub leader_overwrites_own_log: bool,
    /// Grant a vote without recording it in `votedFor` (Figure 2: votedFor is the
    /// "candidateId that received vote in current term"; §5.2: "each server will vote for at
    /// most one candidate in a given term"), so a follower can vote again in the same term
    /// and two candidates can both win it (breaks Election Safety, Figure 3).
    pub grant_vote_without_recording: bool,
    /// Obey an AppendEntries from a stale leader by adopting its lower term, skipping
    /// Figure 2's "reply false if term < currentTerm" (§5.1: terms only grow).
    pub adopt_lower_term: bool,
    /// Append entries after `prevLogIndex` without checking that the entry there has
    /// `prevLogTerm`: Figure 2's AppendEntries consistency check (§5.3), which Log Matching
    /// rests on.
    pub skip_prev_log_term_check: bool,
    /// Append a configuration entry before committing an entry of the leader's own term: the
    /// 2015 single-server bug (dissertation §4.1, Ongaro's raft-dev post of 2015-07-10); a
    /// committed entry can be lost. (Written only when on, so older links keep their text.)
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub config_change_before_own_term_commit: bool,
    /// Append a configuration entry while another is uncommitted (dissertation §4.1: "will not
    /// allow a configuration change to begin until the previous one has committed").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub two_config_changes_at_once: bool,
    /// Count the commit majority in the initial configuration instead of the latest one in
    /// the log (dissertation §4.1: "a server always uses the latest configuration in its log").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub commit_in_initial_configuration: bool,
    /// A leader whose configuration is joint counts only C_new's majority for commitment,
    /// not C_old's too (Raft §6: "agreement ... requires separate majorities from both the
    /// old and new configurations"); a committed entry can be lost.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub joint_commit_counts_new_only: bool,
    /// A candidate whose configuration is joint counts only C_new's votes, not C_old's too
    /// (Raft §6: elections need "separate majorities from both"); C_old can then elect
    /// another leader in the same term.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub joint_election_counts_new_only: bool,
    /// Snapshot through the last log entry instead of the last applied one (§7: "each
    /// server takes snapshots independently, covering just the committed entries in its
    /// log"): the snapshot can then hold entries that are never committed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub snapshot_includes_uncommitted: bool,
    /// The leader drops a client's session (dissertation §6.3) when it appends the command,
    /// as a server without sessions would: a retried write is then applied twice, and a
    /// client can read its own old write back after a newer one (breaks linearizability).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_client_sessions: bool,
    /// The leader answers a `get` from its state machine at once: no log entry, no heartbeat
    /// round, no lease (dissertation §6.4 requires one of them). A leader cut off from the
    /// majority then returns stale values (breaks linearizability).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_without_quorum: bool,
}

impl RaftBugs {
    /// Every toggle's name, as written in scenario files and on the command line.
    pub const NAMES: [&'static str; 16] = [
        "no_election_restriction",
        "commit_old_term_by_counting",
        "forget_vote_on_restart",
        "truncate_on_any_append",
        "leader_overwrites_own_log",
        "grant_vote_without_recording",
        "adopt_lower_term",
        "skip_prev_log_term_check",
        "config_change_before_own_term_commit",
        "two_config_changes_at_once",
        "commit_in_initial_configuration",
        "joint_commit_counts_new_only",
        "joint_election_counts_new_only",
        "snapshot_includes_uncommitted",
        "no_client_sessions",
        "read_without_quorum",
    ];

    /// Whether the toggle called `name` is on (false for unknown names).
    pub fn is_enabled(&self, name: &str) -> bool {
        match name {
            "no_election_restriction" => self.no_election_restriction,
            "commit_old_term_by_counting" => self.commit_old_term_by_counting,
            "forget_vote_on_restart" => self.forget_vote_on_restart,
            "truncate_on_any_append" => self.truncate_on_any_append,
            "leader_overwrites_own_log" => self.leader_overwrites_own_log,
            "grant_vote_without_recording" => self.grant_vote_without_recording,
            "adopt_lower_term" => self.adopt_lower_term,
            "skip_prev_log_term_check" => self.skip_prev_log_term_check,
            "config_change_before_own_term_commit" => self.config_change_before_own_term_commit,
            "two_config_changes_at_once" => self.two_config_changes_at_once,
            "commit_in_initial_configuration" => self.commit_in_initial_configuration,
            "joint_commit_counts_new_only" => self.joint_commit_counts_new_only,
            "joint_election_counts_new_only" => self.joint_election_counts_new_only,
            "snapshot_includes_uncommitted" => self.snapshot_includes_uncommitted,
            "no_client_sessions" => self.no_client_sessions,
            "read_without_quorum" => self.read_without_quorum,
            _ => false,
        }
    }

    /// Turn on the toggle called `name`; false if there is no such toggle.
    pub fn enable(&mut self, name: &str) -> bool {
        let flag = match name {
            "no_election_restriction" => &mut self.no_election_restriction,
            "commit_old_term_by_counting" => &mut self.commit_old_term_by_counting,
            "forget_vote_on_restart" => &mut self.forget_vote_on_restart,
            "truncate_on_any_append" => &mut self.truncate_on_any_append,
            "leader_overwrites_own_log" => &mut self.leader_overwrites_own_log,
            "grant_vote_without_recording" => &mut self.grant_vote_without_recording,
            "adopt_lower_term" => &mut self.adopt_lower_term,
            "skip_prev_log_term_check" => &mut self.skip_prev_log_term_check,
            "config_change_before_own_term_commit" => {
                &mut self.config_change_before_own_term_commit
            }
            "two_config_changes_at_once" => &mut self.two_config_changes_at_once,
            "commit_in_initial_configuration" => &mut self.commit_in_initial_configuration,
            "joint_commit_counts_new_only" => &mut self.joint_commit_counts_new_only,
            "joint_election_counts_new_only" => &mut self.joint_election_counts_new_only,
            "snapshot_includes_uncommitted" => &mut self.snapshot_includes_uncommitted,
            "no_client_sessions" => &mut self.no_client_sessions,
            "read_without_quorum" => &mut self.read_without_quorum,
            _ => return false,
        };
        *flag = true;
        true
    }
}
