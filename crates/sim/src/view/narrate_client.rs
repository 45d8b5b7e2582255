//! Every client request answered: what each node told the client (a redirect with the
//! leader's name, an index, a read's value), or that no answer came in time.

use super::ProtocolView;
use crate::world::World;
use crate::Intervention;
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
/// its latest answer.
pub fn client_answers<P: ProtocolView>(world: &World<P>, n: usize) -> Vec<ClientAnswer> {
    let submitted = world.requests_submitted();
    let requests = world
        .interventions()
        .iter()
        .filter_map(|p| match &p.timed.action {
            Intervention::Client { node, command } => Some((p.timed.at, *node, command)),
            _ => None,
        })
        .zip(1..=submitted);
    let mut out: Vec<ClientAnswer> = requests
        .map(|((at, node, command), request)| {
            let latest = world
                .replies()
                .iter()
                .rev()
                .find(|r| r.request == request)
                .map(|r| P::answer(r.node, &r.reply));
            let waiting = world.now() < at + ANSWER_WAIT_MS;
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
                command: command.clone(),
                answer,
            }
        })
        .collect();
    out.reverse();
    out.truncate(n);
    out
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
