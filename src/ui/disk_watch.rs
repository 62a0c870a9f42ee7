//! Noticing another program's edits to the open preset: a bounded comparison (it reads at most
//! as many bytes as the app last saw, and a file of another size not at all), run on another
//! thread when the window regains focus so a huge or slow file never stalls a frame.

use crate::store::preset::files::{self, Comparison};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

/// What another program did to the open preset's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChange {
    Changed,
    Deleted,
}

/// Whether the file at `path` is no longer what was `seen` there.
pub fn change(path: &Path, seen: &[u8]) -> Option<DiskChange> {
    match files::compare(path, seen) {
        Comparison::Same | Comparison::Unknown => None,
        Comparison::Changed => Some(DiskChange::Changed),
        Comparison::Deleted => Some(DiskChange::Deleted),
    }
}

/// The check's number, what it compared (the path and the bytes seen), and what it found.
type Answer = (u64, PathBuf, Arc<[u8]>, Option<DiskChange>);

/// The background check: one at a time counts (a newer one makes older answers moot).
pub struct DiskWatch {
    number: u64,
    tx: mpsc::Sender<Answer>,
    rx: mpsc::Receiver<Answer>,
}

impl Default for DiskWatch {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel();
        DiskWatch { number: 0, tx, rx }
    }
}

impl DiskWatch {
    /// Compares `path` with `seen` on another thread, then wakes `ctx`.
    pub fn start(&mut self, path: &Path, seen: &Arc<[u8]>, ctx: &egui::Context) {
        self.number += 1;
        let (number, path, seen, tx, ctx) = (
            self.number,
            path.to_path_buf(),
            seen.clone(),
            self.tx.clone(),
            ctx.clone(),
        );
        let _ = std::thread::Builder::new()
            .name("disk-check".into())
            .spawn(move || {
                let found = change(&path, &seen);
                let _ = tx.send((number, path, seen, found));
                ctx.request_repaint();
            });
    }

    /// The newest check's finding, if it is done and still about the preset at `current` as
    /// last seen (`seen`): a save or an open since then makes it moot.
    pub fn poll(&mut self, current: Option<&Path>, seen: Option<&Arc<[u8]>>) -> Option<DiskChange> {
        let mut found = None;
        while let Ok((number, path, compared, change)) = self.rx.try_recv() {
            let still =
                current == Some(path.as_path()) && seen.is_some_and(|s| Arc::ptr_eq(s, &compared));
            if number == self.number && still {
                found = change;
            }
        }
        found
    }
}
