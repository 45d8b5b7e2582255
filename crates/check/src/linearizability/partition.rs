//! Splitting a history by key (Herlihy & Wing 1990, locality: Theorem 1; Porcupine's
//! `Partition`): operations on different keys commute, so a key-value history is
//! linearizable if and only if each key's sub-history is, and the search, exponential in the
//! worst case, runs on each key's few operations instead of on all of them.

use super::History;
use conlab_core::kv::Command;
use conlab_core::VecMap;

/// Each key's operations (indices into `history.ops`, in invocation order), in key order.
/// Commands that are not key-value operations (no-ops, membership) touch no key and are left
/// out, and so is an unanswered `get`: it changes nothing and told its client nothing, so every
/// history explains it.
pub fn by_key(history: &History) -> VecMap<&str, Vec<usize>> {
    let mut keys: VecMap<&str, Vec<usize>> = VecMap::new();
    for (index, op) in history.ops.iter().enumerate() {
        let unanswered_get = op.ret.is_none() && matches!(op.command, Command::Get { .. });
        if let (Some(key), false) = (op.key(), unanswered_get) {
            keys.get_or_insert(key, Vec::new()).push(index);
        }
    }
    keys
}
