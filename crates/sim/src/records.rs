//! The timeline's record of every step, compact (issue 15: an hour of RaftScope's workload,
//! 684,000 steps, recorded in at most 64 MB with everything else).
//!
//! A step is one [`Row`] of 16 bytes: its instant and, for the kinds nearly every step is (a
//! message delivered or lost, a timer), what happened. Anything else — an intervention, a
//! client's step, or a message whose id or send time does not fit 32 bits — is kept whole in a
//! side table, and so are the notes and violations of the steps that have some (most steps
//! have none). Each side table is in step order, so a step finds its part by binary search.
//! [`Records::get`] gives back the [`StepRecord`] the world returned, exactly.
//!
//! Only the notes and the timers depend on the protocol; the rest ([`Rows`]) is compiled once
//! for the page's three timelines, as the page's wasm counts every copy.

use crate::budget::MAX_TIME_MS;
use crate::clients::ClientStep;
use crate::protocol::SimProtocol;
use crate::scenario::Intervention;
use crate::world::{Loss, StepKind, StepRecord};
use conlab_check::Violation;
use conlab_core::{Chunked, NodeId, Tick};

// Every recorded instant fits a row: the timeline records nothing after `MAX_TIME_MS`.
const _: () = assert!(MAX_TIME_MS <= u32::MAX as Tick);

/// What a row's step did, when the row holds it.
#[derive(Clone, Copy, Debug)]
enum What {
    /// A message arrived (`lost`: `None`) or was lost; `kind` indexes [`Rows::kinds`].
    Message {
        from: NodeId,
        to: NodeId,
        kind: u8,
        lost: Option<Loss>,
    },
    /// A timer fired; `timer` indexes [`Records::timers`].
    Timer { node: NodeId, timer: u8 },
    /// Kept whole in [`Rows::others`].
    Other,
}

/// One step. `id` and `sent_at` are the message's (0 for other kinds).
#[derive(Clone, Copy, Debug)]
struct Row {
    at: u32,
    id: u32,
    sent_at: u32,
    what: What,
}

/// A step's kind without the protocol's timer type: what [`Rows`] takes and gives back.
#[derive(Clone, Debug)]
enum Plain {
    Message {
        id: u64,
        from: NodeId,
        to: NodeId,
        sent_at: Tick,
        kind: &'static str,
        lost: Option<Loss>,
    },
    /// A timer of `node`: index `timer` of [`Records::timers`].
    Timer {
        node: NodeId,
        timer: u8,
    },
    Intervention(Intervention),
    Client(Box<ClientStep>),
}

/// The part of the records that does not depend on the protocol.
#[derive(Clone, Debug, Default)]
struct Rows {
    rows: Chunked<Row>,
    /// The message kinds rows name, in first-seen order (a protocol has a handful).
    kinds: Vec<&'static str>,
    /// (step index, kind) of the steps whose row says [`What::Other`].
    others: Chunked<(u32, Plain)>,
    /// (step index, violation), in step order.
    violations: Chunked<(u32, Violation)>,
}

