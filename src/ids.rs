//! Dense numbers for ids: each distinct conversation, agent or inbox id of a set gets a
//! number from 0 in order of first sight, so that per-id figures live in plain vectors
//! instead of maps.

use crate::compact::IntColumn;
use crate::model::NULL_ID;

/// A column of ids [`number_ids`] reads: a slice, or a set's narrow column.
pub(crate) trait Ids {
    /// Number of entries.
    fn count(&self) -> usize;
    /// Entry `i`.
    fn at(&self, i: usize) -> i64;
}

impl Ids for [i64] {
    #[inline(always)]
    fn count(&self) -> usize {
        self.len()
    }
    #[inline(always)]
    fn at(&self, i: usize) -> i64 {
        self[i]
    }
}

impl Ids for IntColumn {
    #[inline(always)]
    fn count(&self) -> usize {
        self.len()
    }
    #[inline(always)]
    fn at(&self, i: usize) -> i64 {
        self.get(i)
    }
}

/// No number (see [`number_ids`]).
pub(crate) const NO_NUMBER: u32 = u32::MAX;

/// Numbers the ids of `ids` from 0 in order of first sight, into `numbers`, and returns
/// the id of each number. [`NULL_ID`] is numbered like any id when `null_too`, else left
/// out (its entries of `numbers` stay as they are). Ids within a span a few times their
/// count, as an account's conversation, inbox and agent ids mostly are, are looked up in a
/// plain array; others in a hash table.
pub(crate) fn number_ids<I: Ids + ?Sized>(ids: &I, numbers: &mut [u32], null_too: bool) -> Vec<i64> {
    let n = ids.count().min(numbers.len());
    let (mut low, mut high) = (i64::MAX, i64::MIN);
    let mut i = 0;
    while i < n {
        if ids.at(i) != NULL_ID {
            low = low.min(ids.at(i));
            high = high.max(ids.at(i));
        }
        i += 1;
    }
    let mut seen: Vec<i64> = Vec::new();
    let mut null_number = None;
    let span = (high as i128) - (low as i128);
    let mut table = if (0..4 * n as i128 + 1024).contains(&span) {
        vec![NO_NUMBER; span as usize + 1]
    } else {
        Vec::new()
    };
    let table_s: &mut [u32] = &mut table;
    if table_s.is_empty() {
        let mut slots = Slots::new();
        let mut i = 0;
        while i < n {
            if null_too || ids.at(i) != NULL_ID {
                numbers[i] = slots.slot(ids.at(i));
            }
            i += 1;
        }
        return slots.ids;
    }
    let mut i = 0;
    while i < n {
        let id = ids.at(i);
        if id == NULL_ID {
            if null_too {
                numbers[i] = *null_number.get_or_insert_with(|| {
                    seen.push(NULL_ID);
                    seen.len() as u32 - 1
                });
            }
        } else {
            let entry = &mut table_s[(id - low) as usize];
            if *entry == NO_NUMBER {
                *entry = seen.len() as u32;
                seen.push(id);
            }
            numbers[i] = *entry;
        }
        i += 1;
    }
    seen
}

/// Dense slots for ids (agents, inboxes) in order of first sight: an open-addressing hash
/// table, so that each event costs a multiply and a compare or two rather than a tree
/// search.
pub(crate) struct Slots {
    /// (id, slot + 1), 0 for an empty entry; the length is a power of two.
    table: Vec<(i64, u32)>,
    /// The id of each slot.
    pub(crate) ids: Vec<i64>,
}

impl Slots {
    pub(crate) fn new() -> Slots {
        Slots {
            table: vec![(0, 0); 16],
            ids: Vec::new(),
        }
    }

    pub(crate) fn slot(&mut self, id: i64) -> u32 {
        if (self.ids.len() + 1) * 2 > self.table.len() {
            let bigger = Slots {
                table: vec![(0, 0); self.table.len() * 2],
                ids: Vec::new(),
            };
            let old = std::mem::replace(self, bigger);
            for &id in &old.ids {
                self.slot(id);
            }
        }
        let mask = self.table.len() - 1;
        let mut h = ((id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        loop {
            let (key, slot) = self.table[h];
            if slot == 0 {
                self.ids.push(id);
                let slot = self.ids.len() as u32;
                self.table[h] = (id, slot);
                return slot - 1;
            }
            if key == id {
                return slot - 1;
            }
            h = (h + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbered_by_first_sight_in_either_table() {
        // A narrow span (a plain array) and a wide one (the hash table), nulls in or out.
        for scale in [1i64, 1_000_000_000_007] {
            let ids: Vec<i64> = [5, 9, NULL_ID, 5, 7, NULL_ID, 9, 100, 7]
                .iter()
                .map(|&x| if x == NULL_ID { x } else { x * scale })
                .collect();
            let mut numbers = vec![NO_NUMBER; ids.len()];
            let seen = number_ids(&ids[..], &mut numbers, true);
            let want: Vec<i64> = [5, 9, NULL_ID, 7, 100]
                .iter()
                .map(|&x| if x == NULL_ID { x } else { x * scale })
                .collect();
            assert_eq!(seen, want, "scale {scale}");
            assert_eq!(numbers, [0, 1, 2, 0, 3, 2, 1, 4, 3], "scale {scale}");
            let mut numbers = vec![NO_NUMBER; ids.len()];
            let seen = number_ids(&ids[..], &mut numbers, false);
            assert_eq!(seen.len(), 4);
            assert_eq!(numbers[2], NO_NUMBER);
            assert_eq!(numbers[7], 3);
        }
        // Many ids: the hash table grows.
        let ids: Vec<i64> = (0..5000).map(|i| (i % 1700) * 1_000_000_007).collect();
        let mut numbers = vec![NO_NUMBER; ids.len()];
        assert_eq!(number_ids(&ids[..], &mut numbers, false).len(), 1700);
        assert!(numbers
            .iter()
            .zip(&ids)
            .all(|(&k, &id)| k as i64 == id / 1_000_000_007));
        assert!(number_ids(&[][..], &mut [], true).is_empty());
        assert_eq!(
            number_ids(&[NULL_ID][..], &mut [NO_NUMBER], true),
            vec![NULL_ID]
        );
    }
}
