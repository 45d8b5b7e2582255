//! The world's pending events, earliest first and, within a millisecond, in the order they were
//! scheduled.
//!
//! Events wait in a slab, and the events of one instant form a first-in, first-out list
//! threaded through it. The instants that have events sit in a vector sorted latest first, so
//! the next event is the head of the last instant's list: a pop costs O(1) and a push one
//! binary search over the distinct pending instants (a few dozen). A binary heap of
//! (instant, sequence number) keys paid log n sift steps on every pop, and the world pops on
//! every step: on RaftScope's workload the heap was a tenth of the simulator's time (issue 15,
//! "Flat cost per step": `cargo xtask bench`). Moving whole events around would cost more
//! still: a message can be a hundred bytes or more.

use conlab_core::Tick;

/// No next slot: the end of an instant's list.
const END: u32 = u32::MAX;

/// Pending events of type `E`, popped in (instant, scheduling order).
#[derive(Clone, Debug)]
pub struct EventQueue<E> {
    /// Which slot pops when. Apart from the events, it does not depend on `E` (the page holds
    /// one copy of it for the three protocols), and a push or pop walks it without touching
    /// the events: RaftScope's workload runs about 5% faster than with slots holding both.
    order: Order,
    /// The events by slot (`None` in a free slot).
    events: Vec<Option<E>>,
}

/// The instants with pending events, latest first, and their lists of slots.
#[derive(Clone, Debug, Default)]
struct Order {
    instants: Vec<Pending>,
    /// By slot: the next slot of its instant's list.
    next: Vec<u32>,
    /// Free slots, reused before the slab grows.
    free: Vec<u32>,
}

/// One instant's events: the slots of its list's first and last event.
#[derive(Clone, Copy, Debug)]
struct Pending {
    at: Tick,
    head: u32,
    tail: u32,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            order: Order::default(),
            events: Vec::new(),
        }
    }
}

impl<E> EventQueue<E> {
    /// Schedule `event` at `at`, after everything already scheduled for `at`.
    pub fn push(&mut self, at: Tick, event: E) {
        let index = self.order.push(at) as usize;
        match self.events.get_mut(index) {
            Some(free) => *free = Some(event),
            None => self.events.push(Some(event)),
        }
    }

    /// The next event and its instant, without removing it.
    pub fn peek(&self) -> Option<(Tick, &E)> {
        let next = self.order.instants.last()?;
        Some((next.at, self.event(next.head)))
    }

    /// Remove and return the next event and its instant.
    pub fn pop(&mut self) -> Option<(Tick, E)> {
        let (at, index) = self.order.pop()?;
        let event = self.events[index as usize].take();
        Some((at, event.expect("a listed slot has its event")))
    }

    /// Every pending event, in the order they will pop.
    pub fn in_order(&self) -> Vec<&E> {
        let mut events = Vec::new();
        for pending in self.order.instants.iter().rev() {
            let mut index = pending.head;
            while index != END {
                events.push(self.event(index));
                index = self.order.next[index as usize];
            }
        }
        events
    }

    fn event(&self, index: u32) -> &E {
        self.events[index as usize]
            .as_ref()
            .expect("a listed slot has its event")
    }
}

impl Order {
    /// List a new slot last at `at`, and return it.
    fn push(&mut self, at: Tick) -> u32 {
        let index = match self.free.pop() {
            Some(index) => {
                self.next[index as usize] = END;
                index
            }
            None => {
                self.next.push(END);
                u32::try_from(self.next.len() - 1).expect("fewer than 2^32 - 1 pending events")
            }
        };
        // Latest first: an instant after `at` sorts before it.
        match self.instants.binary_search_by(|p| at.cmp(&p.at)) {
            Ok(i) => {
                let tail = std::mem::replace(&mut self.instants[i].tail, index);
                self.next[tail as usize] = index;
            }
            Err(i) => self.instants.insert(
                i,
                Pending {
                    at,
                    head: index,
                    tail: index,
                },
            ),
        }
        index
    }

    /// Unlist the next slot, free it, and return it with its instant.
    fn pop(&mut self) -> Option<(Tick, u32)> {
        let next = self.instants.last_mut()?;
        let (at, index) = (next.at, next.head);
        match self.next[index as usize] {
            END => drop(self.instants.pop()),
            after => next.head = after,
        }
        self.free.push(index);
        Some((at, index))
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
        assert_eq!(q.events.len(), 2);
        assert_eq!(q.in_order(), vec![&"x", &"z"]);
        assert_eq!(q.pop(), Some((2, "x")));
        assert_eq!(q.pop(), Some((2, "z")));
        assert_eq!(q.pop(), None);
    }

    /// Against the plain definition — the pending event with the smallest (instant, push
    /// number) pops first — over interleaved pushes and pops, with instants repeating often.
    #[test]
    fn pops_follow_instant_then_push_order_under_random_interleaving() {
        let mut q = EventQueue::default();
        let mut reference: Vec<(u64, u64)> = Vec::new(); // (instant, push number)
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            state >> 33
        };
        let mut now = 0;
        for pushed in 0..20_000u64 {
            if next() % 3 == 0 {
                reference.sort_unstable();
                let expected = (!reference.is_empty()).then(|| reference.remove(0));
                let popped = q.pop();
                assert_eq!(popped, expected);
                if let Some((at, _)) = popped {
                    now = at;
                }
            } else {
                let at = now + next() % 40;
                q.push(at, pushed);
                reference.push((at, pushed));
            }
            assert_eq!(
                q.peek().map(|(at, _)| at),
                reference.iter().min().map(|r| r.0)
            );
        }
        reference.sort_unstable();
        let rest: Vec<u64> = reference.iter().map(|r| r.1).collect();
        assert_eq!(q.in_order().into_iter().copied().collect::<Vec<_>>(), rest);
    }
}