/// How many of the `len` elements of a table in step order, whose element `k` belongs to
/// step `step_of(k)`, belong to steps before `step`.
fn before(len: usize, step: u32, step_of: &dyn Fn(usize) -> u32) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if step_of(mid) < step {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The step of element `k` of a side table (`u32::MAX` past its end).
fn step_of<T: Clone>(table: &Chunked<T>, k: usize, step: fn(&T) -> u32) -> u32 {
    table.get(k).map_or(u32::MAX, step)
}

/// What a side table holds for step `at`, in order.
fn side<T: Clone, U>(
    table: &Chunked<T>,
    at: u32,
    step: fn(&T) -> u32,
    item: fn(&T) -> U,
) -> Vec<U> {
    let mut k = before(table.len(), at, &|k| step_of(table, k, step));
    let mut found = Vec::new();
    while let Some(x) = table.get(k).filter(|x| step(x) == at) {
        found.push(item(x));
        k += 1;
    }
    found
}

/// Keep what a side table holds for the first `steps` steps.
fn cut<T: Clone>(table: &mut Chunked<T>, steps: u32, step: fn(&T) -> u32) {
    table.truncate(before(table.len(), steps, &|k| step_of(table, k, step)));
}

impl Rows {
    fn at(&self, i: usize) -> Option<Tick> {
        self.rows.get(i).map(|r| Tick::from(r.at))
    }

    /// The instant and kind of step `i`, and its violations.
    #[inline(never)]
    fn get(&self, i: usize) -> Option<(Tick, Plain, Vec<Violation>)> {
        let row = *self.rows.get(i)?;
        let step = i as u32; // below `len`, which fits (see `push`)
        let kind = match row.what {
            What::Message {
                from,
                to,
                kind,
                lost,
            } => Plain::Message {
                id: u64::from(row.id),
                from,
                to,
                sent_at: Tick::from(row.sent_at),
                kind: self.kinds[usize::from(kind)],
                lost,
            },
            What::Timer { node, timer } => Plain::Timer { node, timer },
            What::Other => side(&self.others, step, |o| o.0, |o| o.1.clone())
                .pop()
                .expect("a step kept whole"),
        };
        let violations = side(&self.violations, step, |v| v.0, |v| v.1.clone());
        Some((Tick::from(row.at), kind, violations))
    }

    /// Record step `step`, at `at`, of kind `kind`, with its violations.
    #[inline(never)]
    fn push(&mut self, step: u32, at: Tick, kind: Plain, violations: Vec<Violation>) {
        let at = u32::try_from(at).expect("recorded instants are at most MAX_TIME_MS");
        let mut row = Row {
            at,
            id: 0,
            sent_at: 0,
            what: What::Other,
        };
        match kind {
            Plain::Timer { node, timer } => row.what = What::Timer { node, timer },
            Plain::Message {
                id,
                from,
                to,
                sent_at,
                kind,
                lost,
            } if self.fits(id, sent_at, kind) => {
                (row.id, row.sent_at) = (id as u32, sent_at as u32);
                let kind = self
                    .kinds
                    .iter()
                    .position(|k| *k == kind)
                    .unwrap_or_else(|| {
                        self.kinds.push(kind);
                        self.kinds.len() - 1
                    }) as u8;
                row.what = What::Message {
                    from,
                    to,
                    kind,
                    lost,
                };
            }
            other => self.others.push((step, other)),
        }
        self.rows.push(row);
        for v in violations {
            self.violations.push((step, v));
        }
    }

    /// Whether a message with this id, send time and kind fits a row: 32-bit id and time,
    /// one of the first 256 kinds (a protocol has a handful).
    fn fits(&self, id: u64, sent_at: Tick, kind: &'static str) -> bool {
        let known = self.kinds.contains(&kind);
        u32::try_from(id).is_ok()
            && u32::try_from(sent_at).is_ok()
            && (known || self.kinds.len() < 256)
    }

    #[inline(never)]
    fn truncate(&mut self, len: usize) {
        let steps = len as u32; // below `len()`, which fits
        self.rows.truncate(len);
        cut(&mut self.others, steps, |o| o.0);
        cut(&mut self.violations, steps, |v| v.0);
    }
}

/// Every step of a run, in order. Cloning copies a few pointers per chunk.
#[derive(Debug)]
pub struct Records<P: SimProtocol> {
    rows: Rows,
    /// The timers rows name, in first-seen order (a protocol has a handful).
    timers: Vec<P::Timer>,
    /// (step index, node, note), in step order.
    notes: Chunked<(u32, NodeId, P::Note)>,
}

// Derived `Clone` would demand `P: Clone` of the node type itself.
impl<P: SimProtocol> Clone for Records<P> {
    fn clone(&self) -> Self {
        Self {
            rows: self.rows.clone(),
            timers: self.timers.clone(),
            notes: self.notes.clone(),
        }
    }
}

impl<P: SimProtocol> Default for Records<P> {
    fn default() -> Self {
        Self {
            rows: Rows::default(),
            timers: Vec::new(),
            notes: Chunked::default(),
        }
    }
}

impl<P: SimProtocol> Records<P> {
    pub fn len(&self) -> usize {
        self.rows.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The instant of step `i` (0-based).
    pub fn at(&self, i: usize) -> Option<Tick> {
        self.rows.at(i)
    }

    /// Step `i` (0-based) as the world recorded it.
    pub fn get(&self, i: usize) -> Option<StepRecord<P>> {
        let (at, kind, violations) = self.rows.get(i)?;
        let step = i as u32; // below `len`, which fits (see `push`)
        let kind = match kind {
            Plain::Message {
                id,
                from,
                to,
                sent_at,
                kind,
                lost,
            } => StepKind::Message {
                id,
                from,
                to,
                sent_at,
                kind,
                lost,
            },
            Plain::Timer { node, timer } => StepKind::Timer {
                node,
                timer: self.timers[usize::from(timer)],
            },
            Plain::Intervention(action) => StepKind::Intervention(action),
            Plain::Client(c) => StepKind::Client(c),
        };
        Some(StepRecord {
            step: u64::from(step) + 1,
            at,
            kind,
            notes: side(&self.notes, step, |n| n.0, |n| (n.1, n.2.clone())),
            violations,
        })
    }

    pub fn last(&self) -> Option<StepRecord<P>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Steps `from..` (0-based) with their indices.
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = (usize, StepRecord<P>)> + '_ {
        (from..self.len()).filter_map(|i| Some((i, self.get(i)?)))
    }

    /// Record the next step, which `record` describes (its number is implied by its place).
    pub fn push(&mut self, record: StepRecord<P>) {
        // Over 2^32 steps would take more than 64 GB of rows alone.
        let step = u32::try_from(self.len()).expect("fewer than 2^32 steps");
        let kind = match record.kind {
            StepKind::Message {
                id,
                from,
                to,
                sent_at,
                kind,
                lost,
            } => Plain::Message {
                id,
                from,
                to,
                sent_at,
                kind,
                lost,
            },
            StepKind::Timer { node, timer } => Plain::Timer {
                node,
                timer: self.timer(timer),
            },
            StepKind::Intervention(action) => Plain::Intervention(action),
            StepKind::Client(c) => Plain::Client(c),
        };
        self.rows.push(step, record.at, kind, record.violations);
        for (node, note) in record.notes {
            self.notes.push((step, node, note));
        }
    }

    /// The index of `timer` in [`Self::timers`]. A protocol's timers are a few (each of
    /// today's is a one-byte enum).
    fn timer(&mut self, timer: P::Timer) -> u8 {
        let i = match self.timers.iter().position(|t| *t == timer) {
            Some(i) => i,
            None => {
                self.timers.push(timer);
                self.timers.len() - 1
            }
        };
        u8::try_from(i).expect("a protocol has fewer than 256 timers")
    }

    /// Keep the first `len` steps.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        self.rows.truncate(len);
        cut(&mut self.notes, len as u32, |n| n.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Intervention;
    use conlab_raft::{Note, RaftNode, Timer};

    fn record(step: u64, kind: StepKind<RaftNode>, notes: usize) -> StepRecord<RaftNode> {
        StepRecord {
            step,
            at: step * 10,
            kind,
            notes: (0..notes as u64)
                .map(|i| (NodeId(1), Note::Committed { index: i }))
                .collect(),
            violations: Vec::new(),
        }
    }

    /// What does not fit a row (a 33-bit message id, a send time past 2^32 ms) is kept whole,
    /// and a cut drops the side tables' parts of the steps it removes.
    #[test]
    fn steps_that_do_not_fit_a_row_come_back_whole_and_cuts_reach_the_side_tables() {
        let message = |id, sent_at| StepKind::Message {
            id,
            from: NodeId(1),
            to: NodeId(2),
            sent_at,
            kind: "AppendEntries",
            lost: None,
        };
        let steps = [
            record(1, message(7, 3), 0),
            record(2, message(1 << 33, 4), 2),
            record(3, message(8, 1 << 33), 0),
            record(4, StepKind::Intervention(Intervention::Heal), 1),
            record(
                5,
                StepKind::Timer {
                    node: NodeId(3),
                    timer: Timer::Election,
                },
                3,
            ),
        ];
        let mut records = Records::<RaftNode>::default();
        for r in steps.iter().cloned() {
            records.push(r);
        }
        let back = |records: &Records<RaftNode>| -> Vec<String> {
            records
                .iter_from(0)
                .map(|(_, r)| format!("{r:?}"))
                .collect()
        };
        let all: Vec<String> = steps.iter().map(|r| format!("{r:?}")).collect();
        assert_eq!(back(&records), all);
        records.truncate(3);
        assert_eq!(back(&records), all[..3]);
        assert_eq!((records.rows.others.len(), records.notes.len()), (2, 2));
        records.push(steps[3].clone());
        assert_eq!(back(&records), all[..4]);
    }

    /// Issue 15 counts timeline memory: a row is 16 bytes (20 with its chunk slot's flag).
    #[test]
    fn a_row_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 16);
    }
}
