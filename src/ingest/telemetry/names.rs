//! Device names, numbered in the order they are first seen.
//!
//! A fleet's log names a million devices and more. A map of owned strings costs some 90 bytes
//! a device (the string's allocation, the map's entry and its spare room); here every name is
//! kept once, in one string, and a hash table holds only numbers: a device costs its name's
//! bytes and about 16 more.

use std::hash::BuildHasher;

/// Device names and their numbers.
#[derive(Debug, Default)]
pub(super) struct Names {
    /// Every name, one after another.
    text: String,
    /// Where each name ends in `text`, by number.
    ends: Vec<usize>,
    /// The numbers, found by the hash of their name.
    table: hashbrown::HashTable<u32>,
    /// Seeded at random, so that no log can be written to make every name collide.
    state: std::collections::hash_map::RandomState,
}

/// The name numbered `number`.
fn name<'a>(text: &'a str, ends: &[usize], number: u32) -> &'a str {
    let number = number as usize;
    let start = if number == 0 { 0 } else { ends[number - 1] };
    &text[start..ends[number]]
}

impl Names {
    /// The number of `name`, given it on first sight.
    pub(super) fn number(&mut self, wanted: &str) -> u32 {
        let Self {
            text,
            ends,
            table,
            state,
        } = self;
        let hash = state.hash_one(wanted);
        if let Some(&number) = table.find(hash, |&n| name(text, ends, n) == wanted) {
            return number;
        }
        let number = u32::try_from(ends.len()).unwrap_or(u32::MAX);
        text.push_str(wanted);
        ends.push(text.len());
        table.insert_unique(hash, number, |&n| state.hash_one(name(text, ends, n)));
        number
    }

    /// The name numbered `number`.
    pub(super) fn get(&self, number: u32) -> &str {
        name(&self.text, &self.ends, number)
    }

    /// How many names there are.
    pub(super) fn len(&self) -> u32 {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "names are numbered in u32 by `number`"
        )]
        let len = self.ends.len() as u32;
        len
    }

    /// The numbers in the order of their names (byte order).
    pub(super) fn sorted(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.len()).collect();
        order.sort_unstable_by(|&a, &b| self.get(a).cmp(self.get(b)));
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_numbers_and_sort_by_bytes() {
        let mut names = Names::default();
        let numbers: Vec<u32> = ["gpu1", "gpu0", "gpu1", "", "GPU", "gpu0"]
            .iter()
            .map(|n| names.number(n))
            .collect();
        assert_eq!(numbers, [0, 1, 0, 2, 3, 1]);
        assert_eq!((names.get(0), names.get(2), names.len()), ("gpu1", "", 4));
        let sorted: Vec<&str> = names.sorted().into_iter().map(|n| names.get(n)).collect();
        assert_eq!(sorted, ["", "GPU", "gpu0", "gpu1"]);
    }

    #[test]
    fn many_names_are_told_apart() {
        let mut names = Names::default();
        for i in 0..200_000_u32 {
            assert_eq!(names.number(&format!("host{}:gpu{}", i / 8, i % 8)), i);
        }
        assert_eq!(names.number("host3:gpu5"), 29);
    }
}
