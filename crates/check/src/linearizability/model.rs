//! The sequential specification the search replays (Herlihy & Wing 1990 §2: a history is
//! linearizable with respect to a sequential object): one key of the key-value store, a
//! register holding a value or none, answering each command exactly as `KvStore::apply` does.
//!
//! Values are borrowed from the history, so a step allocates nothing.

use conlab_core::kv::{Command, Outcome};

/// One key's register: its value, or `None` when the key is unset.
pub type Register<'h> = Option<&'h str>;

/// What a command returns on the register: [`Outcome`] without owning its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer<'h> {
    Done,
    Value(Register<'h>),
    CasFailed { actual: Register<'h> },
}

impl Answer<'_> {
    /// Whether a client that received `outcome` received this answer.
    pub fn is(self, outcome: &Outcome) -> bool {
        match (self, outcome) {
            (Answer::Done, Outcome::Done) => true,
            (Answer::Value(a), Outcome::Value(b)) => a == b.as_deref(),
            (Answer::CasFailed { actual: a }, Outcome::CasFailed { actual: b }) => {
                a == b.as_deref()
            }
            _ => false,
        }
    }
}

/// Apply `command` to `register`: its answer, and the register afterwards. Commands that are
/// not key-value operations (no-ops, membership) answer `Done` and change nothing, as in
/// `KvStore::apply`.
pub fn apply<'h>(register: Register<'h>, command: &'h Command) -> (Answer<'h>, Register<'h>) {
    match command {
        Command::Set { value, .. } => (Answer::Done, Some(value)),
        Command::Get { .. } => (Answer::Value(register), register),
        Command::Del { .. } => (Answer::Done, None),
        Command::Cas { expected, new, .. } => {
            if register == Some(expected.as_str()) {
                (Answer::Done, Some(new))
            } else {
                (Answer::CasFailed { actual: register }, register)
            }
        }
        Command::Noop
        | Command::AddServer(_)
        | Command::RemoveServer(_)
        | Command::ChangeConfig(_)
        | Command::NewConfig(_)
        | Command::TransferLeader(_) => (Answer::Done, register),
        // Histories hold the command a client invoked, without its session.
        Command::InSession(_, command) => apply(register, command),
    }
}

/// Porcupine's `Step`: the register after `command` if the client's answer `seen` is one the
/// register could have given, else `None`. An unanswered operation (`seen` is `None`) accepts
/// any answer (Porcupine and Knossos: its output is unknown).
pub fn step<'h>(
    register: Register<'h>,
    command: &'h Command,
    seen: Option<&Outcome>,
) -> Option<Register<'h>> {
    let (answer, after) = apply(register, command);
    match seen {
        Some(outcome) if !answer.is(outcome) => None,
        _ => Some(after),
    }
}
