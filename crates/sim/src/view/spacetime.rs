//! The space-time diagram's data (Lamport, "Time, Clocks, and the Ordering of Events in a
//! Distributed System", 1978, Figure 1): one lane per node, every message an arrow from its
//! sender's lane at its send time to its receiver's lane at its delivery (or loss) time, and
//! marks on the lanes where something happened to one node (an election, a leader, a commit or
//! choice, a crash, a restart, another fault, a violation).
//!
//! Built from the timeline's step records, a step at a time: a [`Lab`](super::Lab) keeps one
//! and extends it only with steps recorded since ([`SpaceTime::extend`]); a fork cuts it back
//! ([`SpaceTime::truncate`]). Both lists are [`Chunked`], so a page can keep the copy it drew
//! and find what changed with [`Chunked::shared_prefix`].

use crate::protocol::{Marker, SimProtocol};
use crate::records::Records;
use crate::scenario::Intervention;
use crate::world::{StepKind, StepRecord};
use conlab_core::{Chunked, NodeId, Tick};

/// One message, from send to delivery or loss.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// The message's id (a duplicate shares its original's).
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Tick,
    /// When it was delivered, or lost (the arrow ends in a cross).
    pub end_at: Tick,
    /// The message kind (`RequestVote`, `Prepare`, …): the stage's class is the protocol's
    /// message class prefix followed by it.
    pub kind: &'static str,
    pub lost: bool,
    /// The step that delivered or lost it (1-based).
    pub step: usize,
}

/// What a mark on a lane says happened to that node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LaneMarkKind {
    /// Raft: started an election; Paxos: started a ballot.
    Election,
    /// Raft: became leader; Paxos: proposed (phase 2); Multi-Paxos: became leader.
    Leader,
    /// Raft: advanced its commit index; Paxos: learned; Multi-Paxos: a slot chosen.
    Commit,
    Crash,
    Restart,
    /// Any other fault that names the node: a partition, a cut link, a forced timeout.
    Fault,
    /// The node is named by a safety violation found in this step.
    Violation,
    /// A leader stepped down (see [`Marker::StepDown`]).
    StepDown,
}

/// A mark on one node's lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneMark {
    pub node: NodeId,
    pub at: Tick,
    pub kind: LaneMarkKind,
    /// The step it belongs to (1-based).
    pub step: usize,
}

/// The diagram as the page draws it: the data, how many lanes, and the class prefix that
/// colours an arrow like the stage's messages (`kind-` + `RequestVote`).
#[derive(Clone, Debug)]
pub struct SpaceTimeView {
    pub data: SpaceTime,
    pub nodes: usize,
    pub message_class: &'static str,
}

/// The arrows and marks of the first [`Self::upto`] recorded steps.
#[derive(Clone, Debug, Default)]
pub struct SpaceTime {
    pub arrows: Chunked<Arrow>,
    pub marks: Chunked<LaneMark>,
    upto: usize,
}

impl SpaceTime {
    /// Recorded steps read so far.
    pub fn upto(&self) -> usize {
        self.upto
    }

    /// How many arrows end within the first `steps` steps (delivered or lost by then).
    pub fn arrows_until(&self, steps: usize) -> usize {
        first_after(&self.arrows, steps, |a| a.step)
    }

    /// Read the records not read yet.
    pub fn extend<P: SimProtocol>(&mut self, records: &Records<P>) {
        for (i, record) in records.iter_from(self.upto) {
            self.read(i + 1, &record);
        }
        self.upto = self.upto.max(records.len());
    }

    /// Forget everything after the first `steps` steps (the timeline forked there).
    pub fn truncate(&mut self, steps: usize) {
        if steps >= self.upto {
            return;
        }
        let arrows = first_after(&self.arrows, steps, |a| a.step);
        self.arrows.truncate(arrows);
        let marks = first_after(&self.marks, steps, |m| m.step);
        self.marks.truncate(marks);
        self.upto = steps;
    }

    fn read<P: SimProtocol>(&mut self, step: usize, record: &StepRecord<P>) {
        let at = record.at;
        match record.kind {
            StepKind::Message {
                id,
                from,
                to,
                sent_at,
                kind,
                lost,
            } => self.arrows.push(Arrow {
                id,
                from,
                to,
                sent_at,
                end_at: at,
                kind,
                lost: lost.is_some(),
                step,
            }),
            StepKind::Timer { .. } | StepKind::Client(_) => {}
            StepKind::Intervention(ref action) => {
                let kind = match action {
                    Intervention::Crash { .. } => Some(LaneMarkKind::Crash),
                    Intervention::Restart { .. } => Some(LaneMarkKind::Restart),
                    Intervention::Client { .. }
                    | Intervention::Membership { .. }
                    | Intervention::ChangeConfig { .. } => None,
                    _ => Some(LaneMarkKind::Fault),
                };
                if let Some(kind) = kind {
                    for node in action.nodes() {
                        self.mark(node, at, kind, step);
                    }
                }
            }
        }
        for (node, note) in &record.notes {
            let kind = match P::note_marker(note) {
                Some(Marker::Election) => LaneMarkKind::Election,
                Some(Marker::Leader) => LaneMarkKind::Leader,
                Some(Marker::Commit) => LaneMarkKind::Commit,
                Some(Marker::StepDown) => LaneMarkKind::StepDown,
                Some(Marker::Fault | Marker::Violation) | None => continue,
            };
            self.mark(*node, at, kind, step);
        }
        for violation in &record.violations {
            for &node in &violation.nodes {
                self.mark(node, at, LaneMarkKind::Violation, step);
            }
        }
    }

