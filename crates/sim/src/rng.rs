//! Seeded randomness, split into independent streams so that one change (a crash, a new
//! message on one link) does not reshuffle every unrelated delay in the run.
//!
//! PCG32 (from the `rand_pcg` crate) has a stream selector built in: every link and every
//! node's timers get a stream of their own, derived from the scenario seed.

use conlab_core::{NodeId, TickRange};
use rand_core::RngCore;
use rand_pcg::Pcg32;

/// One independent random stream.
#[derive(Clone, Debug)]
pub struct Stream(Pcg32);

impl Stream {
    fn new(seed: u64, purpose: u64, a: usize, b: usize) -> Self {
        let stream = (purpose << 16) | ((a as u64) << 8) | b as u64;
        Stream(Pcg32::new(seed ^ 0x853c_49e6_748f_ea9b, stream))
    }

    /// Uniform in `range.min..=range.max`.
    pub fn tick(&mut self, range: TickRange) -> u64 {
        let span = range.max.saturating_sub(range.min) + 1;
        range.min + ((u64::from(self.0.next_u32()) * span) >> 32)
    }

    /// The stream of workload client `i` (its think times, operations and first server).
    pub(crate) fn client(seed: u64, i: usize) -> Self {
        Stream::new(seed, 3, i, 0)
    }

    /// Uniform in `0..n` (`n` ≥ 1).
    pub fn below(&mut self, n: u64) -> u64 {
        self.tick(TickRange::new(0, n - 1))
    }

    /// True with probability `p` (0 ≤ p ≤ 1).
    pub fn chance(&mut self, p: f64) -> bool {
        let x = f64::from(self.0.next_u32()) / 4_294_967_296.0;
        x < p
    }
}

/// All the streams of one run.
#[derive(Clone, Debug)]
pub struct Streams {
    n: usize,
    /// Latency, loss and duplication of messages on the directed link a→b.
    links: Vec<Stream>,
    /// Timer durations of each node.
    timers: Vec<Stream>,
}

impl Streams {
    pub fn new(seed: u64, n: usize) -> Self {
        let links = (0..n * n)
            .map(|i| Stream::new(seed, 1, i / n, i % n))
            .collect();
        let timers = (0..n).map(|i| Stream::new(seed, 2, i, 0)).collect();
        Self { n, links, timers }
    }

    pub fn link(&mut self, from: NodeId, to: NodeId) -> &mut Stream {
        &mut self.links[from.index() * self.n + to.index()]
    }

    pub fn timers(&mut self, node: NodeId) -> &mut Stream {
        &mut self.timers[node.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_stay_in_range_and_cover_it() {
        let mut s = Streams::new(7, 3);
        let mut seen = [false; 4];
        for _ in 0..1000 {
            let t = s.timers(NodeId(1)).tick(TickRange::new(10, 13));
            assert!((10..=13).contains(&t));
            seen[(t - 10) as usize] = true;
        }
        assert_eq!(seen, [true; 4]);
        assert_eq!(s.link(NodeId(1), NodeId(2)).tick(TickRange::exactly(5)), 5);
    }

    #[test]
    fn streams_are_independent() {
        let mut a = Streams::new(1, 3);
        let mut b = Streams::new(1, 3);
        // Draining one link's stream leaves the other links' draws unchanged.
        for _ in 0..10 {
            a.link(NodeId(1), NodeId(2)).tick(TickRange::new(0, 1000));
        }
        let range = TickRange::new(0, 1_000_000);
        assert_eq!(
            a.link(NodeId(2), NodeId(3)).tick(range),
            b.link(NodeId(2), NodeId(3)).tick(range)
        );
        assert_ne!(
            Streams::new(2, 3).timers(NodeId(1)).tick(range),
            b.timers(NodeId(1)).tick(range)
        );
    }

    #[test]
    fn chance_matches_its_probability_roughly() {
        let mut s = Streams::new(3, 2);
        let hits = (0..10_000)
            .filter(|_| s.link(NodeId(1), NodeId(2)).chance(0.25))
            .count();
        assert!((2_000..3_000).contains(&hits), "{hits}");
        assert!(!s.link(NodeId(1), NodeId(2)).chance(0.0));
    }
}
