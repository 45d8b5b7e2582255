//! The check and what it concludes: linearizable, not (and which operations to show), or not
//! known within the budget; and the safety panel's report of a violation.

use super::partition::by_key;
use super::search::{search, Search};
use super::History;
use crate::{Property, Violation};
use conlab_core::kv::Outcome;
use std::fmt::Write;

pub const PROPERTY: Property = Property {
    name: "linearizability",
    title: "Linearizability",
    statement: "One order of the clients' operations, consistent with real time, explains every \
                answer they got from the key-value store.",
    source: "Herlihy & Wing 1990; Wing & Gong 1993",
};

/// What [`check`] concluded about a history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Linearizable,
    /// No order of `key`'s operations explains their answers. `ops` (indices into
    /// `history.ops`, in invocation order) are the ones a history diagram highlights: after
    /// the longest order of `key`'s operations the search could find, the operations that
    /// would have to come next, none of whose answers the store could have given then.
    NotLinearizable {
        key: String,
        ops: Vec<usize>,
    },
    /// The step budget ran out while searching `key`'s operations: no verdict either way.
    Unknown {
        key: String,
    },
}

/// Is `history` linearizable? Each key is searched on its own, in key order, and the first key
/// without an order decides. `budget` caps the search steps summed over all keys; a search cut
/// short reports [`Verdict::Unknown`], never a violation it did not prove.
pub fn check(history: &History, budget: u64) -> Verdict {
    let mut budget = budget;
    for (key, ops) in by_key(history).iter() {
        match search(history, ops, &mut budget) {
            Search::Linearizable => {}
            Search::Impossible { next } => {
                return Verdict::NotLinearizable {
                    key: key.to_string(),
                    ops: next,
                }
            }
            Search::OutOfBudget => {
                return Verdict::Unknown {
                    key: key.to_string(),
                }
            }
        }
    }
    Verdict::Linearizable
}

impl Verdict {
    /// The safety panel's report of a [`Verdict::NotLinearizable`] (`None` for the others),
    /// at the first answer among the highlighted operations and naming it, e.g. "get x
    /// returned 1, but no order of the 4 operations on x explains it." `step` is the
    /// simulator step at which the check ran.
    pub fn violation(&self, history: &History, step: u64) -> Option<Violation> {
        let Verdict::NotLinearizable { key, ops } = self else {
            return None;
        };
        let (op, at, outcome) = ops
            .iter()
            .filter_map(|&i| {
                let op = &history.ops[i];
                op.ret.as_ref().map(|(at, outcome)| (op, *at, outcome))
            })
            .min_by_key(|(_, at, _)| *at)?;
        let count = history
            .ops
            .iter()
            .filter(|op| op.key() == Some(key.as_str()))
            .count();
        let mut message = op.command.to_string();
        let _ = match outcome {
            Outcome::Done => write!(message, " succeeded"),
            Outcome::Value(value) => write!(message, " returned {}", shown(value)),
            Outcome::CasFailed { actual } => write!(message, " failed, seeing {}", shown(actual)),
        };
        let _ = write!(
            message,
            ", but no order of the {count} operations on {key} explains it."
        );
        Some(Violation {
            invariant: PROPERTY.name,
            at,
            step,
            nodes: Vec::new(),
            message,
        })
    }
}

/// A value as the message shows it.
fn shown(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("no value")
}
