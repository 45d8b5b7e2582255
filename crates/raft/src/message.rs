use crate::{Entry, LogIndex, Term};
use conlab_core::NodeId;

/// Raft's RPCs (Figure 2), as one-way messages: a reply is a separate message.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Msg {
    /// Invoked by candidates to gather votes (§5.2).
    RequestVote {
        term: Term,
        candidate_id: NodeId,
        last_log_index: LogIndex,
        last_log_term: Term,
    },
    RequestVoteReply {
        term: Term,
        vote_granted: bool,
    },
    /// Invoked by the leader to replicate entries (§5.3); also the heartbeat (§5.2).
    AppendEntries {
        term: Term,
        leader_id: NodeId,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
    },
    /// `match_index` is the last index known to match on success; on failure it is a hint,
    /// the follower's last index, so the leader can skip back quickly (§5.3, last paragraph).
    AppendEntriesReply {
        term: Term,
        success: bool,
        match_index: LogIndex,
    },
}

/// The kind of a message, for the legend, the counters and `data-kind` in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MsgKind {
    RequestVote,
    RequestVoteReply,
    AppendEntries,
    Heartbeat,
    AppendEntriesReply,
}

impl MsgKind {
    pub fn name(self) -> &'static str {
        match self {
            MsgKind::RequestVote => "RequestVote",
            MsgKind::RequestVoteReply => "RequestVoteReply",
            MsgKind::AppendEntries => "AppendEntries",
            MsgKind::Heartbeat => "Heartbeat",
            MsgKind::AppendEntriesReply => "AppendEntriesReply",
        }
    }
}

impl Msg {
    pub fn term(&self) -> Term {
        match self {
            Msg::RequestVote { term, .. }
            | Msg::RequestVoteReply { term, .. }
            | Msg::AppendEntries { term, .. }
            | Msg::AppendEntriesReply { term, .. } => *term,
        }
    }

    /// An AppendEntries without entries is drawn as a heartbeat.
    pub fn kind(&self) -> MsgKind {
        match self {
            Msg::RequestVote { .. } => MsgKind::RequestVote,
            Msg::RequestVoteReply { .. } => MsgKind::RequestVoteReply,
            Msg::AppendEntries { entries, .. } if entries.is_empty() => MsgKind::Heartbeat,
            Msg::AppendEntries { .. } => MsgKind::AppendEntries,
            Msg::AppendEntriesReply { .. } => MsgKind::AppendEntriesReply,
        }
    }

    /// For replies, whether the request was granted / succeeded.
    pub fn granted(&self) -> Option<bool> {
        match self {
            Msg::RequestVoteReply { vote_granted, .. } => Some(*vote_granted),
            Msg::AppendEntriesReply { success, .. } => Some(*success),
            _ => None,
        }
    }
}
