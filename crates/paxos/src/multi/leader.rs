//! Leadership: election by ballot preemption, phase 1 once for all open slots, phase 2 per
//! slot (Paxos Made Simple §3; PMMC's Scout and Commander).

use super::node::{Note, Origin, Reply, Timer};
use super::{Msg, MultiPaxosNode, Role};
use crate::{Ballot, NodeSet, Slot};
use conlab_core::kv::Command;
use conlab_core::{NodeId, Out, RequestId};

/// At most this many unanswered Accepts are re-sent per heartbeat.
const RESEND_PER_HEARTBEAT: usize = 64;

impl MultiPaxosNode {
    /// The leader timeout fired: "a new leader ... executes phase 1 for infinitely many
    /// instances" (§3) — one Prepare with a ballot above any seen, covering every slot from
    /// its first unexecuted one on. A leader ignores a stale firing.
    pub(crate) fn start_phase1(&mut self, out: &mut Out<Self>) {
        if self.role == Role::Leader {
            return;
        }
        // One round per timeout: rounds grow linearly in time and never wrap; a node with no
        // higher round left stays a follower.
        let Some(round) = self
            .max_round_seen
            .max(self.promised.map_or(0, |b| b.round))
            .checked_add(1)
        else {
            return;
        };
        self.max_round_seen = round;
        let node = if self.config.bugs.non_unique_ballots {
            NodeId(0)
        } else {
            self.id
        };
        let ballot = Ballot::new(round, node);
        self.ballot = Some(ballot);
        self.leader_hint = None;
        self.promisers.clear();
        self.reports.clear();
        if self.config.bugs.leader_skips_phase1_on_takeover {
            self.promised = self.promised.max(Some(ballot));
            out.persist();
            self.next_slot = self.log.last_slot().max(self.log.executed()) + 1;
            self.become_leader_now(ballot, out);
            return;
        }
        self.role = Role::Candidate;
        self.first_open = self.log.executed() + 1;
        out.note(Note::BallotStarted { ballot });
        self.reset_leader_timeout(out);
        self.broadcast(
            Msg::Prepare {
                ballot,
                first_slot: self.first_open,
            },
            out,
        );
    }

