//! A replica's slot log: what its acceptor accepted in each slot (durable), which commands it
//! knows are chosen, and how far it has executed them.

use crate::{Ballot, Slot};
use conlab_core::kv::Command;
use conlab_core::Chunked;
use std::sync::Arc;

/// What an acceptor accepted in one slot.
pub type AcceptedSlot = Option<(Ballot, Arc<Command>)>;

/// Slots are 1-based; slot `s` lives at position `s - 1`. Both vectors are [`Chunked`], so
/// timeline snapshots (and the checkers' copies) share them; commands sit behind an `Arc`, so
/// the copy-on-write of a shared chunk copies pointers, not strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlotLog {
    accepted: Chunked<AcceptedSlot>,
    chosen: Chunked<Option<Arc<Command>>>,
    /// Slots `1..=executed` are executed (PMMC's `slot_out - 1`).
    executed: Slot,
}

fn set<T: Clone>(v: &mut Chunked<Option<T>>, slot: Slot, value: T) {
    let i = (slot - 1) as usize;
    while v.len() <= i {
        v.push(None);
    }
    *v.get_mut(i).expect("grown") = Some(value);
}

impl SlotLog {
    /// A log holding only what an acceptor persisted.
    pub fn from_accepted(accepted: Chunked<AcceptedSlot>) -> Self {
        Self {
            accepted,
            chosen: Chunked::default(),
            executed: 0,
        }
    }

    /// The acceptor's accepted proposal per slot (position `s - 1`).
    pub fn accepted_slots(&self) -> &Chunked<AcceptedSlot> {
        &self.accepted
    }

    /// The known chosen command per slot (position `s - 1`).
    pub fn chosen_slots(&self) -> &Chunked<Option<Arc<Command>>> {
        &self.chosen
    }

    pub fn accepted(&self, slot: Slot) -> Option<(Ballot, &Command)> {
        slot.checked_sub(1)
            .and_then(|i| self.accepted.get(i as usize))
            .and_then(Option::as_ref)
            .map(|(b, c)| (*b, c.as_ref()))
    }

    pub fn chosen(&self, slot: Slot) -> Option<&Command> {
        slot.checked_sub(1)
            .and_then(|i| self.chosen.get(i as usize))
            .and_then(Option::as_deref)
    }

    /// Record that the acceptor accepted `(ballot, command)` in `slot`; false if it already had.
    pub fn accept(&mut self, slot: Slot, ballot: Ballot, command: Command) -> bool {
        if self
            .accepted(slot)
            .is_some_and(|(b, c)| b == ballot && *c == command)
        {
            return false;
        }
        set(&mut self.accepted, slot, (ballot, Arc::new(command)));
        true
    }

    /// Record that `command` is chosen in `slot`; false if that was already known.
    pub fn choose(&mut self, slot: Slot, command: Command) -> bool {
        if self.chosen(slot).is_some() {
            return false;
        }
        set(&mut self.chosen, slot, Arc::new(command));
        true
    }

    /// The next chosen, unexecuted command, if the slot after the executed prefix is chosen.
    pub fn next_to_execute(&self) -> Option<(Slot, &Command)> {
        let slot = self.executed + 1;
        self.chosen(slot).map(|c| (slot, c))
    }

    pub fn mark_executed(&mut self, slot: Slot) {
        debug_assert_eq!(slot, self.executed + 1, "execution in slot order");
        self.executed = slot;
    }

    /// How many slots are executed: slots `1..=executed()`.
    pub fn executed(&self) -> Slot {
        self.executed
    }

    /// The highest slot this log knows anything about.
    pub fn last_slot(&self) -> Slot {
        self.accepted.len().max(self.chosen.len()) as Slot
    }

    /// Every accepted proposal in a slot ≥ `first_slot`.
    pub fn accepted_from(&self, first_slot: Slot) -> Vec<(Slot, Ballot, Command)> {
        let skip = first_slot.saturating_sub(1) as usize;
        self.accepted
            .iter_from(skip)
            .filter_map(|(i, a)| {
                a.as_ref()
                    .map(|(b, c)| (i as Slot + 1, *b, Command::clone(c)))
            })
            .collect()
    }

    /// Chosen commands of consecutive slots from `first_slot` on, at most `max`.
    pub fn chosen_run(&self, first_slot: Slot, max: usize) -> Vec<Command> {
        let skip = first_slot.saturating_sub(1) as usize;
        self.chosen
            .iter_from(skip)
            .take(max)
            .map_while(|(_, c)| c.as_deref().cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use conlab_core::NodeId;

    #[test]
    fn slots_are_one_based_and_execute_only_without_gaps() {
        let mut log = SlotLog::default();
        let b = Ballot::new(1, NodeId(1));
        assert!(log.accept(2, b, Command::Noop));
        assert!(!log.accept(2, b, Command::Noop));
        assert_eq!(log.accepted(1), None);
        assert_eq!(log.accepted_from(2).len(), 1);
        assert!(log.choose(2, Command::Noop));
        assert_eq!(log.next_to_execute(), None, "slot 1 is a gap");
        assert!(log.choose(1, Command::Noop));
        assert_eq!(log.next_to_execute().map(|(s, _)| s), Some(1));
        assert_eq!(log.chosen_run(1, 10).len(), 2);
        assert_eq!(log.last_slot(), 2);
    }
}
