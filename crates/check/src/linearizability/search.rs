//! The search for an order of one key's operations: the backtracking of Wing & Gong, "Testing
//! and verifying concurrent objects" (1993), with the memoization of Lowe, "Testing for
//! linearizability" (2017), as Porcupine's `checkSingle` runs it.
//!
//! The operations' call and return events sit in a doubly linked list in time order. Walking
//! it from the front, every call met before the first return belongs to an operation that may
//! take effect next: it was invoked before any pending operation answered. The search tries
//! them in that order; the first whose answer the register can give is linearized (its call
//! and return leave the list) and the walk starts again from the front. A walk that meets a
//! return first has found an operation that cannot be placed, so the last choice is undone
//! (its events go back where they were) and the walk goes on past it. Lowe's cache holds every
//! (set of linearized operations, register) configuration reached: reaching one again can lead
//! nowhere new, so the search skips it.
//!
//! Equal ticks: the simulator counts whole milliseconds, so a return and a call can share a
//! tick. Calls sort before returns of the same tick, so such operations count as concurrent and
//! either order is allowed. That can only accept more histories, never reject a linearizable one.
//!
//! An unanswered operation returns at infinity (Porcupine, Knossos) and accepts any answer
//! ([`model::step`]): it may take effect at any point after its call, and placed after every
//! answered operation it is, as far as any client can tell, never applied at all.

use super::cache::Cache;
use super::model::{self, Register};
use super::{History, Operation};
use conlab_core::Tick;

/// How the search for one key ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    /// The operations have an order that explains every answer.
    Linearizable,
    /// They have none. `next`: the operations (indices into `history.ops`, in invocation
    /// order) that would have to come next after the longest order the search found, none of
    /// which the register could have answered as its client saw.
    Impossible { next: Vec<usize> },
    /// The step budget ran out first.
    OutOfBudget,
}

