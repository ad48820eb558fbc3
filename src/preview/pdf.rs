//! PDFs: the page count and the text of the first page (`lopdf`), and the
//! first page drawn as a picture (`hayro`); both pure Rust. Decompression
//! is capped, and so are the text kept and the picture's size.

use super::Preview;
use super::image::one_line;
use lopdf::Document;

/// Most bytes a page's content streams may inflate to.
const MAX_INFLATE: usize = 8 * 1024 * 1024;
/// Characters of text kept.
const MAX_TEXT: usize = 4000;
/// Width of the page's picture, in pixels (a terminal shows far fewer).
const PAGE_PX: f32 = 800.0;
/// The tallest picture drawn (a page many times taller than wide is cut).
const MAX_PAGE_PX: f32 = 2400.0;

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
        page: first_page(bytes),
    }
}

/// The first page drawn on white, `PAGE_PX` wide; `None` when it cannot
/// be drawn (the text is still shown).
fn first_page(bytes: &[u8]) -> Option<::image::DynamicImage> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{RenderCache, RenderSettings, render};
    let pdf = hayro::hayro_syntax::Pdf::new(bytes.to_vec()).ok()?;
    let pages = pdf.pages();
    let page = pages.first()?;
    let (w, h) = page.render_dimensions();
    if !(w >= 1.0 && h >= 1.0) {
        return None;
    }
    let scale = PAGE_PX / w;
    let settings = RenderSettings {
        x_scale: scale,
        y_scale: scale,
        height: Some((h * scale).min(MAX_PAGE_PX) as u16),
        bg_color: WHITE,
        ..Default::default()
    };
    let pixmap = render(page, &RenderCache::new(), &InterpreterSettings::default(), &settings);
    // On an opaque white ground, premultiplied RGBA is plain RGBA.
    let rgba = pixmap.data_as_u8_slice().to_vec();
    ::image::RgbaImage::from_raw(pixmap.width().into(), pixmap.height().into(), rgba)
        .map(::image::DynamicImage::ImageRgba8)
}
