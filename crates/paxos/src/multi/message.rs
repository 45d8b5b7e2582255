//! Multi-Paxos messages: the phases of Paxos Made Simple §2.2 per slot, plus the leader's
//! heartbeat and the decisions that let replicas learn and catch up (PMMC's "decision").

use crate::{Ballot, Slot};
use conlab_core::kv::Command;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Msg {
    /// 1a for every slot from `first_slot` on at once (§3: "phase 1 for infinitely many
    /// instances").
    Prepare { ballot: Ballot, first_slot: Slot },
    /// 1b: the promise, with every proposal accepted in a slot ≥ `first_slot`.
    Promise {
        ballot: Ballot,
        accepted: Vec<(Slot, Ballot, Command)>,
    },
    /// 2a for one slot.
    Accept {
        ballot: Ballot,
        slot: Slot,
        command: Command,
    },
    /// 2b, to the leader that sent the Accept.
    Accepted { ballot: Ballot, slot: Slot },
    /// The acceptor has promised `promised` > `ballot`.
    Nack { ballot: Ballot, promised: Ballot },
    /// The leader is alive; every slot up to `chosen_through` is chosen and executed there.
    Heartbeat {
        ballot: Ballot,
        chosen_through: Slot,
    },
    /// A lagging replica asks for the chosen commands from `first_slot` on.
    CatchUp { first_slot: Slot },
    /// Slots `first_slot`, `first_slot + 1`, … are chosen with these commands.
    Chosen {
        first_slot: Slot,
        commands: Vec<Command>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MsgKind {
    Prepare,
    Promise,
    Accept,
    Accepted,
    Nack,
    Heartbeat,
    CatchUp,
    Chosen,
}

impl MsgKind {
    pub fn name(self) -> &'static str {
        match self {
            MsgKind::Prepare => "Prepare",
            MsgKind::Promise => "Promise",
            MsgKind::Accept => "Accept",
            MsgKind::Accepted => "Accepted",
            MsgKind::Nack => "Nack",
            MsgKind::Heartbeat => "Heartbeat",
            MsgKind::CatchUp => "CatchUp",
            MsgKind::Chosen => "Chosen",
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
            Msg::Heartbeat { .. } => MsgKind::Heartbeat,
            Msg::CatchUp { .. } => MsgKind::CatchUp,
            Msg::Chosen { .. } => MsgKind::Chosen,
        }
    }

    /// The ballot the message carries, if any.
    pub fn ballot(&self) -> Option<Ballot> {
        match self {
            Msg::Prepare { ballot, .. }
            | Msg::Promise { ballot, .. }
            | Msg::Accept { ballot, .. }
            | Msg::Accepted { ballot, .. }
            | Msg::Nack { ballot, .. }
            | Msg::Heartbeat { ballot, .. } => Some(*ballot),
            Msg::CatchUp { .. } | Msg::Chosen { .. } => None,
        }
    }
}
