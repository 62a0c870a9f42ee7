//! The presets folder in git: Commit… (the chosen presets and nothing else), Pull and Push, on
//! the worker through the user's own git. A pull that changes the open preset goes through the
//! same "changed on disk" question as any other program's edit.

use crate::store::Op;
use crate::store::git::{GitError, Pulled, Sides};
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::dialog::{CommitChoice, Dialog};
use crate::ui::model::purpose::Purpose;
use crate::ui::state::{Conflict, InGit};
use std::ffi::OsString;

impl Controller {
    /// Whether a commit, pull or push is under way.
    pub fn git_busy(&self) -> bool {
        (self.services)
            .waiting_for(|p| matches!(p, Purpose::GitCommit | Purpose::GitPull | Purpose::GitPush))
    }

    /// Commit…: the presets that differ from the last commit, all ticked.
    pub(super) fn open_commit(&mut self) {
        let InGit::Yes(status) = &self.state.folder.git else {
            return;
        };
        let document = &self.state.document;
        let open = (document.path.as_deref()).and_then(|p| p.file_name());
        let dirty = document.draft.is_dirty();
        let choices: Vec<CommitChoice> = (status.changed_presets())
            .map(|(file, state)| CommitChoice {
                file: file.clone(),
                state,
                unsaved: dirty && open == Some(file.as_os_str()),
                chosen: true,
            })
            .collect();
        if choices.is_empty() {
            return self.state.feedback.say(
                "No preset differs from the last commit: there is nothing to commit.",
                Until::Dismissed,
            );
        }
        self.state.dialog = Some(Dialog::Commit {
            choices,
            message: String::new(),
            error: None,
        });
    }

    /// The Commit dialog's answer.
    pub(super) fn commit(&mut self, files: Vec<OsString>, message: String) {
        let error = match (files.is_empty(), message.trim().is_empty()) {
            (true, _) => Some("Tick at least one preset to commit."),
            (_, true) => Some("Write a message: it says what the commit changes."),
            _ => None,
        };
        if let Some(e) = error {
            if let Some(Dialog::Commit { error, .. }) = &mut self.state.dialog {
                *error = Some(e.to_string());
            }
            return;
        }
        self.state.dialog = None;
        let dir = self.state.folder.dir.clone();
        let op = Op::GitCommit {
            dir,
            names: files,
            message: message.trim().to_string(),
        };
        self.services.store(op, Purpose::GitCommit);
    }

    pub(super) fn pull(&mut self) {
        let dir = self.state.folder.dir.clone();
        self.services.store(Op::GitPull { dir }, Purpose::GitPull);
    }

    pub(super) fn push(&mut self) {
        let dir = self.state.folder.dir.clone();
        self.services.store(Op::GitPush { dir }, Purpose::GitPush);
    }

    pub(super) fn committed(&mut self, done: Result<String, GitError>) {
        match done {
            Ok(id) => self
                .state
                .feedback
                .say(format!("Committed as {id}."), Until::Dismissed),
            Err(e) => self.state.feedback.banner = Some(Banner::new(format!("{e}."))),
        }
        self.rescan();
    }

    pub(super) fn pulled(&mut self, done: Result<Pulled, GitError>) {
        match done {
            Ok(Pulled::UpToDate) => (self.state.feedback).say(
                "Already up to date: the upstream has nothing new.",
                Until::Dismissed,
            ),
            Ok(Pulled::Updated) => {
                (self.state.feedback).say("Pulled the upstream's commits.", Until::Dismissed)
            }
            Ok(Pulled::Conflict(files)) => {
                let names: Vec<String> = (files.iter())
                    .map(|f| f.to_string_lossy().into_owned())
                    .collect();
                self.state.feedback.banner = Some(Banner::new(format!(
                    "The pull stopped: {} changed both upstream and in your commits. Nothing is lost: each file holds both versions between git's conflict markers; resolve them, then finish with git rebase --continue (or git rebase --abort to go back).",
                    names.join(", ")
                )));
            }
            Err(e) => self.state.feedback.banner = Some(Banner::new(format!("{e}."))),
        }
        // The files may have changed under the open preset: the usual question, if so.
        self.rescan();
        self.check_disk();
    }

    pub(super) fn pushed_to_upstream(&mut self, done: Result<(), GitError>) {
        match done {
            Ok(()) => self.state.feedback.say("Pushed.", Until::Dismissed),
            Err(e) => self.state.feedback.banner = Some(Banner::new(format!("{e}."))),
        }
        self.rescan();
    }

    /// Both versions of a preset in conflict, read on the worker.
    pub(super) fn show_conflict(&mut self, file: OsString) {
        let dir = self.state.folder.dir.clone();
        let op = Op::GitVersions {
            dir,
            name: file.clone(),
        };
        self.services.store(op, Purpose::GitVersions(file));
    }

    pub(super) fn conflict_read(&mut self, file: OsString, sides: Result<Sides, GitError>) {
        match sides {
            Ok(sides) => {
                let text = |b: Option<Vec<u8>>| b.map(|b| String::from_utf8_lossy(&b).into_owned());
                self.state.folder.conflict = Some(Conflict {
                    file,
                    upstream: text(sides.upstream),
                    yours: text(sides.yours),
                });
            }
            Err(e) => self.state.feedback.banner = Some(Banner::new(format!("{e}."))),
        }
    }
}
