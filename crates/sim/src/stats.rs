//! Live counters for the compare view: messages by kind, commit latency, leader changes and
//! time without a leader.

use crate::protocol::Marker;
use conlab_core::{Chunked, RequestId, Tick};

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Messages sent, by kind, in first-seen order.
    pub sent: Vec<(&'static str, u64)>,
    /// Elections started and leaders elected.
    pub elections: u64,
    pub leader_changes: u64,
    pub commits: u64,
    /// Time during which no live node believed itself leader.
    pub leaderless_ms: Tick,
    /// Submit-to-applied time of each command applied by the node it was sent to, in order.
    #[serde(serialize_with = "serialize_chunked")]
    pub commit_latencies_ms: Chunked<Tick>,
    /// What the workload's clients saw (absent without a workload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clients: Option<crate::clients::ClientStats>,
    #[serde(skip)]
    submitted: Vec<(RequestId, Tick)>,
    #[serde(skip)]
    last_at: Tick,
    #[serde(skip)]
    had_leader: bool,
}

impl Stats {
    /// One more message of `kind` sent. A protocol names a kind by one string literal, so the
    /// same address is the same kind; the text is compared only when the addresses differ.
    pub fn count_sent(&mut self, kind: &'static str) {
        let same = |k: &&str| std::ptr::eq(*k, kind) || *k == kind;
        match self.sent.iter_mut().find(|(k, _)| same(k)) {
            Some((_, n)) => *n += 1,
            None => self.sent.push((kind, 1)),
        }
    }

    pub fn count_marker(&mut self, marker: Marker) {
        match marker {
            Marker::Election => self.elections += 1,
            Marker::Leader => self.leader_changes += 1,
            Marker::Commit => self.commits += 1,
            Marker::Fault | Marker::Violation | Marker::StepDown => {}
        }
    }

    pub fn client_submitted(&mut self, id: RequestId, at: Tick) {
        self.submitted.push((id, at));
    }

    pub fn client_applied(&mut self, id: RequestId, at: Tick) {
        if let Some(pos) = self.submitted.iter().position(|&(r, _)| r == id) {
            let (_, since) = self.submitted.swap_remove(pos);
            self.commit_latencies_ms.push(at - since);
        }
    }

    /// Account the time since the previous step; `leaders` live nodes now think they lead.
    pub fn after_step(&mut self, at: Tick, leaders: usize) {
        if !self.had_leader {
            self.leaderless_ms += at - self.last_at;
        }
        self.last_at = at;
        self.had_leader = leaders > 0;
    }

    pub fn messages_sent(&self) -> u64 {
        self.sent.iter().map(|(_, n)| n).sum()
    }
}

fn serialize_chunked<S: serde::Serializer>(
    values: &Chunked<Tick>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(values.iter())
}
