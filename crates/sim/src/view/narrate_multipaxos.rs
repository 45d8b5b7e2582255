//! Multi-Paxos's steps in words (Paxos Made Moderately Complex: the leader's scouts run phase
//! 1 once for every open slot, commanders run phase 2 per slot, replicas execute in slot
//! order; Paxos Made Simple §3 for the distinguished proposer).

use super::names;
use super::narrate::Story;
use super::narrate_client::{outcome_text, Answer};
use super::paxos::{ballot_opt, ballot_text as b};
use crate::world::StepKind;
use crate::Intervention;
use conlab_core::NodeId;
use conlab_paxos::multi::{Msg, Note, Origin, Reply, Role, Timer};
use conlab_paxos::MultiPaxosNode;

/// The sentence of one Multi-Paxos step (None: a step the generic words cover).
pub(super) fn narrate(s: &Story<MultiPaxosNode>) -> Option<String> {
    let before = s.before?;
    let me = before.id();
    let mut text = match (s.kind, s.msg) {
        (
            StepKind::Message {
                from, lost: None, ..
            },
            Some(msg),
        ) => deliver(s, before, *from, msg),
        (
            StepKind::Timer {
                timer: Timer::Heartbeat,
                ..
            },
            _,
        ) => format!("{me}, the leader, sends heartbeats and re-sends unanswered Accepts"),
        (StepKind::Timer { .. }, _) | (StepKind::Intervention(Intervention::Timeout { .. }), _) => {
            match s.notes().find_map(started) {
                Some(ballot) => format!(
                    "{me} hears no leader and starts phase 1 with ballot {} for every open slot",
                    b(ballot)
                ),
                None => format!("{me}'s leader timeout fires: nothing to do"),
            }
        }
        (StepKind::Intervention(Intervention::Client { command, .. }), _) => {
            return Some(client(s, me, command))
        }
        _ => return None,
    };
    for reply in s.replies() {
        match reply {
            Reply::Executed { outcome, .. } => {
                text.push_str("; it answers its client: ");
                text.push_str(&outcome_text(outcome));
            }
            Reply::NotLeader { .. } => text.push_str("; its client's slot went to another command"),
            Reply::Proposed { .. } => {}
        }
    }
    Some(text)
}

fn started(note: &Note) -> Option<conlab_paxos::Ballot> {
    match note {
        Note::BallotStarted { ballot } => Some(*ballot),
        _ => None,
    }
}

