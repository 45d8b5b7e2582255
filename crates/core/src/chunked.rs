//! A persistent, append-mostly vector: cloning it copies only a few pointers.
//!
//! The timeline keeps a snapshot of the whole world every few hundred steps; with plain
//! vectors every snapshot would copy every log in full. Here elements live in shared chunks
//! of [`CHUNK`] and a clone shares them; a write copies only the one chunk it touches.

use std::sync::Arc;

pub const CHUNK: usize = 64;

#[derive(Debug)]
pub struct Chunked<T> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T> Clone for Chunked<T> {
    fn clone(&self) -> Self {
        Self {
            chunks: self.chunks.clone(),
            len: self.len,
        }
    }

    /// Become a copy of `source`, touching only the chunks the two do not already share:
    /// keeping a copy of a growing vector up to date costs what changed, not its length.
    fn clone_from(&mut self, source: &Self) {
        let same = self
            .chunks
            .iter()
            .zip(&source.chunks)
            .take_while(|(a, b)| Arc::ptr_eq(a, b))
            .count();
        self.chunks.truncate(same);
        self.chunks.extend(source.chunks[same..].iter().cloned());
        self.len = source.len;
    }
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self {
            chunks: Vec::new(),
            len: 0,
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
        (index < self.len).then(|| &self.chunks[index / CHUNK][index % CHUNK])
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        (index < self.len)
            .then(|| &mut Arc::make_mut(&mut self.chunks[index / CHUNK])[index % CHUNK])
    }

    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn push(&mut self, value: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        Arc::make_mut(self.chunks.last_mut().expect("a chunk with room")).push(value);
        self.len += 1;
    }

    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(CHUNK));
        if !len.is_multiple_of(CHUNK) {
            Arc::make_mut(self.chunks.last_mut().expect("kept chunk")).truncate(len % CHUNK);
        }
        self.len = len;
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + '_ {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// Elements `from..` (0-based) with their indices. Finding `from` costs O(1): the walk
    /// starts in the chunk that holds it.
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = (usize, &T)> + '_ {
        let first_chunk = (from / CHUNK).min(self.chunks.len());
        self.chunks[first_chunk..]
            .iter()
            .enumerate()
            .flat_map(move |(c, chunk)| {
                let base = (first_chunk + c) * CHUNK;
                let skip = from.saturating_sub(base);
                chunk
                    .get(skip..)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .map(move |(i, x)| (base + skip + i, x))
            })
    }

    /// Elements `from..` (0-based), at most `max` of them, cloned. Costs O(elements
    /// returned), however long the vector: a leader slices the suffix a follower lacks on
    /// every AppendEntries.
    pub fn to_vec_from(&self, from: usize, max: usize) -> Vec<T> {
        let end = from.saturating_add(max).min(self.len);
        let mut out = Vec::with_capacity(end.saturating_sub(from));
        let mut i = from;
        while i < end {
            let (chunk, offset) = (i / CHUNK, i % CHUNK);
            let take = (CHUNK - offset).min(end - i);
            out.extend_from_slice(&self.chunks[chunk][offset..offset + take]);
            i += take;
        }
        out
    }

    /// How many leading elements are certainly unchanged between `self` and `other` by
    /// pointer identity of whole chunks (a cheap lower bound of their common prefix).
    pub fn shared_prefix(&self, other: &Self) -> usize {
        let same = self
            .chunks
            .iter()
            .zip(&other.chunks)
            .take_while(|(a, b)| Arc::ptr_eq(a, b))
            .count();
        (same * CHUNK).min(self.len).min(other.len)
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
        assert_eq!(a.shared_prefix(&b), 128, "only the last chunk was copied");
        b.truncate(10);
        assert_eq!(a.shared_prefix(&b), 0);
        assert_eq!(a.len(), 150, "the original is untouched");
        assert_eq!(a.get(149), Some(&149));
    }
}
