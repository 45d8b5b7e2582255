//! The lab for whichever protocol the page shows — Raft, Paxos, Multi-Paxos, or Raft and
//! Multi-Paxos side by side under the same faults ("compare") — behind one object-safe trait,
//! so the page is not generic over the protocol.

use std::rc::Rc;
use std::sync::Arc;

use super::lab::{bucket_marks, Cursor, Lab};
use super::narrate::{Narration, RECENT};
use super::narrate_client::ClientAnswer;
use super::spacetime::SpaceTimeView;
use super::{LegendItem, NodeInspector, ProtocolView, ViewFrame};
use crate::registry::Visit;
use crate::{Intervention, Marker, ProtocolKind, Scenario, ScenarioError, Stats};
use crate::{Summarized, Sweepable};
use conlab_core::NodeId;
use conlab_paxos::MultiPaxosNode;
use conlab_raft::RaftNode;

/// What the page draws at the cursor: one protocol's frame, or both sides of compare mode.
/// Equal only to itself (compared by pointer): a new frame always redraws.
#[derive(Clone)]
pub enum Frames {
    One(Rc<ViewFrame>),
    Compare {
        raft: Rc<ViewFrame>,
        multi: Rc<ViewFrame>,
        raft_stats: Rc<Stats>,
        multi_stats: Rc<Stats>,
    },
}

impl PartialEq for Frames {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Frames::One(a), Frames::One(b)) => Rc::ptr_eq(a, b),
            (Frames::Compare { raft: a, .. }, Frames::Compare { raft: b, .. }) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Frames {
    /// The frame whose partition the partition dialog starts from.
    pub fn first(&self) -> &ViewFrame {
        match self {
            Frames::One(f) | Frames::Compare { raft: f, .. } => f,
        }
    }
}

/// A timeline and a cursor on it, as the page uses them: one protocol's [`Lab`] or the
/// [`CompareLab`].
pub trait AnyLab {
    /// A copy to move while the original stays as it is (cheap: timelines are shared
    /// copy-on-write).
    fn boxed_clone(&self) -> Box<dyn AnyLab>;
    /// `raft`, `paxos`, `multipaxos` or `compare`.
    fn protocol(&self) -> &'static str;
    /// The scenario settings edit (in compare mode, the Raft side's).
    fn scenario(&self) -> &Scenario;
    /// The same, shared: one `Arc` until an intervention or new settings change it, so a
    /// page can tell an unchanged scenario by pointer.
    fn shared_scenario(&self) -> &Arc<Scenario>;
    fn cursor(&self) -> Cursor;
    /// Where the scrubber ends.
    fn horizon_ms(&self) -> u64;
    /// Move to instant `ms` (forward or backward).
    fn seek(&mut self, ms: u64);
    /// One event forward (compare mode: to the next instant either side has one). False at
    /// the end of the run.
    fn step_forward(&mut self) -> bool;
    /// One event back. False at the start.
    fn step_back(&mut self) -> bool;
    /// Jump to just after step `step` (1-based), e.g. to a violation, or to `at_ms` in compare
    /// mode, where each side counts its own steps.
    fn jump_to(&mut self, step: usize, at_ms: u64);
    /// Intervene at the cursor; the recorded future after it is discarded (a fork).
    fn intervene(&mut self, action: Intervention) -> Result<(), ScenarioError>;
    /// The scenarios a share link carries to reopen this run at the cursor (one, or the Raft
    /// and Multi-Paxos sides of compare mode); `link` packs them.
    fn share_scenarios(&self) -> Vec<Scenario>;
    /// Record at most `budget` more steps (per side) toward instant `ms` without moving the
    /// cursor; the instant recorded up to so far (`ms` once there).
    fn record_toward(&mut self, ms: u64, budget: usize) -> u64;
    /// The scrubber's marks, thinned to `buckets` slices of the horizon.
    fn bucketed_marks(&mut self, buckets: u16) -> Vec<(u16, Marker)>;
    /// The space-time diagram of the recorded run (compare mode: the Raft side's).
    fn space_time(&mut self) -> SpaceTimeView;
    /// What to draw at the cursor.
    fn frames(&self) -> Frames;
    /// Everything about node `id` at the cursor (none in compare mode: it has no inspector).
    fn inspect(&self, id: NodeId) -> Option<NodeInspector>;
    /// What the shapes and colours on the stage mean (nothing in compare mode).
    fn legend(&self) -> Vec<LegendItem>;
    /// The run up to the cursor as a trace file (`crate::trace_json`; both sides in compare
    /// mode) around `scenario_json`, the scenario as JSON text.
    fn trace(&self, scenario_json: &str) -> String;
    /// The sentence of the step at the cursor (none before the first step).
    fn narration(&self) -> Option<String>;
    /// The last few steps' sentences up to the cursor, oldest first.
    fn recent_events(&self) -> Vec<Narration>;
    /// The latest `n` client requests, newest first, with their latest answers.
    fn client_answers(&self, n: usize) -> Vec<ClientAnswer>;
}

