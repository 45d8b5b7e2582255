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
//!   unavailable or is so slow that it will never catch up": a round still unfinished after
//!   more heartbeat ticks than the minimum election timeout holds (so at least that timeout
//!   long) aborts it. The dissertation also promotes after a fixed number of rounds if the
//!   last was shorter than an election timeout; the lab keeps the one-AppendEntries rule for
//!   promotion and takes only the abort.
//! - Aborting answers the `add_server` request with a refusal and lets other changes
//!   through; the leader keeps sending to the server for the rest of its term, as to a server
//!   it removed, so a retry finds its log further along. A `remove_server` of the learner
//!   aborts it the same way, needs no log entry, and is answered [`Reply::LearnerRemoved`].

use crate::node::Reply;
use crate::{LogIndex, RaftNode};
use conlab_core::kv::Command;
use conlab_core::{Configuration, NodeId, Out, RequestId};

/// A server being added, catching up, and the request that adds it.
#[derive(Clone, Debug)]
pub(crate) struct Learner {
    pub(crate) id: NodeId,
    request: RequestId,
    /// The current round ends once the learner stores the log through this index: the
    /// leader's last index when the round began.
    round_end: LogIndex,
    /// Heartbeat ticks since the round began.
    round_ticks: u64,
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
                round_ticks: 0,
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
    /// did); else, if it stores the round's entries, begin the next round.
    pub(crate) fn promote_learner(&mut self, out: &mut Out<Self>) -> bool {
        let Some(server) = self.learner() else {
            return false;
        };
        let (matched, last) = (self.match_index(server), self.log.last_index());
        let close = last - matched <= self.config.max_entries_per_append as LogIndex;
        let Some(learner) = self.leader_mut().and_then(|l| l.learner.as_mut()) else {
            return false;
        };
        if close {
            let request = learner.request;
            if let Some(leader) = self.leader_mut() {
                leader.learner = None;
            }
            self.append_client_entry(request, Command::AddServer(server), out);
        } else if matched >= learner.round_end {
            learner.round_end = last;
            learner.round_ticks = 0;
        }
        close
    }

    /// At a heartbeat tick: one more tick of the learner's round; a round of more ticks than
    /// the minimum election timeout holds aborts the catch-up.
    pub(crate) fn learner_tick(&mut self, out: &mut Out<Self>) {
        let election_ticks = self.election_timeout_ticks();
        let Some(learner) = self.leader_mut().and_then(|l| l.learner.as_mut()) else {
            return;
        };
        learner.round_ticks += 1;
        if learner.round_ticks > election_ticks {
            let reason = "the new server did not catch up within an election timeout";
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
