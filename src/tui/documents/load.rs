//! Decoding the shown case's documents: each fetched from the office and
//! decoded in a child process, its answer kept per SHA-256.

use super::Preview;
use crate::domain::case::DocumentInfo;
use crate::tui::app::App;
use crate::tui::event::Msg;

impl App {
    /// Starts decoding the shown case's documents not yet decoded.
    pub fn load_documents(&mut self) {
        let (Some(op), Some(view)) = (self.op.clone(), self.home.review.view.as_ref()) else {
            return;
        };
        let wanted: Vec<DocumentInfo> = view
            .documents
            .iter()
            .filter(|d| self.docs.get(&d.sha256).is_none() && !self.docs.loading.contains(&d.sha256))
            .cloned()
            .collect();
        for d in wanted {
            self.docs.loading.insert(d.sha256.clone());
            let ra = self.ra.clone();
            let op = op.clone();
            let renderer = self.docs.renderer.clone();
            self.spawn(async move {
                let preview = match ra.document_bytes(&op, &d.id).await {
                    Ok((_, bytes)) => crate::preview::sandbox::render_by(renderer.as_deref(), bytes).await,
                    Err(e) => Preview::Unreadable(e.to_string()),
                };
                Msg::Document(d.sha256, Box::new(preview))
            });
        }
    }

    pub(in crate::tui) fn document_decoded(&mut self, sha256: String, p: Preview) {
        self.docs.put(sha256, p);
    }
}