/// A lab for `scenario`'s protocol.
pub fn new_lab(scenario: Scenario) -> Result<Box<dyn AnyLab>, ScenarioError> {
    scenario.protocol.visit(NewLab(scenario))
}

/// [`new_lab`] for whichever protocol the scenario names.
struct NewLab(Scenario);

impl Visit for NewLab {
    type Output = Result<Box<dyn AnyLab>, ScenarioError>;
    fn visit<P: Sweepable + Summarized + ProtocolView>(self) -> Self::Output {
        Ok(Box::new(Lab::<P>::new(self.0)?))
    }
}

/// Raft and Multi-Paxos side by side, on the same cluster size, seed and network.
pub fn compare_lab(base: &Scenario) -> Result<Box<dyn AnyLab>, ScenarioError> {
    Ok(Box::new(CompareLab::new(base)?))
}

/// The lab a share link's scenarios open (one protocol's, or compare mode for a Raft and a
/// Multi-Paxos scenario) at time zero, with the instant the link asks for (reach it with
/// [`AnyLab::record_toward`], a slice at a time).
pub fn lab_from_scenarios(
    mut scenarios: Vec<Scenario>,
) -> Result<(Box<dyn AnyLab>, u64), ScenarioError> {
    match scenarios.len() {
        1 => {
            let mut scenario = scenarios.remove(0);
            let cursor = scenario.cursor_ms.take().unwrap_or(0);
            Ok((new_lab(scenario)?, cursor))
        }
        2 => {
            let multi = scenarios.remove(1);
            let (lab, cursor) = CompareLab::from_pair(scenarios.remove(0), multi)?;
            Ok((Box::new(lab), cursor))
        }
        _ => Err(ScenarioError(
            "a link holds one scenario, or two to compare".into(),
        )),
    }
}

/// [`lab_from_scenarios`] for a link fragment (without `#`), unpacked natively (the page unpacks
/// links with the browser's own tools, `web/src/codec.rs`).
pub fn lab_from_link(fragment: &str) -> Result<(Box<dyn AnyLab>, u64), ScenarioError> {
    lab_from_scenarios(crate::link::decode_fragment(fragment)?)
}

/// Raft and Multi-Paxos under the same faults. Both sides share the cursor's instant; faults
/// apply to the same server on both sides; a client command goes to each side's own leader.
#[derive(Clone)]
pub struct CompareLab {
    pub raft: Lab<RaftNode>,
    pub multi: Lab<MultiPaxosNode>,
}

impl CompareLab {
    pub fn new(base: &Scenario) -> Result<Self, ScenarioError> {
        let mut raft = base.clone();
        raft.protocol = ProtocolKind::Raft;
        let mut multi = base.clone();
        multi.protocol = ProtocolKind::MultiPaxos;
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
    fn from_pair(mut raft: Scenario, mut multi: Scenario) -> Result<(Self, u64), ScenarioError> {
        if raft.protocol != ProtocolKind::Raft || multi.protocol != ProtocolKind::MultiPaxos {
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
}

impl AnyLab for CompareLab {
    fn boxed_clone(&self) -> Box<dyn AnyLab> {
        Box::new(self.clone())
    }

    fn protocol(&self) -> &'static str {
        "compare"
    }

    fn scenario(&self) -> &Scenario {
        self.raft.scenario()
    }

    fn shared_scenario(&self) -> &Arc<Scenario> {
        self.raft.shared_scenario()
    }

    fn cursor(&self) -> Cursor {
        // The instant is shared; the step count shown is the Raft side's.
        self.raft.cursor()
    }

    fn horizon_ms(&self) -> u64 {
        self.raft.horizon_ms().max(self.multi.horizon_ms())
    }

    fn seek(&mut self, ms: u64) {
        self.raft.seek(ms);
        self.multi.seek(ms);
    }

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
            Some(t) => self.seek(t),
            None if now > 0 => self.seek(0),
            None => return false,
        }
        true
    }

