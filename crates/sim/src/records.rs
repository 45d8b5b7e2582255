//! The timeline's record of every step, compact (issue 15: an hour of RaftScope's workload,
//! 684,000 steps, recorded in at most 64 MB with everything else).
//!
//! A step is one [`Row`] of 16 bytes: its instant and, for the kinds nearly every step is (a
//! message delivered or lost, a timer), what happened. Anything else — an intervention, a
//! client's step, or a message whose id or send time does not fit 32 bits — is kept whole in a
//! side table, and so are the notes and violations of the steps that have some (most steps
//! have none). Each side table is in step order, so a step finds its part by binary search.
//! [`Records::get`] gives back the [`StepRecord`] the world returned, exactly.

use crate::budget::MAX_TIME_MS;
use crate::protocol::SimProtocol;
use crate::world::{Loss, StepKind, StepRecord};
use conlab_check::Violation;
use conlab_core::{Chunked, NodeId, Tick};

// Every recorded instant fits a row: the timeline records nothing after `MAX_TIME_MS`.
const _: () = assert!(MAX_TIME_MS <= u32::MAX as Tick);

/// What a row's step did, when the row holds it.
#[derive(Clone, Copy, Debug)]
enum What<T> {
    /// A message arrived (`lost`: `None`) or was lost; `kind` indexes [`Records::kinds`].
    Message {
        from: NodeId,
        to: NodeId,
        kind: u8,
        lost: Option<Loss>,
    },
    Timer {
        node: NodeId,
        timer: T,
    },
    /// Kept whole in [`Records::others`].
    Other,
}

/// One step. `id` and `sent_at` are the message's (0 for other kinds).
#[derive(Clone, Copy, Debug)]
struct Row<T> {
    at: u32,
    id: u32,
    sent_at: u32,
    what: What<T>,
}

/// Every step of a run, in order. Cloning copies a few pointers per chunk.
#[derive(Debug)]
pub struct Records<P: SimProtocol> {
    rows: Chunked<Row<P::Timer>>,
    /// The message kinds rows name, in first-seen order (a protocol has a handful).
    kinds: Vec<&'static str>,
    /// (step index, kind) of the steps whose row says [`What::Other`].
    others: Chunked<(u32, StepKind<P>)>,
    /// (step index, node, note), in step order.
    notes: Chunked<(u32, NodeId, P::Note)>,
    /// (step index, violation), in step order.
    violations: Chunked<(u32, Violation)>,
}

// Derived `Clone` would demand `P: Clone` of the node type itself.
impl<P: SimProtocol> Clone for Records<P> {
    fn clone(&self) -> Self {
        Self {
            rows: self.rows.clone(),
            kinds: self.kinds.clone(),
            others: self.others.clone(),
            notes: self.notes.clone(),
            violations: self.violations.clone(),
        }
    }
}

impl<P: SimProtocol> Default for Records<P> {
    fn default() -> Self {
        Self {
            rows: Chunked::default(),
            kinds: Vec::new(),
            others: Chunked::default(),
            notes: Chunked::default(),
            violations: Chunked::default(),
        }
    }
}

