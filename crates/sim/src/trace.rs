//! The readable trace: one line per step, the format of `conlab run --trace` and of the
//! recorded expectations in `crates/sim/testdata/*.trace`.
//!
//! ```text
//!   time  step    what happened                               notes and verdicts
//!     10 #1      time out S1 · S1 StartedElection { term: 1 }
//!     24 #2      S1→S4 #3 RequestVote { term: 1, candidate_id: S1, … }
//!    310 #40     S3→S1 #17 AppendEntriesReply lost (partitioned)
//!    350 #41     S2 timer Election · S2 StartedElection { term: 2 }
//!    400 #42     … ✗ leader_completeness: S2 became leader of term 3 without …
//! ```

use crate::world::{Loss, StepKind};
use conlab_check::Violation;
use conlab_core::{NodeId, Protocol, Tick};
use std::fmt::Write;

/// The trace line of one step. `delivered` is the delivered message, written out (the step
/// kind only names it).
pub(crate) fn line<P: Protocol>(
    at: Tick,
    step: u64,
    kind: &StepKind<P>,
    delivered: Option<String>,
    notes: &[(NodeId, P::Note)],
    violations: &[Violation],
) -> String {
    let mut line = format!("{at:>7} #{step:<6} ");
    match kind {
        StepKind::Message {
            id,
            from,
            to,
            kind,
            lost: None,
            ..
        } => {
            let msg = delivered.unwrap_or_else(|| (*kind).to_string());
            let _ = write!(line, "{from}→{to} #{id} {msg}");
        }
        StepKind::Message {
            id,
            from,
            to,
            kind,
            lost: Some(why),
            ..
        } => {
            let why = match why {
                Loss::Dropped => "dropped",
                Loss::Partitioned => "partitioned",
                Loss::Crashed => "receiver down",
            };
            let _ = write!(line, "{from}→{to} #{id} {kind} lost ({why})");
        }
        StepKind::Timer { node, timer } => {
            let _ = write!(line, "{node} timer {timer:?}");
        }
        StepKind::Intervention(action) => line.push_str(&action.describe()),
        StepKind::Client(c) => {
            let _ = write!(
                line,
                "c{} → {} #{} {:?} ({:?})",
                c.client, c.node, c.seq, c.command, c.why
            );
        }
    }
    for (node, note) in notes {
        let _ = write!(line, " · {node} {note:?}");
    }
    for v in violations {
        let _ = write!(line, " ✗ {}: {}", v.invariant, v.message);
    }
    line
}
