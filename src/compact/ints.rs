//! [`IntColumn`]: ids (and offsets) stored as few bytes as their values allow.

use super::{fit_vec, narrow_column};
use crate::model::NULL_ID;

/// The `u32` that stands for [`NULL_ID`] in a narrow column.
const NARROW_NULL: u32 = u32::MAX;

fn to_narrow(v: i64) -> Option<u32> {
    if v == NULL_ID {
        Some(NARROW_NULL)
    } else if (0..i64::from(NARROW_NULL)).contains(&v) {
        Some(v as u32)
    } else {
        None
    }
}

#[inline(always)]
fn from_narrow(x: u32) -> i64 {
    if x == NARROW_NULL {
        NULL_ID
    } else {
        i64::from(x)
    }
}

#[derive(Clone, Debug)]
enum IntRepr {
    /// Every entry is this value.
    Same(i64),
    /// Entries as `u32`, [`NARROW_NULL`] for [`NULL_ID`].
    Narrow(Vec<u32>),
    /// Entries as they are.
    Wide(Vec<i64>),
}

/// A column of `i64` (ids, with [`NULL_ID`] for null, or offsets) stored narrow.
#[derive(Clone, Debug)]
pub struct IntColumn {
    len: usize,
    repr: IntRepr,
    /// Room to give the entries when a one-value column spreads (see `reserve_total`).
    room: usize,
}

impl Default for IntColumn {
    fn default() -> Self {
        IntColumn {
            len: 0,
            repr: IntRepr::Same(0),
            room: 0,
        }
    }
}

narrow_column!(IntColumn, i64, IntIter);

