//! The clients' history judged for linearizability at the cursor (issue 16, item 6): with a
//! workload, the safety panel gets a row for it, and a history no order explains is a
//! violation like any other.

use conlab_check::linearizability::{check, History, Verdict};
use conlab_check::Violation;
use conlab_core::Tick;

/// Search steps one check in the page may take: about 20 ms at the hardest history measured
/// in wasm (1,000 operations on 5 keys from 10 clients with lost answers, crates/bench), and
/// far more than the page's histories of a few hundred operations need.
pub const PAGE_BUDGET: u64 = 100_000;

/// What the check concluded about the history up to the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientCheck {
    /// One order consistent with real time explains every answer so far.
    Holds,
    /// No order does: the frame's violations say which operations.
    Violated,
    /// The budget ran out before the search decided.
    Undecided,
}

impl ClientCheck {
    pub fn of(verdict: &Verdict) -> Self {
        match verdict {
            Verdict::Linearizable => ClientCheck::Holds,
            Verdict::NotLinearizable { .. } => ClientCheck::Violated,
            Verdict::Unknown { .. } => ClientCheck::Undecided,
        }
    }

    /// The safety panel's `data-status`.
    pub fn status(self) -> &'static str {
        match self {
            ClientCheck::Holds => "holds",
            ClientCheck::Violated => "violated",
            ClientCheck::Undecided => "undecided",
        }
    }
}

/// What [`judge`] found.
pub struct Judgement {
    pub check: ClientCheck,
    /// The violation to show, if any.
    pub violation: Option<Violation>,
    /// With a violation: the operations (indices into the history) no order could place
    /// next, which the history diagram highlights.
    pub impossible: Vec<usize>,
}

/// Judge `history`: the conclusion, and the violation to show when there is one, dated at
/// the first answer after which no order explains what the clients saw. Linearizability is
/// prefix-closed (Herlihy & Wing 1990, §3: a history is linearizable only if every prefix
/// is), so that instant is found by bisecting over the answers' ticks.
pub fn judge(history: &History) -> Judgement {
    let verdict = check(history, PAGE_BUDGET);
    if !matches!(verdict, Verdict::NotLinearizable { .. }) {
        return Judgement {
            check: ClientCheck::of(&verdict),
            violation: None,
            impossible: Vec::new(),
        };
    }
    let mut ticks: Vec<Tick> = history
        .ops
        .iter()
        .filter_map(|op| op.ret.as_ref().map(|(at, _)| *at))
        .collect();
    ticks.sort_unstable();
    ticks.dedup();
    // A cut keeps a prefix of the operations, so its indices are the history's.
    let broken_at = |t: Tick| {
        let cut = history.cut(t);
        let verdict = check(&cut, PAGE_BUDGET);
        verdict.violation(&cut, 0).map(|mut v| {
            v.at = t;
            (v, verdict)
        })
    };
    let first = ticks.partition_point(|&t| broken_at(t).is_none());
    let found = match ticks.get(first) {
        Some(&t) => broken_at(t),
        None => verdict.violation(history, 0).map(|v| (v, verdict)),
    };
    let (violation, impossible) = match found {
        Some((v, Verdict::NotLinearizable { ops, .. })) => (Some(v), ops),
        _ => (None, Vec::new()),
    };
    Judgement {
        check: ClientCheck::Violated,
        violation,
        impossible,
    }
}
