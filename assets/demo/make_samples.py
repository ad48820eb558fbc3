#!/usr/bin/env python3
"""Draws the demo's made-up documents, each marked CONTOH / SAMPLE:

  ktp-contoh.png              a KTP scan (no real person, no real NIK)
  swafoto-contoh.png          a selfie (a drawn face)
  surat-rekomendasi-demo.pdf  a one-page letter with a real text layer
  surat-pernyataan-pencabutan-demo.pdf, surat-pernyataan-lupa-demo.pdf,
  formulir-demo.pdf            the same for the revocation and forgotten-
                               passphrase statements and the forms

Only the standard library (zlib, struct). Run once from this folder:
    python3 make_samples.py
The files are committed; `ratu demo` and the tests include them.
"""

import struct
import zlib

# A 5x7 bitmap font, just the characters drawn here.
FONT = {
    "A": ["01110", "10001", "10001", "11111", "10001", "10001", "10001"],
    "B": ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
    "C": ["01111", "10000", "10000", "10000", "10000", "10000", "01111"],
    "D": ["11110", "10001", "10001", "10001", "10001", "10001", "11110"],
    "E": ["11111", "10000", "10000", "11110", "10000", "10000", "11111"],
    "F": ["11111", "10000", "10000", "11110", "10000", "10000", "10000"],
    "G": ["01111", "10000", "10000", "10011", "10001", "10001", "01111"],
    "H": ["10001", "10001", "10001", "11111", "10001", "10001", "10001"],
    "I": ["11111", "00100", "00100", "00100", "00100", "00100", "11111"],
    "J": ["00111", "00010", "00010", "00010", "00010", "10010", "01100"],
    "K": ["10001", "10010", "10100", "11000", "10100", "10010", "10001"],
    "L": ["10000", "10000", "10000", "10000", "10000", "10000", "11111"],
    "M": ["10001", "11011", "10101", "10101", "10001", "10001", "10001"],
    "N": ["10001", "11001", "10101", "10011", "10001", "10001", "10001"],
    "O": ["01110", "10001", "10001", "10001", "10001", "10001", "01110"],
    "P": ["11110", "10001", "10001", "11110", "10000", "10000", "10000"],
    "R": ["11110", "10001", "10001", "11110", "10100", "10010", "10001"],
    "S": ["01111", "10000", "10000", "01110", "00001", "00001", "11110"],
    "T": ["11111", "00100", "00100", "00100", "00100", "00100", "00100"],
    "U": ["10001", "10001", "10001", "10001", "10001", "10001", "01110"],
    "V": ["10001", "10001", "10001", "10001", "10001", "01010", "00100"],
    "W": ["10001", "10001", "10001", "10101", "10101", "11011", "10001"],
    "X": ["10001", "10001", "01010", "00100", "01010", "10001", "10001"],
    "0": ["01110", "10011", "10101", "10101", "10101", "11001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00110", "01000", "10000", "11111"],
    "3": ["11110", "00001", "00001", "01110", "00001", "00001", "11110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00001", "01110"],
    "/": ["00001", "00010", "00010", "00100", "01000", "01000", "10000"],
    ":": ["00000", "01100", "01100", "00000", "01100", "01100", "00000"],
    "-": ["00000", "00000", "00000", "11111", "00000", "00000", "00000"],
    " ": ["00000"] * 7,
}


class Canvas:
    def __init__(self, w, h, bg):
        self.w, self.h = w, h
        self.px = [[bg] * w for _ in range(h)]

    def rect(self, x, y, w, h, c):
        for j in range(max(0, y), min(self.h, y + h)):
            for i in range(max(0, x), min(self.w, x + w)):
                self.px[j][i] = c

    def ellipse(self, cx, cy, rx, ry, c):
        for j in range(max(0, cy - ry), min(self.h, cy + ry + 1)):
            for i in range(max(0, cx - rx), min(self.w, cx + rx + 1)):
                if ((i - cx) / rx) ** 2 + ((j - cy) / ry) ** 2 <= 1.0:
                    self.px[j][i] = c

    def text(self, x, y, s, c, scale=1):
        for ch in s:
            for j, row in enumerate(FONT[ch]):
                for i, bit in enumerate(row):
                    if bit == "1":
                        self.rect(x + i * scale, y + j * scale, scale, scale, c)
            x += 6 * scale

    def png(self):
        raw = b"".join(b"\0" + bytes(v for p in row for v in p) for row in self.px)

        def chunk(tag, data):
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


