//! Raft's RPCs (Figure 2) as one-way messages: a reply is a separate message. Each RPC is a
//! struct named after the paper, carried by a [`Msg`] variant of the same name.

use crate::{Entry, LogIndex, Snapshot, Term};
use conlab_core::NodeId;
use std::fmt;

/// Invoked by candidates to gather votes (§5.2).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RequestVote {
    pub term: Term,
    pub candidate_id: NodeId,
    pub last_log_index: LogIndex,
    pub last_log_term: Term,
    /// Sent by the target of a leadership transfer (dissertation §3.10): voters answer it even
    /// if they heard from a leader recently (§4.2.3; etcd-io/raft's `campaignTransfer`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transfer: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RequestVoteReply {
    pub term: Term,
    pub vote_granted: bool,
}

/// Invoked by the leader to replicate entries (§5.3); also the heartbeat (§5.2).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppendEntries {
    pub term: Term,
    pub leader_id: NodeId,
    pub prev_log_index: LogIndex,
    pub prev_log_term: Term,
    pub entries: Vec<Entry>,
    pub leader_commit: LogIndex,
    /// The leader's heartbeat round (dissertation §6.4; etcd-io/raft's heartbeat `Context`),
    /// echoed by the reply, so ReadIndex and lease reads know which round a follower
    /// acknowledged. 0 with `reads: log`, and then not printed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub round: u64,
}

/// Sent by a leader transferring leadership (dissertation §3.10) to its caught-up target:
/// start an election now.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimeoutNow {
    pub term: Term,
    pub leader_id: NodeId,
}

/// `match_index` is the last index known to match on success; on failure it is a hint,
/// the follower's last index, so the leader can skip back quickly (§5.3, last paragraph).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppendEntriesReply {
    pub term: Term,
    pub success: bool,
    pub match_index: LogIndex,
    /// The request's heartbeat round, echoed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub round: u64,
}

fn is_zero(round: &u64) -> bool {
    *round == 0
}

/// Printed as derived, with `round` only when set, so traces recorded before reads without
/// the log existed read the same.
impl fmt::Debug for AppendEntries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("AppendEntries");
        s.field("term", &self.term)
            .field("leader_id", &self.leader_id)
            .field("prev_log_index", &self.prev_log_index)
            .field("prev_log_term", &self.prev_log_term)
            .field("entries", &self.entries)
            .field("leader_commit", &self.leader_commit);
        if self.round != 0 {
            s.field("round", &self.round);
        }
        s.finish()
    }
}

impl fmt::Debug for AppendEntriesReply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("AppendEntriesReply");
        s.field("term", &self.term)
            .field("success", &self.success)
            .field("match_index", &self.match_index);
        if self.round != 0 {
            s.field("round", &self.round);
        }
        s.finish()
    }
}

/// Invoked by the leader to send a follower the snapshot that replaces the log entries it
/// lacks, once those are compacted away (§7, Figure 13). The whole snapshot travels in one
/// message: the paper's chunking by `offset` and `done` is not modelled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallSnapshot {
    pub term: Term,
    pub leader_id: NodeId,
    /// Carries lastIncludedIndex, lastIncludedTerm, the configuration and the state.
    pub snapshot: Snapshot,
}

/// Figure 13's reply carries only `term`; `match_index` tells the leader how far the
/// follower's log now matches (the snapshot's last included index, or the follower's commit
/// index when the snapshot was stale), so it can set matchIndex and nextIndex.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InstallSnapshotReply {
    pub term: Term,
    pub match_index: LogIndex,
}

/// Any Raft message. It prints (and serializes) as the message it carries, e.g.
/// `RequestVoteReply { term: 2, vote_granted: true }`.
#[derive(Clone, PartialEq, Eq)]
pub enum Msg {
    RequestVote(RequestVote),
    RequestVoteReply(RequestVoteReply),
    AppendEntries(AppendEntries),
    AppendEntriesReply(AppendEntriesReply),
    /// PreVote (dissertation §9.6): a RequestVote for `term` = the sender's term + 1 that
    /// changes no state; as in etcd-io/raft, the same fields as a vote request.
    PreVote(RequestVote),
    /// The answer to a PreVote: the requested term if granted, else the voter's term.
    PreVoteReply(RequestVoteReply),
    TimeoutNow(TimeoutNow),
    InstallSnapshot(InstallSnapshot),
    InstallSnapshotReply(InstallSnapshotReply),
}

