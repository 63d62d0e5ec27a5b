//! Narrow columns: integers stored as few bytes as their values allow.
//!
//! Chatwoot's ids fit in 32 bits for any real account, an account page carries one
//! `account_id`, and a set filtered to one inbox carries one `inbox_id`. Storing them as
//! `i64` cost 8 bytes an event each; [`IntColumn`] stores one value for a column whose
//! entries are all equal, `u32`s while every value fits, and `i64`s only once one does
//! not (the change happens once, in place). [`CodeColumn`] does the same for name codes:
//! a byte each until a set holds more than 255 distinct names.

mod codes;
mod ints;

pub use codes::{CodeColumn, CodeIter, NO_CODE};
pub use ints::{IntColumn, IntIter};

/// Gives back a vector's room past its last entry by moving it to an allocation of its
/// exact size rather than shrinking it in place: shrunk in place, a column grown by
/// doubling leaves its freed tail between live columns, holes too small for the next
/// parse's columns; moved, the large old buffer is freed whole and the next parse
/// reuses it (measured on a streamed parse of 1 000 000 events: each further set kept
/// grew memory by 92 bytes an event shrunk in place, by ~61 moved).
pub(crate) fn fit_vec<T: Copy>(v: &mut Vec<T>) {
    if v.capacity() > v.len() {
        let mut exact = Vec::with_capacity(v.len());
        exact.extend_from_slice(v);
        *v = exact;
    }
}

/// What every column of a set does alike, so that an operation on rows cannot leave one
/// column behind (see `each_column!` in `event_set`).
pub trait Column {
    /// Cut or extended to `n` entries (new entries are to be written).
    fn resize_to(&mut self, n: usize);
    /// Room for `n` entries in all.
    fn reserve_to(&mut self, n: usize);
    /// Keeps entry `i` where `keep[i]` is true (or past the end of `keep`).
    fn retain_where(&mut self, keep: &[bool]);
    /// Gives back the room past the last entry.
    fn fit(&mut self);
    /// Bytes of heap held.
    fn heap(&self) -> usize;
}

impl<T: Copy + Default> Column for Vec<T> {
    fn resize_to(&mut self, n: usize) {
        self.resize(n, T::default());
    }
    fn reserve_to(&mut self, n: usize) {
        self.reserve(n.saturating_sub(self.len()));
    }
    fn retain_where(&mut self, keep: &[bool]) {
        let mut i = 0;
        self.retain(|_| (keep.get(i).copied().unwrap_or(true), i += 1).0);
    }
    fn fit(&mut self) {
        fit_vec(self);
    }
    fn heap(&self) -> usize {
        self.capacity() * std::mem::size_of::<T>()
    }
}

/// What a narrow column type shares with the other: equality by value, building from
/// values, iterating by reference, and [`Column`]. `$ty` has `len`, `iter` (giving
/// `$iter`), `push`, `resize`, `reserve_total`, `retain_mask`, `shrink_to_fit` and
/// `heap_bytes`.
macro_rules! narrow_column {
    ($ty:ident, $item:ty, $iter:ident) => {
        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                self.len() == other.len() && self.iter().eq(other.iter())
            }
        }

        impl FromIterator<$item> for $ty {
            fn from_iter<I: IntoIterator<Item = $item>>(iter: I) -> Self {
                let mut c = $ty::default();
                for v in iter {
                    c.push(v);
                }
                c
            }
        }

        impl From<Vec<$item>> for $ty {
            fn from(v: Vec<$item>) -> Self {
                v.into_iter().collect()
            }
        }

        impl<'a> IntoIterator for &'a $ty {
            type Item = $item;
            type IntoIter = $iter<'a>;
            fn into_iter(self) -> $iter<'a> {
                self.iter()
            }
        }

        impl $crate::compact::Column for $ty {
            fn resize_to(&mut self, n: usize) {
                self.resize(n);
            }
            fn reserve_to(&mut self, n: usize) {
                self.reserve_total(n);
            }
            fn retain_where(&mut self, keep: &[bool]) {
                self.retain_mask(keep);
            }
            fn fit(&mut self) {
                self.shrink_to_fit();
            }
            fn heap(&self) -> usize {
                self.heap_bytes()
            }
        }
    };
}
use narrow_column;
