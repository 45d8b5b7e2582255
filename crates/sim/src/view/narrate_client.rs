//! Every client request answered: what each node told the client (a redirect with the
//! leader's name, an index, a read's value), or that no answer came in time.

use super::ProtocolView;
use crate::world::World;
use crate::{Intervention, Scenario};
use conlab_core::kv::Outcome;
use conlab_core::{NodeId, RequestId, Tick};

/// A request that got no final answer within this long is shown as unanswered.
pub const ANSWER_WAIT_MS: Tick = 3_000;

/// What one reply means to the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// `redirect`, `pending`, `done` or `unanswered` (the `data-client-reply` value).
    pub state: &'static str,
    pub text: String,
    /// A final answer: nothing more will come.
    pub settled: bool,
    /// Where to send the request again (the leader a redirect names).
    pub resend_to: Option<NodeId>,
}

impl Answer {
    pub fn settled(state: &'static str, text: String) -> Self {
        Answer {
            state,
            text,
            settled: true,
            resend_to: None,
        }
    }

    pub fn pending(text: String) -> Self {
        Answer {
            settled: false,
            ..Answer::settled("pending", text)
        }
    }

    pub fn redirect(text: String, to: NodeId) -> Self {
        Answer {
            resend_to: Some(to),
            ..Answer::settled("redirect", text)
        }
    }
}

/// One client request and its latest answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAnswer {
    pub request: RequestId,
    /// When it was sent.
    pub at: Tick,
    pub node: NodeId,
    pub command: String,
    pub answer: Answer,
}

/// The latest `n` client requests submitted by the world's clock, newest first, each with
/// its latest answer. (Plain loops, and the wording in [`settle`] once for all protocols: the
/// page carries a copy of this function per protocol.)
pub fn client_answers<P: ProtocolView>(world: &World<P>, n: usize) -> Vec<ClientAnswer> {
    // A membership change is a request too, sent to whichever server leads (`relay`).
    let mut requests = Vec::new();
    for planned in world.interventions().iter() {
        match &planned.timed.action {
            Intervention::Client { node, command } => {
                requests.push((planned.timed.at, *node, command.clone(), false))
            }
            Intervention::Membership { node, add } => requests.push((
                planned.timed.at,
                *node,
                Scenario::membership_command(*node, *add),
                true,
            )),
            Intervention::TransferLeader { to } => requests.push((
                planned.timed.at,
                *to,
                Scenario::transfer_leader_command(*to),
                true,
            )),
            Intervention::ChangeConfig { voters } => requests.push((
                planned.timed.at,
                voters.first().copied().unwrap_or(NodeId(1)),
                Scenario::change_config_command(voters),
                true,
            )),
            _ => {}
        }
    }
    requests.truncate(world.requests_submitted() as usize);
    let mut out = Vec::new();
    for (i, (at, mut node, command, relay)) in requests.into_iter().enumerate().rev().take(n) {
        let request = i as RequestId + 1;
        let mut latest = None;
        for r in world.replies().iter() {
            if r.request == request {
                latest = Some(P::answer(r.node, &r.reply));
                if relay {
                    node = r.node;
                }
            }
        }
        out.push(settle(request, at, node, &command, latest, world.now()));
    }
    out
}

/// A request's answer as of `now`: its latest reply, unless that is not final and the request
/// has waited [`ANSWER_WAIT_MS`].
fn settle(
    request: RequestId,
    at: Tick,
    node: NodeId,
    command: &str,
    latest: Option<Answer>,
    now: Tick,
) -> ClientAnswer {
    let waiting = now < at + ANSWER_WAIT_MS;
    let answer = match latest {
        Some(a) if a.settled || waiting => a,
        None if waiting => Answer::pending(format!("sent to {node}; no answer yet")),
        _ => Answer::settled(
            "unanswered",
            format!("no answer within {} s", ANSWER_WAIT_MS / 1_000),
        ),
    };
    ClientAnswer {
        request,
        at,
        node,
        command: command.to_string(),
        answer,
    }
}

/// A state machine outcome in a few words.
pub fn outcome_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Done => "done".into(),
        Outcome::Value(Some(v)) => format!("value {v}"),
        Outcome::Value(None) => "no value".into(),
        Outcome::CasFailed { actual } => {
            format!(
                "cas failed, value is {}",
                actual.as_deref().unwrap_or("none")
            )
        }
    }
}
