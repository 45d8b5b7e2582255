//! Narration: one sentence per step, saying what happened and why, for the line under the
//! stage and the event log.
//!
//! A sentence is built from the step's record (what was delivered, which timer fired, which
//! intervention, the notes) and from what the node did in it: the stepping node as it was just
//! before (a copy), the messages it sent (those in flight after the step and not before) and
//! the answers it gave clients (`World::replies` of the step). Only the last [`RECENT`] steps
//! before the cursor are narrated, so playback pays for a few copies per frame, not one per
//! event.
//! Each protocol words its own steps ([`ProtocolView::narrate`]); interventions and losses
//! are worded here.

use super::{names, ProtocolView};
use crate::protocol::SimProtocol;
use crate::records::Records;
use crate::world::{Loss, StepKind, StepRecord, World};
use crate::Intervention;
use conlab_core::{NodeId, Tick};

/// How many recent sentences a lab keeps (the event log's length).
pub const RECENT: usize = 8;

/// One step's sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Narration {
    /// 1-based step number (per side in compare mode).
    pub step: u64,
    pub at: Tick,
    pub text: String,
}

/// Everything one step did, for a protocol to word.
pub struct Story<'a, P: SimProtocol> {
    pub kind: &'a StepKind<P>,
    /// The delivered message.
    pub msg: Option<&'a P::Msg>,
    /// The node that stepped, as it was just before the step.
    pub before: Option<&'a P>,
    /// The messages it sent in the step: (id, receiver, message).
    pub sent: &'a [(u64, NodeId, &'a P::Msg)],
    /// Its notes and its answers to clients in the step.
    pub notes: &'a [(NodeId, P::Note)],
    pub replies: &'a [&'a P::Reply],
    /// The world just after the step.
    pub world: &'a World<P>,
}

impl<P: SimProtocol> Story<'_, P> {
    /// The messages the node sent in this step, with their receivers.
    pub fn sent(&self) -> impl Iterator<Item = (NodeId, &P::Msg)> + '_ {
        self.sent.iter().map(|&(_, to, msg)| (to, msg))
    }

    /// The notes the node made in this step.
    pub fn notes(&self) -> impl Iterator<Item = &P::Note> + '_ {
        self.notes.iter().map(|(_, n)| n)
    }

    /// The answers the node gave clients in this step.
    pub fn replies(&self) -> impl Iterator<Item = &P::Reply> + '_ {
        self.replies.iter().copied()
    }
}

/// The last few sentences up to a lab's cursor, oldest first.
#[derive(Clone, Default)]
pub struct Recent {
    events: Vec<Narration>,
}

impl Recent {
    pub fn events(&self) -> &[Narration] {
        &self.events
    }

    /// Step `world` forward to `target` steps (as `records` recorded them), narrating the
    /// last [`RECENT`] of them; sentences of steps after the world's start are dropped first.
    pub fn advance<P: ProtocolView>(
        &mut self,
        world: &mut World<P>,
        records: &Records<P>,
        target: usize,
    ) {
        let from = world.steps();
        self.events.retain(|n| n.step <= from);
        while (world.steps() as usize) < target {
            let next = world.steps() as usize;
            if target - next > RECENT {
                world.run_step();
                continue;
            }
            let Some(upcoming) = records.get(next) else {
                return;
            };
            // The stepping node as it was, the message it gets, and what was in flight.
            let stepper = stepping_node(&upcoming.kind).filter(|&id| world.node(id).up);
            let before = stepper.map(|id| world.node(id).node.clone());
            let in_flight = world.in_flight();
            let earlier: Vec<u64> = in_flight.iter().map(|e| e.id).collect();
            let msg = delivered(&upcoming.kind)
                .and_then(|id| in_flight.into_iter().find(|e| e.id == id))
                .map(|e| e.msg.clone());
            let Some(record) = world.step() else {
                return;
            };
            // What it sent: the messages in flight now that were not before (once each,
            // though the network may have duplicated one).
            let mut sent = Vec::new();
            for e in world.in_flight() {
                let new =
                    !earlier.contains(&e.id) && !sent.iter().any(|s: &(u64, _, _)| s.0 == e.id);
                if stepper == Some(e.from) && new {
                    sent.push((e.id, e.to, &e.msg));
                }
            }
            let mut replies: Vec<&P::Reply> = Vec::new();
            for r in world.replies().iter() {
                if r.step == record.step {
                    replies.push(&r.reply);
                }
            }
            let story = Story {
                kind: &record.kind,
                msg: msg.as_ref(),
                before: before.as_ref(),
                sent: &sent,
                notes: &record.notes,
                replies: &replies,
                world,
            };
            self.events.push(Narration {
                step: record.step,
                at: record.at,
                text: sentence(&story, &record),
            });
        }
        let extra = self.events.len().saturating_sub(RECENT);
        self.events.drain(..extra);
    }
}

