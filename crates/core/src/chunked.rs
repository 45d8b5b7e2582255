//! A persistent, append-mostly vector: cloning it copies only a few pointers.
//!
//! The timeline keeps a snapshot of the whole world every few hundred steps, and the Log
//! Matching checker keeps a copy of every log; with plain vectors each copy would cost the
//! whole log. Here elements live in shared chunks of [`CHUNK`] write-once slots and a clone
//! shares them. Each copy sees only the slots below its own length, so a push fills the next
//! slot in place even when the chunk is shared, as long as no other copy has filled it first;
//! only then (or on [`Chunked::get_mut`]) is the one chunk copied.

use std::fmt;
use std::sync::{Arc, OnceLock};

pub const CHUNK: usize = 64;

/// [`CHUNK`] slots, each written at most once while the chunk is shared.
struct Slots<T>([OnceLock<T>; CHUNK]);

impl<T: Clone> Slots<T> {
    /// A chunk holding clones of the first `n` values of `from` (all of them if `None`).
    fn copy(from: Option<(&Self, usize)>) -> Arc<Self> {
        Arc::new(Self(std::array::from_fn(|i| match from {
            Some((c, n)) if i < n => c.0[i].clone(),
            _ => OnceLock::new(),
        })))
    }
}

pub struct Chunked<T> {
    /// `len.div_ceil(CHUNK)` chunks; slots below `len` are filled.
    chunks: Vec<Arc<Slots<T>>>,
    len: usize,
    /// Whether this vector or one it was copied from ever overwrote an element in place
    /// ([`Chunked::get_mut`]). Without such writes a chunk shared by two copies at position
    /// `k` means they share every chunk before it too, which lets [`Chunked::shared_prefix`]
    /// look only at where they differ.
    overwritten: bool,
}

impl<T> Clone for Chunked<T> {
    fn clone(&self) -> Self {
        Self {
            chunks: self.chunks.clone(),
            len: self.len,
            overwritten: self.overwritten,
        }
    }

    /// Become a copy of `source`, touching only the chunks the two do not already share:
    /// keeping a copy of a growing vector up to date costs what changed, not its length.
    fn clone_from(&mut self, source: &Self) {
        let same = self.shared_chunks(source);
        self.chunks.truncate(same);
        self.chunks.extend(source.chunks[same..].iter().cloned());
        self.len = source.len;
        self.overwritten = source.overwritten;
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self {
            chunks: Vec::new(),
            len: 0,
            overwritten: false,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Chunked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.visible()).finish()
    }
}

impl<T> Chunked<T> {
    /// The slot at `index`, which must be below `len`.
    fn slot(&self, index: usize) -> &T {
        self.chunks[index / CHUNK].0[index % CHUNK]
            .get()
            .expect("slots below len are filled")
    }

    fn visible(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        (0..self.len).map(|i| self.slot(i))
    }

    /// How many leading chunks `self` and `other` share by pointer identity. Without in-place
    /// overwrites the shared chunks are a prefix, so the walk starts from the end and costs
    /// only the chunks where the two differ.
    fn shared_chunks(&self, other: &Self) -> usize {
        let n = self.chunks.len().min(other.chunks.len());
        let same = |i: &usize| Arc::ptr_eq(&self.chunks[*i], &other.chunks[*i]);
        if self.overwritten || other.overwritten {
            (0..n).take_while(same).count()
        } else {
            (0..n).rev().find(same).map_or(0, |i| i + 1)
        }
    }
}