impl fmt::Debug for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Msg::RequestVote(m) => vote_request(f, "RequestVote", m),
            Msg::RequestVoteReply(m) => m.fmt(f),
            Msg::AppendEntries(m) => m.fmt(f),
            Msg::AppendEntriesReply(m) => m.fmt(f),
            Msg::PreVote(m) => vote_request(f, "PreVote", m),
            Msg::PreVoteReply(m) => f
                .debug_struct("PreVoteReply")
                .field("term", &m.term)
                .field("vote_granted", &m.vote_granted)
                .finish(),
            Msg::TimeoutNow(m) => m.fmt(f),
            Msg::InstallSnapshot(m) => m.fmt(f),
            Msg::InstallSnapshotReply(m) => m.fmt(f),
        }
    }
}

/// A vote request prints its `transfer` flag only when it is set, so traces recorded before
/// leadership transfer existed read the same.
fn vote_request(f: &mut fmt::Formatter<'_>, name: &str, m: &RequestVote) -> fmt::Result {
    let mut s = f.debug_struct(name);
    s.field("term", &m.term)
        .field("candidate_id", &m.candidate_id)
        .field("last_log_index", &m.last_log_index)
        .field("last_log_term", &m.last_log_term);
    if m.transfer {
        s.field("transfer", &true);
    }
    s.finish()
}

macro_rules! carried_by_msg {
    ($($name:ident),*) => {$(
        impl From<$name> for Msg {
            fn from(m: $name) -> Msg {
                Msg::$name(m)
            }
        }
    )*};
}
carried_by_msg!(
    RequestVote,
    RequestVoteReply,
    AppendEntries,
    AppendEntriesReply,
    TimeoutNow,
    InstallSnapshot,
    InstallSnapshotReply
);

/// The kind of a message, for the legend, the counters and `data-kind` in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MsgKind {
    RequestVote,
    RequestVoteReply,
    AppendEntries,
    Heartbeat,
    AppendEntriesReply,
    PreVote,
    PreVoteReply,
    TimeoutNow,
    InstallSnapshot,
    InstallSnapshotReply,
}

impl MsgKind {
    pub fn name(self) -> &'static str {
        match self {
            MsgKind::RequestVote => "RequestVote",
            MsgKind::RequestVoteReply => "RequestVoteReply",
            MsgKind::AppendEntries => "AppendEntries",
            MsgKind::Heartbeat => "Heartbeat",
            MsgKind::AppendEntriesReply => "AppendEntriesReply",
            MsgKind::PreVote => "PreVote",
            MsgKind::PreVoteReply => "PreVoteReply",
            MsgKind::TimeoutNow => "TimeoutNow",
            MsgKind::InstallSnapshot => "InstallSnapshot",
            MsgKind::InstallSnapshotReply => "InstallSnapshotReply",
        }
    }
}

impl Msg {
    pub fn term(&self) -> Term {
        match self {
            Msg::RequestVote(m) | Msg::PreVote(m) => m.term,
            Msg::RequestVoteReply(m) | Msg::PreVoteReply(m) => m.term,
            Msg::AppendEntries(m) => m.term,
            Msg::AppendEntriesReply(m) => m.term,
            Msg::TimeoutNow(m) => m.term,
            Msg::InstallSnapshot(m) => m.term,
            Msg::InstallSnapshotReply(m) => m.term,
        }
    }

    /// An AppendEntries without entries is drawn as a heartbeat.
    pub fn kind(&self) -> MsgKind {
        match self {
            Msg::RequestVote(_) => MsgKind::RequestVote,
            Msg::RequestVoteReply(_) => MsgKind::RequestVoteReply,
            Msg::AppendEntries(m) if m.entries.is_empty() => MsgKind::Heartbeat,
            Msg::AppendEntries(_) => MsgKind::AppendEntries,
            Msg::AppendEntriesReply(_) => MsgKind::AppendEntriesReply,
            Msg::PreVote(_) => MsgKind::PreVote,
            Msg::PreVoteReply(_) => MsgKind::PreVoteReply,
            Msg::TimeoutNow(_) => MsgKind::TimeoutNow,
            Msg::InstallSnapshot(_) => MsgKind::InstallSnapshot,
            Msg::InstallSnapshotReply(_) => MsgKind::InstallSnapshotReply,
        }
    }

    /// For replies, whether the request was granted / succeeded.
    pub fn granted(&self) -> Option<bool> {
        match self {
            Msg::RequestVoteReply(m) | Msg::PreVoteReply(m) => Some(m.vote_granted),
            Msg::AppendEntriesReply(m) => Some(m.success),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_prints_as_the_rpc_it_carries() {
        let msg = Msg::from(RequestVoteReply {
            term: 2,
            vote_granted: true,
        });
        assert_eq!(
            format!("{msg:?}"),
            "RequestVoteReply { term: 2, vote_granted: true }"
        );
        assert_eq!((msg.term(), msg.granted()), (2, Some(true)));
    }
}
