use super::*;
use crate::domain::case::MediaType;
use crate::ra::demo::{DEMO_KTP_PNG, DEMO_PDF, DEMO_SELFIE_PNG};

fn unreadable(p: &Preview) -> &str {
    match p {
        Preview::Unreadable(why) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn demo_documents_decode_to_a_picture_and_a_page_of_text() {
    for png in [DEMO_KTP_PNG, DEMO_SELFIE_PNG] {
        assert!(matches!(decode(MediaType::Png, png), Preview::Image(_)));
    }
    match decode(MediaType::Pdf, DEMO_PDF) {
        Preview::Pdf { pages, text, page } => {
            assert_eq!(pages, 1);
            assert!(text.contains("CONTOH / SAMPLE"), "{text}");
            // The page drawn: 800 px wide, white paper with dark ink on it.
            let img = page.expect("the first page is drawn").to_luma8();
            assert_eq!(img.width(), 800);
            let dark = img.pixels().filter(|p| p.0[0] < 100).count();
            let white = img.pixels().filter(|p| p.0[0] > 240).count();
            assert!(dark > 500, "ink on the page: {dark} dark pixels");
            assert!(white > img.pixels().len() / 2, "mostly white paper");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn hostile_documents_give_one_line_and_no_panic() {
    let mut cases: Vec<(MediaType, Vec<u8>)> = vec![
        (MediaType::Png, DEMO_KTP_PNG[..DEMO_KTP_PNG.len() / 2].to_vec()),
        (MediaType::Png, b"\x89PNG\r\n\x1a\n".to_vec()),
        (MediaType::Jpeg, vec![0xff, 0xd8, 0xff, 0xe0, 0, 0]),
        (MediaType::Pdf, b"%PDF-1.7\n garbage \x00\xff".to_vec()),
        (MediaType::Pdf, DEMO_PDF[..DEMO_PDF.len() / 3].to_vec()),
    ];
    // A PNG header claiming 100000 × 100000 pixels.
    let mut huge = DEMO_KTP_PNG.to_vec();
    huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    cases.push((MediaType::Png, huge));
    // A PDF claiming a huge stream and a huge page count.
    let pdf = String::from_utf8_lossy(DEMO_PDF)
        .replace("/Count 1", "/Count 4294967295")
        .replace("/Length ", "/Length 99999999999");
    cases.push((MediaType::Pdf, pdf.into_bytes()));
    for (media, bytes) in cases {
        let p = decode(media, &bytes);
        if let Preview::Unreadable(why) = &p {
            assert!(!why.contains('\n') && !why.is_empty(), "{why:?}");
        }
    }
    assert!(!unreadable(&decode(MediaType::Png, &DEMO_KTP_PNG[..100])).is_empty());
    assert!(!unreadable(&decode(MediaType::Pdf, b"%PDF-garbage")).is_empty());
}

#[test]
fn every_cut_and_flip_of_the_demo_documents_decodes_or_refuses_without_panic() {
    for (media, base) in [(MediaType::Png, DEMO_KTP_PNG), (MediaType::Pdf, DEMO_PDF)] {
        let step = (base.len() / 60).max(1);
        for at in (0..base.len()).step_by(step) {
            let _ = decode(media, &base[..at]);
            let mut flipped = base.to_vec();
            flipped[at] ^= 0xff;
            let _ = decode(media, &flipped);
        }
    }
}
