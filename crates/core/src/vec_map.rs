//! An ordered map kept as one sorted vector.
//!
//! The protocols' maps are small (a key-value store of a few keys, the open slots of a
//! Multi-Paxos leader) and mostly grow at the end, where a sorted vector is as fast as a
//! B-tree. It also costs the page a fraction of the code: every `BTreeMap<K, V>` brings its
//! own node-balancing machinery into the wasm, this is a binary search and a `Vec` (issue 15).
//! Iteration is in key order, so nothing depends on hashing.

/// How a map orders its keys: by their `Ord`, but text byte by byte in line (the same order).
/// A replica's store and the checkers' replays look a key up for every command applied, and
/// `str`'s `Ord` makes a `memcmp` call per comparison, which costs more than a few bytes do.
pub trait MapKey: Ord {
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        self.cmp(other)
    }
}

impl MapKey for str {
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl MapKey for String {
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().order(other.as_str())
    }
}

impl MapKey for &str {
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        (*self).order(*other)
    }
}

impl MapKey for u32 {}
impl MapKey for u64 {}
impl MapKey for (u64, u64) {}

/// A map from `K` to `V`, iterated in key order.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

/// Printed as a map, `{k: v, …}`, like `BTreeMap` (recorded traces read it).
impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<K: MapKey, V> VecMap<K, V> {
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find<Q: MapKey + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.entries
            .binary_search_by(|(k, _)| k.borrow().order(key))
    }

    pub fn get<Q: MapKey + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn get_mut<Q: MapKey + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    pub fn contains_key<Q: MapKey + ?Sized>(&self, key: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Insert or replace; returns the value that was there.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove<Q: MapKey + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The value at `key`, inserting `value` there first if there is none (`BTreeMap`'s
    /// `entry(key).or_insert(value)`).
    pub fn get_or_insert(&mut self, key: K, value: V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, value));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Split off and return the entries from `key` on; `self` keeps those before it.
    pub fn split_off(&mut self, key: &K) -> Self {
        let at = self.find(key).unwrap_or_else(|i| i);
        Self {
            entries: self.entries.split_off(at),
        }
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;

    #[test]
    fn keys_stay_sorted_whatever_the_insertion_order() {
        let mut map = VecMap::new();
        for k in [5u32, 1, 9, 3] {
            assert_eq!(map.insert(k, k * 10), None);
        }
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), [1, 3, 5, 9]);
        assert_eq!(
            map.insert(3, 33),
            Some(30),
            "insert replaces and returns the old value"
        );
        assert_eq!(map.get(&3), Some(&33));
        assert_eq!(map.remove(&5), Some(50));
        assert_eq!(map.remove(&5), None);
        assert!(!map.contains_key(&5));
        assert_eq!(map.keys().next_back(), Some(&9));
        assert_eq!(map.len(), 3);
        *map.get_or_insert(4, 0) += 1;
        *map.get_or_insert(4, 0) += 1;
        assert_eq!(map.get(&4), Some(&2), "inserted once, then found");
        let tail = map.split_off(&4);
        assert_eq!(map.keys().copied().collect::<Vec<_>>(), [1, 3]);
        assert_eq!(tail.keys().copied().collect::<Vec<_>>(), [4, 9]);
    }

    /// Text keys keep `str`'s order (bytes, then length): prefixes, multi-byte characters.
    #[test]
    fn text_keys_sort_as_str_sorts_them() {
        let keys = [
            "k1", "k10", "k", "", "k2", "é", "e", "z", "ka", "K", "k1\u{0}", "日本",
        ];
        let mut map = VecMap::new();
        for (i, k) in keys.iter().enumerate() {
            map.insert(k.to_string(), i);
        }
        let mut sorted = keys.to_vec();
        sorted.sort();
        assert_eq!(map.keys().map(String::as_str).collect::<Vec<_>>(), sorted);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(*k), Some(&i), "{k:?}");
        }
        assert_eq!(map.get("k3"), None);
    }

    #[test]
    fn string_keys_are_looked_up_by_str() {
        let mut map = VecMap::new();
        map.insert("x".to_string(), "1".to_string());
        assert_eq!(map.get("x").map(String::as_str), Some("1"));
        *map.get_mut("x").unwrap() = "2".into();
        assert_eq!(
            map.iter().next(),
            Some((&"x".to_string(), &"2".to_string()))
        );
    }
}
