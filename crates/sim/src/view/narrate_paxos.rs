//! Single-decree Paxos's steps in words (Paxos Made Simple: phase 1a/1b and 2a/2b in §2.2,
//! learning in §2.3, progress in §3).

use super::names;
use super::narrate::Story;
use super::narrate_client::Answer;
use super::paxos::ballot_text as b;
use crate::world::StepKind;
use crate::Intervention;
use conlab_core::NodeId;
use conlab_paxos::{Msg, Note, PaxosNode, Phase, Reply, Timer};

/// The sentence of one Paxos step (None: a step the generic words cover).
pub(super) fn narrate(s: &Story<PaxosNode>) -> Option<String> {
    let before = s.before?;
    let me = before.id();
    let mut text = match (s.kind, s.msg) {
        (StepKind::Message { from, lost: None, .. }, Some(msg)) => deliver(s, me, *from, msg),
        (StepKind::Timer {
            timer: Timer::Ballot,
            ..
        }, _) => match s.notes().find_map(timed_out) {
            Some(ballot) => format!(
                "{me}'s ballot {} was not chosen in time; it backs off, then tries a higher one (§3)",
                b(ballot)
            ),
            None => format!("{me}'s ballot timer fires: nothing to do"),
        },
        (StepKind::Timer { .. }, _) | (StepKind::Intervention(Intervention::Timeout { .. }), _) => {
            match s.notes().find_map(started) {
                Some(ballot) => format!(
                    "{me} starts ballot {}: it sends Prepare to the acceptors (phase 1a)",
                    b(ballot)
                ),
                None => format!("{me} has nothing to propose: no new ballot"),
            }
        }
        (StepKind::Intervention(Intervention::Client { command, .. }), _) => {
            return Some(client(s, me, command))
        }
        _ => return None,
    };
    for reply in s.replies() {
        if let Reply::Chosen { value } = reply {
            text.push_str(&format!("; it tells its client: {value} is chosen"));
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

fn timed_out(note: &Note) -> Option<conlab_paxos::Ballot> {
    match note {
        Note::TimedOut { ballot } => Some(*ballot),
        _ => None,
    }
}

fn promised(s: &Story<PaxosNode>, me: NodeId) -> String {
    super::paxos::ballot_opt(s.world.node(me).node.promised())
}

fn deliver(s: &Story<PaxosNode>, me: NodeId, from: NodeId, msg: &Msg) -> String {
    let nacked = s.sent().any(|(_, m)| matches!(m, Msg::Nack { .. }));
    let mut text = match msg {
        Msg::Prepare { ballot } => {
            let promise = s.sent().find_map(|(_, m)| match m {
                Msg::Promise { accepted, .. } => Some(accepted),
                _ => None,
            });
            match promise {
                Some(Some((ab, v))) => format!(
                    "{me} promises ballot {} and reports its accepted value {v} from ballot {} (Paxos Made Simple, phase 1b)",
                    b(*ballot),
                    b(*ab)
                ),
                Some(None) => format!(
                    "{me} promises ballot {}; it has accepted nothing yet (phase 1b)",
                    b(*ballot)
                ),
                None if nacked => format!(
                    "{me} refuses ballot {}: it promised {} (phase 1b)",
                    b(*ballot),
                    promised(s, me)
                ),
                None => format!(
                    "{me} ignores ballot {}: it promised {} (phase 1b)",
                    b(*ballot),
                    promised(s, me)
                ),
            }
        }
        Msg::Promise { ballot, .. } => promise(s, me, from, *ballot),
        Msg::Accept { ballot, value } => {
            if s.sent().any(|(_, m)| matches!(m, Msg::Accepted { .. })) {
                format!(
                    "{me} accepts {value} at ballot {} and tells the learners (phase 2b)",
                    b(*ballot)
                )
            } else {
                format!(
                    "{me} rejects {value} at ballot {}: it promised {} (phase 2b)",
                    b(*ballot),
                    promised(s, me)
                )
            }
        }
        Msg::Accepted { ballot, value } => {
            let learned = s.notes().any(|n| matches!(n, Note::Learned { .. }));
            if learned {
                format!(
                    "{me} learns {value} is chosen: a majority accepted ballot {} (§2.3)",
                    b(*ballot)
                )
            } else {
                format!(
                    "{me} notes {from} accepted {value} at ballot {}",
                    b(*ballot)
                )
            }
        }
        Msg::Nack { ballot, promised } => {
            if s.notes().any(|n| matches!(n, Note::Preempted { .. })) {
                format!(
                    "{me} gives up ballot {}: {from} promised {} (§2.2)",
                    b(*ballot),
                    b(*promised)
                )
            } else {
                format!("{me} ignores {from}'s refusal of old ballot {}", b(*ballot))
            }
        }
    };
    if !matches!(msg, Msg::Nack { .. }) {
        for note in s.notes() {
            if let Note::Preempted { ballot, by } = note {
                text.push_str(&format!(
                    "; its own ballot {} gives way to {} (§2.2)",
                    b(*ballot),
                    b(*by)
                ));
            }
        }
    }
    text
}

fn promise(s: &Story<PaxosNode>, me: NodeId, from: NodeId, ballot: conlab_paxos::Ballot) -> String {
    for note in s.notes() {
        match note {
            Note::Proposed {
                value,
                promisers,
                adopted_from: Some(ab),
                ..
            } => {
                return format!(
                    "{me} has promises from {}, a majority: it proposes {value}, the value of the highest ballot reported, {} (P2c, phase 2a)",
                    names(promisers),
                    b(*ab)
                )
            }
            Note::Proposed {
                value, promisers, ..
            } => {
                return format!(
                    "{me} has promises from {}, a majority: none reported a value, so it proposes its own, {value} (phase 2a)",
                    names(promisers)
                )
            }
            Note::NothingToPropose { .. } => {
                return format!("{me} has a majority of promises for {} but no value to propose", b(ballot))
            }
            _ => {}
        }
    }
    match s.world.node(me).node.phase() {
        Phase::Preparing {
            ballot: mine,
            promises,
        } if *mine == ballot => format!(
            "{me} counts {} promise for ballot {}: {} of the {} it needs",
            super::narrate_multipaxos::own(me, from),
            b(ballot),
            promises.len(),
            s.world.node(me).node.quorum()
        ),
        _ => format!(
            "{me} ignores {from}'s promise for ballot {}: it is not preparing it",
            b(ballot)
        ),
    }
}

fn client(s: &Story<PaxosNode>, me: NodeId, value: &str) -> String {
    let head = format!("A client asks {me} to propose {value}");
    if let Some(reply) = s.replies().next() {
        return match reply {
            Reply::NotProposer => format!("{head}: {me} is not a proposer"),
            Reply::Chosen { value } => format!("{head}: the outcome is known already, {value}"),
        };
    }
    match s.notes().find_map(started) {
        Some(ballot) => format!("{head}: it starts ballot {} (phase 1a)", b(ballot)),
        None => format!("{head}: it is already running a ballot"),
    }
}

/// What a client is told, beside the command box.
pub(super) fn answer(node: NodeId, reply: &Reply) -> Answer {
    match reply {
        Reply::NotProposer => Answer::settled("redirect", format!("{node} is not a proposer")),
        Reply::Chosen { value } => Answer::settled("done", format!("chosen: {value}")),
    }
}
