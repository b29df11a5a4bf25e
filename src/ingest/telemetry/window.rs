//! A series' reorder window: the samples waiting to be integrated, sorted by time.
//!
//! A fleet's log reads a million devices a few times each. A `VecDeque` per device would cost
//! an allocation of four samples and its header (some 80 bytes) beside the series, and that
//! memory, freed in small pieces when the series close, is not given back for the cells. So
//! the first [`INLINE`] samples live in the series itself, and only a longer window moves to
//! the heap.

use std::collections::VecDeque;

/// Samples held in the series itself before the window moves to the heap.
const INLINE: usize = 3;

/// One sample: (t s, reading W or J).
pub(super) type Sample = (f64, f64);

/// Samples waiting, sorted by time.
#[derive(Debug)]
pub(super) enum Window {
    /// Up to [`INLINE`] samples, the first `len` of `samples`.
    Inline { len: u8, samples: [Sample; INLINE] },
    /// More, on the heap.
    Spilled(VecDeque<Sample>),
}

impl Default for Window {
    fn default() -> Self {
        Self::Inline {
            len: 0,
            samples: [(0.0, 0.0); INLINE],
        }
    }
}

impl Window {
    /// The samples waiting, in two runs (a ring buffer's two halves) to be read in turn.
    pub(super) fn as_slices(&self) -> (&[Sample], &[Sample]) {
        match self {
            Self::Inline { len, samples } => (&samples[..usize::from(*len)], &[]),
            Self::Spilled(deque) => deque.as_slices(),
        }
    }

    /// The samples waiting, earliest first.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Sample> {
        let (front, back) = self.as_slices();
        front.iter().chain(back)
    }

    /// How many samples wait.
    pub(super) fn len(&self) -> usize {
        match self {
            Self::Inline { len, .. } => usize::from(*len),
            Self::Spilled(deque) => deque.len(),
        }
    }

    /// The sample at `at` in time order.
    pub(super) fn get(&self, at: usize) -> Option<Sample> {
        let (front, back) = self.as_slices();
        front
            .get(at)
            .or_else(|| back.get(at.checked_sub(front.len())?))
            .copied()
    }

    /// Whether no sample waits.
    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The latest sample waiting.
    pub(super) fn back(&self) -> Option<Sample> {
        match self {
            Self::Inline { len, samples } => usize::from(*len).checked_sub(1).map(|i| samples[i]),
            Self::Spilled(deque) => deque.back().copied(),
        }
    }

    /// Where a sample keyed `key` by `key_of` is (`Ok`) or would go (`Err`).
    pub(super) fn search<K: Ord>(
        &self,
        key: &K,
        key_of: impl Fn(&Sample) -> K,
    ) -> Result<usize, usize> {
        match self {
            Self::Inline { len, samples } => {
                samples[..usize::from(*len)].binary_search_by(|s| key_of(s).cmp(key))
            }
            Self::Spilled(deque) => deque.binary_search_by(|s| key_of(s).cmp(key)),
        }
    }

    /// Puts `sample` at `at`, moving the later ones back.
    pub(super) fn insert(&mut self, at: usize, sample: Sample) {
        match self {
            Self::Inline { len, samples } if usize::from(*len) < INLINE => {
                let n = usize::from(*len);
                samples.copy_within(at..n, at + 1);
                samples[at] = sample;
                *len += 1;
            }
            Self::Inline { .. } => {
                self.spill();
                self.insert(at, sample);
            }
            Self::Spilled(deque) => deque.insert(at, sample),
        }
    }

    /// Puts `sample`, later than every sample waiting, at the back.
    pub(super) fn push_back(&mut self, sample: Sample) {
        match self {
            Self::Spilled(deque) => deque.push_back(sample),
            Self::Inline { len, .. } => {
                let at = usize::from(*len);
                self.insert(at, sample);
            }
        }
    }

    /// Takes the earliest sample waiting.
    pub(super) fn pop_front(&mut self) -> Option<Sample> {
        match self {
            Self::Inline { len, samples } => {
                let n = usize::from(*len);
                let first = (n > 0).then(|| samples[0])?;
                samples.copy_within(1..n, 0);
                *len -= 1;
                Some(first)
            }
            Self::Spilled(deque) => deque.pop_front(),
        }
    }

    /// Moves the samples to the heap, with room for as many again.
    fn spill(&mut self) {
        let mut deque = VecDeque::with_capacity(2 * INLINE);
        deque.extend(self.iter().copied());
        *self = Self::Spilled(deque);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(window: &Window) -> Vec<f64> {
        window.iter().map(|&(t, _)| t).collect()
    }

    fn key(&(t, _): &Sample) -> i64 {
        #[allow(clippy::cast_possible_truncation, reason = "small test times")]
        let key = t as i64;
        key
    }

    #[test]
    fn keeps_samples_in_order_inline_and_past_it() {
        let mut window = Window::default();
        assert!(window.is_empty());
        assert_eq!(window.pop_front(), None);
        for t in [1.0, 3.0, 5.0, 7.0, 9.0] {
            window.push_back((t, t * 10.0));
        }
        assert!(matches!(window, Window::Spilled(_)));
        assert_eq!(window.search(&4, key), Err(2));
        window.insert(2, (4.0, 40.0));
        assert_eq!(window.search(&4, key), Ok(2));
        assert_eq!(window.back(), Some((9.0, 90.0)));
        assert_eq!(times(&window), [1.0, 3.0, 4.0, 5.0, 7.0, 9.0]);
        assert_eq!(window.pop_front(), Some((1.0, 10.0)));
        assert_eq!(window.len(), 5);
    }

    #[test]
    fn inserts_and_pops_within_the_inline_samples() {
        let mut window = Window::default();
        window.push_back((2.0, 20.0));
        window.insert(0, (1.0, 10.0));
        window.push_back((4.0, 40.0));
        assert!(matches!(window, Window::Inline { len: 3, .. }));
        assert_eq!(window.search(&3, key), Err(2));
        assert_eq!(window.search(&1, key), Ok(0));
        assert_eq!(window.pop_front(), Some((1.0, 10.0)));
        assert_eq!(window.back(), Some((4.0, 40.0)));
        window.insert(1, (3.0, 30.0));
        assert!(matches!(window, Window::Inline { len: 3, .. }));
        window.insert(0, (0.5, 5.0));
        assert_eq!(times(&window), [0.5, 2.0, 3.0, 4.0]);
        while window.pop_front().is_some() {}
        assert!(window.is_empty());
        assert_eq!(window.back(), None);
    }
}
