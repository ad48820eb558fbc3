//! The applicant page's HTML: server-rendered, bilingual (Indonesian
//! first, English after), readable on a phone, nothing loaded from
//! elsewhere. Every page is a maud template (`html!`): each value spliced
//! in with `(...)` is escaped for text and attribute values alike, so no
//! value from a case, a form or a URL can become markup. Nothing here is
//! `PreEscaped` (the stylesheet and the script are files of their own, as
//! the CSP wants); only maud's own `DOCTYPE` is. The small script only
//! enables Submit and shows the policy as the applicant types; the forms
//! work without it, and the server checks everything again.

use crate::domain::agreement::Agreement;
use crate::domain::passphrase::{MIN_CHARS, MIN_CLASSES};
use crate::domain::{Case, CaseKind, LinkStep};
use maud::{DOCTYPE, Markup, html};
use std::collections::HashMap;

/// A form that was refused: why, and what the applicant typed. The page
/// comes back with both, so nothing typed is lost (files must be chosen
/// again: a browser never fills a file field).
pub struct Refill<'a> {
    pub why: &'a str,
    pub typed: &'a HashMap<String, String>,
}

/// The refusal above a form, in both languages around the reason.
fn problem(r: Option<&Refill>) -> Markup {
    html! {
        @if let Some(r) = r {
            div.error role="alert" {
                b { "Belum terkirim" } " " span.en { "Not sent" } ": " (r.why)
                p.small {
                    "Perbaiki isian lalu kirim lagi; pilih file Anda sekali lagi (browser tidak menyimpannya). "
                    span.en { "Correct it and send again; choose your files once more (the browser does not keep them)." }
                }
            }
        }
    }
}

/// A whole page around `body`.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="id" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                link rel="stylesheet" href="/assets/portal.css";
                script src="/assets/portal.js" defer {}
            }
            body {
                main {
                    header {
                        b { "ratu" } " · Layanan Sertifikat Elektronik "
                        span.en { "Electronic Certificate Service" }
                    }
                    (body)
                }
            }
        }
    }
}

/// A message page (errors, done).
pub fn message(title_id: &str, title_en: &str, text: &str) -> Markup {
    page(
        title_en,
        html! {
            h1 { (title_id) " " span.en { (title_en) } }
            p.msg { (text) }
        },
    )
}

/// What the verifier entered, the NIK masked.
fn data_table(case: &Case) -> Markup {
    let s = &case.subscriber;
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let rows = [
        ("Nama", "Name", s.name.clone()),
        ("NIK", "NIK", s.nik.masked()),
        ("NIP", "NIP", s.nip.as_ref().map_or("-".into(), |n| n.to_string())),
        ("E-mail", "E-mail", s.email.clone()),
        ("Instansi", "Agency", s.agency.clone()),
        ("Unit kerja", "Unit", opt(&s.unit)),
        ("Jabatan", "Position", opt(&s.position)),
        ("Telepon", "Phone", opt(&s.phone)),
        ("NPWP", "NPWP", s.npwp.as_ref().map_or("-".into(), |n| n.to_string())),
    ];
    html! {
        table {
            @for (label_id, label_en, value) in &rows {
                tr {
                    th { (label_id) " " span.en { (label_en) } }
                    td { (value) }
                }
            }
        }
    }
}

fn heading(case: &Case, step_id: &str, step_en: &str) -> Markup {
    html! {
        h1 { (step_id) " " span.en { (step_en) } }
        p { "Permohonan nomor " (case.id) " · " span.en { "request " (case.id) } }
    }
}

/// A text field of the identity step and what it holds.
struct Field<'a> {
    name: &'a str,
    label_id: &'a str,
    label_en: &'a str,
    value: &'a str,
    inputmode: Option<&'a str>,
    autocomplete: Option<&'a str>,
    required: bool,
}

fn input(f: &Field) -> Markup {
    html! {
        label {
            (f.label_id) " " span.en { (f.label_en) }
            input name=(f.name) value=(f.value) inputmode=[f.inputmode] autocomplete=[f.autocomplete] required[f.required];
        }
    }
}

/// A form that posts `content` to `/l/TOKEN/ACTION`, with the CSRF token.
fn form(token: &str, action: &str, csrf: &str, content: Markup) -> Markup {
    html! {
        form method="post" action={ "/l/" (token) "/" (action) } enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            (content)
        }
    }
}