RED, WHITE, INK = (200, 30, 30), (255, 255, 255), (30, 40, 60)
SKIN, HAIR = (214, 170, 130), (40, 30, 25)


def ktp():
    c = Canvas(256, 160, (170, 205, 235))
    c.rect(0, 0, 256, 22, (60, 110, 170))
    c.text(8, 4, "PROVINSI DKI JAKARTA", WHITE, 2)
    c.text(8, 30, "NIK: 3171 0000 0000 0000", INK)
    for n, label in enumerate(["NAMA: CONTOH", "ALAMAT: -", "AGAMA: -", "PEKERJAAN: -"]):
        c.text(8, 46 + n * 12, label, INK)
    # the photo: a drawn head and shoulders
    c.rect(186, 30, 60, 76, (200, 60, 60))
    c.ellipse(216, 98, 24, 16, (40, 60, 110))
    c.ellipse(216, 62, 14, 18, SKIN)
    c.rect(202, 42, 28, 8, HAIR)
    # the mark, across
    c.rect(0, 110, 256, 50, WHITE)
    c.text(8, 113, "CONTOH", RED, 3)
    c.text(8, 137, "/ SAMPLE", RED, 3)
    return c.png()


def selfie():
    c = Canvas(160, 200, (225, 225, 215))
    c.ellipse(80, 190, 62, 40, (70, 110, 90))
    c.ellipse(80, 86, 40, 52, SKIN)
    c.ellipse(80, 44, 42, 20, HAIR)
    c.ellipse(64, 82, 5, 4, INK)
    c.ellipse(96, 82, 5, 4, INK)
    c.rect(68, 112, 24, 4, (150, 60, 60))
    c.rect(0, 146, 160, 46, WHITE)
    c.text(26, 149, "CONTOH", RED, 3)
    c.text(32, 174, "/ SAMPLE", RED, 2)
    return c.png()


RECOMMENDATION = [
    (16, "SURAT REKOMENDASI - CONTOH / SAMPLE"),
    (11, "Dokumen contoh untuk demo ratu; bukan surat sungguhan."),
    (11, "Yang bertanda tangan merekomendasikan pemohon untuk"),
    (11, "menerima sertifikat elektronik."),
]
REVOCATION = [
    (16, "SURAT PERNYATAAN PENCABUTAN - CONTOH / SAMPLE"),
    (11, "Dokumen contoh untuk demo ratu; bukan surat sungguhan."),
    (11, "Yang bertanda tangan menyatakan memohon pencabutan"),
    (11, "sertifikat elektronik miliknya."),
]
FORGOTTEN = [
    (16, "SURAT PERNYATAAN LUPA PASSPHRASE - CONTOH / SAMPLE"),
    (11, "Dokumen contoh untuk demo ratu; bukan surat sungguhan."),
    (11, "Yang bertanda tangan menyatakan lupa passphrase"),
    (11, "sertifikat elektroniknya dan memohon penggantian."),
]
FORM = [
    (16, "FORMULIR PERMOHONAN - CONTOH / SAMPLE"),
    (11, "Dokumen contoh untuk demo ratu; bukan formulir sungguhan."),
    (11, "Perubahan data, atau reset autentikator, pemilik"),
    (11, "sertifikat elektronik."),
]


def pdf(lines=RECOMMENDATION):
    # The first line with Tj, each next one with ' (next line, then show),
    # so that text extraction sees the line breaks.
    ops = ["BT", "20 TL", "60 780 Td"]
    for n, (size, text) in enumerate(lines):
        ops.append(f"/F1 {size} Tf ({text}) " + ("Tj" if n == 0 else "'"))
    ops.append("ET")
    content = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


if __name__ == "__main__":
    for name, data in [
        ("ktp-contoh.png", ktp()),
        ("swafoto-contoh.png", selfie()),
        ("surat-rekomendasi-demo.pdf", pdf()),
        ("surat-pernyataan-pencabutan-demo.pdf", pdf(REVOCATION)),
        ("surat-pernyataan-lupa-demo.pdf", pdf(FORGOTTEN)),
        ("formulir-demo.pdf", pdf(FORM)),
    ]:
        with open(name, "wb") as f:
            f.write(data)
        print(name, len(data), "bytes")
