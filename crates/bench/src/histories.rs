//! Random linearizable client histories, the linearizability checker's workload: closed-loop
//! clients (each invokes its next operation once answered) on a few keys, every operation taking
//! effect at a random instant between its call and its answer. Deterministic: a 64-bit LCG
//! (Knuth's MMIX constants) seeded by the caller, no RNG crate.

use conlab_check::linearizability::{History, Operation};
use conlab_core::kv::{Command, KvStore, Outcome};
use conlab_core::Tick;

/// Knuth's MMIX linear congruential generator; the high bits are the random ones.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// `ops` answered operations on `keys` keys (`k0`, `k1`, …) from `clients` clients: 40% set,
/// 30% get, 10% del, 20% cas, values 0–4 so that a cas succeeds now and then. Each lasts 1–30
/// ms and takes effect at a random tick within it; the client with the least work invokes next,
/// 0–4 ms after its previous answer, so every client is busy at once and operations overlap.
/// The answers are those of one `KvStore` applying the operations in the order they took
/// effect, so the history is linearizable by construction.
pub fn linearizable_history(seed: u64, ops: usize, keys: u64, clients: usize) -> History {
    let mut rng = Lcg(seed);
    let mut free: Vec<Tick> = vec![0; clients];
    let mut history = History::default();
    // (when it takes effect, when it is answered) of each operation.
    let mut times: Vec<(Tick, Tick)> = Vec::with_capacity(ops);
    for _ in 0..ops {
        let client = (0..clients).min_by_key(|&c| free[c]).unwrap_or(0);
        let call = free[client] + rng.below(5);
        let lasts = 1 + rng.below(30);
        free[client] = call + lasts;
        times.push((call + rng.below(lasts + 1), call + lasts));
        let key = format!("k{}", rng.below(keys));
        let kind = rng.below(10);
        let mut value = || rng.below(5).to_string();
        let command = match kind {
            0..=3 => Command::Set {
                key,
                value: value(),
            },
            4..=6 => Command::Get { key },
            7 => Command::Del { key },
            _ => Command::Cas {
                key,
                expected: value(),
                new: value(),
            },
        };
        history.ops.push(Operation {
            client: client as u32,
            command,
            call,
            ret: None,
        });
    }
    let mut by_effect: Vec<usize> = (0..ops).collect();
    by_effect.sort_by_key(|&i| times[i].0);
    let mut store = KvStore::default();
    for i in by_effect {
        let op = &mut history.ops[i];
        op.ret = Some((times[i].1, store.apply(&op.command)));
    }
    history.ops.sort_by_key(|op| op.call);
    history
}

/// Make the first `get` at or after operation `from` return a value no operation wrote, so the
/// history is not linearizable; returns that operation's index.
pub fn change_one_read(history: &mut History, from: usize) -> Option<usize> {
    let read = (from..history.ops.len())
        .find(|&i| matches!(history.ops[i].command, Command::Get { .. }))?;
    history.ops[read].ret.as_mut()?.1 = Outcome::Value(Some("never written".into()));
    Some(read)
}

/// Drop the answer of every `every`-th operation, as if its client had given up: the history
/// stays linearizable (an unanswered operation may take effect when it did), but the search has
/// more orders to try, since an unanswered operation stays pending to the end.
pub fn lose_answers(history: &mut History, every: usize) {
    for op in history.ops.iter_mut().step_by(every) {
        op.ret = None;
    }
}
