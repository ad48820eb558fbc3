//! The words of a report: titles, column headings and row names, in
//! Indonesian (the default) or English.

use crate::domain::report::{ALL_AGENCIES, Cell, Report, Table};
use crate::locale::Lang;

#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub lang: Lang,
}

impl Words {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    fn pick(&self, id: &'static str, en: &'static str) -> &'static str {
        if self.lang == Lang::Id { id } else { en }
    }

    pub fn title(&self) -> &'static str {
        self.pick(
            "Laporan Layanan Sertifikat Elektronik",
            "Electronic Certificate Service Report",
        )
    }

    pub fn period(&self) -> &'static str {
        self.pick("Periode", "Period")
    }

    pub fn agencies(&self) -> &'static str {
        self.pick("Instansi", "Agencies")
    }

    pub fn every_agency(&self) -> &'static str {
        self.pick("Semua instansi", "All agencies")
    }

    pub fn generated(&self) -> &'static str {
        self.pick("Dibuat", "Generated")
    }

    pub fn standard(&self, days: u32) -> String {
        match self.lang {
            Lang::Id => format!("Standar layanan: {days} hari kerja (waktu kantor)"),
            Lang::En => format!("Service standard: {days} working days (office time)"),
        }
    }

    /// The bar chart of the cases received per agency.
    pub fn chart_received(&self) -> &'static str {
        self.pick("Permohonan masuk per instansi", "Cases received per agency")
    }

    /// The bar chart of the share within the service standard.
    pub fn chart_within(&self) -> &'static str {
        self.pick(
            "Persentase selesai sesuai standar layanan",
            "Share closed within the service standard",
        )
    }

    pub fn nothing(&self) -> &'static str {
        self.pick("(tidak ada)", "(none)")
    }

    pub fn table_title(&self, id: &str) -> &'static str {
        match id {
            "received" => self.pick("Permohonan masuk per jenis", "Cases received, by kind"),
            "closed" => self.pick("Permohonan selesai per jenis", "Cases closed, by kind"),
            "outcomes" => self.pick("Hasil", "Outcomes"),
            "reject_reasons" => self.pick("Alasan penolakan", "Reasons for rejection"),
            "processing" => self.pick(
                "Waktu proses (hari kerja) dan kepatuhan standar",
                "Processing time (working days) and the service standard",
            ),
            "certificates" => self.pick(
                "Sertifikat berlaku dan yang akan habis",
                "Certificates in force, and expiring",
            ),
            "revocations" => self.pick("Pencabutan per alasan", "Revocations by reason"),
            "work" => self.pick("Kinerja petugas", "Work per officer"),
            _ => "",
        }
    }

    /// A short note under a table: what it counts.
    pub fn table_note(&self, id: &str) -> &'static str {
        match id {
            "outcomes" => self.pick(
                "Selesai dalam periode; \"masih terbuka\": masuk dalam periode dan belum selesai.",
                "Closed in the period; \"still open\": received in the period and not yet closed.",
            ),
            "processing" => self.pick(
                "Permohonan yang selesai dalam periode. Waktu kantor dan waktu menunggu pemohon dihitung terpisah; standar diukur pada waktu kantor.",
                "Cases closed in the period. Office time and time waiting on the applicant are apart; the standard is measured on office time.",
            ),
            "certificates" => self.pick("Pada saat laporan dibuat.", "At the time of the report."),
            "work" => self.pick(
                "Langkah pada permohonan yang selesai dalam periode; median jam kerja sejak langkah sebelumnya.",
                "Steps on the cases closed in the period; median working hours since the step before.",
            ),
            _ => "",
        }
    }

    pub fn column(&self, key: &str) -> &'static str {
        match key {
            "agency" => self.pick("Instansi", "Agency"),
            "issuance" => self.pick("Penerbitan", "Issuance"),
            "renewal" => self.pick("Pembaruan", "Renewal"),
            "update" => self.pick("Perubahan", "Update"),
            "revocation" => self.pick("Pencabutan", "Revocation"),
            "reset" => self.pick("Reset", "Reset"),
            "reactivation" => self.pick("Reaktivasi", "Reactivation"),
            "total" => self.pick("Jumlah", "Total"),
            "issued" => self.pick("Terbit/selesai", "Issued/done"),
            "rejected" => self.pick("Ditolak", "Rejected"),
            "cancelled" => self.pick("Dibatalkan", "Cancelled"),
            "open" => self.pick("Masih terbuka", "Still open"),
            "reason" => self.pick("Alasan", "Reason"),
            "cases" => self.pick("Permohonan", "Cases"),
            "closed" => self.pick("Selesai", "Closed"),
            "total_median" => self.pick("Total median", "Total median"),
            "total_p90" => self.pick("Total p90", "Total p90"),
            "office_median" => self.pick("Kantor median", "Office median"),
            "office_p90" => self.pick("Kantor p90", "Office p90"),
            "applicant_median" => self.pick("Pemohon median", "Applicant median"),
            "applicant_p90" => self.pick("Pemohon p90", "Applicant p90"),
            "within_standard" => self.pick("Sesuai standar", "Within standard"),
            "within_share" => self.pick("% sesuai", "% within"),
            "in_force" => self.pick("Berlaku", "In force"),
            "expiring_30" => self.pick("Habis ≤30 hari", "Expiring ≤30 d"),
            "expiring_60" => self.pick("Habis ≤60 hari", "Expiring ≤60 d"),
            "expiring_90" => self.pick("Habis ≤90 hari", "Expiring ≤90 d"),
            "certificates" => self.pick("Sertifikat", "Certificates"),
            "operator" => self.pick("Petugas", "Officer"),
            "role" => self.pick("Peran", "Role"),
            "actions" => self.pick("Langkah", "Steps"),
            "median_hours" => self.pick("Median jam", "Median hours"),
            _ => "",
        }
    }

    /// A heading as shown: the translation, or the key itself.
    pub fn heading(&self, key: &str) -> String {
        match self.column(key) {
            "" => key.to_string(),
            w => w.to_string(),
        }
    }

    /// A cell as shown: the row of every agency named, the rest as is.
    pub fn cell(&self, c: &Cell) -> String {
        match c {
            Cell::Text(t) if t == ALL_AGENCIES => self.every_agency().to_string(),
            Cell::Text(t) if t == "-" => "-".into(),
            Cell::Text(t) if self.role(t).is_some() => self.role(t).unwrap_or_default().to_string(),
            Cell::Text(t) => crate::domain::text::visible(t),
            other => other.plain(),
        }
    }

    /// A role's name (the work table names each officer's).
    fn role(&self, key: &str) -> Option<&'static str> {
        Some(match key {
            "verifier" => self.pick("Verifikator", "Verifier"),
            "ra_officer" => self.pick("Petugas RA", "RA officer"),
            "ca_admin" => self.pick("Admin CA", "CA admin"),
            "auditor" => self.pick("Auditor", "Auditor"),
            _ => return None,
        })
    }

    /// The scope line: the agencies, or every agency.
    pub fn scope(&self, r: &Report) -> String {
        match r.agencies.is_empty() {
            true => self.every_agency().to_string(),
            false => r
                .agencies
                .iter()
                .map(|a| crate::domain::text::visible(a))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The headings of a table.
    pub fn headings(&self, t: &Table) -> Vec<String> {
        t.columns.iter().map(|c| self.heading(c)).collect()
    }
}