fn deliver(s: &Story<MultiPaxosNode>, before: &MultiPaxosNode, from: NodeId, msg: &Msg) -> String {
    let me = before.id();
    let after = &s.world.node(me).node;
    let nacked = s.sent().any(|(_, m)| matches!(m, Msg::Nack { .. }));
    let promised = ballot_opt(after.promised());
    match msg {
        Msg::Prepare { ballot, first_slot } => {
            let reported = s.sent().find_map(|(_, m)| match m {
                Msg::Promise { accepted, .. } => Some(accepted.len()),
                _ => None,
            });
            match reported {
                Some(n) => format!(
                    "{me} promises ballot {} from slot {first_slot} and reports {} (phase 1b)",
                    b(*ballot),
                    count(n, "accepted proposal")
                ),
                None if nacked => format!(
                    "{me} refuses ballot {}: it promised {promised} (phase 1b)",
                    b(*ballot)
                ),
                None => format!("{me} ignores ballot {}: it promised {promised}", b(*ballot)),
            }
        }
        Msg::Promise { ballot, .. } => {
            let became = s.notes().find_map(|n| match n {
                Note::BecameLeader { promisers, .. } => Some(promisers),
                _ => None,
            });
            let Some(promisers) = became else {
                return if after.role() == Role::Candidate && after.ballot() == Some(*ballot) {
                    format!(
                        "{me} counts {} promise for ballot {}: {} of the {} it needs",
                        own(me, from),
                        b(*ballot),
                        after.promisers().len(),
                        after.quorum()
                    )
                } else {
                    format!("{me} ignores {from}'s promise for ballot {}", b(*ballot))
                };
            };
            let (mut reported, mut gaps) = (0, 0);
            for n in s.notes() {
                match n {
                    Note::Proposed {
                        origin: Origin::Reported { .. },
                        ..
                    } => reported += 1,
                    Note::Proposed {
                        origin: Origin::Gap,
                        ..
                    } => gaps += 1,
                    _ => {}
                }
            }
            let mut text = format!(
                "{me} leads with ballot {}: {} promised, a majority (phase 1)",
                b(*ballot),
                names(promisers)
            );
            if reported > 0 {
                text.push_str(&format!(
                    "; it re-proposes {}",
                    count(reported, "reported value")
                ));
            }
            if gaps > 0 {
                text.push_str(&format!("; it fills {} with no-ops", count(gaps, "gap")));
            }
            text
        }
        Msg::Accept {
            ballot,
            slot,
            command,
        } => {
            if s.sent().any(|(_, m)| matches!(m, Msg::Accepted { .. })) {
                format!(
                    "{me} accepts “{command}” in slot {slot} at ballot {} (phase 2b)",
                    b(*ballot)
                )
            } else {
                format!(
                    "{me} rejects slot {slot} at ballot {}: it promised {promised} (phase 2b)",
                    b(*ballot)
                )
            }
        }
        Msg::Accepted { ballot, slot } => {
            let chosen = s.notes().find_map(|n| match n {
                Note::Chosen { slot, command } => Some((slot, command)),
                _ => None,
            });
            match chosen {
                Some((slot, command)) => format!(
                    "Slot {slot} is chosen: a majority accepted “{command}” at ballot {} (phase 2)",
                    b(*ballot)
                ),
                None => format!(
                    "{me} notes {from} accepted slot {slot} at ballot {}",
                    b(*ballot)
                ),
            }
        }
        Msg::Nack { ballot, promised } => {
            if s.notes().any(|n| matches!(n, Note::SteppedDown { .. })) {
                format!(
                    "{me} gives up ballot {}: {from} promised the higher {}",
                    b(*ballot),
                    b(*promised)
                )
            } else {
                format!("{me} ignores {from}'s refusal of ballot {}", b(*ballot))
            }
        }
        Msg::Heartbeat {
            ballot,
            chosen_through,
        } => {
            let behind = s.sent().any(|(_, m)| matches!(m, Msg::CatchUp { .. }));
            let tail = if behind {
                "; it is behind and asks to catch up"
            } else {
                ""
            };
            let chosen = match chosen_through {
                0 => "nothing chosen yet".to_string(),
                n => format!("chosen through slot {n}"),
            };
            format!(
                "{me} hears leader {from}'s heartbeat (ballot {}, {chosen}){tail}",
                b(*ballot)
            )
        }
        Msg::CatchUp { first_slot } => {
            format!("{me} sends {from} the chosen commands from slot {first_slot}")
        }
        Msg::Chosen {
            first_slot,
            commands,
        } => format!(
            "{me} learns {} from slot {first_slot}; it executes in slot order",
            count(commands.len(), "chosen command")
        ),
    }
}

fn client(s: &Story<MultiPaxosNode>, me: NodeId, command: &str) -> String {
    let head = format!("A client sends “{command}” to {me}");
    match s.replies().next() {
        Some(Reply::NotLeader {
            leader_hint: Some(l),
        }) => format!("{head}: not the leader, it points to {l}"),
        Some(Reply::NotLeader { leader_hint: None }) => {
            format!("{head}: not the leader, and it knows no leader yet")
        }
        Some(Reply::Proposed { slot }) => {
            format!("{head}, the leader: it proposes it in slot {slot}, sending Accept (phase 2a)")
        }
        Some(Reply::Executed { slot, .. }) => {
            format!("{head}, the leader: it is chosen in slot {slot} at once")
        }
        None => head,
    }
}

/// What a client is told, beside the command box.
pub(super) fn answer(node: NodeId, reply: &Reply) -> Answer {
    match reply {
        Reply::NotLeader {
            leader_hint: Some(l),
        } => Answer::redirect(format!("{node} is not the leader; it points to {l}"), *l),
        Reply::NotLeader { leader_hint: None } => Answer::settled(
            "redirect",
            format!("{node} is not the leader and knows none"),
        ),
        Reply::Proposed { slot } => Answer::pending(format!(
            "{node} proposed it in slot {slot}; waiting for a majority"
        )),
        Reply::Executed { slot, outcome } => Answer::settled(
            "done",
            format!("chosen in slot {slot}: {}", outcome_text(outcome)),
        ),
    }
}

/// `no gaps`, `1 gap`, `3 gaps`.
fn count(n: usize, what: &str) -> String {
    match n {
        0 => format!("no {what}s"),
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// `S2`, or `its own` when a node hears from itself.
pub(super) fn own(me: NodeId, from: NodeId) -> String {
    if me == from {
        "its own".into()
    } else {
        format!("{from}'s")
    }
}