/// Search for an order of `ops` (indices into `history.ops`, all on one key, in invocation
/// order), taking at most `budget` steps and subtracting the steps taken from it.
pub fn search(history: &History, ops: &[usize], budget: &mut u64) -> Search {
    let n = ops.len();
    let command = |i: usize| &history.ops[ops[i]].command;
    let seen = |i: usize| history.ops[ops[i]].ret.as_ref().map(|(_, outcome)| outcome);
    let mut list = EventList::new(history, ops);
    let mut linearized = vec![0u64; n.div_ceil(64)];
    let mut register: Register<'_> = None;
    // The choices made so far: each linearized call event and the register before it.
    let mut calls: Vec<(usize, Register<'_>)> = Vec::new();
    let mut cache = Cache::new();
    // The first configuration with the most operations linearized, for the report.
    let mut longest = (0, linearized.clone(), register);
    let mut entry = list.next[list.head];
    while list.next[list.head] != NONE {
        if *budget == 0 {
            return Search::OutOfBudget;
        }
        *budget -= 1;
        let op = list.op[entry];
        if list.ret[entry] == NONE {
            // A return before any call that could be placed: undo the last choice.
            let Some((call, before)) = calls.pop() else {
                let (_, linearized, register) = longest;
                return Search::Impossible {
                    next: next_ops(history, ops, &linearized, register),
                };
            };
            register = before;
            flip(&mut linearized, list.op[call]);
            list.unlift(call);
            entry = list.next[call];
            continue;
        }
        if let Some(after) = model::step(register, command(op), seen(op)) {
            flip(&mut linearized, op);
            if cache.insert(&linearized, after) {
                calls.push((entry, register));
                register = after;
                list.lift(entry);
                entry = list.next[list.head];
                if calls.len() > longest.0 {
                    longest = (calls.len(), linearized.clone(), register);
                }
                continue;
            }
            flip(&mut linearized, op);
        }
        entry = list.next[entry];
    }
    Search::Linearizable
}

/// No event: the end of the list, or a return's (absent) matching return.
const NONE: usize = usize::MAX;

/// The calls and returns of one key's operations in time order, as a doubly linked list whose
/// operations can be lifted out and put back (Porcupine's `lift` / `unlift`).
struct EventList {
    /// The operation (position in `ops`) each event belongs to.
    op: Vec<usize>,
    /// For a call event, its return event; `NONE` for a return.
    ret: Vec<usize>,
    next: Vec<usize>,
    prev: Vec<usize>,
    /// The sentinel before the first event.
    head: usize,
}

impl EventList {
    fn new(history: &History, ops: &[usize]) -> Self {
        let n = ops.len();
        // (tick, is a return, operation): calls before returns of the same tick.
        let mut events: Vec<(Tick, bool, usize)> = Vec::with_capacity(2 * n);
        for (i, &index) in ops.iter().enumerate() {
            let op = &history.ops[index];
            events.push((op.call, false, i));
            events.push((returns_at(op), true, i));
        }
        // Insertion sort: each return is only a few events out of place (behind the calls of
        // the operations concurrent with it), and `sort` would cost the page kilobytes of code.
        for sorted in 1..events.len() {
            let mut i = sorted;
            while i > 0 && events[i - 1] > events[i] {
                events.swap(i - 1, i);
                i -= 1;
            }
        }
        let head = 2 * n;
        let mut list = EventList {
            op: vec![0; 2 * n],
            ret: vec![NONE; 2 * n],
            next: vec![NONE; 2 * n + 1],
            prev: vec![NONE; 2 * n + 1],
            head,
        };
        let mut call_of = vec![0; n];
        let mut last = head;
        for (e, &(_, is_return, i)) in events.iter().enumerate() {
            list.next[last] = e;
            list.prev[e] = last;
            last = e;
            list.op[e] = i;
            if is_return {
                list.ret[call_of[i]] = e;
            } else {
                call_of[i] = e;
            }
        }
        list
    }

    fn remove(&mut self, e: usize) {
        self.next[self.prev[e]] = self.next[e];
        if self.next[e] != NONE {
            self.prev[self.next[e]] = self.prev[e];
        }
    }

    fn restore(&mut self, e: usize) {
        self.next[self.prev[e]] = e;
        if self.next[e] != NONE {
            self.prev[self.next[e]] = e;
        }
    }

    /// Take call event `call` and its return out of the list.
    fn lift(&mut self, call: usize) {
        self.remove(call);
        self.remove(self.ret[call]);
    }

    /// Put back what [`EventList::lift`] took out, in the reverse order.
    fn unlift(&mut self, call: usize) {
        self.restore(self.ret[call]);
        self.restore(call);
    }
}

/// When `op` returned: never (`Tick::MAX`) if it was not answered, and never before its call.
fn returns_at(op: &Operation) -> Tick {
    op.ret
        .as_ref()
        .map_or(Tick::MAX, |(at, _)| (*at).max(op.call))
}

/// Flip operation `i`'s bit in the set of linearized operations.
fn flip(linearized: &mut [u64], i: usize) {
    linearized[i / 64] ^= 1 << (i % 64);
}

/// The operations that could come next after `linearized` (those invoked no later than the
/// first return among the rest), as indices into `history.ops`. Called on the longest order
/// found, this is where the search got stuck: had one of them fitted `register`, the search
/// would have found a longer order. Every answered one of them fails the register, and no
/// unanswered one is among them, as it accepts any answer.
fn next_ops(
    history: &History,
    ops: &[usize],
    linearized: &[u64],
    register: Register<'_>,
) -> Vec<usize> {
    let pending = |i: &usize| linearized[i / 64] & (1 << (i % 64)) == 0;
    let op = |i: usize| &history.ops[ops[i]];
    let first_return = (0..ops.len())
        .filter(pending)
        .map(|i| returns_at(op(i)))
        .min();
    let next: Vec<usize> = (0..ops.len())
        .filter(|i| pending(i) && Some(op(*i).call) <= first_return)
        .map(|i| ops[i])
        .collect();
    debug_assert!(next.iter().all(|&index| {
        let op = &history.ops[index];
        model::step(register, &op.command, op.ret.as_ref().map(|(_, o)| o)).is_none()
    }));
    next
}