fn selfie() -> Markup {
    html! {
        label {
            "Swafoto (foto wajah Anda sekarang) " span.en { "Selfie (a photo of your face, now)" }
            input type="file" name="selfie" accept="image/*" capture="user" required;
        }
    }
}

fn submit(id: &str, en: &str) -> Markup {
    html! { button type="submit" { (id) " " span.en { (en) } } }
}

/// What was typed, without control characters (a line break aside): a
/// browser's text field holds none, and the page never did show them.
fn visible(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() || *c == '\n').collect()
}

/// The identity-data step (again after a refusal, with what was typed).
pub fn identity(case: &Case, token: &str, csrf: &str, refill: Option<&Refill>) -> Markup {
    let s = &case.subscriber;
    let typed = |k: &str, v: &Option<String>| {
        refill
            .and_then(|r| r.typed.get(k).map(|t| visible(t)))
            .or_else(|| v.clone())
            .unwrap_or_default()
    };
    let (phone, position, unit) = (
        typed("phone", &s.phone),
        typed("position", &s.position),
        typed("unit", &s.unit),
    );
    let npwp = typed("npwp", &s.npwp.as_ref().map(|n| n.to_string()));
    let fields = [
        Field {
            name: "phone",
            label_id: "Telepon",
            label_en: "Phone",
            value: &phone,
            inputmode: Some("tel"),
            autocomplete: Some("tel"),
            required: true,
        },
        Field {
            name: "position",
            label_id: "Jabatan",
            label_en: "Position",
            value: &position,
            inputmode: None,
            autocomplete: None,
            required: true,
        },
        Field {
            name: "unit",
            label_id: "Unit kerja",
            label_en: "Unit",
            value: &unit,
            inputmode: None,
            autocomplete: None,
            required: false,
        },
        Field {
            name: "npwp",
            label_id: "NPWP",
            label_en: "Tax number (NPWP)",
            value: &npwp,
            inputmode: Some("numeric"),
            autocomplete: None,
            required: false,
        },
    ];
    let body = html! {
        (heading(case, "Data identitas", "Identity data"))
        (problem(refill))
        p { "Data yang dimasukkan verifikator: " span.en { "What your verifier entered:" } }
        (data_table(case))
        h2 { "Lengkapi atau perbaiki " span.en { "Complete or correct" } }
        (form(token, "identity", csrf, html! {
            @for f in &fields { (input(f)) }
            label {
                "Pindaian KTP " span.en { "KTP scan" } " (JPEG, PNG, PDF)"
                input type="file" name="ktp" accept="image/*,application/pdf" required;
            }
            (selfie())
            p.small { "Maksimal 10 MiB seluruhnya. " span.en { "At most 10 MiB in all." } }
            (submit("Kirim", "Submit"))
        }))
    };
    page("Data identitas · Identity data", body)
}

