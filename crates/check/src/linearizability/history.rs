//! What clients saw: the history a linearizability check judges (Herlihy & Wing, 1990).
//!
//! An operation is invoked at `call` and either answered at some later tick with the outcome
//! the client received, or never answered (the client gave up, or the run ended first). An
//! unanswered operation may have taken effect at any point after its call, or not at all
//! (Porcupine and Knossos treat it the same way: its return is at infinity).

use conlab_core::kv::{Command, Outcome};
use conlab_core::Tick;

/// A client of the simulated service; ids are dense from 0.
pub type ClientId = u32;

/// One client operation on the key-value store: `set`, `get`, `del` or `cas`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub client: ClientId,
    pub command: Command,
    /// When the client invoked it (simulated milliseconds).
    pub call: Tick,
    /// When the client got its answer, and the answer; `None` if it never did.
    pub ret: Option<(Tick, Outcome)>,
}

impl Operation {
    /// The key the operation touches, if it is a key-value operation.
    pub fn key(&self) -> Option<&str> {
        match &self.command {
            Command::Set { key, .. }
            | Command::Get { key }
            | Command::Del { key }
            | Command::Cas { key, .. } => Some(key),
            _ => None,
        }
    }
}

/// Every client operation of a run, in invocation order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub ops: Vec<Operation>,
}

impl History {
    /// Record an invocation; returns its index, to answer it later with [`History::answer`].
    pub fn invoke(&mut self, client: ClientId, command: Command, call: Tick) -> usize {
        self.ops.push(Operation {
            client,
            command,
            call,
            ret: None,
        });
        self.ops.len() - 1
    }

    /// The history as it stood at tick `t`: the operations invoked by then, with the answers
    /// that came later forgotten (they were still pending at `t`).
    pub fn cut(&self, t: Tick) -> History {
        let ops = self
            .ops
            .iter()
            .filter(|op| op.call <= t)
            .map(|op| Operation {
                ret: op.ret.clone().filter(|(at, _)| *at <= t),
                ..op.clone()
            })
            .collect();
        History { ops }
    }

    /// Record the answer to operation `index` (the first answer counts; later ones are ignored).
    pub fn answer(&mut self, index: usize, at: Tick, outcome: Outcome) {
        if let Some(op) = self.ops.get_mut(index) {
            op.ret.get_or_insert((at, outcome));
        }
    }
}
