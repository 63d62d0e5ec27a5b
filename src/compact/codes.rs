//! [`CodeColumn`]: name codes, a byte each while they fit.

use super::{fit_vec, narrow_column};

/// What [`CodeColumn::get`] gives past the end: a code no name has.
pub const NO_CODE: u32 = u32::MAX;

/// Name codes: a byte each while every code is below 256, `u32`s after.
#[derive(Clone, Debug)]
pub enum CodeColumn {
    /// Codes below 256.
    Narrow(Vec<u8>),
    /// Any code.
    Wide(Vec<u32>),
}

impl Default for CodeColumn {
    fn default() -> Self {
        CodeColumn::Narrow(Vec::new())
    }
}

narrow_column!(CodeColumn, u32, CodeIter);

/// The entries of a [`CodeColumn`] in order (a slice iterator underneath).
pub enum CodeIter<'a> {
    /// Narrow entries.
    Narrow(std::slice::Iter<'a, u8>),
    /// Wide entries.
    Wide(std::slice::Iter<'a, u32>),
}

impl Iterator for CodeIter<'_> {
    type Item = u32;
    #[inline(always)]
    fn next(&mut self) -> Option<u32> {
        match self {
            CodeIter::Narrow(it) => it.next().map(|&x| u32::from(x)),
            CodeIter::Wide(it) => it.next().copied(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match self {
            CodeIter::Narrow(it) => it.len(),
            CodeIter::Wide(it) => it.len(),
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for CodeIter<'_> {}

impl CodeColumn {
    /// The entries in order.
    pub fn iter(&self) -> CodeIter<'_> {
        match self {
            CodeColumn::Narrow(xs) => CodeIter::Narrow(xs.iter()),
            CodeColumn::Wide(xs) => CodeIter::Wide(xs.iter()),
        }
    }

    /// Number of entries.
    #[inline(always)]
    pub fn len(&self) -> usize {
        match self {
            CodeColumn::Narrow(xs) => xs.len(),
            CodeColumn::Wide(xs) => xs.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entry `i`; [`NO_CODE`] past the end (see [`IntColumn::get`]).
    #[inline(always)]
    pub fn get(&self, i: usize) -> u32 {
        match self {
            CodeColumn::Narrow(xs) => xs.get(i).map_or(NO_CODE, |&x| u32::from(x)),
            CodeColumn::Wide(xs) => xs.get(i).copied().unwrap_or(NO_CODE),
        }
    }

    /// Entry `i`, or `None` past the end.
    #[inline]
    pub fn try_get(&self, i: usize) -> Option<u32> {
        (i < self.len()).then(|| self.get(i))
    }

    #[cold]
    fn widen(&mut self) {
        if let CodeColumn::Narrow(xs) = self {
            let mut wide = Vec::with_capacity(xs.capacity());
            wide.extend(xs.iter().map(|&x| u32::from(x)));
            *self = CodeColumn::Wide(wide);
        }
    }

    /// Sets entry `i` (which must exist).
    #[inline(always)]
    pub fn set(&mut self, i: usize, v: u32) {
        if let CodeColumn::Narrow(xs) = self {
            if let Ok(x) = u8::try_from(v) {
                xs[i] = x;
                return;
            }
            self.widen();
        }
        if let CodeColumn::Wide(xs) = self {
            xs[i] = v;
        }
    }

    /// Appends `v`.
    pub fn push(&mut self, v: u32) {
        if let CodeColumn::Narrow(xs) = self {
            if let Ok(x) = u8::try_from(v) {
                xs.push(x);
                return;
            }
            self.widen();
        }
        if let CodeColumn::Wide(xs) = self {
            xs.push(v);
        }
    }

    /// Cut or extended (with zeros) to `n` entries.
    pub fn resize(&mut self, n: usize) {
        match self {
            CodeColumn::Narrow(xs) => xs.resize(n, 0),
            CodeColumn::Wide(xs) => xs.resize(n, 0),
        }
    }

    /// Room for `n` entries in all.
    pub fn reserve_total(&mut self, n: usize) {
        match self {
            CodeColumn::Narrow(xs) => xs.reserve(n.saturating_sub(xs.len())),
            CodeColumn::Wide(xs) => xs.reserve(n.saturating_sub(xs.len())),
        }
    }

    /// Keeps entry `i` where `keep[i]` is true (or past the end of `keep`).
    pub fn retain_mask(&mut self, keep: &[bool]) {
        let kept = |i: usize| keep.get(i).copied().unwrap_or(true);
        let mut i = 0;
        match self {
            CodeColumn::Narrow(xs) => xs.retain(|_| (kept(i), i += 1).0),
            CodeColumn::Wide(xs) => xs.retain(|_| (kept(i), i += 1).0),
        }
    }

    /// The entries at `order` (indices past the end are skipped).
    pub fn gather(&self, order: &[usize]) -> CodeColumn {
        match self {
            CodeColumn::Narrow(xs) => CodeColumn::Narrow(order.iter().filter_map(|&i| xs.get(i).copied()).collect()),
            CodeColumn::Wide(xs) => CodeColumn::Wide(order.iter().filter_map(|&i| xs.get(i).copied()).collect()),
        }
    }

    /// Gives back the room past the last entry (see [`fit_vec`]).
    pub fn shrink_to_fit(&mut self) {
        match self {
            CodeColumn::Narrow(xs) => fit_vec(xs),
            CodeColumn::Wide(xs) => fit_vec(xs),
        }
    }

    /// Bytes of heap the column holds (its capacity).
    pub fn heap_bytes(&self) -> usize {
        match self {
            CodeColumn::Narrow(xs) => xs.capacity(),
            CodeColumn::Wide(xs) => xs.capacity() * 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_widen_past_a_byte() {
        let mut c: CodeColumn = vec![0, 7, 255].into();
        c.shrink_to_fit();
        assert_eq!(c.heap_bytes(), 3, "a byte a code");
        c.push(256);
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![0, 7, 255, 256]);
        let mut d = CodeColumn::default();
        d.resize(2);
        d.set(1, 300);
        assert_eq!(d.iter().collect::<Vec<_>>(), vec![0, 300]);
    }
}
