//! The clients panel (issue 16, item 9): what each workload client asked, when it was answered
//! and how many times it had to send, drawn as a history diagram — one lane per client, each
//! operation a bar from invocation to answer (Herlihy & Wing 1990, §2). When no order explains
//! the answers, the diagram shows the operations on the key that broke, with the ones the
//! search could not place next highlighted.

use crate::clients::Clients;
use conlab_check::linearizability::{ClientId, History};
use conlab_core::kv::Outcome;
use conlab_core::Tick;

/// How many of the latest operations the diagram shows while the history is linearizable.
pub const LATEST: usize = 12;

/// One operation as the diagram draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpBar {
    pub client: ClientId,
    /// The command, e.g. "set x1 c0-3".
    pub command: String,
    /// The answer in a few words; `None` while (or if never) answered.
    pub answer: Option<String>,
    pub call: Tick,
    /// When the answer came; `None`: pending at the cursor, or never answered.
    pub ret: Option<Tick>,
    /// Sends after a timeout, and after a redirect.
    pub retries: u32,
    pub redirects: u32,
    /// One of the operations no order could place next (a violation's).
    pub impossible: bool,
    /// Where the bar starts and ends on the diagram's axis (see [`ClientsView::slots`]).
    pub start: u32,
    pub end: u32,
}

/// The clients panel's content at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientsView {
    pub clients: ClientId,
    /// The time the diagram spans, in simulated ms.
    pub from: Tick,
    pub to: Tick,
    /// The axis: one slot per distinct instant at which a drawn operation was invoked or
    /// answered, in time order, an invocation before an answer at the same instant. It keeps
    /// what linearizability depends on — which operation finished before another began —
    /// while a 0 ms read stays as wide as a 200 ms write. A bar without an answer runs to
    /// `slots`.
    pub slots: u32,
    pub bars: Vec<OpBar>,
    /// With a violation: the key whose operations are drawn.
    pub key: Option<String>,
}

impl ClientsView {
    /// The diagram at `now`: the [`LATEST`] operations up to `now`; or, when `impossible`
    /// names a violation's operations (indices into `history`), the latest operations on
    /// their key invoked before the last of them was answered, spanning just those.
    pub fn of(clients: &Clients, history: &History, impossible: &[usize], now: Tick) -> Self {
        let bar = |i: usize| {
            let op = &history.ops[i];
            let (retries, redirects) = clients.sends(i);
            OpBar {
                client: op.client,
                command: op.command.to_string(),
                answer: op.ret.as_ref().map(|(_, outcome)| answer_text(outcome)),
                call: op.call,
                ret: op.ret.as_ref().map(|(at, _)| *at),
                retries,
                redirects,
                impossible: impossible.contains(&i),
                start: 0,
                end: 0,
            }
        };
        let key = impossible
            .first()
            .and_then(|&i| history.ops[i].key())
            .map(str::to_string);
        let chosen: Vec<usize> = match &key {
            // The key's operations up to the last answer among the impossible ones (the
            // writes a stale read missed come before it), the latest LATEST of them.
            Some(key) => {
                let until = impossible
                    .iter()
                    .map(|&i| history.ops[i].ret.as_ref().map_or(now, |(at, _)| *at))
                    .max()
                    .unwrap_or(now);
                let on_key: Vec<usize> = (0..history.ops.len())
                    .filter(|&i| {
                        let op = &history.ops[i];
                        op.key() == Some(key.as_str()) && op.call <= until
                    })
                    .collect();
                let latest = on_key.len().saturating_sub(LATEST);
                on_key
                    .iter()
                    .enumerate()
                    .filter(|&(n, i)| n >= latest || impossible.contains(i))
                    .map(|(_, &i)| i)
                    .collect()
            }
            None => (history.ops.len().saturating_sub(LATEST)..history.ops.len()).collect(),
        };
        let mut bars: Vec<OpBar> = chosen.into_iter().map(bar).collect();
        let mut instants: Vec<(Tick, u8)> = bars
            .iter()
            .flat_map(|b| [Some((b.call, 0)), b.ret.map(|r| (r, 1))])
            .flatten()
            .collect();
        instants.sort_unstable();
        instants.dedup();
        let slot = |instant| instants.partition_point(|&i| i < instant) as u32;
        let slots = instants.len() as u32;
        for b in &mut bars {
            b.start = slot((b.call, 0));
            b.end = b.ret.map_or(slots, |r| slot((r, 1)) + 1);
        }
        let from = bars.iter().map(|b| b.call).min().unwrap_or(now);
        // A violation's diagram ends at its last answer (bars still open run to the edge).
        let to = match key {
            Some(_) => bars.iter().filter_map(|b| b.ret).max().unwrap_or(now),
            None => now,
        };
        ClientsView {
            clients: clients.count(),
            from,
            to: to.max(from + 1),
            slots,
            bars,
            key,
        }
    }
}

/// An answer as the table shows it: "ok", the value read, or a failed compare-and-set.
fn answer_text(outcome: &Outcome) -> String {
    let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    match outcome {
        Outcome::Done => "ok".into(),
        Outcome::Value(v) => value(v),
        Outcome::CasFailed { actual } => format!("failed: {}", value(actual)),
    }
}