    /// A promise for the candidate's ballot: keep the highest-ballot report per slot; on a
    /// quorum, lead.
    pub(crate) fn handle_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<(Slot, Ballot, Command)>,
        out: &mut Out<Self>,
    ) {
        if self.role != Role::Candidate
            || self.ballot != Some(ballot)
            || self.promisers.contains(&from)
        {
            return;
        }
        self.promisers.push(from);
        for (slot, b, command) in accepted {
            self.see_ballot(b);
            if self.reports.get(&slot).is_none_or(|(known, _)| *known < b) {
                self.reports.insert(slot, (b, command));
            }
        }
        if self.promisers.len() >= self.quorum {
            self.become_leader(ballot, out);
        }
    }

    /// Phase 2 for every open slot: "the leader ... uses the values reported in phase 1" and
    /// fills each gap below the highest reported slot with a no-op (§3: "it proposes ... the
    /// special 'no-op' command that leaves the state unchanged"). New commands go after.
    fn become_leader(&mut self, ballot: Ballot, out: &mut Out<Self>) {
        let highest_reported = self.reports.keys().next_back().copied().unwrap_or(0);
        self.next_slot = highest_reported
            .max(self.log.executed())
            .max(self.first_open - 1)
            + 1;
        self.become_leader_now(ballot, out);
        for slot in self.first_open..self.next_slot {
            if self.log.chosen(slot).is_some() {
                continue;
            }
            let (command, origin) = match self.reports.get(&slot) {
                Some((b, command)) => (command.clone(), Origin::Reported { ballot: *b }),
                None => (Command::Noop, Origin::Gap),
            };
            self.propose(slot, command, origin, out);
        }
        self.reports.clear();
    }

    fn become_leader_now(&mut self, ballot: Ballot, out: &mut Out<Self>) {
        self.role = Role::Leader;
        self.leader_hint = Some(self.id);
        self.proposals.clear();
        out.cancel_timer(Timer::LeaderTimeout);
        out.note(Note::BecameLeader {
            ballot,
            promisers: std::mem::take(&mut self.promisers),
        });
        self.broadcast_heartbeat(out);
    }

    /// Phase 2(a) for one slot.
    fn propose(&mut self, slot: Slot, command: Command, origin: Origin, out: &mut Out<Self>) {
        let ballot = self.ballot.expect("a leader has a ballot");
        out.note(Note::Proposed {
            ballot,
            slot,
            command: command.clone(),
            origin,
        });
        self.proposals
            .insert(slot, (command.clone(), NodeSet::EMPTY));
        self.broadcast(
            Msg::Accept {
                ballot,
                slot,
                command,
            },
            out,
        );
    }

    /// A 2b for one of this leader's proposals: on a quorum for the same ballot the command
    /// is chosen; tell every replica (PMMC's "decision").
    pub(crate) fn handle_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        out: &mut Out<Self>,
    ) {
        if self.role != Role::Leader || self.ballot != Some(ballot) {
            return;
        }
        let Some((_, acks)) = self.proposals.get_mut(&slot) else {
            return;
        };
        acks.insert(from);
        if acks.len() < self.quorum {
            return;
        }
        let (command, _) = self.proposals.remove(&slot).expect("present");
        out.note(Note::Chosen {
            slot,
            command: command.clone(),
        });
        for peer in self.peers() {
            out.send(
                peer,
                Msg::Chosen {
                    first_slot: slot,
                    commands: vec![command.clone()],
                },
            );
        }
        self.log.choose(slot, command);
        self.execute_chosen(out);
    }

    /// §3 / Raft §8 alike: only the leader proposes client commands; others redirect.
    pub(crate) fn handle_client(&mut self, id: RequestId, command: Command, out: &mut Out<Self>) {
        if self.role != Role::Leader {
            out.reply(
                id,
                Reply::NotLeader {
                    leader_hint: self.leader_hint,
                },
            );
            return;
        }
        let slot = self.next_slot;
        self.next_slot += 1;
        self.pending.push((slot, id, command.clone()));
        out.reply(id, Reply::Proposed { slot });
        let command = if self.config.bugs.propose_invented_command {
            Command::Set {
                key: "invented".to_string(),
                value: self.id.to_string(),
            }
        } else {
            command
        };
        self.propose(slot, command, Origin::Client, out);
    }

    /// The leader's heartbeat: tell followers it is alive and how far it has executed, and
    /// re-send Accepts that are still unanswered (messages may be lost).
    pub(crate) fn broadcast_heartbeat(&mut self, out: &mut Out<Self>) {
        if self.role != Role::Leader {
            return;
        }
        let ballot = self.ballot.expect("a leader has a ballot");
        let heartbeat = Msg::Heartbeat {
            ballot,
            chosen_through: self.log.executed(),
        };
        for peer in self.peers() {
            out.send(peer, heartbeat.clone());
        }
        for (&slot, (command, acks)) in self.proposals.iter().take(RESEND_PER_HEARTBEAT) {
            for peer in self.peers().filter(|p| !acks.contains(*p)) {
                out.send(
                    peer,
                    Msg::Accept {
                        ballot,
                        slot,
                        command: command.clone(),
                    },
                );
            }
        }
        out.set_timer(Timer::Heartbeat, self.heartbeat_after());
    }

    /// An acceptor promised a higher ballot: this leader or candidate cannot succeed.
    pub(crate) fn handle_nack(&mut self, ballot: Ballot, promised: Ballot, out: &mut Out<Self>) {
        self.see_ballot(promised);
        if self.role != Role::Follower && self.ballot == Some(ballot) {
            if promised.node.0 != 0 {
                self.leader_hint = Some(promised.node);
            }
            self.become_follower(out);
        }
    }

    /// Give up leading or campaigning; wait for a leader's heartbeat or time out again.
    pub(crate) fn become_follower(&mut self, out: &mut Out<Self>) {
        if let Some(ballot) = self.ballot.take() {
            out.note(Note::SteppedDown { ballot });
        }
        if self.role == Role::Leader {
            out.cancel_timer(Timer::Heartbeat);
        }
        self.role = Role::Follower;
        self.promisers.clear();
        self.reports.clear();
        self.proposals.clear();
        self.pending.clear();
        self.reset_leader_timeout(out);
    }
}
