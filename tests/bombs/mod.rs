//! Hostile documents, made here: PDFs that ask for gigabytes or for
//! minutes (a flate bomb, forms nested twelve deep, a page tree of a
//! billion leaves, a page the size of a continent, sixty thousand
//! pages) and images whose headers claim more pixels than exist.
#![allow(dead_code)]

use std::io::Write;

/// A PDF of `objects` (object 1 the catalog), with its xref table.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// Catalog, one Pages node, one page with `page_extra` and contents
/// object 4.
fn one_page(page_extra: &str) -> Vec<Vec<u8>> {
    vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R {page_extra} >>"
        )),
    ]
}

/// A content stream that inflates to `inflated` bytes of spaces (a
/// quarter of a gigabyte of zlib'd whitespace is about 250 kB).
pub fn flate_bomb(inflated: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..inflated / chunk.len() {
        z.write_all(&chunk).unwrap();
    }
    let data = z.finish().unwrap();
    let mut objects = one_page("");
    objects.push(stream("/Filter /FlateDecode", &data));
    pdf(&objects)
}

/// Forms nested `depth` deep, each drawing the one below ten times: a few
/// kilobytes that ask for 10^depth fills.
pub fn nested_forms(depth: usize) -> Vec<u8> {
    // 1 catalog, 2 pages, 3 page, 4 contents, 5.. forms (5 the top).
    let mut objects = one_page("/Resources << /XObject << /F 5 0 R >> >>");
    objects.push(stream("", b"q /F Do Q"));
    for level in 0..depth {
        let n = 5 + level;
        let body = if level + 1 == depth {
            b"0 0 1 1 re f".to_vec()
        } else {
            b"q 0.5 0 0 0.5 1 1 cm /F Do Q ".repeat(10)
        };
        let res = if level + 1 == depth {
            String::new()
        } else {
            format!("/Resources << /XObject << /F {} 0 R >> >>", n + 1)
        };
        objects.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] {res}"),
            &body,
        ));
    }
    pdf(&objects)
}

/// A page tree whose every node lists the next node ten times: nine
/// levels, a billion leaves, in a few kilobytes.
pub fn billion_laughs() -> Vec<u8> {
    let levels = 9;
    // 1 catalog, 2..=levels+1 Pages nodes, then the page, then its contents.
    let page = levels + 2;
    let mut objects = vec![obj("<< /Type /Catalog /Pages 2 0 R >>")];
    for l in 0..levels {
        let n = 2 + l;
        let kid = if l + 1 == levels { page } else { n + 1 };
        let kids = format!("{kid} 0 R ").repeat(10);
        let parent = if l == 0 {
            String::new()
        } else {
            format!("/Parent {} 0 R", n - 1)
        };
        objects.push(obj(&format!(
            "<< /Type /Pages {parent} /Kids [{kids}] /Count {} >>",
            10u64.pow((levels - l) as u32)
        )));
    }
    objects.push(obj(&format!(
        "<< /Type /Page /Parent {} 0 R /MediaBox [0 0 595 842] /Contents {} 0 R >>",
        levels + 1,
        page + 1
    )));
    objects.push(stream("", b"0 0 100 100 re f"));
    pdf(&objects)
}

/// One page whose box is as large as numbers go.
pub fn huge_page_box() -> Vec<u8> {
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 3.0e38 3.0e38] /UserUnit 75000 /Contents 4 0 R >>"),
    ];
    objects.push(stream("", b"0 0 3.0e38 3.0e38 re f"));
    pdf(&objects)
}

/// `n` pages in one flat tree.
pub fn many_pages(n: usize) -> Vec<u8> {
    let first = 4;
    let kids: String = (0..n).map(|i| format!("{} 0 R ", first + i)).collect();
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj(&format!("<< /Type /Pages /Kids [{kids}] /Count {n} >>")),
        stream("", b"0 0 100 100 re f"),
    ];
    for _ in 0..n {
        objects.push(obj("<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 3 0 R>>"));
    }
    pdf(&objects)
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut c = kind.to_vec();
    c.extend_from_slice(data);
    out.extend_from_slice(&c);
    out.extend_from_slice(&crc32(&c).to_be_bytes());
}

/// A PNG of `side` × `side` pixels of colour type `color` (`bpp` bytes
/// each), with `rows` rows of `fill` in its (tiny) zlib data.
fn png(side: u32, color: u8, bpp: usize, rows: u32, fill: u8) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[8, color, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let mut row = vec![fill; 1 + side as usize * bpp];
    row[0] = 0;
    for _ in 0..rows {
        z.write_all(&row).unwrap();
    }
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A PNG whose header claims `side` × `side` RGBA pixels, with a few rows.
pub fn png_claiming(side: u32) -> Vec<u8> {
    png(side, 6, 4, 4, 0)
}

/// A PNG of `side` × `side` real pixels (all white): a decompression bomb
/// when large, since its zlib data is tiny.
pub fn png_white(side: u32) -> Vec<u8> {
    png(side, 0, 1, side, 0xff)
}

/// A baseline JPEG whose frame header claims 65500 × 65500 pixels.
pub fn jpeg_claiming() -> Vec<u8> {
    let mut v = vec![0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08];
    v.extend_from_slice(&65500u16.to_be_bytes());
    v.extend_from_slice(&65500u16.to_be_bytes());
    v.extend_from_slice(&[3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
    v.extend_from_slice(&[0xff, 0xd9]);
    v
}

/// Every bomb, named: (name, bytes, whether it must be refused).
pub fn all() -> Vec<(&'static str, Vec<u8>, bool)> {
    vec![
        ("flate-bomb.pdf", flate_bomb(1 << 30), true),
        ("nested-forms.pdf", nested_forms(12), true),
        ("billion-laughs.pdf", billion_laughs(), false),
        ("huge-page-box.pdf", huge_page_box(), false),
        ("many-pages.pdf", many_pages(60_000), false),
        ("png-claiming-30000.png", png_claiming(30_000), true),
        ("png-white-9000.png", png_white(9000), false),
        ("jpeg-claiming-65500.jpg", jpeg_claiming(), true),
    ]
}
