//! Every string the console shows, once per language. The language comes
//! from the config's `lang`, else from `LANG` (see `config.rs`).

use super::keymap::Cmd;
use crate::domain::{Action, CaseKind};
use crate::notify::Lang;

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
    pub connection_back: &'static str,
    pub session_ended: &'static str,
    pub untick_with: &'static str,
    pub untick_which: &'static str,
    pub history: &'static str,
    pub certificates: &'static str,
    pub no_case: &'static str,
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
    pub audit_hint: &'static str,
    pub certs_title: &'static str,
    pub certs_hint: &'static str,
    pub ca_title: &'static str,
    pub ca_hint: &'static str,
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
    total: "total",
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
    connection_back: "tersambung kembali; daftar dimuat ulang",
    session_ended: "sesi berakhir (12 jam); masuk lagi — catatan yang belum terkirim disimpan",
    untick_with: "hapus centang dengan",
    untick_which: "hapus centang: tekan nomor butir",
    history: "Riwayat",
    certificates: "Sertifikat terkait",
    no_case: "Pilih permohonan di daftar.",
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
    new_case_hint: "Tab/↓ kolom berikut · ←/→ jenis · Ctrl-S kirim · Esc kembali (draf disimpan)",
    kind: "Jenis",
    docs_field: "Dokumen (jenis=path; …)",
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
    audit_hint: "/ saring · v verifikasi rantai · r muat ulang · Esc kembali",
    certs_title: "Sertifikat",
    certs_hint: "/ saring · s status · E ekspor · r muat ulang · Esc kembali",
    ca_title: "CA & CRL",
    ca_hint: "P terbitkan CRL sekarang · r muat ulang · Esc kembali",
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
    total: "total",
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
    connection_back: "reconnected; lists reloaded",
    session_ended: "your session ended (12 h); sign in again — an unsent note is kept",
    untick_with: "untick with",
    untick_which: "untick: press the item's number",
    history: "History",
    certificates: "Linked certificates",
    no_case: "Pick a request in the list.",
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
    new_case_hint: "Tab/↓ next field · ←/→ kind · Ctrl-S submit · Esc back (draft kept)",
    kind: "Kind",
    docs_field: "Documents (kind=path; …)",
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
    audit_hint: "/ filter · v verify chain · r reload · Esc back",
    certs_title: "Certificates",
    certs_hint: "/ filter · s status · E export · r reload · Esc back",
    ca_title: "CA & CRL",
    ca_hint: "P publish the CRL now · r reload · Esc back",
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
            "revealed" => "ditampilkan",
            "by" => "oleh",
            "due" => "tenggat",
            k => k,
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
                    "bantuan ini"
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
