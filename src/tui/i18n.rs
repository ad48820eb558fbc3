//! Every string the console shows, once per language. The language comes
//! from the config's `lang`, else from `LANG` (see `config.rs`).

use super::keymap::Cmd;
use crate::domain::case::Refusal;
use crate::domain::{
    Action, CaseKind, CaseState, CertStatus, CheckItem, DocKind, EmploymentStatus, RevocationReason, Role,
};
use crate::notify::Lang;
use crate::ra::RaError;

/// The console's words in one language.
#[derive(Debug)]
pub struct Strings {
    pub lang: Lang,
    pub app_title: &'static str,
    pub sign_in_title: &'static str,
    pub operator: &'static str,
    pub pin: &'static str,
    pub sign_in_hint: &'static str,
    pub signing_in: &'static str,
    pub too_small: &'static str,
    pub waiting: &'static str,
    pub overdue: &'static str,
    pub total: &'static str,
    pub col_id: &'static str,
    pub col_age: &'static str,
    pub col_sla: &'static str,
    pub col_applicant: &'static str,
    pub col_agency: &'static str,
    pub col_state: &'static str,
    pub filter: &'static str,
    pub sort: &'static str,
    pub sort_oldest: &'static str,
    pub sort_due: &'static str,
    pub sort_name: &'static str,
    pub sort_state: &'static str,
    pub only_waiting: &'static str,
    pub only_overdue: &'static str,
    pub only_mine: &'static str,
    pub with_closed: &'static str,
    pub marked: &'static str,
    pub empty_queue: &'static str,
    pub loading: &'static str,
    pub review: &'static str,
    pub applicant: &'static str,
    pub warnings: &'static str,
    pub documents: &'static str,
    pub checklist: &'static str,
    pub already_ticked: &'static str,
    pub changed_by: &'static str,
    pub connection_lost: &'static str,
    /// The title bar's mark while the store refuses writes for want of room.
    pub no_room: &'static str,
    pub connection_back: &'static str,
    pub session_ended: &'static str,
    pub session_closed: &'static str,
    pub untick_with: &'static str,
    pub untick_which: &'static str,
    pub history: &'static str,
    pub certificates: &'static str,
    pub no_case: &'static str,
    pub no_certificate: &'static str,
    pub no_case_of_cert: &'static str,
    pub find_title: &'static str,
    pub find_hint: &'static str,
    pub find_none: &'static str,
    pub hidden_by_filter: &'static str,
    pub actions: &'static str,
    pub waits_on: &'static str,
    pub confirm_title: &'static str,
    pub confirm_yes_no: &'static str,
    pub note_title: &'static str,
    pub note_hint: &'static str,
    pub note_empty: &'static str,
    pub summary_title: &'static str,
    pub done: &'static str,
    pub refused: &'static str,
    pub help_title: &'static str,
    pub palette_title: &'static str,
    pub quit_dirty: &'static str,
    pub new_case_title: &'static str,
    pub new_case_hint: &'static str,
    pub kind: &'static str,
    pub docs_field: &'static str,
    pub form_ok: &'static str,
    pub passphrase_title: &'static str,
    pub passphrase: &'static str,
    pub passphrase_again: &'static str,
    pub agreement: &'static str,
    pub passphrase_match: &'static str,
    pub passphrase_differ: &'static str,
    pub passphrase_hint: &'static str,
    pub passphrase_policy_ok: &'static str,
    pub audit_title: &'static str,
    pub certs_title: &'static str,
    pub ca_title: &'static str,
    pub reports_title: &'static str,
    pub ca_locked: &'static str,
    pub ca_unlocked: &'static str,
    pub chain_ok: &'static str,
    pub chain_broken: &'static str,
    pub export_title: &'static str,
    pub export_hint: &'static str,
    pub case_word: &'static str,
    pub version: &'static str,
    pub nik_revealed: &'static str,
    pub link_resent: &'static str,
    pub identity_check: &'static str,
    pub cannot_read: &'static str,
    /// Why a document was not shown: over the memory, time or output
    /// limit, the decoder crashed, over 10 MiB.
    pub doc_limit: [&'static str; 5],
    pub no_text_layer: &'static str,
    pub no_documents: &'static str,
    pub document_hint: &'static str,
}

pub static ID: Strings = Strings {
    lang: Lang::Id,
    app_title: "ratu — Otoritas Pendaftaran",
    sign_in_title: "Masuk",
    operator: "Operator",
    pin: "PIN",
    sign_in_hint: "Tab pindah kolom · Enter masuk · Ctrl-C keluar",
    signing_in: "Memeriksa…",
    too_small: "Terminal terlalu kecil",
    waiting: "menunggu saya",
    overdue: "lewat SLA",
    total: "terbuka",
    col_id: "No",
    col_age: "Umur",
    col_sla: "SLA",
    col_applicant: "Pemohon",
    col_agency: "Instansi",
    col_state: "Status",
    filter: "saring",
    sort: "urut",
    sort_oldest: "terlama",
    sort_due: "tenggat",
    sort_name: "nama",
    sort_state: "status",
    only_waiting: "menunggu saya",
    only_overdue: "lewat SLA",
    only_mine: "milik saya",
    with_closed: "+selesai",
    marked: "ditandai",
    empty_queue: "Tidak ada permohonan di sini.",
    loading: "Memuat…",
    review: "Tinjauan",
    applicant: "Pemohon",
    warnings: "Peringatan",
    documents: "Dokumen",
    checklist: "Daftar periksa",
    already_ticked: "sudah dicentang",
    changed_by: "diubah oleh",
    connection_lost: "sambungan ke basis data terputus; menyambung kembali…",
    no_room: "disk data penuh atau hanya-baca: perubahan ditolak",
    connection_back: "tersambung kembali; daftar dimuat ulang",
    session_ended: "sesi berakhir (12 jam); masuk lagi — catatan yang belum terkirim disimpan",
    session_closed: "sesi diakhiri oleh ca_admin; catatan tetap disimpan",
    untick_with: "hapus centang dengan",
    untick_which: "hapus centang: tekan nomor butir",
    history: "Riwayat",
    certificates: "Sertifikat terkait",
    no_case: "Pilih permohonan di daftar.",
    no_certificate: "permohonan ini dan pemohonnya belum punya sertifikat",
    no_case_of_cert: "sertifikat ini tidak berasal dari permohonan di sini",
    find_title: "Cari pemilik — nama, NIK, e-mail atau serial sertifikat",
    find_hint: " Enter cari / buka · ↑↓ pilih · Esc tutup ",
    find_none: "tidak ada pemilik yang cocok",
    hidden_by_filter: "tersembunyi oleh saringan (c: tampilkan yang selesai, /: hapus saringan)",
    actions: "Tindakan",
    waits_on: "menunggu",
    confirm_title: "Konfirmasi",
    confirm_yes_no: "y ya · n/Esc batal",
    note_title: "Alasan / catatan",
    note_hint: "Enter kirim · Alt-Enter baris baru · Esc batal",
    note_empty: "Alasan wajib diisi.",
    summary_title: "Hasil",
    done: "berhasil",
    refused: "ditolak",
    help_title: "Bantuan — tombol",
    palette_title: "Perintah",
    quit_dirty: "Ada isian yang belum dikirim. Keluar? (y/n)",
    new_case_title: "Permohonan baru",
    new_case_hint: "Tab/↓ kolom berikut · ←/→ jenis · Ctrl-U kosongkan · Ctrl-S kirim · Esc kembali (draf disimpan)",
    kind: "Jenis",
    docs_field: "tulis jenis=path; jenis=path (jenis: ktp, recommendation, statement, form, npwp, other)",
    form_ok: "Semua isian valid.",
    passphrase_title: "Atur passphrase",
    passphrase: "Passphrase",
    passphrase_again: "Ulangi",
    agreement: "Pemohon menyetujui perjanjian pemilik sertifikat",
    passphrase_match: "kedua isian sama",
    passphrase_differ: "kedua isian berbeda",
    passphrase_hint: "Tab kolom · Space setuju · Enter kirim · Esc batal",
    passphrase_policy_ok: "memenuhi kebijakan passphrase",
    audit_title: "Jejak audit",
    certs_title: "Sertifikat",
    ca_title: "CA & CRL",
    reports_title: "Laporan",
    ca_locked: "terkunci",
    ca_unlocked: "terbuka",
    chain_ok: "Rantai utuh",
    chain_broken: "RANTAI RUSAK",
    export_title: "Ekspor dokumen",
    export_hint: "↑/↓ dokumen · Enter simpan · Esc batal",
    case_word: "Permohonan",
    version: "versi",
    nik_revealed: "NIK ditampilkan (tercatat di audit)",
    link_resent: "tautan dikirim ulang; tautan lama tidak berlaku lagi",
    identity_check: "Cek identitas",
    cannot_read: "tidak bisa dibaca",
    doc_limit: [
        "butuh lebih dari 512 MiB memori untuk ditampilkan; dokumen ini mungkin berbahaya",
        "butuh lebih dari 5 detik untuk ditampilkan; dokumen ini mungkin berbahaya",
        "gambar atau teksnya lebih dari 16 MiB",
        "pembacanya berhenti pada dokumen ini",
        "lebih dari batas 10 MiB",
    ],
    no_text_layer: "(tanpa lapisan teks)",
    no_documents: "Permohonan ini belum punya dokumen",
    document_hint: "←/→ dokumen · ↑/↓ gulir · Esc tutup",
};

pub static EN: Strings = Strings {
    lang: Lang::En,
    app_title: "ratu — Registration Authority",
    sign_in_title: "Sign in",
    operator: "Operator",
    pin: "PIN",
    sign_in_hint: "Tab next field · Enter sign in · Ctrl-C quit",
    signing_in: "Checking…",
    too_small: "Terminal too small",
    waiting: "waiting for me",
    overdue: "overdue",
    total: "open",
    col_id: "No",
    col_age: "Age",
    col_sla: "SLA",
    col_applicant: "Applicant",
    col_agency: "Agency",
    col_state: "State",
    filter: "filter",
    sort: "sort",
    sort_oldest: "oldest",
    sort_due: "due",
    sort_name: "name",
    sort_state: "state",
    only_waiting: "waiting for me",
    only_overdue: "overdue only",
    only_mine: "mine",
    with_closed: "+closed",
    marked: "marked",
    empty_queue: "No requests here.",
    loading: "Loading…",
    review: "Review",
    applicant: "Applicant",
    warnings: "Warnings",
    documents: "Documents",
    checklist: "Checklist",
    already_ticked: "already ticked",
    changed_by: "changed by",
    connection_lost: "the database connection closed; reconnecting…",
    no_room: "data disk full or read-only: changes refused",
    connection_back: "reconnected; lists reloaded",
    session_ended: "your session ended (12 h); sign in again — an unsent note is kept",
    session_closed: "a ca_admin ended your session; notes are kept",
    untick_with: "untick with",
    untick_which: "untick: press the item's number",
    history: "History",
    certificates: "Linked certificates",
    no_case: "Pick a request in the list.",
    no_certificate: "this case and its holder have no certificate yet",
    no_case_of_cert: "this certificate did not come from a case here",
    find_title: "Find a holder — name, NIK, e-mail or certificate serial",
    find_hint: " Enter search / open · ↑↓ pick · Esc close ",
    find_none: "no holder matches",
    hidden_by_filter: "hidden by the filters (c: show closed cases, /: clear the filter)",
    actions: "Actions",
    waits_on: "waits on",
    confirm_title: "Confirm",
    confirm_yes_no: "y yes · n/Esc cancel",
    note_title: "Reason / note",
    note_hint: "Enter send · Alt-Enter new line · Esc cancel",
    note_empty: "A reason is required.",
    summary_title: "Result",
    done: "done",
    refused: "refused",
    help_title: "Help — keys",
    palette_title: "Commands",
    quit_dirty: "A form has unsent input. Quit anyway? (y/n)",
    new_case_title: "New request",
    new_case_hint: "Tab/↓ next field · ←/→ kind · Ctrl-U clear · Ctrl-S submit · Esc back (draft kept)",
    kind: "Kind",
    docs_field: "write kind=path; kind=path (kinds: ktp, recommendation, statement, form, npwp, other)",
    form_ok: "Every field is valid.",
    passphrase_title: "Set passphrase",
    passphrase: "Passphrase",
    passphrase_again: "Again",
    agreement: "Applicant accepts the subscriber agreement",
    passphrase_match: "both entries match",
    passphrase_differ: "the entries differ",
    passphrase_hint: "Tab field · Space accept · Enter submit · Esc cancel",
    passphrase_policy_ok: "meets the passphrase policy",
    audit_title: "Audit trail",
    certs_title: "Certificates",
    ca_title: "CA & CRL",
    reports_title: "Reports",
    ca_locked: "locked",
    ca_unlocked: "unlocked",
    chain_ok: "Chain intact",
    chain_broken: "CHAIN BROKEN",
    export_title: "Export document",
    export_hint: "↑/↓ document · Enter save · Esc cancel",
    case_word: "Case",
    version: "version",
    nik_revealed: "NIK shown (recorded in the audit trail)",
    link_resent: "link sent again; the old link no longer opens",
    identity_check: "Identity check",
    cannot_read: "cannot read",
    doc_limit: [
        "it needs more than 512 MiB of memory to show; the document may be hostile",
        "it takes more than 5 s to show; the document may be hostile",
        "its picture or text is over 16 MiB",
        "the decoder stopped on it",
        "it is over the 10 MiB limit",
    ],
    no_text_layer: "(no text layer)",
    no_documents: "This case has no documents yet",
    document_hint: "←/→ document · ↑/↓ scroll · Esc close",
};

impl Strings {
    pub fn for_lang(lang: Lang) -> &'static Strings {
        match lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    pub fn kind(&self, k: CaseKind) -> &'static str {
        match (self.lang, k) {
            (Lang::Id, k) => k.indonesian(),
            (Lang::En, CaseKind::Issuance) => "Issuance",
            (Lang::En, CaseKind::Renewal) => "Renewal",
            (Lang::En, CaseKind::Update) => "Update",
            (Lang::En, CaseKind::Revocation) => "Revocation",
            (Lang::En, CaseKind::Reset) => "Passphrase reset",
            (Lang::En, CaseKind::Reactivation) => "Reactivation",
        }
    }