    fn jump_to(&mut self, _step: usize, at_ms: u64) {
        self.seek(at_ms);
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

    fn share_scenarios(&self) -> Vec<Scenario> {
        vec![self.raft.share_scenario(), self.multi.share_scenario()]
    }

    fn record_toward(&mut self, ms: u64, budget: usize) -> u64 {
        let raft = self.raft.record_toward(ms, budget);
        raft.min(self.multi.record_toward(ms, budget))
    }

    fn bucketed_marks(&mut self, buckets: u16) -> Vec<(u16, Marker)> {
        let horizon = self.horizon_ms();
        let mut marks = bucket_marks(self.raft.marks(), horizon, buckets);
        marks.extend(bucket_marks(self.multi.marks(), horizon, buckets));
        marks.sort_unstable();
        marks.dedup();
        marks
    }

    fn space_time(&mut self) -> SpaceTimeView {
        self.raft.space_time()
    }

    /// Both sides' runs, Raft first.
    fn trace(&self, scenario_json: &str) -> String {
        crate::trace_json::document(
            scenario_json,
            &[self.raft.trace_run(), self.multi.trace_run()],
        )
    }

    fn frames(&self) -> Frames {
        Frames::Compare {
            raft: Rc::new(self.raft.frame()),
            multi: Rc::new(self.multi.frame()),
            raft_stats: Rc::new(self.raft.world().stats().clone()),
            multi_stats: Rc::new(self.multi.world().stats().clone()),
        }
    }

    fn inspect(&self, _id: NodeId) -> Option<NodeInspector> {
        None
    }

    /// Both sides' legends, each entry once.
    fn legend(&self) -> Vec<LegendItem> {
        let mut items = self.raft.legend();
        for item in self.multi.legend() {
            if !items.contains(&item) {
                items.push(item);
            }
        }
        items
    }

    /// The sentences of the sides that had an event at the cursor's instant (else the
    /// latest one), each after its side's name.
    fn narration(&self) -> Option<String> {
        let events = self.recent_events();
        let now = self.cursor().ms;
        let at_now: Vec<&str> = events
            .iter()
            .filter(|n| n.at == now)
            .map(|n| n.text.as_str())
            .collect();
        match at_now.is_empty() {
            true => events.last().map(|n| n.text.clone()),
            false => Some(at_now.join(" · ")),
        }
    }

    /// Both sides' sentences, each after its side's name, in time order.
    fn recent_events(&self) -> Vec<Narration> {
        let raft = sided(SIDES[0], self.raft.recent_events());
        let multi = sided(SIDES[1], self.multi.recent_events());
        let mut all = merge(raft, multi, |a, b| a.at <= b.at);
        let extra = all.len().saturating_sub(RECENT);
        all.drain(..extra);
        all
    }

    fn client_answers(&self, n: usize) -> Vec<ClientAnswer> {
        let mut sides = [self.raft.client_answers(n), self.multi.client_answers(n)];
        for (side, answers) in SIDES.iter().zip(&mut sides) {
            for a in answers {
                a.answer.text = format!("{side}: {}", a.answer.text);
            }
        }
        let [raft, multi] = sides;
        let mut all = merge(raft, multi, |a, b| a.at >= b.at);
        all.truncate(n);
        all
    }
}

/// The names compare mode gives its sides.
const SIDES: [&str; 2] = ["Raft", "Multi-Paxos"];

/// Two lists, each ordered by `first`, merged in that order (the first list first on ties).
/// Not a sort: a stable sort would cost the page its own copy of the merge sort per type.
fn merge<T>(a: Vec<T>, b: Vec<T>, first: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => first(x, y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
}

fn sided(side: &str, events: Vec<Narration>) -> Vec<Narration> {
    events
        .into_iter()
        .map(|n| Narration {
            text: format!("{side}: {}", n.text),
            ..n
        })
        .collect()
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

    const PAXOS: &str = include_str!("../../../../docs/scenarios/paxos-basic.json");
    const MULTIPAXOS: &str =
        include_str!("../../../../docs/scenarios/multipaxos-leader-crash.json");

    fn raft() -> Scenario {
        Scenario::new(ProtocolKind::Raft, 5, 1)
    }

    #[test]
    fn links_reopen_each_protocol_and_compare_mode() {
        for (protocol, json) in [
            ("paxos", PAXOS),
            ("multipaxos", MULTIPAXOS),
            ("compare", ""),
        ] {
            let mut lab = match protocol {
                "compare" => compare_lab(&raft()).unwrap(),
                _ => new_lab(Scenario::from_json(json).unwrap()).unwrap(),
            };
            lab.seek(700);
            lab.intervene(Intervention::Crash { node: NodeId(2) })
                .unwrap();
            lab.seek(1_300);
            let fragment = crate::link::encode_fragment(&lab.share_scenarios()).unwrap();
            let (mut reopened, cursor) = lab_from_link(&fragment).unwrap();
            assert_eq!(cursor, 1_300, "{protocol}");
            while reopened.record_toward(cursor, 100) < cursor {}
            reopened.seek(cursor);
            assert_eq!(reopened.protocol(), protocol);
            assert_eq!(reopened.cursor(), lab.cursor(), "{protocol}");
        }
    }

    /// Compare mode's caption for its message counter: Raft's heartbeat is an AppendEntries
    /// every follower answers, Multi-Paxos's gets no answer, so an idle Raft cluster sends
    /// about twice as many messages.
    #[test]
    fn an_idle_raft_cluster_sends_about_twice_the_messages_of_multi_paxos() {
        let mut lab = compare_lab(&raft()).unwrap();
        lab.seek(2_000);
        let before = match lab.frames() {
            Frames::Compare {
                raft_stats,
                multi_stats,
                ..
            } => (raft_stats.messages_sent(), multi_stats.messages_sent()),
            Frames::One(_) => unreachable!("compare mode has two sides"),
        };
        // Leaders are elected by now; from here on nothing but heartbeats.
        lab.seek(12_000);
        let Frames::Compare {
            raft_stats,
            multi_stats,
            ..
        } = lab.frames()
        else {
            unreachable!("compare mode has two sides")
        };
        let raft = (raft_stats.messages_sent() - before.0) as f64;
        let multi = (multi_stats.messages_sent() - before.1) as f64;
        let ratio = raft / multi;
        assert!((1.7..=2.3).contains(&ratio), "{raft} vs {multi}: {ratio}");
    }

    #[test]
    fn bad_links_say_why() {
        for bad in ["1.nope", "compare/1.nope", "compare/onlyone", "garbage"] {
            assert!(lab_from_link(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn compare_mode_applies_faults_to_both_sides_and_commands_to_each_leader() {
        let mut lab = compare_lab(&raft()).unwrap();
        lab.seek(1_500);
        lab.intervene(Intervention::Client {
            node: NodeId(3),
            command: "set q 9".into(),
        })
        .unwrap();
        lab.intervene(Intervention::Crash { node: NodeId(4) })
            .unwrap();
        lab.seek(3_000);
        let Frames::Compare { raft, multi, .. } = lab.frames() else {
            unreachable!()
        };
        for side in [raft, multi] {
            assert!(!side.nodes[3].up, "{}: S4 crashed", side.protocol);
            let grid = side.log.as_ref().unwrap();
            assert!(
                grid.rows.iter().any(|r| r.kv.contains("q=9")),
                "{}: the command reached its leader",
                side.protocol
            );
        }
        assert!(lab.step_back());
        assert!(lab.cursor().ms < 3_000);
    }
}
