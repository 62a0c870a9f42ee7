//! Copy as…: code that mints the same token (curl, Node, Python, the browser SDK), with the key
//! read from `ANAM_API_KEY`, never written in it.

use crate::core::snippet::{self, Lang};
use crate::ui::controller::Controller;
use crate::ui::feedback::Banner;

impl Controller {
    /// Copies the snippet in `lang` for the draft's body and the selected environment.
    pub(super) fn copy_snippet(&mut self, lang: Lang, ctx: &egui::Context) {
        let env = self.state.environments.current().clone();
        // The sandbox is started, so its snippet holds the address it answers on.
        let base = match self.services.base_url_of(&env) {
            Ok(url) => url,
            Err(sentence) => return self.state.feedback.banner = Some(Banner::new(sentence)),
        };
        let body = self.state.document.draft.body().to_value();
        ctx.copy_text(snippet::snippet(lang, &base, &body));
        let what = match lang {
            Lang::Curl => "curl command copied".to_string(),
            lang => format!("{} snippet copied", lang.label()),
        };
        self.state.feedback.toast(&what, ctx);
    }
}