    /// A kind's name in a narrow tab bar.
    pub fn kind_short(&self, k: CaseKind) -> &'static str {
        match k {
            CaseKind::Issuance => self.pick("Terbit", "Issue"),
            CaseKind::Renewal => self.pick("Perpanjang", "Renew"),
            CaseKind::Update => self.pick("Ubah", "Update"),
            CaseKind::Revocation => self.pick("Cabut", "Revoke"),
            CaseKind::Reset => "Reset",
            CaseKind::Reactivation => self.pick("Reaktivasi", "Reactivate"),
        }
    }

    pub fn action(&self, a: Action) -> &'static str {
        let id = self.lang == Lang::Id;
        match a {
            Action::SendToApplicant => {
                if id {
                    "kirim tautan data"
                } else {
                    "send data link"
                }
            }
            Action::RecordApplicantData => {
                if id {
                    "data pemohon masuk"
                } else {
                    "applicant data in"
                }
            }
            Action::Verify => {
                if id {
                    "verifikasi"
                } else {
                    "verify"
                }
            }
            Action::SetPassphrase => {
                if id {
                    "atur passphrase"
                } else {
                    "set passphrase"
                }
            }
            Action::Forward => {
                if id {
                    "teruskan ke RA"
                } else {
                    "forward to RA"
                }
            }
            Action::Approve => {
                if id {
                    "setujui"
                } else {
                    "approve"
                }
            }
            Action::Issue => {
                if id {
                    "terbitkan"
                } else {
                    "issue"
                }
            }
            Action::Apply => {
                if id {
                    "terapkan perubahan"
                } else {
                    "apply change"
                }
            }
            Action::Revoke => {
                if id {
                    "cabut"
                } else {
                    "revoke"
                }
            }
            Action::Reject => {
                if id {
                    "tolak"
                } else {
                    "reject"
                }
            }
            Action::Hold => {
                if id {
                    "tahan / minta info"
                } else {
                    "hold / ask info"
                }
            }
            Action::Resume => {
                if id {
                    "lanjutkan"
                } else {
                    "resume"
                }
            }
            Action::Cancel => {
                if id {
                    "batalkan"
                } else {
                    "cancel"
                }
            }
            Action::Tick => {
                if id {
                    "centang"
                } else {
                    "tick"
                }
            }
            Action::Untick => {
                if id {
                    "hapus centang"
                } else {
                    "untick"
                }
            }
            Action::Return => {
                if id {
                    "kembalikan ke verifikator"
                } else {
                    "return to verifier"
                }
            }
        }
    }

    /// Field labels of the review pane.
    pub fn label(&self, key: &'static str) -> &'static str {
        if self.lang == Lang::En {
            return key;
        }
        match key {
            "Name" => "Nama",
            "Phone" => "Telepon",
            "Agency" => "Instansi",
            "Position" => "Jabatan",
            "Opened" => "Dibuka",
            "Verified" => "Diverifikasi",
            "Note" => "Catatan",
            "Reason" => "Alasan",
            "Issuer" => "Penerbit",
            "Proposed changes" => "Perubahan yang diajukan",
            "Serial" => "Nomor seri",
            "Also holds" => "Juga memegang",
            // certificates
            "serial" => "nomor seri",
            "status" => "status",
            "not after" => "berlaku s.d.",
            "not before" => "berlaku sejak",
            "holder" => "pemilik",
            "subject" => "subjek",
            "issuer" => "penerbit",
            "profile" => "profil",
            "case" => "permohonan",
            "revoked" => "dicabut",
            "key" => "kunci",
            // audit
            "seq" => "no",
            "time (UTC)" => "waktu (UTC)",
            "actor" => "pelaku",
            "action" => "tindakan",
            "detail" => "rincian",
            // CA
            "Root" => "Akar",
            "Issuing" => "Penerbit",
            "Root CRL" => "CRL akar",
            "not published yet" => "belum diterbitkan",
            "next update" => "pembaruan berikut",
            "published" => "diterbitkan",
            "entries" => "entri",
            "on hold" => "ditahan",
            "number" => "nomor",
            "until" => "s.d.",
            "certificate" => "sertifikat",
            "revealed" => "ditampilkan",
            "by" => "oleh",
            "due" => "tenggat",
            "Documents" => "Dokumen",
            "Employment (pns, pppk, other)" => "Kepegawaian (pns, pppk, other)",
            "Certificate serial" => "Nomor seri sertifikat",
            "Revocation reason" => "Alasan pencabutan",
            "Unit" => "Unit kerja",
            k => k,
        }
    }

    /// A heading of the help.
    pub fn help_section(&self, section: super::commands::Section) -> &'static str {
        use super::commands::Section;
        let id = self.lang == Lang::Id;
        match (section, id) {
            (Section::Screen, false) => "On this screen",
            (Section::Screen, true) => "Di layar ini",
            (Section::Moving, false) => "Moving in the list",
            (Section::Moving, true) => "Bergerak di daftar",
            (Section::Everywhere, false) => "On every screen",
            (Section::Everywhere, true) => "Di semua layar",
        }
    }

    /// What a command does on `screen`, where the screen gives it a
    /// meaning of its own (`v` on the audit trail checks the chain).
    pub fn describe_on(&self, screen: super::app::Screen, c: Cmd) -> String {
        use super::app::Screen;
        use crate::domain::Action;
        let id = self.lang == Lang::Id;
        let own = match (screen, c) {
            (Screen::Audit, Cmd::Act(Action::Verify)) => Some(["verify chain", "verifikasi rantai"]),
            (Screen::Certs, Cmd::Sort) => Some(["status", "status"]),
            (Screen::Audit | Screen::Certs, Cmd::Filter) => Some(["filter", "saring"]),
            (Screen::Certs, Cmd::Export) => Some(["export the certificate", "ekspor sertifikat"]),
            (Screen::Certs, Cmd::Act(Action::Revoke)) => Some(["revoke", "cabut"]),
            (Screen::Certs, Cmd::Follow) => Some(["its cases", "permohonannya"]),
            (Screen::Reports, Cmd::PrevQueue) => Some(["period before", "periode sebelum"]),
            (Screen::Reports, Cmd::NextQueue) => Some(["period after", "periode sesudah"]),
            (Screen::Reports, Cmd::Sort) => Some(["month/quarter/year", "bulan/triwulan/tahun"]),
            (Screen::Reports, Cmd::NextPane) => Some(["next agency", "instansi berikut"]),
            _ => None,
        };
        match own {
            Some([en, idn]) => if id { idn } else { en }.to_string(),
            None => self.describe(c),
        }
    }

    /// What a command does, for the help screen and the palette.
    pub fn describe(&self, c: Cmd) -> String {
        let id = self.lang == Lang::Id;
        let s = match c {
            Cmd::Quit => {
                if id {
                    "keluar"
                } else {
                    "quit"
                }
            }
            Cmd::Help => {
                if id {
                    "bantuan"
                } else {
                    "this help"
                }
            }
            Cmd::Palette => {
                if id {
                    "palet perintah"
                } else {
                    "command palette"
                }
            }
            Cmd::Back => {
                if id {
                    "kembali / tutup"
                } else {
                    "back / close"
                }
            }
            Cmd::Down => {
                if id {
                    "turun"
                } else {
                    "down"
                }
            }
            Cmd::Up => {
                if id {
                    "naik"
                } else {
                    "up"
                }
            }
            Cmd::Top => {
                if id {
                    "paling atas"
                } else {
                    "top"
                }
            }
            Cmd::Bottom => {
                if id {
                    "paling bawah"
                } else {
                    "bottom"
                }
            }
            Cmd::PageDown => {
                if id {
                    "halaman berikut"
                } else {
                    "page down"
                }
            }
            Cmd::PageUp => {
                if id {
                    "halaman sebelum"
                } else {
                    "page up"
                }
            }
            Cmd::NextPane => {
                if id {
                    "pindah panel"
                } else {
                    "switch pane"
                }
            }
            Cmd::NextQueue => {
                if id {
                    "antrean berikut"
                } else {
                    "next queue"
                }
            }
            Cmd::PrevQueue => {
                if id {
                    "antrean sebelum"
                } else {
                    "previous queue"
                }
            }
            Cmd::Filter => {
                if id {
                    "saring (nama, NIK, e-mail, instansi, no)"
                } else {
                    "filter (name, NIK, e-mail, agency, id)"
                }
            }
            Cmd::Sort => {
                if id {
                    "ganti urutan"
                } else {
                    "cycle sort"
                }
            }
            Cmd::ToggleWaiting => {
                if id {
                    "hanya yang menunggu saya"
                } else {
                    "only waiting for my role"
                }
            }
            Cmd::ToggleOverdue => {
                if id {
                    "hanya yang lewat SLA"
                } else {
                    "only overdue"
                }
            }
            Cmd::ToggleMine => {
                if id {
                    "hanya milik saya"
                } else {
                    "only mine"
                }
            }
            Cmd::ToggleClosed => {
                if id {
                    "tampilkan yang selesai"
                } else {
                    "show closed"
                }
            }
            Cmd::Mark => {
                if id {
                    "tandai (untuk tindakan massal)"
                } else {
                    "mark (act on many)"
                }
            }
            Cmd::Reload => {
                if id {
                    "muat ulang"
                } else {
                    "reload"
                }
            }
            Cmd::RevealNik => {
                if id {
                    "tampilkan NIK (diaudit)"
                } else {
                    "reveal NIK (audited)"
                }
            }
            Cmd::Follow => {
                if id {
                    "ke sertifikat / ke permohonannya"
                } else {
                    "go to the certificate / its case"
                }
            }
            Cmd::ResendLink => {
                if id {
                    "kirim ulang tautan pemohon (diaudit)"
                } else {
                    "send the applicant's link again (audited)"
                }
            }
            Cmd::Export => {
                if id {
                    "ekspor dokumen ke berkas"
                } else {
                    "export a document to a file"
                }
            }
            Cmd::ViewDocument => {
                if id {
                    "lihat dokumen"
                } else {
                    "view document"
                }
            }
            Cmd::NewCase => {
                if id {
                    "permohonan baru"
                } else {
                    "new request"
                }
            }
            Cmd::Audit => {
                if id {
                    "jejak audit"
                } else {
                    "audit trail"
                }
            }
            Cmd::Certs => {
                if id {
                    "sertifikat"
                } else {
                    "certificates"
                }
            }
            Cmd::Ca => {
                if id {
                    "CA dan CRL"
                } else {
                    "CA and CRL"
                }
            }
            Cmd::Find => {
                if id {
                    "cari pemilik: nama, NIK, e-mail, serial"
                } else {
                    "find a holder: name, NIK, e-mail, serial"
                }
            }
            Cmd::Reports => {
                if id {
                    "laporan kinerja per periode"
                } else {
                    "the office's reports for a period"
                }
            }
            Cmd::PublishCrl => {
                if id {
                    "terbitkan CRL sekarang"
                } else {
                    "publish the CRL now"
                }
            }
            Cmd::Queues => {
                if id {
                    "antrean"
                } else {
                    "queues"
                }
            }
            Cmd::Untick => {
                if id {
                    "hapus centang (lalu nomor butir)"
                } else {
                    "untick (then the item's number)"
                }
            }
            Cmd::Act(a) => return self.action(a).to_string(),
            Cmd::Tick(n) => {
                return if id {
                    format!("centang butir {n}")
                } else {
                    format!("tick item {n}")
                };
            }
        };
        s.to_string()
    }
}

