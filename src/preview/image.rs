//! PNG and JPEG scans, decoded within limits: a file claiming a huge size
//! is refused before any memory is taken, and a large photo is scaled down
//! once so that drawing it stays cheap.

use super::Preview;
use crate::domain::case::MediaType;
use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Widest or tallest image decoded (pixels).
const MAX_SIDE: u32 = 10_000;
/// Memory the decoder may take.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
/// Side of the copy kept for drawing: plenty for any terminal.
const KEEP_SIDE: u32 = 1200;

pub fn decode(media: MediaType, bytes: &[u8]) -> Preview {
    let format = match media {
        MediaType::Png => ImageFormat::Png,
        MediaType::Jpeg => ImageFormat::Jpeg,
        MediaType::Pdf => return Preview::Unreadable("not an image".into()),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    match reader.decode() {
        Ok(img) if img.width() == 0 || img.height() == 0 => Preview::Unreadable("an empty image".into()),
        Ok(img) if img.width() > KEEP_SIDE || img.height() > KEEP_SIDE => {
            Preview::Image(img.thumbnail(KEEP_SIDE, KEEP_SIDE))
        }
        Ok(img) => Preview::Image(img),
        Err(e) => Preview::Unreadable(one_line(&e.to_string())),
    }
}

/// A decoder's message on one line, not too long.
pub fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::domain::text::quoted(&s, 160)
}
