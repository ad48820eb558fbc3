//! The applicant page's HTML: server-rendered, bilingual (Indonesian
//! first, English after), readable on a phone, nothing loaded from
//! elsewhere. Every value from a case is escaped (`esc`). The small script
//! only enables Submit and shows the policy as the applicant types; the
//! forms work without it, and the server checks everything again.

use crate::domain::agreement::Agreement;
use crate::domain::passphrase::{MIN_CHARS, MIN_CLASSES};
use crate::domain::{Case, CaseKind, LinkStep};
use std::collections::HashMap;

/// A form that was refused: why, and what the applicant typed. The page
/// comes back with both, so nothing typed is lost (files must be chosen
/// again: a browser never fills a file field).
pub struct Refill<'a> {
    pub why: &'a str,
    pub typed: &'a HashMap<String, String>,
}

/// The refusal above a form, in both languages around the reason.
fn problem(r: Option<&Refill>) -> String {
    r.map_or(String::new(), |r| {
        format!(
            "<div class=\"error\" role=\"alert\"><b>Belum terkirim</b> <span class=\"en\">Not sent</span>: {}\
<p class=\"small\">Perbaiki isian lalu kirim lagi; pilih file Anda sekali lagi (browser tidak menyimpannya). \
<span class=\"en\">Correct it and send again; choose your files once more (the browser does not keep them).</span></p></div>",
            esc(r.why)
        )
    })
}

/// `s` safe inside HTML text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<title>{}</title><link rel=\"stylesheet\" href=\"/assets/portal.css\">\
<script src=\"/assets/portal.js\" defer></script></head><body><main>\
<header><b>ratu</b> · Layanan Sertifikat Elektronik <span class=\"en\">Electronic Certificate Service</span></header>\
{body}</main></body></html>",
        esc(title)
    )
}

/// A message page (errors, done).
pub fn message(title_id: &str, title_en: &str, text: &str) -> String {
    page(
        title_en,
        &format!(
            "<h1>{} <span class=\"en\">{}</span></h1><p class=\"msg\">{}</p>",
            esc(title_id),
            esc(title_en),
            esc(text)
        ),
    )
}

fn row(label_id: &str, label_en: &str, value: &str) -> String {
    format!(
        "<tr><th>{label_id} <span class=\"en\">{label_en}</span></th><td>{}</td></tr>",
        esc(value)
    )
}

/// What the verifier entered, the NIK masked.
fn data_table(case: &Case) -> String {
    let s = &case.subscriber;
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    [
        row("Nama", "Name", &s.name),
        row("NIK", "NIK", &s.nik.masked()),
        row("NIP", "NIP", &s.nip.as_ref().map_or("-".into(), |n| n.to_string())),
        row("E-mail", "E-mail", &s.email),
        row("Instansi", "Agency", &s.agency),
        row("Unit kerja", "Unit", &opt(&s.unit)),
        row("Jabatan", "Position", &opt(&s.position)),
        row("Telepon", "Phone", &opt(&s.phone)),
        row("NPWP", "NPWP", &s.npwp.as_ref().map_or("-".into(), |n| n.to_string())),
    ]
    .concat()
}

fn heading(case: &Case, step_id: &str, step_en: &str) -> String {
    format!(
        "<h1>{step_id} <span class=\"en\">{step_en}</span></h1><p>Permohonan nomor {} · <span class=\"en\">request {}</span></p>",
        case.id, case.id
    )
}

fn input(name: &str, label_id: &str, label_en: &str, value: &str, extra: &str) -> String {
    format!(
        "<label>{label_id} <span class=\"en\">{label_en}</span><input name=\"{name}\" value=\"{}\" {extra}></label>",
        esc(value)
    )
}

fn form_open(token: &str, action: &str, csrf: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/l/{}/{action}\" enctype=\"multipart/form-data\">\
<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        esc(token),
        esc(csrf)
    )
}

const SELFIE: &str = "<label>Swafoto (foto wajah Anda sekarang) <span class=\"en\">Selfie (a photo of your face, now)</span>\
<input type=\"file\" name=\"selfie\" accept=\"image/*\" capture=\"user\" required></label>";

/// The identity-data step (again after a refusal, with what was typed).
pub fn identity(case: &Case, token: &str, csrf: &str, refill: Option<&Refill>) -> String {
    let s = &case.subscriber;
    let typed = |k: &str, v: &Option<String>| {
        refill
            .and_then(|r| r.typed.get(k).cloned())
            .or_else(|| v.clone())
            .unwrap_or_default()
    };
    let body = format!(
        "{}{}<p>Data yang dimasukkan verifikator: <span class=\"en\">What your verifier entered:</span></p>\
<table>{}</table><h2>Lengkapi atau perbaiki <span class=\"en\">Complete or correct</span></h2>{}{}{}{}{}\
<label>Pindaian KTP <span class=\"en\">KTP scan</span> (JPEG, PNG, PDF)<input type=\"file\" name=\"ktp\" accept=\"image/*,application/pdf\" required></label>\
{SELFIE}<p class=\"small\">Maksimal 10 MiB seluruhnya. <span class=\"en\">At most 10 MiB in all.</span></p>\
<button type=\"submit\">Kirim <span class=\"en\">Submit</span></button></form>",
        heading(case, "Data identitas", "Identity data"),
        problem(refill),
        data_table(case),
        form_open(token, "identity", csrf),
        input(
            "phone",
            "Telepon",
            "Phone",
            &typed("phone", &s.phone),
            "inputmode=\"tel\" autocomplete=\"tel\" required"
        ),
        input(
            "position",
            "Jabatan",
            "Position",
            &typed("position", &s.position),
            "required"
        ),
        input("unit", "Unit kerja", "Unit", &typed("unit", &s.unit), ""),
        input(
            "npwp",
            "NPWP",
            "Tax number (NPWP)",
            &typed("npwp", &s.npwp.as_ref().map(|n| n.to_string())),
            "inputmode=\"numeric\""
        ),
    );
    page("Data identitas · Identity data", &body)
}