/// Words for the domain's values: states, checklist items, documents,
/// reasons, statuses, roles, refusals and history lines. Nothing the
/// operator reads is a raw identifier.
impl Strings {
    fn pick(&self, id: &'static str, en: &'static str) -> &'static str {
        if self.lang == Lang::Id { id } else { en }
    }

    pub fn state(&self, st: CaseState) -> &'static str {
        use CaseState as S;
        match st {
            S::Draft => self.pick("draf", "draft"),
            S::AwaitingApplicantData => self.pick("menunggu data pemohon", "awaiting applicant data"),
            S::VerifierReview => self.pick("tinjauan verifikator", "verifier review"),
            S::AwaitingPassphrase => self.pick("menunggu passphrase", "awaiting passphrase"),
            S::Submitted => self.pick("diajukan", "submitted"),
            S::RaReview => self.pick("tinjauan RA", "RA review"),
            S::OnHold => self.pick("ditahan", "on hold"),
            S::Approved => self.pick("disetujui", "approved"),
            S::Issued => self.pick("diterbitkan", "issued"),
            S::Applied => self.pick("diterapkan", "applied"),
            S::Revoked => self.pick("dicabut", "revoked"),
            S::Rejected => self.pick("ditolak", "rejected"),
            S::Cancelled => self.pick("dibatalkan", "cancelled"),
        }
    }

    /// A kind inside a sentence ("a renewal case").
    pub fn kind_word(&self, k: CaseKind) -> String {
        self.kind(k).to_lowercase()
    }

    pub fn item(&self, i: CheckItem) -> &'static str {
        use CheckItem as C;
        match i {
            C::KtpMatches => self.pick("KTP sesuai dengan pemohon", "KTP matches the applicant"),
            C::RecommendationValid => self.pick(
                "Surat rekomendasi sah dan bertanda tangan",
                "Recommendation letter valid and signed",
            ),
            C::EmailActive => self.pick("E-mail dinas aktif", "Official e-mail active"),
            C::IdentityCheck => self.pick(
                "Pemeriksaan identitas / swafoto selesai",
                "Identity / selfie check done",
            ),
            C::AgreementAccepted => self.pick(
                "Perjanjian pemilik sertifikat disetujui",
                "Subscriber agreement accepted",
            ),
            C::SupportingDocsValid => self.pick("Dokumen pendukung sah", "Supporting documents valid"),
            C::StatementValid => self.pick(
                "Surat pernyataan sah dan bertanda tangan",
                "Statement letter valid and signed",
            ),
            C::ForgottenStatementValid => self.pick(
                "Surat pernyataan lupa passphrase sah dan bertanda tangan",
                "Forgotten-passphrase statement valid and signed",
            ),
            C::ResetFormValid => self.pick(
                "Formulir reset autentikator dilegalisasi",
                "Authenticator reset form legalised",
            ),
            C::AntivirusScanValid => self.pick(
                "Bukti pemindaian penuh antivirus dilegalisasi",
                "Antivirus full-scan evidence legalised",
            ),
            C::EmailPasswordChanged => self.pick(
                "Bukti penggantian kata sandi e-mail dilegalisasi",
                "E-mail password change proven",
            ),
        }
    }

    /// A PDF's page count.
    pub fn pages(&self, n: usize) -> String {
        match (self.lang, n) {
            (Lang::Id, n) => format!("{n} halaman"),
            (Lang::En, 1) => "1 page".to_string(),
            (Lang::En, n) => format!("{n} pages"),
        }
    }

    pub fn doc(&self, d: DocKind) -> &'static str {
        match d {
            DocKind::Ktp => "KTP",
            DocKind::Recommendation => self.pick("surat rekomendasi", "recommendation letter"),
            DocKind::Statement => self.pick("surat pernyataan", "statement letter"),
            DocKind::Npwp => "NPWP",
            DocKind::ProofOfAddress => self.pick("bukti alamat", "proof of address"),
            DocKind::Form => self.pick("formulir", "form"),
            DocKind::Selfie => self.pick("swafoto", "selfie"),
            DocKind::Other => self.pick("lainnya", "other"),
            DocKind::ForgottenPassphrase => {
                self.pick("surat pernyataan lupa passphrase", "forgotten-passphrase statement")
            }
            DocKind::ResetForm => self.pick("formulir reset autentikator", "authenticator reset form"),
            DocKind::AntivirusScan => self.pick("bukti pemindaian antivirus", "antivirus scan evidence"),
            DocKind::EmailPasswordChanged => self.pick("bukti ganti kata sandi e-mail", "e-mail password change proof"),
        }
    }

    pub fn employment(&self, e: EmploymentStatus) -> &'static str {
        match e {
            EmploymentStatus::Pns => self.pick("PNS", "civil servant (PNS)"),
            EmploymentStatus::Pppk => self.pick("PPPK", "government contract employee (PPPK)"),
            EmploymentStatus::Other => self.pick("lainnya", "other"),
        }
    }

    pub fn reason(&self, r: RevocationReason) -> &'static str {
        use RevocationReason as R;
        match r {
            R::Unspecified => self.pick("tidak disebutkan", "unspecified"),
            R::KeyCompromise => self.pick("kunci bocor", "key compromise"),
            R::CaCompromise => self.pick("CA bocor", "CA compromise"),
            R::AffiliationChanged => self.pick("afiliasi berubah", "affiliation changed"),
            R::Superseded => self.pick("digantikan", "superseded"),
            R::CessationOfOperation => self.pick("berhenti beroperasi", "cessation of operation"),
            R::CertificateHold => self.pick("ditangguhkan", "certificate hold"),
            R::PrivilegeWithdrawn => self.pick("hak dicabut", "privilege withdrawn"),
        }
    }

    pub fn cert_status(&self, st: CertStatus) -> &'static str {
        match st {
            CertStatus::Pending => self.pick("menunggu", "pending"),
            CertStatus::Valid => self.pick("berlaku", "valid"),
            CertStatus::Expiring => self.pick("segera habis", "expiring"),
            CertStatus::Expired => self.pick("kedaluwarsa", "expired"),
            CertStatus::Revoked => self.pick("dicabut", "revoked"),
            CertStatus::Held => self.pick("ditangguhkan", "on hold"),
        }
    }

    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Verifier => self.pick("verifikator", "verifier"),
            Role::RaOfficer => self.pick("petugas RA", "RA officer"),
            Role::CaAdmin => self.pick("admin CA", "CA admin"),
            Role::Auditor => "auditor",
            Role::Applicant => self.pick("pemohon", "applicant"),
        }
    }

    fn list<T: Copy>(&self, items: &[T], f: impl Fn(T) -> &'static str) -> String {
        items.iter().map(|i| f(*i)).collect::<Vec<_>>().join(", ")
    }

    /// What a confirmed action on a case of `kind` will do, said in its
    /// dialog.
    pub fn consequence(&self, a: Action, kind: Option<CaseKind>) -> Option<&'static str> {
        Some(match (a, kind) {
            (Action::Approve, Some(CaseKind::Reset)) => self.pick(
                "Pemilik dikirimi tautan untuk passphrase baru; sertifikat baru terbit sesudahnya dan yang lama dicabut (digantikan).",
                "The holder is sent a link to set a new passphrase; a new certificate follows and the old one is revoked (superseded).",
            ),
            (Action::Approve, Some(CaseKind::Reactivation)) => self.pick(
                "Sertifikat lama dicabut sekarang (kunci bocor) dan masuk CRL; pemilik dikirimi tautan untuk passphrase baru.",
                "The old certificate is revoked now (key compromise) and listed on the CRL; the holder is sent a link to set a new passphrase.",
            ),
            (Action::Apply, _) => self.pick(
                "Data pemilik akan diubah; penangguhan sertifikat berakhir, atau sertifikat dicabut bila isinya berubah.",
                "The holder's data will change; the certificate's hold ends, or it is revoked if what it says changes.",
            ),
            (Action::Approve | Action::Issue, _) => {
                self.pick("Sertifikat akan diterbitkan.", "A certificate will be issued.")
            }
            (Action::Revoke, _) => self.pick(
                "Sertifikat akan dicabut dan masuk CRL.",
                "The certificate will be revoked and listed on the CRL.",
            ),
            _ => return None,
        })
    }

    /// Why a list shows nothing: `hidden` cases hidden by `by` (filters
    /// with the key that clears each).
    pub fn all_hidden(&self, hidden: usize, by: &str) -> String {
        if self.lang == Lang::Id {
            format!("{hidden} permohonan tersembunyi oleh {by}")
        } else {
            format!("{hidden} cases hidden by {by}")
        }
    }

    /// "(w clears)".
    pub fn clears(&self, key: &str) -> String {
        if self.lang == Lang::Id {
            format!("({key} menghapus)")
        } else {
            format!("({key} clears)")
        }
    }

    pub fn closed_hidden(&self) -> &'static str {
        self.pick("yang selesai disembunyikan", "closed cases are hidden")
    }

    pub fn revoke_cert_role(&self) -> &'static str {
        self.pick(
            "hanya admin CA yang mencabut sertifikat langsung; petugas RA mencabut lewat permohonan pencabutan",
            "only a CA admin revokes a certificate directly; an RA officer revokes through a revocation case",
        )
    }

    pub fn cert_revoked(&self, serial: &str) -> String {
        if self.lang == Lang::Id {
            format!("sertifikat {serial} dicabut")
        } else {
            format!("certificate {serial} revoked")
        }
    }

    /// The confirm of a certificate's revocation, with its reason.
    pub fn revoke_cert_question(&self, then: &super::overlays::Then) -> String {
        let super::overlays::Then::RevokeCert { serial, holder, reason } = then else {
            return String::new();
        };
        if self.lang == Lang::Id {
            format!(
                "cabut sertifikat {serial} milik {holder}? Alasan: {} (←/→ ganti). Sertifikat masuk CRL dan tidak bisa dipakai lagi.",
                self.reason(*reason)
            )
        } else {
            format!(
                "revoke certificate {serial} of {holder}? Reason: {} (←/→ to change). It goes on the CRL and cannot be used again.",
                self.reason(*reason)
            )
        }
    }

    pub fn only_verifier_opens(&self) -> &'static str {
        self.pick(
            "hanya verifikator yang membuka permohonan",
            "only a verifier opens cases",
        )
    }

    pub fn ca_locked_publish(&self) -> &'static str {
        self.pick(
            "CA terkunci: jalankan konsol dengan RATU_CA_PASSPHRASE untuk menerbitkan",
            "the CA is locked: start the console with RATU_CA_PASSPHRASE to publish",
        )
    }

    /// A field rule the form broke, in the operator's language where the
    /// console knows its words (the rules themselves are the domain's,
    /// in English; the rest stay as they are).
    pub fn rule(&self, rule: &str) -> String {
        if self.lang != Lang::Id {
            return rule.to_string();
        }
        crate::domain::identity::rule_in_indonesian(rule).unwrap_or_else(|| rule.to_string())
    }

    /// The new-case form's foot while some fields are wrong.
    pub fn fields_to_fix(&self, n: usize) -> String {
        match self.lang {
            Lang::Id => format!("{n} isian perlu diperbaiki"),
            _ if n == 1 => "1 field to fix".to_string(),
            _ => format!("{n} fields to fix"),
        }
    }

    pub fn crl_published(&self, number: u64, entries: usize, held: usize) -> String {
        if self.lang == Lang::Id {
            format!("CRL {number} diterbitkan ({entries} entri, {held} ditahan)")
        } else {
            format!("CRL {number} published ({entries} entries, {held} on hold)")
        }
    }

    pub fn reminders_queued(&self, n: usize) -> String {
        if self.lang == Lang::Id {
            format!("{n} pengingat masa berlaku diantrekan")
        } else {
            format!("{n} expiry reminder(s) queued")
        }
    }

    /// "in 3h 4m" / "lapsed 2h ago".
    pub fn time_left(&self, span: &str, lapsed: bool) -> String {
        match (self.lang, lapsed) {
            (Lang::Id, false) => format!("{span} lagi"),
            (Lang::Id, true) => format!("lewat {span} yang lalu"),
            (Lang::En, false) => format!("in {span}"),
            (Lang::En, true) => format!("lapsed {span} ago"),
        }
    }

    /// Why the workflow refuses, in the console's language.
    pub fn refusal(&self, r: &Refusal) -> String {
        let id = self.lang == Lang::Id;
        match r {
            Refusal::NotInState { action, kind, state } => {
                if id {
                    format!(
                        "{} tidak bisa untuk permohonan {} berstatus {}",
                        self.action(*action),
                        self.kind_word(*kind),
                        self.state(*state)
                    )
                } else {
                    format!(
                        "{} is not possible on a {} case that is {}",
                        self.action(*action),
                        self.kind_word(*kind),
                        self.state(*state)
                    )
                }
            }
            Refusal::Role {
                action, state, role, ..
            } => {
                if id {
                    format!(
                        "{} pada status {} bukan untuk {}",
                        self.action(*action),
                        self.state(*state),
                        self.role(*role)
                    )
                } else {
                    format!(
                        "{} on a case that is {} is not for a {}",
                        self.action(*action),
                        self.state(*state),
                        self.role(*role)
                    )
                }
            }
            Refusal::FourEyes { operator, action } => {
                if id {
                    format!(
                        "empat mata: {operator} membuat atau memverifikasi permohonan ini, jadi tidak boleh juga {}; petugas lain yang harus",
                        self.action(*action)
                    )
                } else {
                    format!(
                        "four eyes: {operator} created or verified this case and cannot also {} it; another officer must",
                        self.action(*action)
                    )
                }
            }
            Refusal::Checklist(a, items) => {
                let items = self.list(items, |i| self.item(i));
                if id {
                    format!("{} menunggu daftar periksa dicentang: {items}", self.action(*a))
                } else {
                    format!("{} needs the checklist ticked first: {items}", self.action(*a))
                }
            }
            Refusal::Documents(a, docs) => {
                let docs = self.list(docs, |d| self.doc(d));
                if id {
                    format!("{} menunggu dokumen dilampirkan: {docs}", self.action(*a))
                } else {
                    format!("{} needs these documents attached first: {docs}", self.action(*a))
                }
            }
            Refusal::NoteRequired(a) => {
                if id {
                    format!("{} perlu catatan berisi alasannya", self.action(*a))
                } else {
                    format!("{} needs a note giving the reason", self.action(*a))
                }
            }
        }
    }

    /// An error from `ra`: workflow refusals and stale versions in the
    /// console's language, anything else as `ra` says it.
    pub fn error(&self, e: &RaError) -> String {
        match e {
            RaError::Refused(r) => format!("{}: {}", self.refused, self.refusal(r)),
            e if e.is_stale() && self.lang == Lang::Id => {
                // "changed by NAME at TIME — reload"
                let text = e.to_string();
                let who = text
                    .strip_prefix("changed by ")
                    .and_then(|r| r.split(" — ").next())
                    .unwrap_or(&text)
                    .replacen(" at ", " pada ", 1);
                format!("{} {who} — muat ulang", self.changed_by)
            }
            e => e.to_string(),
        }
    }

    /// What a history line's action says.
    /// Who did something, for people: an operator by name, the applicant
    /// of case N, the office's service, the demo's setup; never the raw
    /// identifier (`applicant:81`, `ratu-service`).
    pub fn actor(&self, actor: &str) -> String {
        if let Some(n) = crate::domain::link::applicant_case(actor) {
            return match self.lang {
                Lang::Id => format!("pemohon #{n}"),
                _ => format!("applicant #{n}"),
            };
        }
        match actor {
            crate::ra::SERVICE_OPERATOR => self.pick("layanan ratu", "the ratu service").into(),
            "demo" => self.pick("data demo", "demo data").into(),
            other => crate::tui::widgets::text::safe(other, 32),
        }
    }

    pub fn event(&self, action: &str) -> String {
        if let Ok(a) = action.parse::<Action>() {
            return self.action(a).to_string();
        }
        let s = match action {
            "case_new" => self.pick("permohonan dibuka", "case opened"),
            "document_add" => self.pick("dokumen dilampirkan", "document attached"),
            "document_export" => self.pick("dokumen diekspor", "document exported"),
            "reveal_nik" => self.pick("NIK ditampilkan", "NIK shown"),
            "link_send" => self.pick("tautan dikirim", "link sent"),
            "link_resend" => self.pick("tautan dikirim ulang", "link sent again"),
            "link_use" => self.pick("tautan dipakai", "link used"),
            "link_void" => self.pick("tautan dibatalkan", "link voided"),
            "agreement_accept" => self.pick("perjanjian disetujui", "agreement accepted"),
            "cert_revoke" => self.pick("sertifikat dicabut", "certificate revoked"),
            "cert_hold" => self.pick("sertifikat ditangguhkan", "certificate put on hold"),
            "cert_release" => self.pick("penangguhan sertifikat diakhiri", "certificate hold released"),
            "cert_link" => self.pick("sertifikat ditautkan", "certificate linked"),
            "cert_reserve" => self.pick("nomor seri dipesan", "serial reserved"),
            "cert_import" => self.pick("sertifikat diimpor", "certificate imported"),
            "holder_update" => self.pick("data pemilik diperbarui", "holder data updated"),
            "expiry_reminder" => self.pick("pengingat masa berlaku", "expiry reminder"),
            "crl_publish" => self.pick("CRL diterbitkan", "CRL published"),
            "operator_add" => self.pick("operator ditambahkan", "operator added"),
            "operator_agencies" => self.pick("instansi operator diubah", "operator's agencies changed"),
            "operator_disable" => self.pick("operator dinonaktifkan", "operator disabled"),
            "operator_enable" => self.pick("operator diaktifkan", "operator enabled"),
            "operator_pin" => self.pick("PIN diganti", "PIN changed"),
            "operator_pin_reset" => self.pick("PIN sekali pakai diberikan", "one-time PIN set"),
            "agency_add" => self.pick("instansi ditambahkan", "agency added"),
            "ca_init" => self.pick("CA dibuat", "CA created"),
            "ca_import" => self.pick("CA diimpor", "CA imported"),
            "ocsp_signer" => self.pick("sertifikat penanda OCSP", "OCSP signer certificate"),
            "tls_server_cert" => self.pick("sertifikat TLS layanan", "service TLS certificate"),
            "cert_p12" => self.pick(".p12 diberikan", ".p12 given out"),
            "cert_p12_wrong_passphrase" => self.pick(".p12: passphrase salah", ".p12: wrong passphrase"),
            "cert_p12_refused" => self.pick(".p12 ditolak (terkunci)", ".p12 refused (locked)"),
            "cert_p12_unlock" => self.pick("kunci .p12 dibuka", ".p12 lock cleared"),
            "sign_in" => self.pick("masuk", "signed in"),
            "sign_in_failed" => self.pick("gagal masuk", "sign-in failed"),
            "sign_in_refused" => self.pick("masuk ditolak", "sign-in refused"),
            "sign_out" => self.pick("keluar", "signed out"),
            "session_ended" => self.pick("sesi diakhiri", "session ended"),
            "backup" => self.pick("cadangan dibuat", "backup made"),
            "case_one_open" => self.pick("permohonan terbuka ganda", "second open case"),
            _ => return action.replace('_', " "),
        };
        s.to_string()
    }

    /// A history line's detail with states, kinds, documents and
    /// checklist items in words: "draft → awaiting_applicant_data: note".
    pub fn event_detail(&self, action: &str, detail: &str) -> String {
        if let Some(i) = CheckItem::ALL.iter().find(|i| i.label() == detail) {
            return self.item(*i).to_string();
        }
        // Sign-in's own few sentences, in Indonesian.
        if self.lang == Lang::Id && action.starts_with("sign_in") {
            let mut d = detail.to_string();
            for (en, id) in [
                ("wrong PIN", "PIN salah"),
                (" times in a row", " kali berturut-turut"),
                ("disabled operator", "operator nonaktif"),
                (": locked for ", ": dikunci selama "),
                (" minutes", " menit"),
                ("from ", "dari "),
            ] {
                d = d.replace(en, id);
            }
            return d;
        }
        // Link ids ("156-identity-1") are the store's: a link reads as
        // its step, and where it was used from.
        if action.starts_with("link_") {
            let step = [
                ("identity", self.pick("tautan data identitas", "identity-data link")),
                ("passphrase", self.pick("tautan atur passphrase", "set-passphrase link")),
                ("download", self.pick("tautan unduh", "download link")),
            ]
            .into_iter()
            .find(|(k, _)| detail.starts_with(k) || detail.contains(&format!("-{k}")))
            .map(|(_, w)| w);
            let from = detail
                .split_once(" from ")
                .map(|(_, f)| f.split([' ', ';']).next().unwrap_or(f));
            if let Some(step) = step {
                return match from {
                    Some(addr) => format!("{step} · {} {addr}", self.pick("dari", "from")),
                    None => step.to_string(),
                };
            }
        }
        if action == "case_new"
            && let Some(k) = detail.split(' ').next().and_then(|w| w.parse::<CaseKind>().ok())
        {
            return self.kind(k).to_string();
        }
        if action == "document_add"
            && let Some((kind, rest)) = detail.split_once(' ')
            && let Ok(d) = kind.parse::<DocKind>()
        {
            let file = rest.split(" (").next().unwrap_or(rest);
            return format!("{} {file}", self.doc(d));
        }
        // "certificate 3fa2… of Sri Harahap on hold while …", "hold on
        // certificate 3fa2… released (…)", "certificate 3fa2… of … revoked:
        // keyCompromise": the serial (and the reason); the action says the rest.
        if matches!(action, "cert_hold" | "cert_release" | "cert_revoke")
            && let Some((_, rest)) = detail.split_once("certificate ")
        {
            let serial = rest.split(' ').next().unwrap_or_default();
            let holder = rest
                .split_once(" of ")
                .map(|(_, h)| {
                    [" on hold while", " released", " revoked:"]
                        .iter()
                        .fold(h, |h, end| h.split(end).next().unwrap_or(h))
                })
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return match detail.rsplit_once(" revoked: ") {
                Some((_, reason)) => format!("{serial}{holder}: {}", self.words(reason)),
                None => format!("{serial}{holder}"),
            };
        }
        // "identity link 16-identity-1 for version 2, valid until …"
        if action.starts_with("link_")
            && let Some((step, rest)) = detail.split_once(" link ")
        {
            let step = match step {
                "identity" => self.pick("data identitas", "identity data"),
                "passphrase" => "passphrase",
                "download" => self.pick("unduhan", "download"),
                _ => return self.words(detail),
            };
            let token = rest.split([' ', ',']).next().unwrap_or_default();
            return if self.lang == Lang::Id {
                format!("tautan {step} {token}")
            } else {
                format!("{step} link {token}")
            };
        }
        // "from → to", "from → to: note", "from → to from …"
        if let Some((from, rest)) = detail.split_once(" → ")
            && let Ok(from) = from.parse::<CaseState>()
        {
            let end = rest.find([' ', ':']).unwrap_or(rest.len());
            if let Ok(to) = rest[..end].parse::<CaseState>() {
                let base = format!("{} → {}", self.state(from), self.state(to));
                return match rest[end..].strip_prefix(": ") {
                    Some(note) => format!("{base}: {note}"),
                    None if end == rest.len() => base,
                    // Anything after is `ra`'s own record.
                    None => format!("{base}{}", self.words(&rest[end..])),
                };
            }
        }
        self.words(detail)
    }

    /// States and revocation reasons named inside a text, in words.
    fn words(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for (i, w) in text.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let core = w.trim_end_matches([',', ';', ':', ')', '.']);
            let tail = &w[core.len()..];
            let word = CaseState::ALL
                .iter()
                .find(|s| s.as_str() == core && core.contains('_'))
                .map(|s| self.state(*s))
                .or_else(|| {
                    RevocationReason::ALL
                        .iter()
                        .find(|r| r.as_str() == core)
                        .map(|r| self.reason(*r))
                });
            match word {
                Some(x) => {
                    out.push_str(x);
                    out.push_str(tail);
                }
                None => out.push_str(w),
            }
        }
        out
    }

    /// A subscriber field's name (proposed changes).
    pub fn field_name(&self, f: &str) -> String {
        let s = match f {
            "name" => self.pick("nama", "name"),
            "nik" => "NIK",
            "nip" => "NIP",
            "npwp" => "NPWP",
            "email" => "e-mail",
            "phone" => self.pick("telepon", "phone"),
            "agency" => self.pick("instansi", "agency"),
            "unit" => "unit",
            "position" => self.pick("jabatan", "position"),
            "employment" => self.pick("kepegawaian", "employment"),
            _ => return f.replace('_', " "),
        };
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hold_release_and_revocation_lines_name_the_serial_in_the_language() {
        let id = Strings::for_lang(Lang::Id);
        let en = Strings::for_lang(Lang::En);
        let hold = "certificate 3fa2c1 of Sri Harahap on hold while reactivation case 211 is pending";
        assert_eq!(id.event_detail("cert_hold", hold), "3fa2c1 (Sri Harahap)");
        assert_eq!(id.event("cert_hold"), "sertifikat ditangguhkan");
        let release = "hold on certificate 3fa2c1 of Sri Harahap released (update case 210)";
        assert_eq!(en.event_detail("cert_release", release), "3fa2c1 (Sri Harahap)");
        let revoke = "certificate 3fa2c1 of Sri Harahap revoked: keyCompromise";
        assert_eq!(
            id.event_detail("cert_revoke", revoke),
            "3fa2c1 (Sri Harahap): kunci bocor"
        );
        assert_eq!(
            en.event_detail("cert_revoke", revoke),
            "3fa2c1 (Sri Harahap): key compromise"
        );
    }

    #[test]
    fn an_approval_says_what_it_does_for_each_kind() {
        let en = Strings::for_lang(Lang::En);
        let id = Strings::for_lang(Lang::Id);
        let said = |s: &Strings, k| s.consequence(Action::Approve, Some(k)).unwrap_or_default();
        assert!(said(en, CaseKind::Issuance).contains("will be issued"));
        assert!(said(en, CaseKind::Reset).contains("superseded"));
        assert!(said(en, CaseKind::Reactivation).contains("key compromise"));
        assert!(said(id, CaseKind::Reactivation).contains("kunci bocor"));
        assert_eq!(en.consequence(Action::Reject, Some(CaseKind::Update)), None);
    }
}