impl<T: Clone> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        (index < self.len).then(|| self.slot(index))
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index >= self.len {
            return None;
        }
        self.overwritten = true;
        let filled = (self.len - index / CHUNK * CHUNK).min(CHUNK);
        let chunk = &mut self.chunks[index / CHUNK];
        if Arc::get_mut(chunk).is_none() {
            *chunk = Slots::copy(Some((chunk, filled)));
        }
        Arc::get_mut(chunk)?.0[index % CHUNK].get_mut()
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// Append `value`: O(1), in place even in a chunk shared with a copy that has not grown
    /// past this one.
    pub fn push(&mut self, value: T) {
        let offset = self.len % CHUNK;
        if offset == 0 {
            self.chunks.push(Slots::copy(None));
        }
        let chunk = self.chunks.last_mut().expect("a chunk with room");
        match Arc::get_mut(chunk) {
            Some(own) => own.0[offset] = OnceLock::from(value),
            None => {
                if let Err(value) = chunk.0[offset].set(value) {
                    // Another copy filled this slot: copy our part of the chunk.
                    let own = Slots::copy(Some((chunk, offset)));
                    let _ = own.0[offset].set(value);
                    *chunk = own;
                }
            }
        }
        self.len += 1;
    }

    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(CHUNK));
        // A chunk no one else holds drops the cut elements now; a shared one keeps them for
        // the copies that still see them.
        let cut = len % CHUNK;
        if let Some(own) = self.chunks.last_mut().and_then(Arc::get_mut) {
            if cut > 0 {
                own.0[cut..].iter_mut().for_each(|slot| drop(slot.take()));
            }
        }
        self.len = len;
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.visible()
    }

    /// Elements `from..` (0-based) with their indices. Finding `from` costs O(1).
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = (usize, &T)> + '_ {
        (from.min(self.len)..self.len).map(|i| (i, self.slot(i)))
    }

    /// Elements `from..` (0-based), at most `max` of them, cloned. Costs O(elements
    /// returned), however long the vector: a leader slices the suffix a follower lacks on
    /// every AppendEntries.
    pub fn to_vec_from(&self, from: usize, max: usize) -> Vec<T> {
        let end = from.saturating_add(max).min(self.len);
        (from.min(end)..end).map(|i| self.slot(i).clone()).collect()
    }

    /// How many leading elements are certainly unchanged between `self` and `other` by
    /// pointer identity of whole chunks (a cheap lower bound of their common prefix). Costs
    /// the chunks where the two differ, not their length, unless an element was overwritten
    /// in place ([`Self::get_mut`]) since they shared a copy.
    pub fn shared_prefix(&self, other: &Self) -> usize {
        (self.shared_chunks(other) * CHUNK)
            .min(self.len)
            .min(other.len)
    }
}

impl<T: Clone> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v = Chunked::default();
        for x in iter {
            v.push(x);
        }
        v
    }
}

