//! Minting: the body as the window shows it goes to the worker once the key is found; Cancel
//! (Esc) stops it at either stage.

use crate::core::environment::Environment;
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::purpose::{MintInfo, NeedsKey, Purpose};

impl Controller {
    /// Sends the body to the worker (once the key is found). With errors, only when `anyway`;
    /// `then_demo`: the demo page opens with the token.
    pub(super) fn mint(&mut self, anyway: bool, then_demo: bool) {
        if self.refuse_unparsed() {
            return;
        }
        let draft = &self.state.document.draft;
        if self.is_minting() || (draft.error_count() > 0 && !anyway) {
            return;
        }
        let env = self.state.environments.current().clone();
        let base_url = match self.services.base_url_of(&env) {
            Ok(url) => url,
            Err(sentence) => return self.mint_refused(&env, sentence),
        };
        // The label actually sent: the preset's own, else the environment's template filled in.
        let (body, label) = match self.labelled_body(&env) {
            Ok(labelled) => labelled,
            Err(sentence) => return self.mint_refused(&env, sentence),
        };
        let info = MintInfo {
            preset: (self.state.document.name.clone()).unwrap_or_else(|| "Untitled".into()),
            label,
            environment: env.name.clone(),
            base_url,
            body,
            then_demo,
        };
        self.state.feedback.banner = None;
        self.state.feedback.end_notice(Until::NextMint);
        self.services.find_key(&env, NeedsKey::Mint(info));
    }

    pub(super) fn cancel_mint(&mut self) {
        let cancelled = self
            .services
            .cancel(|p| matches!(p, Purpose::Mint(_) | Purpose::FindKey(NeedsKey::Mint(_))));
        if cancelled {
            self.state
                .feedback
                .say("Minting cancelled.", Until::NextMint);
        }
    }

    pub(super) fn mint_refused(&mut self, env: &Environment, sentence: String) {
        let mode = self.state.document.draft.mode();
        self.state.feedback.banner = Some(Banner::attempt(sentence, None, &env.name, mode));
    }
}
