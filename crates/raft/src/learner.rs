//! Catching up new servers (Ongaro's dissertation §4.2.1): an added server first catches up
//! as a learner, without a vote.
//!
//! - The leader replicates to it but does not count it, and appends its `add_server` entry
//!   only once the server's match index is within `max_entries_per_append` of the leader's
//!   last index (one AppendEntries away), so the larger majority never waits for a server
//!   with an empty log. Meanwhile the change is in flight: other changes are refused.
//! - Catch-up goes in rounds (§4.2.1, Figure 4.5): a round replicates the entries in the
//!   leader's log when it began; once the learner stores them, the next round begins with
//!   the log as it is then. "The leader should also abort the change if the new server is
//!   unavailable or is so slow that it will never catch up." Unavailable: its match index
//!   has not moved for more heartbeat ticks than the minimum election timeout holds (so at
//!   least that timeout long). Too slow: after [`MAX_ROUNDS`] rounds, the last still took
//!   longer than that (the dissertation's "fixed number of rounds (such as 10)"). A first
//!   round of a long log may take many timeouts: that is the normal case. The dissertation
//!   promotes after those rounds if the last was shorter than an election timeout; the lab
//!   promotes by the one-AppendEntries rule above, which such a round reaches.
//! - Aborting answers the `add_server` request with a refusal and lets other changes
//!   through; the leader keeps sending to the server for the rest of its term, as to a server
//!   it removed, so a retry finds its log further along. A `remove_server` of the learner
//!   aborts it the same way, needs no log entry, and is answered [`Reply::LearnerRemoved`].

use crate::node::Reply;
use crate::{LogIndex, RaftNode};
use conlab_core::kv::Command;
use conlab_core::{Configuration, NodeId, Out, RequestId};

/// Catch-up rounds after which a learner whose last round still took longer than an
/// election timeout is given up (dissertation §4.2.1: "such as 10").
pub const MAX_ROUNDS: u32 = 10;

/// A server being added, catching up, and the request that adds it.
#[derive(Clone, Debug)]
pub(crate) struct Learner {
    pub(crate) id: NodeId,
    request: RequestId,
    /// The current round ends once the learner stores the log through this index: the
    /// leader's last index when the round began.
    round_end: LogIndex,
    /// Rounds finished, and heartbeat ticks since the current one began.
    rounds: u32,
    round_ticks: u64,
    /// The learner's match index, and heartbeat ticks since it last moved.
    matched: LogIndex,
    stalled_ticks: u64,
}

impl RaftNode {
    /// The server this leader is adding, while it catches up as a learner (dissertation
    /// §4.2.1).
    pub fn learner(&self) -> Option<NodeId> {
        self.leader().and_then(|l| l.learner.as_ref()).map(|l| l.id)
    }

    /// Start adding `server` (for the client request `id`) as a learner: replicate to it
    /// without counting it, and promote it once it is close enough.
    pub(crate) fn add_learner(&mut self, id: RequestId, server: NodeId, out: &mut Out<Self>) {
        let next = self.log.last_index() + 1;
        if let Some(leader) = self.leader_mut() {
            leader.learner = Some(Box::new(Learner {
                id: server,
                request: id,
                round_end: next - 1,
                rounds: 0,
                round_ticks: 0,
                matched: 0,
                stalled_ticks: 0,
            }));
        }
        if !self.promote_learner(out) {
            if let Some(leader) = self.leader_mut() {
                leader.progress.track(&Configuration::new([server]), next);
            }
            self.broadcast_append_entries(out);
        }
    }

    /// After the learner's match index may have moved: append its `add_server` entry once
    /// the match is within `max_entries_per_append` entries of the last index (whether it
    /// did); else, if it stores the round's entries, end the round — giving up after
    /// [`MAX_ROUNDS`] if this one took longer than an election timeout — and begin the next.
    pub(crate) fn promote_learner(&mut self, out: &mut Out<Self>) -> bool {
        let Some(server) = self.learner() else {
            return false;
        };
        let (matched, last) = (self.match_index(server), self.log.last_index());
        let close = last - matched <= self.config.max_entries_per_append as LogIndex;
        let election_ticks = self.election_timeout_ticks();
        let Some(learner) = self.leader_mut().and_then(|l| l.learner.as_mut()) else {
            return false;
        };
        if matched > learner.matched {
            learner.matched = matched;
            learner.stalled_ticks = 0;
        }
        if close {
            let request = learner.request;
            if let Some(leader) = self.leader_mut() {
                leader.learner = None;
            }
            self.append_client_entry(request, Command::AddServer(server), out);
        } else if matched >= learner.round_end {
            learner.rounds += 1;
            if learner.rounds >= MAX_ROUNDS && learner.round_ticks > election_ticks {
                let reason = "the new server is too slow: 10 catch-up rounds, the last longer than an election timeout";
                self.abort_learner(reason, out);
                return false;
            }
            learner.round_end = last;
            learner.round_ticks = 0;
        }
        close
    }

    /// At a heartbeat tick: one more tick of the learner's round; a learner whose log has not
    /// grown for more ticks than the minimum election timeout holds is unavailable, and the
    /// change is aborted.
    pub(crate) fn learner_tick(&mut self, out: &mut Out<Self>) {
        let election_ticks = self.election_timeout_ticks();
        let Some(learner) = self.leader_mut().and_then(|l| l.learner.as_mut()) else {
            return;
        };
        learner.round_ticks += 1;
        learner.stalled_ticks += 1;
        if learner.stalled_ticks > election_ticks {
            let reason = "the new server did not answer within an election timeout";
            self.abort_learner(reason, out);
        }
    }

    /// `remove_server` of the learner (request `id`): abort its catch-up.
    pub(crate) fn remove_learner(&mut self, id: RequestId, out: &mut Out<Self>) {
        let Some(server) = self.learner() else {
            return;
        };
        out.reply(id, Reply::LearnerRemoved { server });
        self.abort_learner("the server was removed while a learner", out);
    }

    /// Drop the learner and refuse its `add_server` request for `reason`. Like a server
    /// removed in this term, it stays tracked, so a retry finds its log further along.
    fn abort_learner(&mut self, reason: &'static str, out: &mut Out<Self>) {
        if let Some(learner) = self.leader_mut().and_then(|l| l.learner.take()) {
            out.reply(learner.request, Reply::Refused { reason });
        }
    }
}
