//! Static configuration and teaching bug toggles of both Paxos flavours.

use conlab_core::{NodeId, Tick, TickRange};

/// Configuration of a single-decree Paxos node (Paxos Made Simple §2).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct PaxosConfig {
    /// Nodes that play the proposer role; empty means every node (§2.1: "a single process
    /// may act as more than one agent").
    pub proposers: Vec<NodeId>,
    /// Nodes that play the acceptor role; quorums are majorities of them. Empty: every node.
    pub acceptors: Vec<NodeId>,
    /// Nodes that play the learner role; acceptors send them Accepted (2b). Empty: every node.
    pub learners: Vec<NodeId>,
    /// Acceptors answer a Prepare or Accept below their promise with a Nack, so the proposer
    /// abandons its ballot at once instead of waiting for its ballot timeout (§2.2 footnote:
    /// "an acceptor ... should probably inform the proposer, who should then abandon its
    /// attempt"). On by default.
    pub nack: bool,
    /// A proposer whose ballot has not been chosen this long after it started gives it up.
    pub ballot_timeout_ms: Tick,
    /// A proposer that gave up a ballot waits a random time drawn from `backoff_ms` before
    /// starting a higher one (§3: progress needs one distinguished proposer; randomized
    /// backoff makes one likely). Off: it retries at once, and two proposers can duel forever.
    pub backoff: bool,
    pub backoff_ms: TickRange,
    /// Teaching bug toggles; all off by default.
    pub bugs: PaxosBugs,
}

impl Default for PaxosConfig {
    fn default() -> Self {
        Self {
            proposers: Vec::new(),
            acceptors: Vec::new(),
            learners: Vec::new(),
            nack: true,
            ballot_timeout_ms: 300,
            backoff: true,
            backoff_ms: TickRange::new(30, 300),
            bugs: PaxosBugs::default(),
        }
    }
}

/// Which roles a node plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Roles {
    pub proposer: bool,
    pub acceptor: bool,
    pub learner: bool,
}

impl PaxosConfig {
    /// The roles node `id` plays.
    pub fn roles(&self, id: NodeId) -> Roles {
        let plays = |list: &[NodeId]| list.is_empty() || list.contains(&id);
        Roles {
            proposer: plays(&self.proposers),
            acceptor: plays(&self.acceptors),
            learner: plays(&self.learners),
        }
    }

    /// The acceptors of a cluster of `n` nodes, in id order.
    pub fn acceptor_ids(&self, n: usize) -> Vec<NodeId> {
        NodeId::all(n)
            .filter(|&id| self.roles(id).acceptor)
            .collect()
    }

    /// The learners of a cluster of `n` nodes, in id order.
    pub fn learner_ids(&self, n: usize) -> Vec<NodeId> {
        NodeId::all(n)
            .filter(|&id| self.roles(id).learner)
            .collect()
    }
}

/// Deliberate deviations from Paxos Made Simple, to prove the checkers can fail and to power
/// the "break it" lessons. Each names the rule it breaks.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct PaxosBugs {
    /// An acceptor restarts with no promise and nothing accepted, as if that state were
    /// volatile (§2.2: "an acceptor must remember this information even if it fails and then
    /// restarts").
    pub acceptor_forgets_on_restart: bool,
    /// A proposer with a quorum of promises proposes its own value even when a promise
    /// reported an accepted one (breaks P2c, §2.2).
    pub proposer_ignores_promised_values: bool,
    /// A learner counts Accepted messages for a value across different ballots (§2.3: a value
    /// is chosen only when a majority accepted the *same* proposal).
    pub learner_mixes_ballots: bool,
    /// Proposers number ballots by round alone, so two proposers can issue the same ballot
    /// with different values (§2.5: proposers use disjoint sets of numbers).
    pub non_unique_ballots: bool,
    /// An acceptor accepts a proposal without promising its number, so it can hold an
    /// accepted ballot above its promise (§2.2: accepting n answers the proposer as a promise
    /// of n would; PMMC invariant A2).
    pub accept_without_promising: bool,
    /// An acceptor checks an Accept against the last proposal it accepted instead of its
    /// promise, so it accepts proposals numbered below its promise, breaking P1a (§2.2: "an
    /// acceptor can accept a proposal numbered n iff it has not responded to a prepare
    /// request having a number greater than n"), and two majorities can choose two values.
    pub accept_below_promise: bool,
    /// An acceptor that already holds an accepted proposal takes every later Accept, even one
    /// numbered below its promise, so a late Accept of an older ballot overwrites a newer
    /// proposal. This breaks P1a (§2.2: "an acceptor can accept a proposal numbered n iff it
    /// has not responded to a prepare request having a number greater than n") only after
    /// the newer ballot's 2a went out, when P2c can no longer protect it: a majority that
    /// accepted the newer value and one that accepted the older value can both form (P2,
    /// §2.2), so two values are chosen.
    pub late_accept_overwrites: bool,
    /// A proposer free to propose any value (no promise reported one) proposes one of its
    /// own making instead of its client's, so a value nobody proposed can be chosen (§2.1:
    /// "only a value that has been proposed may be chosen").
    pub propose_invented_value: bool,
    /// Proposers and learners count floor(n/2) of the n acceptors — one short of a majority —
    /// as a quorum, for promises (phase 1) and for Accepted (phase 2 and learning). Two such
    /// sets can be disjoint, so two sides of a partition can each decide a value (§2.1: a value
    /// is chosen when a majority accepted it, "because any two majorities have at least one acceptor
    /// in common", §2.2).
    pub minority_quorum: bool,
}

