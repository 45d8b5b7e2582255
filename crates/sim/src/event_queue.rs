//! The world's pending events, earliest first and, within a millisecond, in the order they were
//! scheduled.
//!
//! The heap orders small keys — (instant, sequence number, slot) — and the events themselves
//! (a message can be a hundred bytes or more) stay put in a slab. A binary heap of the events
//! would move each one about log n times per push and pop: on RaftScope's workload that copying
//! was a sixth of the simulator's time (issue 15, "Flat cost per step": `cargo xtask bench`).

use conlab_core::Tick;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Pending events of type `E`, popped in (instant, scheduling order).
#[derive(Clone, Debug)]
pub struct EventQueue<E> {
    /// (instant, sequence number, slot), smallest first.
    keys: BinaryHeap<Reverse<(Tick, u64, u32)>>,
    /// The events, by slot; `None` for a free slot.
    slots: Vec<Option<E>>,
    /// Free slots, reused before the slab grows.
    free: Vec<u32>,
    /// The next sequence number: ties at one instant pop in scheduling order.
    next_seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            keys: BinaryHeap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    /// Schedule `event` at `at`, after everything already scheduled for `at`.
    pub fn push(&mut self, at: Tick, event: E) {
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(event);
                slot
            }
            None => {
                self.slots.push(Some(event));
                u32::try_from(self.slots.len() - 1).expect("fewer than 2^32 pending events")
            }
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        self.keys.push(Reverse((at, seq, slot)));
    }

    /// The next event and its instant, without removing it.
    pub fn peek(&self) -> Option<(Tick, &E)> {
        let Reverse((at, _, slot)) = *self.keys.peek()?;
        Some((at, self.event(slot)))
    }

    /// Remove and return the next event and its instant.
    pub fn pop(&mut self) -> Option<(Tick, E)> {
        let Reverse((at, _, slot)) = self.keys.pop()?;
        let event = self.slots[slot as usize]
            .take()
            .expect("a queued key has its event");
        self.free.push(slot);
        Some((at, event))
    }

    /// Every pending event, in the order they will pop.
    pub fn in_order(&self) -> Vec<&E> {
        let mut keys: Vec<(Tick, u64, u32)> = self.keys.iter().map(|Reverse(k)| *k).collect();
        keys.sort_unstable();
        keys.into_iter()
            .map(|(_, _, slot)| self.event(slot))
            .collect()
    }

    fn event(&self, slot: u32) -> &E {
        self.slots[slot as usize]
            .as_ref()
            .expect("a queued key has its event")
    }
}

#[cfg(test)]
mod tests {
    use super::EventQueue;

    #[test]
    fn events_pop_by_instant_then_in_scheduling_order() {
        let mut q = EventQueue::default();
        for (at, name) in [(5, "a"), (1, "b"), (5, "c"), (3, "d"), (1, "e")] {
            q.push(at, name);
        }
        assert_eq!(q.peek(), Some((1, &"b")));
        assert_eq!(q.in_order(), vec![&"b", &"e", &"d", &"a", &"c"]);
        let mut popped = Vec::new();
        while let Some(e) = q.pop() {
            popped.push(e);
        }
        assert_eq!(
            popped,
            vec![(1, "b"), (1, "e"), (3, "d"), (5, "a"), (5, "c")]
        );
        assert_eq!(q.peek(), None);
    }

    #[test]
    fn a_freed_slot_is_reused_and_order_still_follows_scheduling() {
        let mut q = EventQueue::default();
        q.push(2, "x");
        q.push(1, "y");
        assert_eq!(q.pop(), Some((1, "y")));
        // "z" takes y's slot, yet pops after "x", scheduled before it at the same instant.
        q.push(2, "z");
        assert_eq!(q.slots.len(), 2);
        assert_eq!(q.pop(), Some((2, "x")));
        assert_eq!(q.pop(), Some((2, "z")));
        assert_eq!(q.pop(), None);
    }
}
