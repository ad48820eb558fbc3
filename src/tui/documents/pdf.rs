//! PDFs: the page count and the text of the first page (`lopdf`, pure
//! Rust). Decompression is capped, and so is the text kept.

use super::Preview;
use super::image::one_line;
use lopdf::Document;

/// Most bytes a page's content streams may inflate to.
const MAX_INFLATE: usize = 8 * 1024 * 1024;
/// Characters of text kept.
const MAX_TEXT: usize = 4000;

pub fn decode(bytes: &[u8]) -> Preview {
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) => return Preview::Unreadable(one_line(&e.to_string())),
    };
    let pages = doc.get_pages();
    let Some(first) = pages.keys().next().copied() else {
        return Preview::Unreadable("no pages".into());
    };
    // A page whose text cannot be pulled out still has its count shown.
    let text = doc.extract_text_with_limit(&[first], MAX_INFLATE).unwrap_or_default();
    let text: String = text.chars().take(MAX_TEXT).collect();
    Preview::Pdf {
        pages: pages.len(),
        text: text.trim().to_string(),
    }
}