impl PaxosBugs {
    /// Every toggle's name, as written in scenario files and on the command line.
    pub const NAMES: [&'static str; 9] = [
        "acceptor_forgets_on_restart",
        "proposer_ignores_promised_values",
        "learner_mixes_ballots",
        "non_unique_ballots",
        "accept_without_promising",
        "accept_below_promise",
        "late_accept_overwrites",
        "propose_invented_value",
        "minority_quorum",
    ];

    /// Whether the toggle called `name` is on (false for unknown names).
    pub fn is_enabled(&self, name: &str) -> bool {
        match name {
            "acceptor_forgets_on_restart" => self.acceptor_forgets_on_restart,
            "proposer_ignores_promised_values" => self.proposer_ignores_promised_values,
            "learner_mixes_ballots" => self.learner_mixes_ballots,
            "non_unique_ballots" => self.non_unique_ballots,
            "accept_without_promising" => self.accept_without_promising,
            "accept_below_promise" => self.accept_below_promise,
            "late_accept_overwrites" => self.late_accept_overwrites,
            "propose_invented_value" => self.propose_invented_value,
            "minority_quorum" => self.minority_quorum,
            _ => false,
        }
    }

    /// Turn on the toggle called `name`; false if there is no such toggle.
    pub fn enable(&mut self, name: &str) -> bool {
        let flag = match name {
            "acceptor_forgets_on_restart" => &mut self.acceptor_forgets_on_restart,
            "proposer_ignores_promised_values" => &mut self.proposer_ignores_promised_values,
            "learner_mixes_ballots" => &mut self.learner_mixes_ballots,
            "non_unique_ballots" => &mut self.non_unique_ballots,
            "accept_without_promising" => &mut self.accept_without_promising,
            "accept_below_promise" => &mut self.accept_below_promise,
            "late_accept_overwrites" => &mut self.late_accept_overwrites,
            "propose_invented_value" => &mut self.propose_invented_value,
            "minority_quorum" => &mut self.minority_quorum,
            _ => return false,
        };
        *flag = true;
        true
    }
}

/// Configuration of a Multi-Paxos replica (Paxos Made Simple §3; Paxos Made Moderately
/// Complex). Every node is replica, acceptor and potential leader.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct MultiPaxosConfig {
    /// A follower that hears no heartbeat for a time drawn from this range starts phase 1
    /// with a higher ballot; a candidate whose phase 1 has not finished by then retries.
    pub leader_timeout_ms: TickRange,
    /// The leader's heartbeat period; each heartbeat also re-sends unanswered Accepts.
    pub heartbeat_ms: Tick,
    /// Acceptors answer stale Prepares, Accepts and heartbeats with a Nack, so an old leader
    /// steps down at once. On by default.
    pub nack: bool,
    /// At most this many chosen commands travel in one catch-up message.
    pub max_catch_up: usize,
    /// Teaching bug toggles; all off by default.
    pub bugs: MultiPaxosBugs,
}

impl Default for MultiPaxosConfig {
    fn default() -> Self {
        Self {
            leader_timeout_ms: TickRange::new(150, 300),
            heartbeat_ms: 50,
            nack: true,
            max_catch_up: 32,
            bugs: MultiPaxosBugs::default(),
        }
    }
}