impl<T: Clone + PartialEq> PartialEq for Chunked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<T: Clone + Eq> Eq for Chunked<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clone_from_copies_only_what_changed() {
        let mut source: Chunked<usize> = (0..200).collect();
        let mut copy = source.clone();
        source.truncate(100);
        source.push(7);
        copy.clone_from(&source);
        assert_eq!(copy, source);
        assert_eq!(copy.shared_prefix(&source), source.len());
        copy.clone_from(&Chunked::default());
        assert!(copy.is_empty());
    }

    #[test]
    fn behaves_like_a_vec() {
        let mut c: Chunked<usize> = (0..200).collect();
        let mut v: Vec<usize> = (0..200).collect();
        for len in [199, 128, 64, 63, 1, 0] {
            c.truncate(len);
            v.truncate(len);
            assert_eq!(c.iter().copied().collect::<Vec<_>>(), v);
            c.push(7);
            v.push(7);
            assert_eq!(c.len(), v.len());
            assert_eq!(c.last(), v.last());
        }
        assert_eq!(c.get(1), None);
        assert_eq!(c.to_vec_from(0, 5), vec![7]);
        let d: Chunked<usize> = (0..200).collect();
        for from in [0, 1, 63, 64, 130, 199, 200, 500] {
            let expected: Vec<(usize, usize)> = (from..200).map(|i| (i, i)).collect();
            assert_eq!(
                d.iter_from(from).map(|(i, x)| (i, *x)).collect::<Vec<_>>(),
                expected,
                "from {from}"
            );
        }
    }

    #[test]
    fn suffix_slices_match_a_vec_across_chunk_boundaries() {
        let v: Vec<usize> = (0..3 * CHUNK + 5).collect();
        let c: Chunked<usize> = v.iter().copied().collect();
        for from in [
            0,
            1,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            2 * CHUNK,
            v.len() - 1,
            v.len(),
            v.len() + 9,
        ] {
            for max in [0, 1, 2, CHUNK, CHUNK + 3, 2 * CHUNK + 1, usize::MAX] {
                let expected: Vec<usize> = v.iter().copied().skip(from).take(max).collect();
                assert_eq!(c.to_vec_from(from, max), expected, "from {from}, max {max}");
            }
        }
    }

    #[test]
    fn clones_share_chunks_until_written() {
        let a: Chunked<u32> = (0..150).collect();
        let mut b = a.clone();
        assert_eq!(a.shared_prefix(&b), 150);
        b.push(1);
        assert_eq!(a.shared_prefix(&b), 150, "pushed in place");
        let mut c = a.clone();
        c.push(2);
        assert_eq!(
            a.shared_prefix(&c),
            128,
            "b took the slot: c copied the last chunk"
        );
        assert_eq!(
            (b.get(150), c.get(150), a.get(150)),
            (Some(&1), Some(&2), None)
        );
        b.truncate(10);
        assert_eq!(a.shared_prefix(&b), 10, "a cut keeps the chunk");
        b.push(5);
        assert_eq!(a.shared_prefix(&b), 0, "a holds slot 10: b copied its part");
        assert_eq!(
            b.iter().copied().collect::<Vec<_>>(),
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5]
        );
        assert_eq!(a.len(), 150, "the original is untouched");
        assert_eq!(a.get(149), Some(&149));
    }

    /// The longest common prefix of two slices.
    fn common(a: &[u32], b: &[u32]) -> usize {
        a.iter().zip(b).take_while(|(x, y)| x == y).count()
    }

    #[test]
    fn shared_prefix_at_the_edges() {
        let empty = Chunked::<u32>::default();
        assert_eq!(empty.shared_prefix(&empty.clone()), 0);
        for len in [1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 7] {
            let whole: Chunked<u32> = (0..len as u32).collect();
            let mut copy = whole.clone();
            assert_eq!(whole.shared_prefix(&copy), len, "whole, len {len}");
            assert_eq!(whole.shared_prefix(&empty), 0);
            // Cut back to a chunk boundary and regrow differently: only the kept chunks count.
            let boundary = (len - 1) / CHUNK * CHUNK;
            copy.truncate(boundary);
            copy.push(u32::MAX);
            assert_eq!(whole.shared_prefix(&copy), boundary, "len {len}");
            assert_eq!(copy.len(), boundary + 1);
            // Unrelated vectors with equal elements share no chunk.
            let twin: Chunked<u32> = (0..len as u32).collect();
            assert_eq!(whole.shared_prefix(&twin), 0);
        }
    }

    #[test]
    fn an_overwrite_in_place_is_seen_however_early() {
        let a: Chunked<u32> = (0..5 * CHUNK as u32).collect();
        let mut b = a.clone();
        *b.get_mut(3).unwrap() = 7;
        // Chunks 1.. are still shared, yet the two differ at 3.
        assert_eq!(a.shared_prefix(&b), 0);
        let mut c = a.clone();
        c.clone_from(&b);
        assert_eq!(c, b);
        assert_eq!((a.get(3), b.get(3)), (Some(&3), Some(&7)));
    }

    #[test]
    fn copies_stay_independent_under_any_pushes_and_cuts() {
        // Four copies of one vector, each edited at random, against plain vectors.
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        let start: Vec<u32> = (0..100).collect();
        let mut models = vec![start.clone(); 4];
        let mut copies = vec![start.iter().copied().collect::<Chunked<u32>>(); 4];
        for round in 0..3_000 {
            let k = next(4);
            match next(10) {
                0 => {
                    let len = next(models[k].len() + 1);
                    models[k].truncate(len);
                    copies[k].truncate(len);
                }
                1 => {
                    let from = next(4);
                    models[k] = models[from].clone();
                    let source = copies[from].clone();
                    copies[k].clone_from(&source);
                }
                _ => {
                    let v = next(1_000) as u32;
                    models[k].push(v);
                    copies[k].push(v);
                }
            }
            for (i, (m, c)) in models.iter().zip(&copies).enumerate() {
                assert_eq!(c.iter().copied().collect::<Vec<_>>(), *m, "round {round}");
                for (o, c2) in copies.iter().enumerate() {
                    assert!(c.shared_prefix(c2) <= common(m, &models[o]), "{i} {o}");
                }
            }
        }
    }
}
