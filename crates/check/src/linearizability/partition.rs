//! Splitting a history by key (Herlihy & Wing 1990, locality: Theorem 1; Porcupine's
//! `Partition`): operations on different keys commute, so a key-value history is
//! linearizable if and only if each key's sub-history is, and the search, exponential in the
//! worst case, runs on each key's few operations instead of on all of them.

use super::History;
use conlab_core::kv::Command;

/// One key's operations: indices into `history.ops`, in invocation order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyHistory<'h> {
    pub key: &'h str,
    pub ops: Vec<usize>,
}

/// Each key's sub-history, in key order. Commands that are not key-value operations (no-ops,
/// membership) touch no key and are left out, and so is an unanswered `get`: it changes
/// nothing and told its client nothing, so every history explains it.
pub fn by_key(history: &History) -> Vec<KeyHistory<'_>> {
    let mut keyed: Vec<(&str, usize)> = Vec::new();
    for (index, op) in history.ops.iter().enumerate() {
        let unanswered_get = op.ret.is_none() && matches!(op.command, Command::Get { .. });
        if let (Some(key), false) = (op.key(), unanswered_get) {
            keyed.push((key, index));
        }
    }
    // Stable: each key's operations stay in invocation order.
    keyed.sort_by(|a, b| a.0.cmp(b.0));
    let mut keys: Vec<KeyHistory<'_>> = Vec::new();
    for (key, index) in keyed {
        match keys.last_mut() {
            Some(last) if last.key == key => last.ops.push(index),
            _ => keys.push(KeyHistory {
                key,
                ops: vec![index],
            }),
        }
    }
    keys
}
