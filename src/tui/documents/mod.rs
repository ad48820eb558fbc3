//! A case's documents seen in the console: images (KTP scan, selfie) drawn
//! with `ratatui-image` (sixel, kitty or iTerm2 graphics where the terminal
//! answers for them, Unicode half-blocks anywhere else), PDFs as their
//! page count and the text of their first page.
//!
//! Bytes come from the office and are decoded in a child process under
//! hard limits (`crate::preview::sandbox`): a document that cannot be
//! read, or asks for too much memory or time, becomes one line saying why
//! in the operator's language, and the console's own memory stays put. Decoded
//! documents are kept per SHA-256, so moving back to a case shows them at
//! once.

mod keys;
mod load;
pub mod view;

use crate::domain::case::DocumentInfo;
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub use crate::preview::{Limit, Preview};

/// The console's documents: how images are drawn, what is decoded.
pub struct Documents {
    /// How this terminal shows images (half-blocks unless it said more).
    pub picker: Picker,
    /// Decoded documents by SHA-256.
    cache: HashMap<String, Arc<Preview>>,
    loading: HashSet<String>,
    /// The program that decodes (none: this executable).
    pub renderer: Option<std::path::PathBuf>,
    /// Images encoded for the terminal, by SHA-256 and cell size (drawing
    /// takes `&App`, so the cache sits in a cell).
    pub(super) encoded: RefCell<HashMap<(String, u16, u16), Protocol>>,
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documents")
            .field("protocol", &self.picker.protocol_type())
            .field("cached", &self.cache.len())
            .finish()
    }
}

impl Default for Documents {
    fn default() -> Self {
        Documents::new(Picker::halfblocks())
    }
}

/// Decoded documents kept (the oldest are dropped beyond this).
const KEEP: usize = 64;

impl Documents {
    pub fn new(picker: Picker) -> Self {
        Documents {
            picker,
            cache: HashMap::new(),
            loading: HashSet::new(),
            renderer: None,
            encoded: RefCell::new(HashMap::new()),
        }
    }

    /// With documents decoded by `renderer` (none: this executable).
    pub fn decoded_by(mut self, renderer: Option<std::path::PathBuf>) -> Self {
        self.renderer = renderer;
        self
    }

    pub fn get(&self, sha256: &str) -> Option<&Arc<Preview>> {
        self.cache.get(sha256)
    }

    fn put(&mut self, sha256: String, p: Preview) {
        self.loading.remove(&sha256);
        if self.cache.len() >= KEEP {
            self.cache.clear();
            self.encoded.borrow_mut().clear();
        }
        self.cache.insert(sha256, Arc::new(p));
    }
}

/// The picker for this terminal. The terminal is asked (before input is
/// read) only where it says it may draw images (kitty, WezTerm, iTerm2,
/// ghostty, foot, mlterm) or `RATU_IMAGES=query` asks for it: a terminal
/// that does not answer would otherwise lose the first keys typed to the
/// query's reader (seen in tmux). Everywhere else, and with
/// `RATU_IMAGES=halfblocks`, half-blocks.
pub fn query_picker() -> Picker {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let ask = match var("RATU_IMAGES").as_str() {
        "halfblocks" => false,
        "query" => true,
        _ => graphics_hinted(&var("TERM"), &var("TERM_PROGRAM"), |k| std::env::var_os(k).is_some()),
    };
    if !ask {
        return Picker::halfblocks();
    }
    Picker::from_query_stdio().unwrap_or_else(|_| Picker::halfblocks())
}

/// The environment says this terminal draws images (and is not tmux).
fn graphics_hinted(term: &str, program: &str, set: impl Fn(&str) -> bool) -> bool {
    if set("TMUX") {
        return false;
    }
    set("KITTY_WINDOW_ID")
        || set("WEZTERM_EXECUTABLE")
        || ["kitty", "ghostty", "foot", "mlterm", "wezterm"]
            .iter()
            .any(|t| term.contains(t))
        || matches!(program, "iTerm.app" | "WezTerm" | "ghostty")
}

/// The documents of a case in showing order: KTP, selfie, then the rest;
/// the same content once (an applicant may send again what the verifier
/// attached).
pub fn ordered(docs: &[DocumentInfo]) -> Vec<&DocumentInfo> {
    use crate::domain::DocKind;
    let rank = |d: &DocumentInfo| match d.kind {
        DocKind::Ktp => 0,
        DocKind::Selfie => 1,
        _ => 2,
    };
    let mut seen = HashSet::new();
    let mut v: Vec<&DocumentInfo> = docs.iter().filter(|d| seen.insert(d.sha256.as_str())).collect();
    v.sort_by_key(|d| rank(d));
    v
}

#[cfg(test)]
mod tests;