/// The set-passphrase step: check your data, selfie, agreement, passphrase twice.
pub fn passphrase(case: &Case, token: &str, csrf: &str, a: &Agreement, refill: Option<&Refill>) -> Markup {
    // A reset or a reactivation: a new key pair, never the old one back.
    let new_key = matches!(case.kind, CaseKind::Reset | CaseKind::Reactivation);
    let (title_id, title_en) = if new_key {
        ("Atur passphrase baru", "Set a new passphrase")
    } else {
        ("Atur passphrase", "Set your passphrase")
    };
    let body = html! {
        (heading(case, title_id, title_en))
        (problem(refill))
        @if new_key {
            p {
                "Kunci lama Anda tidak dapat dipulihkan: ratu membuat pasangan kunci dan sertifikat baru untuk Anda. "
                span.en { "Your old key cannot be recovered: ratu makes a new key pair and certificate for you." }
            }
        }
        h2 { "1. Periksa data Anda " span.en { "Check your data" } }
        (data_table(case))
        p.small {
            "Jika ada yang salah, jangan lanjutkan: hubungi verifikator Anda. "
            span.en { "If anything is wrong, stop here and contact your verifier." }
        }
        (form(token, "passphrase", csrf, html! {
            h2 { "2. Swafoto " span.en { "Selfie" } }
            (selfie())
            h2 { "3. Perjanjian pemilik sertifikat " span.en { "Subscriber agreement" } " (" (a.version) ")" }
            div.agreement tabindex="0" {
                @for (i, line) in a.text.split('\n').enumerate() {
                    @if i > 0 { br; }
                    (line)
                }
            }
            label.check {
                input type="checkbox" name="agree" value=(a.sha256) required;
                " Saya telah membaca dan menyetujui perjanjian ini. "
                span.en { "I have read and accept this agreement." }
            }
            h2 { "4. Passphrase" }
            p {
                "Atur passphrase Anda sendiri; jangan berikan kepada siapa pun, termasuk petugas. "
                span.en { "Set your passphrase yourself; never give it to anyone, officers included." }
            }
            label {
                "Passphrase"
                input type="password" name="passphrase" id="pass1" autocomplete="new-password" minlength=(MIN_CHARS) required;
            }
            label {
                "Ulangi passphrase " span.en { "Passphrase again" }
                input type="password" name="again" id="pass2" autocomplete="new-password" required;
            }
            ul.policy id="policy" {
                li data-rule="len" { "≥ " (MIN_CHARS) " karakter " span.en { "characters" } }
                li data-rule="classes" {
                    "≥ " (MIN_CLASSES) " dari: huruf kecil, huruf besar, angka, simbol "
                    span.en { "of lower case, upper case, digits, symbols" }
                }
                li data-rule="same" { "kedua isian sama " span.en { "both entries match" } }
            }
            button type="submit" id="submit" { "Kirim " span.en { "Submit" } }
        }))
        details {
            summary { "Saya membawa kunci sendiri (CSR) " span.en { "I bring my own key (CSR)" } }
            (form(token, "csr", csrf, html! {
                label { "CSR (PEM/DER)" input type="file" name="csr" required; }
                (selfie())
                label.check {
                    input type="checkbox" name="agree" value=(a.sha256) required;
                    " Saya menyetujui perjanjian di atas. "
                    span.en { "I accept the agreement above." }
                }
                (submit("Kirim CSR", "Submit CSR"))
            }))
        }
    };
    page("Atur passphrase · Set passphrase", body)
}

/// The download step.
pub fn download(case: &Case, token: &str, csrf: &str, serial: &str, has_key: bool, refill: Option<&Refill>) -> Markup {
    let body = html! {
        (heading(case, "Sertifikat Anda telah terbit", "Your certificate is issued"))
        (problem(refill))
        p { "Nomor seri " span.en { "Serial number" } ": " code { (serial) } }
        @if has_key {
            (form(token, "p12", csrf, html! {
                label {
                    "Passphrase Anda " span.en { "Your passphrase" }
                    input type="password" name="passphrase" autocomplete="current-password" required;
                }
                (submit("Unduh .p12", "Download .p12"))
            }))
            p.small {
                "Tautan ini habis setelah .p12 diunduh; salah passphrase berulang kali mengunci tautan. "
                span.en { "This link ends once the .p12 is downloaded; repeated wrong passphrases lock it." }
            }
        } @else {
            p { "Anda memegang kunci Anda sendiri (CSR). " span.en { "You hold your own key (CSR)." } }
        }
        p { a.button href={ "/l/" (token) "/cer" } { "Unduh .cer " span.en { "Download .cer" } } }
    };
    page("Unduh sertifikat · Download certificate", body)
}