/// The set-passphrase step: check your data, selfie, agreement, passphrase twice.
pub fn passphrase(case: &Case, token: &str, csrf: &str, a: &Agreement, refill: Option<&Refill>) -> String {
    let agreement = format!(
        "<h2>3. Perjanjian pemilik sertifikat <span class=\"en\">Subscriber agreement</span> ({})</h2>\
<div class=\"agreement\" tabindex=\"0\">{}</div>\
<label class=\"check\"><input type=\"checkbox\" name=\"agree\" value=\"{}\" required> Saya telah membaca dan menyetujui perjanjian ini. <span class=\"en\">I have read and accept this agreement.</span></label>",
        esc(a.version),
        esc(a.text).replace('\n', "<br>"),
        esc(&a.sha256)
    );
    let policy = format!(
        "<ul class=\"policy\" id=\"policy\"><li data-rule=\"len\">≥ {MIN_CHARS} karakter <span class=\"en\">characters</span></li>\
<li data-rule=\"classes\">≥ {MIN_CLASSES} dari: huruf kecil, huruf besar, angka, simbol <span class=\"en\">of lower case, upper case, digits, symbols</span></li>\
<li data-rule=\"same\">kedua isian sama <span class=\"en\">both entries match</span></li></ul>"
    );
    // A reset or a reactivation: a new key pair, never the old one back.
    let (title_id, title_en, lead) = match case.kind {
        CaseKind::Reset | CaseKind::Reactivation => (
            "Atur passphrase baru",
            "Set a new passphrase",
            "<p>Kunci lama Anda tidak dapat dipulihkan: ratu membuat pasangan kunci dan sertifikat baru untuk Anda. \
<span class=\"en\">Your old key cannot be recovered: ratu makes a new key pair and certificate for you.</span></p>",
        ),
        _ => ("Atur passphrase", "Set your passphrase", ""),
    };
    let body = format!(
        "{}{}{lead}<h2>1. Periksa data Anda <span class=\"en\">Check your data</span></h2><table>{}</table>\
<p class=\"small\">Jika ada yang salah, jangan lanjutkan: hubungi verifikator Anda. <span class=\"en\">If anything is wrong, stop here and contact your verifier.</span></p>\
{}<h2>2. Swafoto <span class=\"en\">Selfie</span></h2>{SELFIE}{agreement}\
<h2>4. Passphrase</h2><p>Atur passphrase Anda sendiri; jangan berikan kepada siapa pun, termasuk petugas. \
<span class=\"en\">Set your passphrase yourself; never give it to anyone, officers included.</span></p>\
<label>Passphrase<input type=\"password\" name=\"passphrase\" id=\"pass1\" autocomplete=\"new-password\" minlength=\"{MIN_CHARS}\" required></label>\
<label>Ulangi passphrase <span class=\"en\">Passphrase again</span><input type=\"password\" name=\"again\" id=\"pass2\" autocomplete=\"new-password\" required></label>\
{policy}<button type=\"submit\" id=\"submit\">Kirim <span class=\"en\">Submit</span></button></form>\
<details><summary>Saya membawa kunci sendiri (CSR) <span class=\"en\">I bring my own key (CSR)</span></summary>{}\
<label>CSR (PEM/DER)<input type=\"file\" name=\"csr\" required></label>{SELFIE}\
<label class=\"check\"><input type=\"checkbox\" name=\"agree\" value=\"{}\" required> Saya menyetujui perjanjian di atas. <span class=\"en\">I accept the agreement above.</span></label>\
<button type=\"submit\">Kirim CSR <span class=\"en\">Submit CSR</span></button></form></details>",
        heading(case, title_id, title_en),
        problem(refill),
        data_table(case),
        form_open(token, "passphrase", csrf),
        form_open(token, "csr", csrf),
        esc(&a.sha256),
    );
    page("Atur passphrase · Set passphrase", &body)
}

/// The download step.
pub fn download(case: &Case, token: &str, csrf: &str, serial: &str, has_key: bool, refill: Option<&Refill>) -> String {
    let p12 = if has_key {
        format!(
            "{}<label>Passphrase Anda <span class=\"en\">Your passphrase</span><input type=\"password\" name=\"passphrase\" autocomplete=\"current-password\" required></label>\
<button type=\"submit\">Unduh .p12 <span class=\"en\">Download .p12</span></button></form>\
<p class=\"small\">Tautan ini habis setelah .p12 diunduh; salah passphrase berulang kali mengunci tautan. \
<span class=\"en\">This link ends once the .p12 is downloaded; repeated wrong passphrases lock it.</span></p>",
            form_open(token, "p12", csrf)
        )
    } else {
        "<p>Anda memegang kunci Anda sendiri (CSR). <span class=\"en\">You hold your own key (CSR).</span></p>".into()
    };
    let body = format!(
        "{}{}<p>Nomor seri <span class=\"en\">Serial number</span>: <code>{}</code></p>{p12}\
<p><a class=\"button\" href=\"/l/{}/cer\">Unduh .cer <span class=\"en\">Download .cer</span></a></p>",
        heading(case, "Sertifikat Anda telah terbit", "Your certificate is issued"),
        problem(refill),
        esc(serial),
        esc(token)
    );
    page("Unduh sertifikat · Download certificate", &body)
}

/// After a step was taken.
pub fn done(step: LinkStep) -> String {
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
    use super::esc;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            esc("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