/// The node a step gives an input to (if it is up).
fn stepping_node<P: SimProtocol>(kind: &StepKind<P>) -> Option<NodeId> {
    match kind {
        StepKind::Message { to, lost: None, .. } => Some(*to),
        StepKind::Timer { node, .. } => Some(*node),
        StepKind::Intervention(Intervention::Timeout { node })
        | StepKind::Intervention(Intervention::Client { node, .. }) => Some(*node),
        StepKind::Client(c) => Some(c.node),
        _ => None,
    }
}

/// The id of the message a step delivers or loses.
fn delivered<P: SimProtocol>(kind: &StepKind<P>) -> Option<u64> {
    match kind {
        StepKind::Message { id, .. } => Some(*id),
        _ => None,
    }
}

/// The whole sentence of a step: the protocol's words (or the generic ones), then any
/// invariant the step broke.
fn sentence<P: ProtocolView>(story: &Story<P>, record: &StepRecord<P>) -> String {
    let mut text =
        P::narrate(story).unwrap_or_else(|| generic(&story.kind.into(), story.world.links()));
    for v in &record.violations {
        text.push_str(&format!(". ✗ {} is broken", v.invariant));
    }
    text
}

/// A step as the generic words need it, the same for every protocol (so that their code is
/// in the page once, not once per protocol).
enum Plain<'a> {
    Lost {
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        why: Loss,
    },
    Deliver {
        from: NodeId,
        to: NodeId,
        kind: &'static str,
    },
    Timer(NodeId),
    Intervention(&'a Intervention),
    Client(&'a crate::clients::ClientStep),
}

impl<'a, P: SimProtocol> From<&'a StepKind<P>> for Plain<'a> {
    fn from(kind: &'a StepKind<P>) -> Self {
        match kind {
            StepKind::Message {
                from,
                to,
                kind,
                lost: Some(why),
                ..
            } => Plain::Lost {
                from: *from,
                to: *to,
                kind,
                why: *why,
            },
            StepKind::Message {
                from,
                to,
                kind,
                lost: None,
                ..
            } => Plain::Deliver {
                from: *from,
                to: *to,
                kind,
            },
            StepKind::Timer { node, .. } => Plain::Timer(*node),
            StepKind::Intervention(i) => Plain::Intervention(i),
            StepKind::Client(c) => Plain::Client(c),
        }
    }
}

/// Steps every protocol words alike: losses and the network and crash interventions.
fn generic(step: &Plain, links: &crate::Links) -> String {
    match step {
        Plain::Lost {
            from,
            to,
            kind,
            why,
        } => {
            let why = match why {
                Loss::Dropped => "the network drops it",
                Loss::Partitioned => "the link is cut",
                Loss::Crashed => "the receiver is crashed",
            };
            format!("{kind} from {from} to {to} is lost: {why}")
        }
        Plain::Deliver { from, to, kind } => format!("{to} receives {kind} from {from}"),
        Plain::Timer(node) => format!("A timer of {node} fires"),
        Plain::Intervention(Intervention::Partition { .. }) => {
            let groups: Vec<String> = links.groups().iter().map(|g| names(g)).collect();
            format!("The network splits into {}", groups.join(" | "))
        }
        Plain::Intervention(i) => intervention(i),
        Plain::Client(c) => client_sends(c),
    }
}

/// A workload client's send (its session keeps a retried command from being applied twice,
/// dissertation §6.3).
fn client_sends(c: &crate::clients::ClientStep) -> String {
    use crate::clients::Why;
    let again = match c.why {
        Why::New => "",
        Why::Redirected => " again, as redirected",
        Why::TimedOut => " again, with no answer in time (same session number, §6.3)",
    };
    format!(
        "Client c{} sends “{}” (#{}) to {}{again}",
        c.client, c.command, c.seq, c.node
    )
}

fn intervention(i: &Intervention) -> String {
    match i {
        Intervention::Crash { node } => {
            format!("{node} crashes: it keeps only what it persisted")
        }
        Intervention::Restart { node } => {
            format!("{node} restarts from what it persisted")
        }
        Intervention::Partition { .. } => "The network splits".into(),
        Intervention::Heal => "The network heals: every link works again".into(),
        Intervention::Cut { from, to } => format!("The link {from} → {to} is cut"),
        Intervention::Restore { from, to } => format!("The link {from} → {to} works again"),
        Intervention::Timeout { node } => format!("{node} is crashed: its timeout cannot fire"),
        Intervention::Client { node, command } => {
            format!("A client sends “{command}” to {node}, which is crashed: no answer")
        }
        Intervention::DropMessage { id } => format!("Message {id} will be lost"),
        Intervention::Membership { node, add } => {
            let verb = if *add { "add" } else { "remove" };
            format!("A client asks the leader to {verb} {node} (dissertation §4.1)")
        }
        Intervention::TransferLeader { to } => {
            format!("A client asks the leader to hand leadership to {to} (dissertation §3.10)")
        }
        Intervention::ChangeConfig { voters } => format!(
            "A client asks the leader to make {{{}}} the voters, by joint consensus (Raft §6)",
            names(voters)
        ),
    }
}