/// After a step was taken.
pub fn done(step: LinkStep) -> Markup {
    let (id, en) = match step {
        LinkStep::Identity => (
            "Terima kasih. Data Anda dikirim ke verifikator; Anda akan menerima e-mail berikutnya.",
            "Thank you. Your data went to your verifier; you will receive the next e-mail.",
        ),
        LinkStep::Passphrase => (
            "Passphrase Anda telah diatur dan kunci Anda dibuat. Permohonan Anda kini diperiksa Otoritas Pendaftaran.",
            "Your passphrase is set and your key made. The Registration Authority now reviews your request.",
        ),
        LinkStep::Download => ("Selesai.", "Done."),
    };
    message("Terkirim", "Sent", &format!("{id} — {en}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::workflow_tests::case as a_case;

    const SCRIPT: &str = "<script>alert(1)</script>";
    const BREAKOUT: &str = "\"><img src=x onerror=alert(2)>";

    /// No markup of `page` came from a value: it has the tags and quotes
    /// of the same page made of harmless values, no more.
    fn inert(page: &str, harmless: &str) {
        assert!(!page.contains("<script>") && !page.contains("<img"), "{page}");
        for c in ['<', '>', '"'] {
            let n = |p: &str| p.matches(c).count();
            assert_eq!(n(page), n(harmless), "{c:?} in\n{page}\nagainst\n{harmless}");
        }
    }

    /// The pages that show values, with `v` in every value that comes
    /// from a case, a form, the link, the CSRF token or the certificate.
    fn pages_with(v: &str) -> [String; 5] {
        let mut c = a_case(CaseKind::Issuance);
        let s = &mut c.subscriber;
        (s.name, s.agency) = (format!("Budi {v}"), format!("Dinas {v}"));
        (s.unit, s.position, s.phone) = (Some(v.into()), Some(v.into()), Some(v.into()));
        let mut reset = c.clone();
        reset.kind = CaseKind::Reset;
        let typed = HashMap::from([
            ("phone".to_string(), v.to_string()),
            ("position".to_string(), v.to_string()),
        ]);
        let why = format!("NPWP {v}");
        let r = Refill {
            why: &why,
            typed: &typed,
        };
        let a = Agreement::current();
        [
            identity(&c, v, v, Some(&r)),
            passphrase(&reset, v, v, &a, Some(&r)),
            download(&c, v, v, v, true, Some(&r)),
            download(&c, v, v, v, false, None),
            message(v, v, v),
        ]
        .map(Markup::into_string)
    }

    #[test]
    fn hostile_values_come_out_escaped_on_every_page() {
        for hostile in [SCRIPT, BREAKOUT] {
            let harmless = "x".repeat(hostile.len());
            for (page, plain) in pages_with(hostile).iter().zip(pages_with(&harmless)) {
                inert(page, &plain);
            }
        }
        let [identity, pass, download, _, msg] = pages_with(SCRIPT);
        let script = "&lt;script&gt;alert(1)&lt;/script&gt;";
        for shown in [
            format!("<td>Budi {script}</td>"),
            format!("name=\"position\" value=\"{script}\""),
            format!("Not sent</span>: NPWP {script}"),
            format!("action=\"/l/{script}/identity\""),
            format!("name=\"csrf\" value=\"{script}\""),
        ] {
            assert!(identity.contains(&shown), "{shown} in {identity}");
        }
        assert!(pass.contains(&format!("<td>Budi {script}</td>")), "{pass}");
        assert!(download.contains(&format!("<code>{script}</code>")), "{download}");
        assert!(msg.contains(&format!("<title>{script}</title>")), "{msg}");
        let [identity, _, download, ..] = pages_with(BREAKOUT);
        let breakout = "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;";
        assert!(identity.contains(&format!("<td>Dinas {breakout}</td>")), "{identity}");
        assert!(
            identity.contains(&format!("name=\"phone\" value=\"{breakout}\"")),
            "{identity}"
        );
        assert!(download.contains(&format!("href=\"/l/{breakout}/cer\"")), "{download}");
    }

    #[test]
    fn typed_control_characters_are_not_shown() {
        let typed = HashMap::from([("phone".to_string(), "0812\u{7}\t3456\u{0}".to_string())]);
        let r = Refill {
            why: "x",
            typed: &typed,
        };
        let page = identity(&a_case(CaseKind::Issuance), "T", "C", Some(&r)).into_string();
        assert!(page.contains("name=\"phone\" value=\"08123456\""), "{page}");
    }

    /// Every page, its one script and stylesheet aside, is one small
    /// document: under 50 KB on a phone's connection.
    #[test]
    fn every_page_stays_small() {
        let a = Agreement::current();
        let c = a_case(CaseKind::Issuance);
        for page in [
            identity(&c, "T", "C", None),
            passphrase(&c, "T", "C", &a, None),
            download(&c, "T", "C", "1A2B", true, None),
            done(LinkStep::Passphrase),
        ] {
            let page = page.into_string();
            assert!(page.len() < 50 * 1024, "{} bytes", page.len());
            assert!(page.starts_with("<!DOCTYPE html><html lang=\"id\">"), "{page}");
        }
    }
}
