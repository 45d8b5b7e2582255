//! The replica: learns chosen commands, catches up when it lags, and executes commands
//! strictly in slot order (Paxos Made Simple §3; PMMC's Replica, invariants R1–R4).

use super::node::Reply;
use super::{Msg, MultiPaxosNode};
use crate::{Ballot, Slot};
use conlab_core::kv::Command;
use conlab_core::{NodeId, Out};

impl MultiPaxosNode {
    /// A leader's heartbeat. A stale one (below the promise) is refused; otherwise this node
    /// follows the leader, and asks it for the chosen commands it is missing.
    pub(crate) fn handle_heartbeat(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        chosen_through: Slot,
        out: &mut Out<Self>,
    ) {
        if Some(ballot) < self.promised {
            self.maybe_nack(from, ballot, out);
            return;
        }
        self.yield_to(ballot, out);
        self.leader_hint = Some(from);
        self.leader_chosen_through = chosen_through;
        self.reset_leader_timeout(out);
        if self.log.executed() < chosen_through {
            out.send(
                from,
                Msg::CatchUp {
                    first_slot: self.log.executed() + 1,
                },
            );
        }
    }

    /// Send a lagging replica the chosen commands it asked for (as many consecutive ones as
    /// fit in one message).
    pub(crate) fn handle_catch_up(&mut self, from: NodeId, first_slot: Slot, out: &mut Out<Self>) {
        let commands = self.log.chosen_run(first_slot, self.config.max_catch_up);
        if !commands.is_empty() {
            out.send(
                from,
                Msg::Chosen {
                    first_slot,
                    commands,
                },
            );
        }
    }

    /// Commands chosen in consecutive slots: record them and execute what is now in order.
    /// A full catch-up batch that still leaves this node behind asks for the next one.
    pub(crate) fn handle_chosen(
        &mut self,
        from: NodeId,
        first_slot: Slot,
        commands: Vec<Command>,
        out: &mut Out<Self>,
    ) {
        if first_slot == 0 {
            return;
        }
        let full = commands.len() >= self.config.max_catch_up;
        for (i, command) in commands.into_iter().enumerate() {
            self.log.choose(first_slot + i as Slot, command);
        }
        self.execute_chosen(out);
        if full && self.log.executed() < self.leader_chosen_through {
            out.send(
                from,
                Msg::CatchUp {
                    first_slot: self.log.executed() + 1,
                },
            );
        }
    }

    /// PMMC's `perform`: execute the next slot only when it is chosen — never past a gap —
    /// and answer the client the leader proposed it for.
    pub(crate) fn execute_chosen(&mut self, out: &mut Out<Self>) {
        if self.config.bugs.execute_out_of_order {
            self.execute_ahead();
        }
        while let Some((slot, command)) = self.log.next_to_execute() {
            let command = command.clone();
            let outcome = match self.executed_ahead.remove(&slot) {
                Some(outcome) => outcome,
                None => self.kv.apply(&command),
            };
            self.log.mark_executed(slot);
            if let Some(pos) = self.pending.iter().position(|(s, ..)| *s == slot) {
                let (_, id, proposed) = self.pending.remove(pos);
                let reply = if proposed == command {
                    Reply::Executed { slot, outcome }
                } else {
                    Reply::NotLeader {
                        leader_hint: self.leader_hint,
                    }
                };
                out.reply(id, reply);
            }
        }
    }

    /// The `execute_out_of_order` bug: run every chosen command past the executed prefix at
    /// once, in whatever order they were learned, remembering the outcomes for later.
    fn execute_ahead(&mut self) {
        let from = self.log.executed() + 1;
        for slot in from..=self.log.last_slot() {
            if self.executed_ahead.contains_key(&slot) {
                continue;
            }
            if let Some(command) = self.log.chosen(slot).cloned() {
                let outcome = self.kv.apply(&command);
                self.executed_ahead.insert(slot, outcome);
            }
        }
    }
}