/// Deliberate deviations from Multi-Paxos.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[cfg_attr(not(target_arch = "wasm32"), serde(deny_unknown_fields))]
pub struct MultiPaxosBugs {
    /// A node that takes over as leader starts proposing in its next free slot right away,
    /// without phase 1: it neither learns nor re-proposes what earlier leaders may have had
    /// chosen (§3: "the leader ... executes phase 1 for infinitely many instances").
    pub leader_skips_phase1_on_takeover: bool,
    /// A replica executes each command as soon as it learns it is chosen, without waiting for
    /// the slots before it (§3: a server executes command i only after commands 1..i-1).
    pub execute_out_of_order: bool,
    /// A restarted replica takes every proposal it had accepted for chosen and executes it
    /// (§2.3: a value is chosen only once a majority accepted it; one acceptance proves
    /// nothing).
    pub restart_trusts_own_accepts: bool,
    /// An acceptor restarts with no promise, as if it were volatile (§2.2: "an acceptor must
    /// remember this information even if it fails and then restarts").
    pub forget_promise_on_restart: bool,
    /// An acceptor accepts a proposal without promising its number, so it can hold an
    /// accepted ballot above its promise (§2.2: accepting n answers as a promise of n would;
    /// PMMC invariant A2).
    pub accept_without_promising: bool,
    /// An acceptor checks an Accept against the ballot it last accepted in that slot instead
    /// of its promise, so it accepts proposals numbered below its promise, breaking P1a
    /// (§2.2), and two majorities can choose two commands for one slot.
    pub accept_below_promise: bool,
    /// The leader proposes a command of its own making in place of its client's, so a
    /// command no client requested can be chosen (§2.1: "only a value that has been proposed
    /// may be chosen").
    pub propose_invented_command: bool,
    /// Leaders number ballots by round alone, so two can issue the same ballot with
    /// different commands for a slot (§2.5: proposers use disjoint sets of numbers).
    pub non_unique_ballots: bool,
}

impl MultiPaxosBugs {
    pub const NAMES: [&'static str; 8] = [
        "leader_skips_phase1_on_takeover",
        "execute_out_of_order",
        "restart_trusts_own_accepts",
        "forget_promise_on_restart",
        "accept_without_promising",
        "accept_below_promise",
        "propose_invented_command",
        "non_unique_ballots",
    ];

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        match name {
            "leader_skips_phase1_on_takeover" => Some(&mut self.leader_skips_phase1_on_takeover),
            "execute_out_of_order" => Some(&mut self.execute_out_of_order),
            "restart_trusts_own_accepts" => Some(&mut self.restart_trusts_own_accepts),
            "forget_promise_on_restart" => Some(&mut self.forget_promise_on_restart),
            "accept_without_promising" => Some(&mut self.accept_without_promising),
            "accept_below_promise" => Some(&mut self.accept_below_promise),
            "propose_invented_command" => Some(&mut self.propose_invented_command),
            "non_unique_ballots" => Some(&mut self.non_unique_ballots),
            _ => None,
        }
    }

    /// Whether the toggle called `name` is on (false for unknown names).
    pub fn is_enabled(&self, name: &str) -> bool {
        match name {
            "leader_skips_phase1_on_takeover" => self.leader_skips_phase1_on_takeover,
            "execute_out_of_order" => self.execute_out_of_order,
            "restart_trusts_own_accepts" => self.restart_trusts_own_accepts,
            "forget_promise_on_restart" => self.forget_promise_on_restart,
            "accept_without_promising" => self.accept_without_promising,
            "accept_below_promise" => self.accept_below_promise,
            "propose_invented_command" => self.propose_invented_command,
            "non_unique_ballots" => self.non_unique_ballots,
            _ => false,
        }
    }

    /// Turn on the toggle called `name`; false if there is no such toggle.
    pub fn enable(&mut self, name: &str) -> bool {
        self.flag(name).map(|on| *on = true).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_plays_every_role_by_default() {
        let c = PaxosConfig::default();
        assert_eq!(
            c.roles(NodeId(3)),
            Roles {
                proposer: true,
                acceptor: true,
                learner: true
            }
        );
        let c = PaxosConfig {
            acceptors: vec![NodeId(1), NodeId(2), NodeId(3)],
            ..PaxosConfig::default()
        };
        assert!(!c.roles(NodeId(4)).acceptor && c.roles(NodeId(4)).proposer);
        assert_eq!(c.acceptor_ids(5).len(), 3);
    }

    #[test]
    fn bug_names_enable_their_toggles() {
        for name in PaxosBugs::NAMES {
            let mut bugs = PaxosBugs::default();
            assert!(!bugs.is_enabled(name));
            assert!(bugs.enable(name), "{name}");
            assert!(bugs.is_enabled(name));
            assert_ne!(bugs, PaxosBugs::default());
        }
        assert!(!PaxosBugs::default().enable("nope"));
        for name in MultiPaxosBugs::NAMES {
            let mut bugs = MultiPaxosBugs::default();
            assert!(bugs.enable(name) && bugs.is_enabled(name));
        }
    }
}
