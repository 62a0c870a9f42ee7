//! Undo and redo: earlier states on a bounded stack. A run of edits of the same group (typing
//! in one field, dragging one slider, typing in the Body tab) is taken back as one step. Pure.

use std::collections::VecDeque;

/// At most this many steps are kept…
const MAX_STEPS: usize = 200;
/// …and at most about this many bytes of them (as the caller counts them), so large bodies
/// keep fewer steps.
const MAX_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct History<T> {
    undo: VecDeque<(T, usize)>,
    redo: Vec<(T, usize)>,
    bytes: usize,
    /// The group of the last recorded edit; the next edit of the same group joins its step.
    group: Option<String>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            bytes: 0,
            group: None,
        }
    }
}

impl<T> History<T> {
    /// Records the state an edit is about to change (`before`, about `bytes` large). An edit of
    /// the same `group` as the one before it joins that step, so `before` is not even built.
    pub fn record(&mut self, group: Option<&str>, bytes: usize, before: impl FnOnce() -> T) {
        self.redo.clear();
        if group.is_some() && group == self.group.as_deref() {
            return;
        }
        self.group = group.map(str::to_string);
        self.undo.push_back((before(), bytes));
        self.bytes += bytes;
        while self.undo.len() > MAX_STEPS || (self.bytes > MAX_BYTES && self.undo.len() > 1) {
            if let Some((_, b)) = self.undo.pop_front() {
                self.bytes -= b;
            }
        }
    }

    /// The state before the last step, given the current one (which redo brings back).
    pub fn undo(&mut self, bytes: usize, current: impl FnOnce() -> T) -> Option<T> {
        let (previous, b) = self.undo.pop_back()?;
        self.bytes -= b;
        self.redo.push((current(), bytes));
        self.group = None;
        Some(previous)
    }

    /// The state the last undo left, given the current one (which undo brings back).
    pub fn redo(&mut self, bytes: usize, current: impl FnOnce() -> T) -> Option<T> {
        let (next, _) = self.redo.pop()?;
        self.undo.push_back((current(), bytes));
        self.bytes += bytes;
        self.group = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_one_group_is_one_step_and_redo_is_cleared_by_an_edit() {
        let mut h = History::default();
        let mut state = 0;
        for (group, next) in [(Some("a"), 1), (Some("a"), 2), (Some("b"), 3), (None, 4)] {
            h.record(group, 1, || state);
            state = next;
        }
        // 4 <- 3 (None), 3 <- 2 (b), 2 <- 0 (the run of a)
        state = h.undo(1, || state).unwrap();
        assert_eq!(state, 3);
        state = h.undo(1, || state).unwrap();
        assert_eq!(state, 2);
        state = h.undo(1, || state).unwrap();
        assert_eq!(state, 0);
        assert!(!h.can_undo());
        assert_eq!(h.undo(1, || state), None);
        state = h.redo(1, || state).unwrap();
        assert_eq!(state, 2);
        h.record(Some("a"), 1, || state);
        assert!(!h.can_redo(), "an edit after an undo drops the redo steps");
        assert!(h.can_undo());
    }

    #[test]
    fn an_undo_ends_the_group() {
        let mut h = History::default();
        h.record(Some("a"), 1, || 0);
        h.record(Some("a"), 1, || 1);
        assert_eq!(h.undo(1, || 2), Some(0));
        h.record(Some("a"), 1, || 0);
        h.record(Some("a"), 1, || 5);
        assert_eq!(h.undo(1, || 6), Some(0));
        assert_eq!(h.undo(1, || 0), None);
    }

    #[test]
    fn steps_are_bounded_by_count_and_by_bytes() {
        let mut h = History::default();
        for i in 0..(MAX_STEPS + 50) {
            h.record(None, 1, || i);
        }
        let mut n = 0;
        while h.undo(1, || 0).is_some() {
            n += 1;
        }
        assert_eq!(n, MAX_STEPS);

        let mut h = History::default();
        for i in 0..10 {
            h.record(None, MAX_BYTES / 4, || i);
        }
        let mut kept = Vec::new();
        while let Some(s) = h.undo(0, || 0) {
            kept.push(s);
        }
        assert_eq!(kept, [9, 8, 7, 6], "the newest steps that fit");
    }
}
