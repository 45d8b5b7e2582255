//! Single-decree Paxos messages, named as in Paxos Made Simple §2.2 (phase 1a/1b/2a/2b).

use crate::{Ballot, Value};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Msg {
    /// 1a: "a prepare request with number n" — promise me to accept nothing below `ballot`.
    Prepare { ballot: Ballot },
    /// 1b: the promise, with "the proposal with the highest number less than n that it has
    /// accepted, if any".
    Promise {
        ballot: Ballot,
        accepted: Option<(Ballot, Value)>,
    },
    /// 2a: "an accept request ... for a proposal numbered n with a value v".
    Accept { ballot: Ballot, value: Value },
    /// 2b: an acceptor accepted `(ballot, value)`; sent to every learner (§2.3) and to the
    /// proposer of the ballot.
    Accepted { ballot: Ballot, value: Value },
    /// The acceptor already promised `promised` > `ballot`: give up (§2.2, optimization).
    Nack { ballot: Ballot, promised: Ballot },
}

/// The kind of a message, for the legend and the counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MsgKind {
    Prepare,
    Promise,
    Accept,
    Accepted,
    Nack,
}

impl MsgKind {
    pub fn name(self) -> &'static str {
        match self {
            MsgKind::Prepare => "Prepare",
            MsgKind::Promise => "Promise",
            MsgKind::Accept => "Accept",
            MsgKind::Accepted => "Accepted",
            MsgKind::Nack => "Nack",
        }
    }
}

impl Msg {
    pub fn kind(&self) -> MsgKind {
        match self {
            Msg::Prepare { .. } => MsgKind::Prepare,
            Msg::Promise { .. } => MsgKind::Promise,
            Msg::Accept { .. } => MsgKind::Accept,
            Msg::Accepted { .. } => MsgKind::Accepted,
            Msg::Nack { .. } => MsgKind::Nack,
        }
    }

    /// The ballot the message is about.
    pub fn ballot(&self) -> Ballot {
        match self {
            Msg::Prepare { ballot }
            | Msg::Promise { ballot, .. }
            | Msg::Accept { ballot, .. }
            | Msg::Accepted { ballot, .. }
            | Msg::Nack { ballot, .. } => *ballot,
        }
    }
}
