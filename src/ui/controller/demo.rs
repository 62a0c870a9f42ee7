//! Launch demo: the shown token's live session in the browser, minting one first when there is
//! no live token. The page is served by the app itself ([`crate::demo::DemoServer`]).

use crate::demo::{DemoError, DemoLaunch, LaunchRequest, SDK_FILE_ENV};
use crate::ui::controller::Controller;
use crate::ui::feedback::Banner;
use crate::ui::model::purpose::Purpose;
use std::path::PathBuf;

impl Controller {
    /// The shown token's page if it is live and minted against the selected environment; else
    /// a new token is minted and its page opened.
    pub(super) fn launch_demo(&mut self) {
        match self.live_token() {
            Some(i) => self.launch_demo_at(i),
            None => self.mint(false, true),
        }
    }

    /// The shown token's place in the history, if it is live and minted against the selected
    /// environment (what Launch demo uses without minting).
    fn live_token(&self) -> Option<usize> {
        let env = &self.state.environments.selected;
        let now = chrono::Utc::now();
        let tokens = &self.state.tokens;
        (tokens.selected())
            .filter(|&i| (tokens.at(i)).is_some_and(|e| e.is_live(now) && e.environment == *env))
    }

    pub(super) fn launch_demo_at(&mut self, entry: usize) {
        let Some(token) = self.state.tokens.at(entry).cloned() else {
            return;
        };
        let request = LaunchRequest {
            token: token.token,
            base_url: token.base_url,
            preset_name: token.preset,
            environment_name: token.environment,
        };
        if let Err(sentence) = self.services.launch_demo(request, entry) {
            self.state.feedback.banner = Some(Banner::new(sentence));
        }
    }

    /// What is in flight, for the top bar.
    pub fn busy(&self) -> crate::ui::view::Busy {
        crate::ui::view::Busy {
            minting: self.is_minting(),
            launching_demo: self.is_launching_demo(),
            live_token: self.live_token().is_some(),
            git: self.git_busy(),
        }
    }

    /// Whether a demo page is being made ready (or its token minted).
    pub fn is_launching_demo(&self) -> bool {
        self.services.waiting_for(|p| match p {
            Purpose::Demo { .. } => true,
            Purpose::Mint(info) => info.then_demo,
            Purpose::FindKey(crate::ui::model::purpose::NeedsKey::Mint(info)) => info.then_demo,
            _ => false,
        })
    }

    /// A demo page is served (it opens in the browser), or why it is not.
    pub(super) fn demo_ready(
        &mut self,
        entry: usize,
        result: Result<DemoLaunch, DemoError>,
        ctx: &egui::Context,
    ) {
        match result {
            Ok(launch) => {
                ctx.open_url(egui::OpenUrl::new_tab(&launch.url));
                self.state.tokens.set_demo_url(entry, launch.url);
            }
            Err(e) => self.state.feedback.banner = Some(Banner::new(e.to_string())),
        }
    }

    /// Where the browser SDK comes from: `file`, unless `ANAM_STUDIO_SDK_FILE` names one.
    pub(super) fn use_sdk_file(&mut self, file: Option<PathBuf>) {
        let mut sdk = self.services.sdk.clone();
        sdk.local_file = std::env::var_os(SDK_FILE_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or(file);
        self.services.set_sdk(sdk);
    }
}