    /// Add a mark unless this step already put the same one on that lane.
    fn mark(&mut self, node: NodeId, at: Tick, kind: LaneMarkKind, step: usize) {
        let seen = |m: &LaneMark| m.step == step && m.node == node && m.kind == kind;
        let from = first_after(&self.marks, step - 1, |m| m.step);
        if self.marks.iter_from(from).any(|(_, m)| seen(m)) {
            return;
        }
        self.marks.push(LaneMark {
            node,
            at,
            kind,
            step,
        });
    }
}

/// The index of the first item whose step is after `steps` (items are in step order).
fn first_after<T: Clone>(items: &Chunked<T>, steps: usize, step_of: impl Fn(&T) -> usize) -> usize {
    let (mut lo, mut hi) = (0, items.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if items.get(mid).is_some_and(|x| step_of(x) <= steps) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::World;
    use crate::{Scenario, Timed, Timeline};
    use conlab_raft::RaftNode;

    fn until(s: &Scenario) -> Tick {
        s.until_ms.expect("an end")
    }

    fn scenario(json: &str) -> Scenario {
        Scenario::from_json(json).expect("a valid scenario")
    }

    const RAFT: &str = r#"{"version": 1, "protocol": "raft", "nodes": 5, "seed": 7,
        "network": {"drop": 0.2}, "until_ms": 3000}"#;

    /// Every message the world sends, by id: (from, to, sent_at, deliver_at), read from the
    /// in-flight list after every step, independently of the records.
    fn sent_messages(s: &Scenario) -> Vec<(u64, NodeId, NodeId, Tick, Tick)> {
        let mut world: World<RaftNode> = World::new(s).unwrap();
        let mut seen = Vec::new();
        let mut note = |w: &World<RaftNode>| {
            for env in w.in_flight() {
                let m = (env.id, env.from, env.to, env.sent_at, env.deliver_at);
                if !seen.contains(&m) {
                    seen.push(m);
                }
            }
        };
        note(&world);
        while world.next_event_at().is_some_and(|t| t <= until(s)) {
            world.run_step();
            note(&world);
        }
        seen
    }

    fn diagram(s: &Scenario) -> (SpaceTime, Timeline<RaftNode>) {
        let mut timeline: Timeline<RaftNode> = Timeline::new(s.clone()).unwrap();
        timeline.extend_to(until(s));
        let mut st = SpaceTime::default();
        st.extend(timeline.records());
        (st, timeline)
    }

    #[test]
    fn every_delivered_message_is_one_arrow_from_its_senders_lane_at_its_send_time_to_its_receivers_lane_at_its_delivery_time(
    ) {
        let s = scenario(RAFT);
        let (st, timeline) = diagram(&s);
        let sent = sent_messages(&s);
        let deliveries = timeline
            .records()
            .iter_from(0)
            .filter(|(_, r)| matches!(r.kind, StepKind::Message { .. }))
            .count();
        assert_eq!(st.arrows.len(), deliveries);
        assert!(st.arrows.iter().filter(|a| !a.lost).count() > 50);
        for arrow in st.arrows.iter() {
            let (_, from, to, sent_at, deliver_at) = *sent
                .iter()
                .find(|m| m.0 == arrow.id && m.4 == arrow.end_at && m.2 == arrow.to)
                .unwrap_or_else(|| panic!("{arrow:?} was sent"));
            assert_eq!((arrow.from, arrow.to), (from, to));
            assert_eq!((arrow.sent_at, arrow.end_at), (sent_at, deliver_at));
            assert!(arrow.sent_at <= arrow.end_at);
        }
    }

    #[test]
    fn a_dropped_message_ends_in_a_cross() {
        let s = scenario(RAFT);
        let (st, timeline) = diagram(&s);
        let lost: Vec<(u64, Tick)> = timeline
            .records()
            .iter_from(0)
            .filter_map(|(_, r)| match r.kind {
                StepKind::Message {
                    id, lost: Some(_), ..
                } => Some((id, r.at)),
                _ => None,
            })
            .collect();
        assert!(!lost.is_empty(), "a 20% drop rate loses messages");
        let crossed: Vec<(u64, Tick)> = st
            .arrows
            .iter()
            .filter(|a| a.lost)
            .map(|a| (a.id, a.end_at))
            .collect();
        assert_eq!(crossed, lost);
    }

    #[test]
    fn elections_leaders_commits_crashes_and_restarts_are_marks_on_their_lanes() {
        let mut s = scenario(RAFT);
        s.interventions = vec![
            Timed {
                at: 1500,
                action: Intervention::Client {
                    node: NodeId(1),
                    command: "set x 1".into(),
                },
            },
            Timed {
                at: 2000,
                action: Intervention::Crash { node: NodeId(3) },
            },
            Timed {
                at: 2500,
                action: Intervention::Restart { node: NodeId(3) },
            },
        ];
        let (st, _) = diagram(&s);
        let has = |kind, node: Option<u8>, at: Option<Tick>| {
            st.marks.iter().any(|m| {
                m.kind == kind
                    && node.is_none_or(|n| m.node == NodeId(n))
                    && at.is_none_or(|t| m.at == t)
            })
        };
        assert!(has(LaneMarkKind::Election, None, None));
        assert!(has(LaneMarkKind::Leader, None, None));
        assert!(has(LaneMarkKind::Commit, None, None));
        assert!(has(LaneMarkKind::Crash, Some(3), Some(2000)));
        assert!(has(LaneMarkKind::Restart, Some(3), Some(2500)));
        assert!(!has(LaneMarkKind::Violation, None, None));
    }

    #[test]
    fn a_violation_marks_the_lanes_of_the_nodes_it_names() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/raft-figure-8-bug.json"
        ))
        .expect("the Figure 8 bug scenario");
        let s = scenario(&text);
        let (st, timeline) = diagram(&s);
        let named: Vec<NodeId> = timeline
            .records()
            .iter_from(0)
            .flat_map(|(_, r)| r.violations.into_iter().flat_map(|v| v.nodes))
            .collect();
        assert!(!named.is_empty(), "the bug breaks an invariant");
        for node in named {
            assert!(st
                .marks
                .iter()
                .any(|m| m.kind == LaneMarkKind::Violation && m.node == node));
        }
    }

    #[test]
    fn reading_step_by_step_or_all_at_once_gives_the_same_diagram() {
        let s = scenario(RAFT);
        let (whole, _) = diagram(&s);
        let mut timeline: Timeline<RaftNode> = Timeline::new(s.clone()).unwrap();
        let mut st = SpaceTime::default();
        for t in (0..=until(&s)).step_by(97) {
            timeline.extend_to(t);
            st.extend(timeline.records());
        }
        timeline.extend_to(until(&s));
        st.extend(timeline.records());
        assert_eq!(st.arrows, whole.arrows);
        assert_eq!(st.marks, whole.marks);
    }

    #[test]
    fn a_fork_keeps_the_arrows_before_it_and_redraws_the_rest() {
        let s = scenario(RAFT);
        let (mut st, mut timeline) = diagram(&s);
        let kept = timeline.steps_until(1200);
        timeline
            .intervene(1200, Intervention::Crash { node: NodeId(2) })
            .unwrap();
        timeline.extend_to(until(&s));
        let until = st.arrows_until(kept);
        st.truncate(kept);
        assert_eq!(st.upto(), kept);
        assert_eq!(st.arrows.len(), until);
        assert!(st.arrows.iter().all(|a| a.step <= kept));
        st.extend(timeline.records());
        let mut fresh = SpaceTime::default();
        fresh.extend(timeline.records());
        assert_eq!(st.arrows, fresh.arrows);
        assert_eq!(st.marks, fresh.marks);
        assert!(st.marks.iter().any(|m| m.kind == LaneMarkKind::Crash));
    }

    #[test]
    fn every_arrow_is_coloured_by_a_message_class_of_the_stage() {
        let css = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../web/css/lab.css"
        ))
        .expect("the stylesheet");
        for kind in crate::ProtocolKind::ALL {
            let mut lab = crate::view::new_lab(kind.default_scenario()).unwrap();
            lab.seek(3_000);
            let view = lab.space_time();
            assert_eq!(view.nodes, kind.default_scenario().nodes);
            assert!(!view.data.arrows.is_empty(), "{kind} sends messages");
            for arrow in view.data.arrows.iter() {
                let class = format!(".{}{} ", view.message_class, arrow.kind);
                assert!(css.contains(&class), "{class} is not in lab.css");
            }
        }
    }

    #[test]
    fn an_intervention_in_the_lab_redraws_the_diagram_from_the_cursor() {
        let mut lab = crate::view::new_lab(scenario(RAFT)).unwrap();
        lab.seek(2_500);
        let before = lab.space_time().data;
        lab.seek(1_000);
        lab.intervene(Intervention::Crash { node: NodeId(1) })
            .unwrap();
        lab.seek(2_500);
        let after = lab.space_time().data;
        let kept = |st: &SpaceTime| -> Vec<Arrow> {
            st.arrows
                .iter()
                .filter(|a| a.end_at <= 1_000)
                .cloned()
                .collect()
        };
        assert_eq!(kept(&after), kept(&before));
        assert!(after
            .marks
            .iter()
            .any(|m| m.kind == LaneMarkKind::Crash && m.node == NodeId(1) && m.at == 1_000));
        assert!(!before.marks.iter().any(|m| m.kind == LaneMarkKind::Crash));
    }
}