/// The entries of an [`IntColumn`] in order: a slice iterator underneath, so that a loop
/// over a column costs what a loop over a slice does.
pub enum IntIter<'a> {
    /// `n` more times the one value.
    Same(i64, usize),
    /// Narrow entries.
    Narrow(std::slice::Iter<'a, u32>),
    /// Wide entries.
    Wide(std::slice::Iter<'a, i64>),
}

impl Iterator for IntIter<'_> {
    type Item = i64;
    #[inline(always)]
    fn next(&mut self) -> Option<i64> {
        match self {
            IntIter::Same(_, 0) => None,
            IntIter::Same(v, n) => {
                *n -= 1;
                Some(*v)
            }
            IntIter::Narrow(it) => it.next().map(|&x| from_narrow(x)),
            IntIter::Wide(it) => it.next().copied(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match self {
            IntIter::Same(_, n) => *n,
            IntIter::Narrow(it) => it.len(),
            IntIter::Wide(it) => it.len(),
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for IntIter<'_> {}

impl IntColumn {
    /// The entries in order.
    pub fn iter(&self) -> IntIter<'_> {
        match &self.repr {
            IntRepr::Same(v) => IntIter::Same(*v, self.len),
            IntRepr::Narrow(xs) => IntIter::Narrow(xs.iter()),
            IntRepr::Wide(xs) => IntIter::Wide(xs.iter()),
        }
    }

    /// Number of entries.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Entry `i`; [`NULL_ID`] past the end (a set built by hand may have columns of
    /// unequal length, and reading one must not panic).
    #[inline(always)]
    pub fn get(&self, i: usize) -> i64 {
        match &self.repr {
            IntRepr::Same(v) if i < self.len => *v,
            IntRepr::Narrow(xs) => xs.get(i).map_or(NULL_ID, |&x| from_narrow(x)),
            IntRepr::Wide(xs) => xs.get(i).copied().unwrap_or(NULL_ID),
            IntRepr::Same(_) => NULL_ID,
        }
    }

    /// Entry `i`, or `None` past the end.
    #[inline]
    pub fn try_get(&self, i: usize) -> Option<i64> {
        (i < self.len).then(|| self.get(i))
    }

    /// The single value of every entry, if the column is stored as one.
    pub fn constant(&self) -> Option<i64> {
        match self.repr {
            IntRepr::Same(v) if self.len > 0 => Some(v),
            _ => None,
        }
    }

    /// The entries as a `Vec` (for callers that need a slice).
    pub fn to_vec(&self) -> Vec<i64> {
        match &self.repr {
            IntRepr::Wide(xs) => xs.clone(),
            _ => self.iter().collect(),
        }
    }

    /// The column as `Narrow` or `Wide` entries, so that entry `i` can change.
    #[cold]
    fn spread(&mut self, room: usize) {
        let room = room.max(self.room);
        if let IntRepr::Same(v) = self.repr {
            self.repr = match to_narrow(v) {
                Some(x) => {
                    let mut xs = Vec::with_capacity(room.max(self.len));
                    xs.resize(self.len, x);
                    IntRepr::Narrow(xs)
                }
                None => {
                    let mut xs = Vec::with_capacity(room.max(self.len));
                    xs.resize(self.len, v);
                    IntRepr::Wide(xs)
                }
            };
        }
    }

    /// Changes a narrow column to wide, once a value does not fit.
    #[cold]
    fn widen(&mut self) {
        if let IntRepr::Narrow(xs) = &self.repr {
            let mut wide = Vec::with_capacity(xs.capacity());
            wide.extend(xs.iter().map(|&x| from_narrow(x)));
            self.repr = IntRepr::Wide(wide);
        }
    }

    /// Sets entry `i` (which must exist).
    #[inline(always)]
    pub fn set(&mut self, i: usize, v: i64) {
        // The decoder's path: one compare and a store for a narrow column.
        if let IntRepr::Narrow(xs) = &mut self.repr {
            if (v as u64) < u64::from(NARROW_NULL) {
                if let Some(x) = xs.get_mut(i) {
                    *x = v as u32;
                    return;
                }
            }
        }
        self.set_any(i, v);
    }

    /// [`IntColumn::set`] for any column and value.
    #[inline(never)]
    fn set_any(&mut self, i: usize, v: i64) {
        loop {
            match &mut self.repr {
                IntRepr::Same(s) if *s == v => return,
                IntRepr::Same(_) => self.spread(0),
                IntRepr::Narrow(xs) => match to_narrow(v) {
                    Some(x) => {
                        xs[i] = x;
                        return;
                    }
                    None => self.widen(),
                },
                IntRepr::Wide(xs) => {
                    xs[i] = v;
                    return;
                }
            }
        }
    }

    /// Sets entry `k`, where the entries from `k` on are not yet written (the decoder
    /// sizes columns ahead and writes rows in place): a column of one value stays one.
    #[inline(always)]
    pub fn write(&mut self, k: usize, v: i64) {
        match &mut self.repr {
            IntRepr::Same(s) if k == 0 || *s == v => *s = v,
            _ => self.set(k, v),
        }
    }

    /// Appends `v`.
    pub fn push(&mut self, v: i64) {
        if self.len == 0 {
            self.repr = IntRepr::Same(v);
        }
        match &mut self.repr {
            IntRepr::Same(s) if *s == v => {}
            IntRepr::Same(_) => {
                self.spread(self.len + 1);
                self.push_spread(v);
                return;
            }
            _ => {
                self.push_spread(v);
                return;
            }
        }
        self.len += 1;
    }

    fn push_spread(&mut self, v: i64) {
        if let (IntRepr::Narrow(_), None) = (&self.repr, to_narrow(v)) {
            self.widen();
        }
        match &mut self.repr {
            IntRepr::Narrow(xs) => xs.push(to_narrow(v).unwrap_or(NARROW_NULL)),
            IntRepr::Wide(xs) => xs.push(v),
            IntRepr::Same(_) => {}
        }
        self.len += 1;
    }

    /// Cut or extended to `n` entries (new entries repeat the column's value if it is
    /// one, else zero: the decoder writes them before they count).
    pub fn resize(&mut self, n: usize) {
        match &mut self.repr {
            IntRepr::Same(_) => {}
            IntRepr::Narrow(xs) => xs.resize(n, 0),
            IntRepr::Wide(xs) => xs.resize(n, 0),
        }
        self.len = n;
    }

    /// Room for `n` entries in all without regrowing (kept as a hint while the column
    /// is one value, used if it spreads).
    pub fn reserve_total(&mut self, n: usize) {
        match &mut self.repr {
            IntRepr::Same(_) => self.room = self.room.max(n),
            IntRepr::Narrow(xs) => xs.reserve(n.saturating_sub(xs.len())),
            IntRepr::Wide(xs) => xs.reserve(n.saturating_sub(xs.len())),
        }
    }

    /// Keeps entry `i` where `keep[i]` is true (or past the end of `keep`).
    pub fn retain_mask(&mut self, keep: &[bool]) {
        let kept = |i: usize| keep.get(i).copied().unwrap_or(true);
        match &mut self.repr {
            IntRepr::Same(_) => self.len = (0..self.len).filter(|&i| kept(i)).count(),
            IntRepr::Narrow(xs) => {
                let mut i = 0;
                xs.retain(|_| (kept(i), i += 1).0);
                self.len = xs.len();
            }
            IntRepr::Wide(xs) => {
                let mut i = 0;
                xs.retain(|_| (kept(i), i += 1).0);
                self.len = xs.len();
            }
        }
    }

    /// The entries at `order` (indices past the end are skipped).
    pub fn gather(&self, order: &[usize]) -> IntColumn {
        let repr = match &self.repr {
            IntRepr::Same(v) => IntRepr::Same(*v),
            IntRepr::Narrow(xs) => IntRepr::Narrow(order.iter().filter_map(|&i| xs.get(i).copied()).collect()),
            IntRepr::Wide(xs) => IntRepr::Wide(order.iter().filter_map(|&i| xs.get(i).copied()).collect()),
        };
        let len = match &repr {
            IntRepr::Same(_) => order.iter().filter(|&&i| i < self.len).count(),
            IntRepr::Narrow(xs) => xs.len(),
            IntRepr::Wide(xs) => xs.len(),
        };
        IntColumn { len, repr, room: 0 }
    }

    /// Appends every entry of `other`.
    pub fn extend(&mut self, other: &IntColumn) {
        if other.len == 0 {
            return;
        }
        if self.len == 0 {
            *self = other.clone();
            return;
        }
        if let (IntRepr::Same(a), IntRepr::Same(b)) = (&self.repr, &other.repr) {
            if a == b {
                self.len += other.len;
                return;
            }
        }
        self.spread(self.len + other.len);
        if matches!(other.repr, IntRepr::Wide(_)) || other.constant().is_some_and(|v| to_narrow(v).is_none()) {
            self.widen();
        }
        match (&mut self.repr, &other.repr) {
            (IntRepr::Narrow(xs), IntRepr::Narrow(ys)) => xs.extend_from_slice(ys),
            (IntRepr::Narrow(xs), _) => xs.extend(other.iter().map(|v| to_narrow(v).unwrap_or(NARROW_NULL))),
            (IntRepr::Wide(xs), IntRepr::Wide(ys)) => xs.extend_from_slice(ys),
            (IntRepr::Wide(xs), _) => xs.extend(other.iter()),
            (IntRepr::Same(_), _) => {}
        }
        self.len += other.len;
    }

    /// Gives back the room past the last entry (see [`fit_vec`]).
    pub fn shrink_to_fit(&mut self) {
        self.room = 0;
        match &mut self.repr {
            IntRepr::Same(_) => {}
            IntRepr::Narrow(xs) => fit_vec(xs),
            IntRepr::Wide(xs) => fit_vec(xs),
        }
    }

    /// Bytes of heap the column holds (its capacity).
    pub fn heap_bytes(&self) -> usize {
        match &self.repr {
            IntRepr::Same(_) => 0,
            IntRepr::Narrow(xs) => xs.capacity() * 4,
            IntRepr::Wide(xs) => xs.capacity() * 8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_stay_as_narrow_as_their_values() {
        let mut c = IntColumn::default();
        c.push(7);
        c.push(7);
        assert_eq!(c.constant(), Some(7));
        assert_eq!(c.heap_bytes(), 0);
        c.push(NULL_ID);
        c.push(9);
        assert_eq!(c.to_vec(), vec![7, 7, NULL_ID, 9]);
        assert!(matches!(c.repr, IntRepr::Narrow(_)));
        c.push(-1);
        c.push(1 << 40);
        assert!(matches!(c.repr, IntRepr::Wide(_)));
        assert_eq!(c.to_vec(), vec![7, 7, NULL_ID, 9, -1, 1 << 40]);
        c.set(0, i64::MAX);
        assert_eq!(c.get(0), i64::MAX);
    }

    #[test]
    fn set_resize_gather_extend_keep_the_values() {
        let mut c = IntColumn::default();
        c.resize(4);
        for (i, v) in [5, 5, u32::MAX as i64 - 1, NULL_ID].into_iter().enumerate() {
            c.set(i, v);
        }
        assert_eq!(c.to_vec(), vec![5, 5, u32::MAX as i64 - 1, NULL_ID]);
        assert_eq!(c.gather(&[3, 0, 9]).to_vec(), vec![NULL_ID, 5]);
        let mut same: IntColumn = vec![1, 1].into();
        same.extend(&vec![1].into());
        assert_eq!(same.constant(), Some(1));
        same.extend(&vec![u32::MAX as i64].into());
        assert_eq!(same.to_vec(), vec![1, 1, 1, u32::MAX as i64]);
        let mut m: IntColumn = vec![1, 2, 3].into();
        m.retain_mask(&[true, false]);
        assert_eq!(m.to_vec(), vec![1, 3]);
        let mut s: IntColumn = vec![4, 4, 4].into();
        s.retain_mask(&[false]);
        assert_eq!(s.to_vec(), vec![4, 4]);
        assert_eq!(s.gather(&[1, 5]).to_vec(), vec![4]);
    }
}