/// How many elements of `table` (in step order) belong to steps before `step`.
fn before<T: Clone>(table: &Chunked<T>, step: u32, step_of: impl Fn(&T) -> u32) -> usize {
    let (mut lo, mut hi) = (0, table.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if table.get(mid).is_some_and(|x| step_of(x) < step) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The elements of `table` (in step order) that belong to step `step`.
fn of<T: Clone>(
    table: &Chunked<T>,
    step: u32,
    step_of: impl Fn(&T) -> u32 + Copy,
) -> impl Iterator<Item = &T> {
    table
        .iter_from(before(table, step, step_of))
        .map(|(_, x)| x)
        .take_while(move |x| step_of(x) == step)
}

/// Keep the elements of `table` (in step order) of the first `steps` steps.
fn cut<T: Clone>(table: &mut Chunked<T>, steps: u32, step_of: impl Fn(&T) -> u32) {
    table.truncate(before(table, steps, step_of));
}

impl<P: SimProtocol> Records<P> {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The instant of step `i` (0-based).
    pub fn at(&self, i: usize) -> Option<Tick> {
        self.rows.get(i).map(|r| Tick::from(r.at))
    }

    /// Step `i` (0-based) as the world recorded it.
    pub fn get(&self, i: usize) -> Option<StepRecord<P>> {
        let row = self.rows.get(i)?;
        let step = i as u32; // below `len`, which fits (see `push`)
        let (id, sent_at) = (u64::from(row.id), Tick::from(row.sent_at));
        let kind = match row.what {
            What::Message {
                from,
                to,
                kind,
                lost: None,
            } => StepKind::Deliver {
                id,
                from,
                to,
                sent_at,
                kind: self.kinds[usize::from(kind)],
            },
            What::Message {
                from,
                to,
                kind,
                lost: Some(why),
            } => StepKind::Lost {
                id,
                from,
                to,
                sent_at,
                kind: self.kinds[usize::from(kind)],
                why,
            },
            What::Timer { node, timer } => StepKind::Timer { node, timer },
            What::Other => of(&self.others, step, |o| o.0)
                .next()
                .expect("a step kept whole")
                .1
                .clone(),
        };
        Some(StepRecord {
            step: u64::from(step) + 1,
            at: Tick::from(row.at),
            kind,
            notes: of(&self.notes, step, |n| n.0)
                .map(|(_, node, note)| (*node, note.clone()))
                .collect(),
            violations: of(&self.violations, step, |v| v.0)
                .map(|(_, v)| v.clone())
                .collect(),
        })
    }

    pub fn last(&self) -> Option<StepRecord<P>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Steps `from..` (0-based) with their indices.
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = (usize, StepRecord<P>)> + '_ {
        (from..self.len()).filter_map(|i| Some((i, self.get(i)?)))
    }

    /// The index of a message kind (`None` past 256 kinds: a protocol has a handful).
    fn kind_index(&mut self, kind: &'static str) -> Option<u8> {
        let i = self.kinds.iter().position(|k| *k == kind);
        let index = u8::try_from(i.unwrap_or(self.kinds.len())).ok()?;
        if i.is_none() {
            self.kinds.push(kind);
        }
        Some(index)
    }

    /// Record the next step, which `record` describes (its number is implied by its place).
    pub fn push(&mut self, record: StepRecord<P>) {
        // Over 2^32 steps would take more than 64 GB of rows alone.
        let step = u32::try_from(self.len()).expect("fewer than 2^32 steps");
        let at = u32::try_from(record.at).expect("recorded instants are at most MAX_TIME_MS");
        let (id, sent_at, what) = match &record.kind {
            StepKind::Deliver {
                id,
                from,
                to,
                sent_at,
                kind,
            } => self.message(*id, *sent_at, *from, *to, kind, None),
            StepKind::Lost {
                id,
                from,
                to,
                sent_at,
                kind,
                why,
            } => self.message(*id, *sent_at, *from, *to, kind, Some(*why)),
            StepKind::Timer { node, timer } => (
                0,
                0,
                What::Timer {
                    node: *node,
                    timer: *timer,
                },
            ),
            StepKind::Intervention(_) | StepKind::Client(_) => (0, 0, What::Other),
        };
        if let What::Other = what {
            self.others.push((step, record.kind));
        }
        self.rows.push(Row {
            at,
            id,
            sent_at,
            what,
        });
        for (node, note) in record.notes {
            self.notes.push((step, node, note));
        }
        for v in record.violations {
            self.violations.push((step, v));
        }
    }

    /// A message step's id, send time and row content; [`What::Other`] if its id, send time
    /// or kind does not fit a row.
    fn message(
        &mut self,
        id: u64,
        sent_at: Tick,
        from: NodeId,
        to: NodeId,
        kind: &'static str,
        lost: Option<Loss>,
    ) -> (u32, u32, What<P::Timer>) {
        match (
            u32::try_from(id),
            u32::try_from(sent_at),
            self.kind_index(kind),
        ) {
            (Ok(id), Ok(sent_at), Some(kind)) => {
                let what = What::Message {
                    from,
                    to,
                    kind,
                    lost,
                };
                (id, sent_at, what)
            }
            _ => (0, 0, What::Other),
        }
    }

    /// Keep the first `len` steps.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        self.rows.truncate(len);
        let steps = len as u32; // below `len()`, which fits
        cut(&mut self.others, steps, |o| o.0);
        cut(&mut self.notes, steps, |n| n.0);
        cut(&mut self.violations, steps, |v| v.0);
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
        let message = |id, sent_at| StepKind::Deliver {
            id,
            from: NodeId(1),
            to: NodeId(2),
            sent_at,
            kind: "AppendEntries",
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
        assert_eq!((records.others.len(), records.notes.len()), (2, 2));
        records.push(steps[3].clone());
        assert_eq!(back(&records), all[..4]);
    }

    /// Issue 15 counts timeline memory: a row is 16 bytes (20 with its chunk slot's flag).
    #[test]
    fn a_row_is_sixteen_bytes() {
        assert_eq!(
            std::mem::size_of::<Row<<RaftNode as conlab_core::Protocol>::Timer>>(),
            16
        );
    }
}
