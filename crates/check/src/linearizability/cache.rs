//! Lowe's cache ("Testing for linearizability", 2017): the configurations the search has
//! reached, each a set of linearized operations and the register after them. Reaching one again
//! can lead nowhere new. A chained hash set with a fixed hash: std's `HashSet` costs the page
//! 2.4 KB of gzip more, and nothing here iterates in hash order.

use super::model::Register;

pub struct Cache<'h> {
    /// A power of two of them, at least as many as the entries.
    buckets: Vec<Vec<(Box<[u64]>, Register<'h>)>>,
    len: usize,
}

impl<'h> Cache<'h> {
    pub fn new() -> Self {
        Cache {
            buckets: (0..64).map(|_| Vec::new()).collect(),
            len: 0,
        }
    }

    /// Add the configuration (`linearized`, `register`); false if it was already there.
    pub fn insert(&mut self, linearized: &[u64], register: Register<'h>) -> bool {
        let bucket = &self.buckets[self.slot(linearized, register)];
        if bucket
            .iter()
            .any(|(seen, at)| **seen == *linearized && *at == register)
        {
            return false;
        }
        if self.len == self.buckets.len() {
            self.grow();
        }
        let slot = self.slot(linearized, register);
        self.buckets[slot].push((linearized.into(), register));
        self.len += 1;
        true
    }

    /// Twice the buckets, every entry moved to its new one.
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.buckets);
        self.buckets = (0..old.len() * 2).map(|_| Vec::new()).collect();
        for (linearized, register) in old.into_iter().flatten() {
            let slot = self.slot(&linearized, register);
            self.buckets[slot].push((linearized, register));
        }
    }

    /// The bucket of a configuration: an FNV-style multiply-xor hash, whose top bits depend on
    /// every bit hashed, so the top bits pick the bucket.
    fn slot(&self, linearized: &[u64], register: Register<'_>) -> usize {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix = |word: u64| hash = (hash ^ word).wrapping_mul(0x0000_0100_0000_01b3);
        linearized.iter().for_each(|&word| mix(word));
        mix(register.map_or(0, |value| value.len() as u64 + 1));
        register
            .unwrap_or("")
            .bytes()
            .for_each(|byte| mix(u64::from(byte)));
        (hash >> (64 - self.buckets.len().trailing_zeros())) as usize
    }
}
