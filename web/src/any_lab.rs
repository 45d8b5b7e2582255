//! The lab for whichever protocol the page shows: Raft, Paxos, Multi-Paxos, or Raft and
//! Multi-Paxos side by side under the same faults ("compare"). Plain Rust, tested natively.

use conlab_core::NodeId;
use conlab_paxos::{MultiPaxosNode, PaxosNode};
use conlab_raft::RaftNode;
use conlab_sim::view::NodeInspector;
use conlab_sim::{
    link, Intervention, Marker, ProtocolView, Scenario, ScenarioError, SimProtocol, Stats,
};

use crate::lab::{bucket_marks, Cursor, Lab};
use crate::shared::Shared;

/// The protocol switcher's choices: (scenario name, label). The labels read exactly so.
pub const PROTOCOL_CHOICES: [(&str, &str); 3] = [
    ("raft", "Raft"),
    ("paxos", "Paxos"),
    ("multipaxos", "Multi-Paxos"),
];

/// How a compare link starts: `compare/<raft payload>/<multi-paxos payload>`.
const COMPARE_PREFIX: &str = "compare/";

/// What a fresh visit to each protocol shows.
pub fn default_scenario(protocol: &str) -> Scenario {
    let mut s = Scenario::new(protocol, 5, 1);
    let at = |at, action| conlab_sim::Timed { at, action };
    match protocol {
        "paxos" => {
            s.name = "Paxos: two proposers".into();
            s.description = "S1 proposes blue; a moment later S5 proposes green. Watch the ballots, the promises and which value each proposer ends up proposing — and why.".into();
            s.interventions = vec![
                at(
                    10,
                    Intervention::Client {
                        node: NodeId(1),
                        command: "blue".into(),
                    },
                ),
                at(
                    40,
                    Intervention::Client {
                        node: NodeId(5),
                        command: "green".into(),
                    },
                ),
            ];
        }
        "multipaxos" => {
            s.name = "Five Multi-Paxos replicas".into();
            s.description = "S1 runs phase 1 once, then each client command takes one phase-2 round in its own slot.".into();
            s.interventions = vec![
                at(10, Intervention::Timeout { node: NodeId(1) }),
                at(
                    300,
                    Intervention::Client {
                        node: NodeId(1),
                        command: "set x 1".into(),
                    },
                ),
                at(
                    600,
                    Intervention::Client {
                        node: NodeId(1),
                        command: "set y 2".into(),
                    },
                ),
                at(
                    900,
                    Intervention::Client {
                        node: NodeId(1),
                        command: "set x 3".into(),
                    },
                ),
            ];
        }
        _ => s.name = "Five Raft servers".into(),
    }
    s
}

/// What the page draws at the cursor: one protocol's frame, or both sides of compare mode.
#[derive(Clone, PartialEq)]
pub enum Frames {
    One(Shared<conlab_sim::ViewFrame>),
    Compare {
        raft: Shared<conlab_sim::ViewFrame>,
        multi: Shared<conlab_sim::ViewFrame>,
        raft_stats: Shared<Stats>,
        multi_stats: Shared<Stats>,
    },
}

impl Frames {
    /// The frame whose partition the partition dialog starts from.
    pub fn first(&self) -> &conlab_sim::ViewFrame {
        match self {
            Frames::One(f) | Frames::Compare { raft: f, .. } => f,
        }
    }
}

pub enum AnyLab {
    Raft(Lab<RaftNode>),
    Paxos(Lab<PaxosNode>),
    MultiPaxos(Lab<MultiPaxosNode>),
    Compare(Box<CompareLab>),
}

/// Run `$body` with `$lab` bound to the single-protocol lab, or `$compare` for compare mode.
macro_rules! dispatch {
    ($self:expr, $lab:ident => $body:expr, $cmp:ident => $compare:expr) => {
        match $self {
            AnyLab::Raft($lab) => $body,
            AnyLab::Paxos($lab) => $body,
            AnyLab::MultiPaxos($lab) => $body,
            AnyLab::Compare($cmp) => $compare,
        }
    };
}

impl AnyLab {
    /// A lab for `scenario`'s protocol.
    pub fn new(scenario: Scenario) -> Result<Self, ScenarioError> {
        Ok(match scenario.protocol.as_str() {
            "paxos" => AnyLab::Paxos(Lab::new(scenario)?),
            "multipaxos" => AnyLab::MultiPaxos(Lab::new(scenario)?),
            _ => AnyLab::Raft(Lab::new(scenario)?),
        })
    }

    /// The default lab of `protocol`.
    pub fn default_for(protocol: &str) -> Self {
        AnyLab::new(default_scenario(protocol)).expect("default scenarios are valid")
    }

    /// Raft and Multi-Paxos side by side, on the same cluster size, seed and network.
    pub fn compare(base: &Scenario) -> Result<Self, ScenarioError> {
        Ok(AnyLab::Compare(Box::new(CompareLab::new(base)?)))
    }

    /// A lab opened from a link fragment (without `#`) at time zero, with the instant the link
    /// asks for (reach it with [`AnyLab::record_toward`], a slice at a time); a bad link yields
    /// the default Raft lab and the reason, in one sentence.
    pub fn from_link(fragment: &str) -> (Self, u64, Option<String>) {
        let opened = match fragment.strip_prefix(COMPARE_PREFIX) {
            Some(pair) => CompareLab::from_payloads(pair)
                .map(|(c, cursor)| (AnyLab::Compare(Box::new(c)), cursor)),
            None => link::decode(fragment).and_then(|mut s| {
                let cursor = s.cursor_ms.take().unwrap_or(0);
                Ok((AnyLab::new(s)?, cursor))
            }),
        };
        match opened {
            Ok((lab, cursor)) => (lab, cursor, None),
            Err(e) => (
                AnyLab::default_for("raft"),
                0,
                Some(format!(
                    "That link could not be opened: {}. Showing the default cluster instead.",
                    e.0
                )),
            ),
        }
    }

    /// Record at most `budget` more steps (per side) toward instant `ms`; the instant reached.
    pub fn record_toward(&mut self, ms: u64, budget: usize) -> u64 {
        dispatch!(self, lab => lab.record_toward(ms, budget), c => {
            c.raft.record_toward(ms, budget).min(c.multi.record_toward(ms, budget))
        })
    }

    /// `raft`, `paxos`, `multipaxos` or `compare`.
    pub fn protocol(&self) -> &'static str {
        match self {
            AnyLab::Raft(_) => RaftNode::NAME,
            AnyLab::Paxos(_) => PaxosNode::NAME,
            AnyLab::MultiPaxos(_) => MultiPaxosNode::NAME,
            AnyLab::Compare(_) => "compare",
        }
    }

    /// The scenario settings edit (in compare mode, the Raft side's).
    pub fn scenario(&self) -> &Scenario {
        dispatch!(self, lab => lab.scenario(), c => c.raft.scenario())
    }

    pub fn cursor(&self) -> Cursor {
        dispatch!(self, lab => lab.cursor(), c => c.cursor())
    }

    pub fn horizon_ms(&self) -> u64 {
        dispatch!(self, lab => lab.horizon_ms(), c => c.raft.horizon_ms().max(c.multi.horizon_ms()))
    }

    pub fn seek(&mut self, ms: u64) {
        dispatch!(self, lab => lab.seek(ms), c => c.seek(ms))
    }

    pub fn step_forward(&mut self) -> bool {
        dispatch!(self, lab => lab.step_forward(), c => c.step_forward())
    }

    pub fn step_back(&mut self) -> bool {
        dispatch!(self, lab => lab.step_back(), c => c.step_back())
    }

    /// Jump to a step (of the single lab) or to an instant (compare mode, where each side
    /// counts its own steps).
    pub fn jump_to(&mut self, step: usize, at_ms: u64) {
        dispatch!(self, lab => lab.jump_to_step(step), c => c.seek(at_ms))
    }

    pub fn intervene(&mut self, action: Intervention) -> Result<(), ScenarioError> {
        dispatch!(self, lab => lab.intervene(action), c => c.intervene(action))
    }

    /// The URL fragment (without `#`) that reopens this run at the cursor.
    pub fn share_fragment(&self) -> Result<String, ScenarioError> {
        dispatch!(self, lab => lab.share_payload(), c => c.share_fragment())
    }

    /// What to draw at the cursor.
    pub fn frames(&self) -> Frames {
        dispatch!(self, lab => Frames::One(Shared::new(lab.frame())), c => Frames::Compare {
            raft: Shared::new(c.raft.frame()),
            multi: Shared::new(c.multi.frame()),
            raft_stats: Shared::new(c.raft.world().stats().clone()),
            multi_stats: Shared::new(c.multi.world().stats().clone()),
        })
    }

    /// What the shapes and colours on the stage mean (nothing in compare mode).
    pub fn legend(&self) -> Vec<conlab_sim::view::LegendItem> {
        fn of<P: ProtocolView>(_: &Lab<P>) -> Vec<conlab_sim::view::LegendItem> {
            P::legend()
        }
        dispatch!(self, lab => of(lab), _c => Vec::new())
    }

    /// Everything about node `id` at the cursor (none in compare mode, which has no
    /// inspector).
    pub fn inspect(&self, id: NodeId) -> Option<NodeInspector> {
        dispatch!(self, lab => lab.inspect(id), _c => None)
    }

    /// The scrubber's marks, thinned to `buckets` slices of the horizon (both sides' in compare
    /// mode).
    pub fn bucketed_marks(&mut self, buckets: u16) -> Vec<(u16, Marker)> {
        let horizon = self.horizon_ms();
        dispatch!(self, lab => bucket_marks(lab.marks(), horizon, buckets), c => {
            let mut marks = bucket_marks(c.raft.marks(), horizon, buckets);
            marks.extend(bucket_marks(c.multi.marks(), horizon, buckets));
            marks.sort_unstable();
            marks.dedup();
            marks
        })
    }
}

/// Raft and Multi-Paxos under the same faults. Both sides share the cursor's instant; faults
/// apply to the same server on both sides; a client command goes to each side's own leader.
pub struct CompareLab {
    pub raft: Lab<RaftNode>,
    pub multi: Lab<MultiPaxosNode>,
}

impl CompareLab {
    pub fn new(base: &Scenario) -> Result<Self, ScenarioError> {
        let mut raft = base.clone();
        raft.protocol = RaftNode::NAME.into();
        let mut multi = base.clone();
        multi.protocol = MultiPaxosNode::NAME.into();
        for s in [&mut raft, &mut multi] {
            s.initial.clear();
            s.interventions.clear();
            s.name = "Raft vs Multi-Paxos".into();
            s.description = "The same cluster, seed, network and faults. A client command goes to each side's leader.".into();
        }
        let mut lab = CompareLab {
            raft: Lab::new(raft)?,
            multi: Lab::new(multi)?,
        };
        lab.seek(base.cursor_ms.unwrap_or(0));
        Ok(lab)
    }

    /// Both sides at time zero, and the instant the link asks for.
    fn from_payloads(pair: &str) -> Result<(Self, u64), ScenarioError> {
        let (raft, multi) = pair
            .split_once('/')
            .ok_or_else(|| ScenarioError("a compare link needs two scenarios".into()))?;
        let (mut raft, mut multi) = (link::decode(raft)?, link::decode(multi)?);
        if raft.protocol != RaftNode::NAME || multi.protocol != MultiPaxosNode::NAME {
            return Err(ScenarioError(
                "a compare link holds a Raft and a Multi-Paxos scenario".into(),
            ));
        }
        let cursor = raft.cursor_ms.take().unwrap_or(0);
        multi.cursor_ms = None;
        Ok((
            CompareLab {
                raft: Lab::new(raft)?,
                multi: Lab::new(multi)?,
            },
            cursor,
        ))
    }

    fn cursor(&self) -> Cursor {
        // The instant is shared; the step count shown is the Raft side's.
        self.raft.cursor()
    }

    fn seek(&mut self, ms: u64) {
        self.raft.seek(ms);
        self.multi.seek(ms);
    }

    /// To the next instant at which either side has an event.
    fn step_forward(&mut self) -> bool {
        let now = self.raft.cursor().ms;
        let next = [
            self.raft.next_event_after(now),
            self.multi.next_event_after(now),
        ]
        .into_iter()
        .flatten()
        .min();
        next.map(|t| self.seek(t)).is_some()
    }

    /// To the previous instant at which either side had an event.
    fn step_back(&mut self) -> bool {
        let now = self.raft.cursor().ms;
        let prev = [
            self.raft.last_event_before(now),
            self.multi.last_event_before(now),
        ]
        .into_iter()
        .flatten()
        .max();
        match prev {
            Some(t) => {
                self.seek(t);
                true
            }
            None if now > 0 => {
                self.seek(0);
                true
            }
            None => false,
        }
    }

    fn intervene(&mut self, action: Intervention) -> Result<(), ScenarioError> {
        match action {
            Intervention::Client { node, command } => {
                let raft_target = leader_of(&self.raft).unwrap_or(node);
                let multi_target = leader_of(&self.multi).unwrap_or(node);
                self.raft.intervene(Intervention::Client {
                    node: raft_target,
                    command: command.clone(),
                })?;
                self.multi.intervene(Intervention::Client {
                    node: multi_target,
                    command,
                })
            }
            other => {
                self.raft.intervene(other.clone())?;
                self.multi.intervene(other)
            }
        }
    }

    fn share_fragment(&self) -> Result<String, ScenarioError> {
        Ok(format!(
            "{COMPARE_PREFIX}{}/{}",
            self.raft.share_payload()?,
            self.multi.share_payload()?
        ))
    }
}

/// The live node that believes it leads, newest first.
fn leader_of<P: ProtocolView>(lab: &Lab<P>) -> Option<NodeId> {
    lab.world()
        .nodes()
        .iter()
        .filter(|s| s.up && s.node.is_leader())
        .max_by_key(|s| s.node.leader_rank())
        .map(|s| s.node_id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_protocol_has_a_working_default() {
        for (protocol, _) in PROTOCOL_CHOICES {
            let mut lab = AnyLab::default_for(protocol);
            assert_eq!(lab.protocol(), protocol);
            lab.seek(2_000);
            assert!(
                lab.cursor().steps > 0,
                "{protocol} does something in two seconds"
            );
        }
    }

    #[test]
    fn links_reopen_each_protocol_and_compare_mode() {
        for protocol in ["paxos", "multipaxos", "compare"] {
            let mut lab = match protocol {
                "compare" => AnyLab::compare(&default_scenario("raft")).unwrap(),
                p => AnyLab::default_for(p),
            };
            lab.seek(700);
            lab.intervene(Intervention::Crash { node: NodeId(2) })
                .unwrap();
            lab.seek(1_300);
            let fragment = lab.share_fragment().unwrap();
            let (mut reopened, cursor, error) = AnyLab::from_link(&fragment);
            assert_eq!(error, None, "{protocol}");
            assert_eq!(cursor, 1_300, "{protocol}");
            while reopened.record_toward(cursor, 100) < cursor {}
            reopened.seek(cursor);
            assert_eq!(reopened.protocol(), protocol);
            assert_eq!(reopened.cursor(), lab.cursor(), "{protocol}");
        }
    }

    #[test]
    fn bad_links_fall_back_to_raft_with_a_reason() {
        for bad in ["1.nope", "compare/1.nope", "compare/onlyone", "garbage"] {
            let (lab, _, error) = AnyLab::from_link(bad);
            assert_eq!(lab.protocol(), "raft");
            assert!(error.unwrap().contains("could not be opened"), "{bad}");
        }
    }

    #[test]
    fn compare_mode_applies_faults_to_both_sides_and_commands_to_each_leader() {
        let mut lab = AnyLab::compare(&default_scenario("raft")).unwrap();
        lab.seek(1_500);
        lab.intervene(Intervention::Client {
            node: NodeId(3),
            command: "set q 9".into(),
        })
        .unwrap();
        lab.intervene(Intervention::Crash { node: NodeId(4) })
            .unwrap();
        lab.seek(3_000);
        let AnyLab::Compare(c) = &lab else {
            unreachable!()
        };
        assert!(!c.raft.world().node(NodeId(4)).up && !c.multi.world().node(NodeId(4)).up);
        assert!(c
            .raft
            .world()
            .nodes()
            .iter()
            .any(|s| s.node.state_machine().get("q") == Some("9")));
        assert!(c
            .multi
            .world()
            .nodes()
            .iter()
            .any(|s| s.node.state_machine().get("q") == Some("9")));
        assert!(lab.step_back());
        assert!(lab.cursor().ms < 3_000);
    }
}
