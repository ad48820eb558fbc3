//! A demo: fixed operators (PIN 246810, demo only) and realistic cases with
//! Indonesian names, agencies and valid NIK/NIP across all kinds and states,
//! made through the same use-cases an officer runs.

use super::{ApplicantData, Clock, DEMO_CA_PASSPHRASE, Ra, RaError, Result, Upload};
use crate::ca::{HierarchySpec, IssueRequest, KeyAlg, PrivateKey, Serial, SubjectInfo, inspect};
use crate::domain::{Action, CaseKind, CheckItem, DocKind, NewCase, Operator, RevocationReason, Role, SubscriberForm};
use crate::domain::{CertRecord, CertState, Holder, LinkStep, Subscriber};
use crate::store::{Batch, ensure_holder, insert_cert};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng, seq::SliceRandom};
use std::path::Path;

/// The demo's PIN for every operator. Demo only.
pub const DEMO_PIN: &str = "246810";

/// The passphrase every demo applicant sets. Demo only.
pub const DEMO_APPLICANT_PASSPHRASE: &str = "Pemohon-Demo-2026";

/// The demo operators, as the README names them.
pub const DEMO_OPERATORS: [(&str, Role); 6] = [
    ("admin", Role::CaAdmin),
    ("verifikator1", Role::Verifier),
    ("verifikator2", Role::Verifier),
    ("petugas1", Role::RaOfficer),
    ("petugas2", Role::RaOfficer),
    ("auditor", Role::Auditor),
];

const GIVEN: &[&str] = &[
    "Siti",
    "Budi",
    "Agus",
    "Dewi",
    "Rina",
    "Wahyu",
    "Putu",
    "Ni Luh",
    "Made",
    "Ketut",
    "Yusuf",
    "Fitri",
    "Andi",
    "Sri",
    "Bambang",
    "Ratna",
    "Hendra",
    "Intan",
    "Teguh",
    "Nur",
    "Rizky",
    "Ayu",
    "Dedi",
    "Lestari",
    "Asep",
    "Euis",
    "Ujang",
    "Cecep",
    "Tiur",
    "Horas",
    "Rahmat",
    "Yohana",
    "Fransiskus",
    "Maria",
    "I Gusti Ngurah",
];
const FAMILY: &[&str] = &[
    "Rahayu",
    "Santoso",
    "Wibowo",
    "Lestari",
    "Hidayat",
    "Nugroho",
    "Saputra",
    "Kusuma",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Pratama",
    "Wijaya",
    "Permana",
    "Suryadi",
    "Gunawan",
    "Setiawan",
    "Hakim",
    "Ma'ruf",
    "Sembiring",
    "Agung Putra",
    "Sukmawati",
    "Purnamasari",
    "Daulay",
    "Tanjung",
    "Harahap",
    "Kurniawan",
    "Anggraini",
];
const TITLES: &[&str] = &[
    "",
    "",
    "",
    "",
    ", S.Kom.",
    ", S.E.",
    ", S.H., M.H.",
    ", S.T., M.T.",
    ", A.Md.",
    ", S.Sos.",
];
const PREFIX: &[&str] = &["", "", "", "", "", "", "Dr. ", "Ir. ", "drg. "];
/// (agency, mail domain, NIK region prefix)
const AGENCIES: &[(&str, &str, &str)] = &[
    (
        "Dinas Komunikasi dan Informatika Provinsi Jawa Barat",
        "jabarprov.go.id",
        "3273",
    ),
    ("Dinas Kesehatan Kota Bandung", "bandung.go.id", "3273"),
    (
        "Badan Kepegawaian dan Pengembangan SDM Kabupaten Bogor",
        "bogorkab.go.id",
        "3201",
    ),
    ("Badan Pendapatan Daerah Provinsi Bali", "baliprov.go.id", "5171"),
    ("Dinas Pendidikan Kota Medan", "pemkomedan.go.id", "1275"),
    ("Sekretariat Daerah Kabupaten Sleman", "slemankab.go.id", "3404"),
    ("Dinas Penanaman Modal dan PTSP Kota Surabaya", "surabaya.go.id", "3578"),
    ("RSUD Kabupaten Banyumas", "banyumaskab.go.id", "3302"),
];
const UNITS: &[&str] = &[
    "Sekretariat",
    "Bidang Aplikasi Informatika",
    "Bidang Persandian",
    "Subbag Umum",
    "UPT Layanan",
];
const POSITIONS: &[&str] = &[
    "Pranata Komputer Ahli Pertama",
    "Analis Kebijakan",
    "Kepala Seksi",
    "Sandiman",
    "Arsiparis",
    "Kepala Bidang",
];

/// Documents the demo attaches: real (tiny) PDF and PNG files.
pub const DEMO_PDF: &[u8] = include_bytes!("../../assets/demo/surat-rekomendasi-demo.pdf");
pub const DEMO_PNG: &[u8] = include_bytes!("../../assets/demo/ktp-demo.png");
/// The revocation statement, the forgotten-passphrase statement and the
/// forms the demo attaches: each its own sample, so a verifier reading the
/// statement of a revocation sees a statement.
pub const DEMO_REVOCATION_PDF: &[u8] = include_bytes!("../../assets/demo/surat-pernyataan-pencabutan-demo.pdf");
pub const DEMO_FORGOTTEN_PDF: &[u8] = include_bytes!("../../assets/demo/surat-pernyataan-lupa-demo.pdf");
pub const DEMO_FORM_PDF: &[u8] = include_bytes!("../../assets/demo/formulir-demo.pdf");
/// The demo's made-up KTP scan and selfie, marked CONTOH / SAMPLE (drawn by
/// `assets/demo/make_samples.py`), so the review pane has a picture to show.
pub const DEMO_KTP_PNG: &[u8] = include_bytes!("../../assets/demo/ktp-contoh.png");
pub const DEMO_SELFIE_PNG: &[u8] = include_bytes!("../../assets/demo/swafoto-contoh.png");

/// One demo applicant: valid NIK, NIP agreeing with it, official e-mail.
pub fn applicant(rng: &mut StdRng, n: usize) -> SubscriberForm {
    let female = rng.gen_bool(0.5);
    let given = GIVEN.choose(rng).copied().unwrap_or("Siti");
    let family = FAMILY.choose(rng).copied().unwrap_or("Rahayu");
    let name = format!(
        "{}{given} {family}{}",
        PREFIX.choose(rng).unwrap_or(&""),
        TITLES.choose(rng).unwrap_or(&"")
    );
    let (agency, domain, region) = AGENCIES[rng.gen_range(0..AGENCIES.len())];
    let (y, m, d) = (
        rng.gen_range(1965..=2000),
        rng.gen_range(1..=12u32),
        rng.gen_range(1..=28u32),
    );
    let nd = if female { d + 40 } else { d };
    let nik = format!(
        "{region}{:02}{nd:02}{m:02}{:02}{:04}",
        rng.gen_range(1..=30),
        y % 100,
        n % 9999 + 1
    );
    let pppk = rng.gen_bool(0.2);
    let am = if pppk {
        rng.gen_range(21..=24)
    } else {
        rng.gen_range(1..=12)
    };
    let nip = format!(
        "{y:04}{m:02}{d:02}{:04}{am:02}{}{:03}",
        y + rng.gen_range(20..=30),
        if female { 2 } else { 1 },
        rng.gen_range(1..=999)
    );
    let local: String = format!("{given}.{family}")
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    SubscriberForm {
        name,
        nik,
        nip: Some(nip),
        npwp: None,
        email: format!("{local}{n}@{domain}"),
        phone: Some(format!("08{}", rng.gen_range(1_000_000_000u64..9_999_999_999))),
        agency: agency.into(),
        unit: Some(UNITS.choose(rng).unwrap_or(&"Sekretariat").to_string()),
        position: Some(POSITIONS.choose(rng).unwrap_or(&"Arsiparis").to_string()),
        employment: Some(if pppk { "pppk" } else { "pns" }.into()),
    }
}

/// What the demo made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    pub operators: Vec<String>,
    pub cases_created: usize,
    pub reused: bool,
}

impl Ra {
    pub(super) fn at(&self, t: DateTime<Utc>) -> Ra {
        Ra {
            clock: Clock::Fixed(t),
            ..self.clone()
        }
    }

    /// Makes the demo operators and `n` cases, unless operators exist
    /// already (then the demo is reused as it is).
    pub async fn make_demo(&self, n: usize, seed: u64) -> Result<DemoSummary> {
        // Applicants' keys: P-256 keeps the demo quick to make.
        let mut demo = self.clone();
        demo.cfg.ca.subscriber_alg = KeyAlg::EcdsaP256;
        demo.fill_demo(n, seed).await
    }

    async fn fill_demo(&self, n: usize, seed: u64) -> Result<DemoSummary> {
        let operators: Vec<String> = DEMO_OPERATORS.iter().map(|(n, _)| n.to_string()).collect();
        if !self.is_empty().await? {
            // The demo's CA opens with its demo passphrase (demo only).
            if self.ca_exists() {
                self.unlock_ca(DEMO_CA_PASSPHRASE)?;
            }
            return Ok(DemoSummary {
                operators,
                cases_created: 0,
                reused: true,
            });
        }
        let admin = self.add_operator(None, "admin", Role::CaAdmin, DEMO_PIN).await?;
        // Every demo agency is on the list; verifikator1 works on all of
        // them, verifikator2 on the first DEMO_VERIFIER2_AGENCIES.
        for (agency, _, _) in AGENCIES {
            self.add_agency(&admin, agency).await?;
        }
        let mut vers = Vec::new();
        for (name, role) in &DEMO_OPERATORS[1..] {
            let agencies = demo_agencies(name, *role);
            let added = self
                .add_operator_in(Some(&admin), name, *role, &agencies, DEMO_PIN)
                .await?;
            if *role == Role::Verifier {
                vers.push(added);
            }
        }
        // The demo CA, made a year ago so that its older certificates can be
        // near or past expiry.
        if !self.ca_exists() {
            self.at(self.now() - Duration::days(800))
                .ca_init(&admin, &HierarchySpec::default(), DEMO_CA_PASSPHRASE)
                .await?;
        } else {
            self.unlock_ca(DEMO_CA_PASSPHRASE)?;
        }
        let op = |name: &str, role| Operator::new(name, role);
        let ras = [op("petugas1", Role::RaOfficer), op("petugas2", Role::RaOfficer)];
        let mut rng = StdRng::seed_from_u64(seed);
        let now = self.now();
        let mut made = 0;
        for i in 0..n {
            let kind = match rng.gen_range(0..100) {
                0..45 => CaseKind::Issuance,
                45..65 => CaseKind::Renewal,
                65..80 => CaseKind::Update,
                _ => CaseKind::Revocation,
            };
            let Ok(subscriber) = applicant(&mut rng, i).validate() else {
                continue;
            };
            let start = now - Duration::minutes(rng.gen_range(10..6 * 24 * 60));
            let v = &vers[rng.gen_range(0..2)];
            let ra = &ras[rng.gen_range(0..2)];
            let docs: Vec<(DocKind, String, Vec<u8>)> = match kind {
                CaseKind::Issuance | CaseKind::Renewal => vec![
                    (
                        DocKind::Recommendation,
                        "surat-rekomendasi.pdf".into(),
                        DEMO_PDF.to_vec(),
                    ),
                    (DocKind::Ktp, "ktp.png".into(), DEMO_KTP_PNG.to_vec()),
                    (DocKind::Selfie, "swafoto.png".into(), DEMO_SELFIE_PNG.to_vec()),
                ],
                CaseKind::Update => vec![(DocKind::Form, "formulir-perubahan.pdf".into(), DEMO_FORM_PDF.to_vec())],
                CaseKind::Revocation => vec![(
                    DocKind::Statement,
                    "surat-pernyataan.pdf".into(),
                    DEMO_REVOCATION_PDF.to_vec(),
                )],
                // Not drawn here: made after this loop.
                CaseKind::Reset | CaseKind::Reactivation => continue,
            };
            // Renewal, update and revocation concern a certificate the
            // applicant already holds, issued between 1 and 25 months ago.
            let cert_serial = if kind.issues_certificate() && kind != CaseKind::Renewal {
                None
            } else {
                // A renewal's may be past expiry; one being revoked or
                // updated is still valid.
                // (One draw either way, so the demo stays the same.)
                let days = rng.gen_range(150..760);
                let days = if kind == CaseKind::Renewal {
                    days
                } else {
                    30 + (days - 150) * 570 / 610
                };
                let issued = start - Duration::days(days);
                Some(self.at(issued).demo_certificate(&admin, &subscriber).await?)
            };
            // An update proposes new data: another position or unit, and
            // now and then another agency (which re-issues).
            // (The agency the certificate was issued for: an update that
            // holds it is opened by a verifier of that agency too.)
            let issued_for = subscriber.agency.clone();
            let subscriber = match kind {
                CaseKind::Update => moved(&subscriber, i),
                _ => subscriber,
            };
            let new = NewCase {
                kind,
                subscriber,
                revocation_reason: (kind == CaseKind::Revocation).then(|| {
                    *[
                        RevocationReason::KeyCompromise,
                        RevocationReason::AffiliationChanged,
                        RevocationReason::CessationOfOperation,
                    ]
                    .choose(&mut rng)
                    .unwrap_or(&RevocationReason::Unspecified)
                }),
                cert_serial,
                note: None,
            };
            // A case of an agency verifikator2 lacks is verifikator1's.
            let v = if v.covers(&new.subscriber.agency) && v.covers(&issued_for) {
                v
            } else {
                &vers[0]
            };
            let case = self.at(start).new_case(v, new, &docs).await?;
            made += 1;
            let plan = plan(kind);
            let steps = rng.gen_range(0..=plan.len());
            let mut t = start;
            for step in &plan[..steps] {
                t += Duration::minutes(rng.gen_range(5..90));
                if t > now {
                    break;
                }
                let r = self.at(t);
                match step {
                    Step::Tick(item) => {
                        r.tick(v, case.id, *item, true, None).await?;
                    }
                    // The applicant's own steps, through their links.
                    Step::Do(Action::RecordApplicantData, _) => {
                        let token = r.demo_link(case.id, LinkStep::Identity).await?;
                        // (No draw from `rng`: the demo stays the same.)
                        let s = &case.subscriber;
                        let data = ApplicantData {
                            phone: Some(format!("0812{:08}", case.id * 7919 % 100_000_000)),
                            position: s.position.clone(),
                            unit: s.unit.clone(),
                            npwp: s.npwp.as_ref().map(|n| n.to_string()),
                        };
                        let ktp = Upload {
                            name: "ktp.png".into(),
                            bytes: DEMO_KTP_PNG.to_vec(),
                        };
                        let selfie = Upload {
                            name: "swafoto.png".into(),
                            bytes: DEMO_SELFIE_PNG.to_vec(),
                        };
                        r.applicant_identity(&token, "demo", &data, &ktp, &selfie).await?;
                    }
                    Step::Do(Action::SetPassphrase, _) => r.demo_sets_passphrase(case.id).await?,
                    Step::Do(action, by_ra) => {
                        r.act(if *by_ra { ra } else { v }, case.id, *action, None, None).await?;
                    }
                }
            }
            // A few cases end rejected, on hold or cancelled.
            let r = self.at(now.min(t + Duration::minutes(30)));
            let cur = self.case(case.id).await?;
            let side = rng.gen_range(0..100);
            let (actor, role_ok) = if cur.state == crate::domain::CaseState::RaReview {
                (ra, true)
            } else {
                (v, true)
            };
            if role_ok && !cur.state.is_closed() && cur.state != crate::domain::CaseState::Approved {
                let res = match side {
                    0..8 => {
                        r.act(
                            actor,
                            case.id,
                            Action::Reject,
                            Some("Surat rekomendasi tidak ditandatangani pejabat berwenang"),
                            None,
                        )
                        .await
                    }
                    8..15 => {
                        r.act(
                            actor,
                            case.id,
                            Action::Hold,
                            Some("Menunggu scan KTP yang lebih jelas"),
                            None,
                        )
                        .await
                    }
                    15..18 => {
                        r.act(
                            actor,
                            case.id,
                            Action::Cancel,
                            Some("Dibatalkan atas permintaan pemohon"),
                            None,
                        )
                        .await
                    }
                    _ => Ok(cur),
                };
                // Steps the state does not allow are simply skipped.
                let _ = res;
            }
        }
        // Passphrase resets and reactivations, at each of their steps.
        made += self.demo_procedures(&admin, &vers[0], &ras[0], n, seed).await?;
        // A fresh CRL as of now, so relying parties see one that has not lapsed.
        self.publish_crl(&admin).await?;
        Ok(DemoSummary {
            operators,
            cases_created: made,
            reused: false,
        })
    }
}

impl Ra {
    /// The demo applicant of case `id` sets their passphrase through their
    /// link, with a selfie and the agreement, as on the applicant page.
    pub(super) async fn demo_sets_passphrase(&self, id: u64) -> Result<()> {
        let token = self.demo_link(id, LinkStep::Passphrase).await?;
        let selfie = Upload {
            name: "swafoto.png".into(),
            bytes: DEMO_SELFIE_PNG.to_vec(),
        };
        let sha = self.cfg.agreement.sha256.clone();
        let p = DEMO_APPLICANT_PASSPHRASE;
        self.applicant_set_passphrase(&token, "demo", p, p, &sha, &selfie)
            .await?;
        Ok(())
    }

    /// A certificate the applicant already holds (issued before ratu's
    /// records began), for the demo's renewal, update and revocation cases.
    pub(super) async fn demo_certificate(&self, op: &Operator, s: &Subscriber) -> Result<String> {
        let ca = self.unlocked()?;
        let key = PrivateKey::generate(KeyAlg::EcdsaP256)?;
        let profile = self.cfg.ca.profiles.get(&self.cfg.ca.profile)?;
        let serial = Serial::random();
        let der = ca.issuer.issue(&IssueRequest {
            subject: &SubjectInfo {
                name: s.name.clone(),
                agency: s.agency.clone(),
                unit: s.unit.clone(),
                email: s.email.clone(),
            },
            public_key: &key.public_key()?,
            profile,
            serial,
            not_before: self.now(),
            urls: &self.cfg.ca.urls,
        })?;
        let i = inspect("demo certificate", &der, None)?;
        let validity = (self.now(), i.not_after.unwrap_or_else(|| self.now()));
        let rec = CertRecord {
            nik: Some(s.nik.to_string()),
            email: Some(s.email.clone()),
            agency: Some(s.agency.clone()),
            subject_dn: i.subject.unwrap_or_default(),
            issuer_dn: i.issuer.unwrap_or_default(),
            sha256: Some(i.sha256),
            ..CertRecord::new(serial.to_string(), &s.name, &profile.name, validity, CertState::Issued)
        };
        let mut b = Batch::new();
        ensure_holder(&mut b, &Holder::new(s.clone(), self.now()));
        insert_cert(&mut b, &rec, Some(&der));
        self.audit(
            &mut b,
            &op.name,
            "cert_import",
            None,
            format!("demo certificate {serial} of {}", s.name),
        );
        b.commit(&self.store).await?;
        Ok(rec.serial)
    }
}

/// How many of the demo's agencies (the first ones) verifikator2 has.
pub const DEMO_VERIFIER2_AGENCIES: usize = 4;

/// The agencies of demo operator `name`: every one for verifikator1, the
/// first [`DEMO_VERIFIER2_AGENCIES`] for verifikator2, none for the other
/// roles.
fn demo_agencies(name: &str, role: Role) -> Vec<String> {
    let n = match (role, name) {
        (Role::Verifier, "verifikator2") => DEMO_VERIFIER2_AGENCIES,
        (Role::Verifier, _) => AGENCIES.len(),
        _ => 0,
    };
    AGENCIES[..n].iter().map(|a| a.0.to_string()).collect()
}

/// The demo's agencies, as the list holds them.
pub fn demo_agency_names() -> Vec<String> {
    AGENCIES.iter().map(|a| a.0.to_string()).collect()
}

/// The applicant's data as update case `i` proposes it: another position,
/// and for every third another agency (which re-issues). Draws nothing
/// from the demo's random stream.
fn moved(s: &Subscriber, i: usize) -> Subscriber {
    let mut next = s.clone();
    next.position = POSITIONS
        .iter()
        .cycle()
        .skip(i)
        .find(|p| Some(**p) != s.position.as_deref())
        .map(|p| p.to_string());
    if i.is_multiple_of(3)
        && let Some((agency, _, _)) = AGENCIES.iter().find(|a| a.0 != s.agency)
    {
        next.agency = agency.to_string();
    }
    next
}

enum Step {
    Tick(CheckItem),
    /// Action, and whether the RA officer (not the verifier) takes it.
    Do(Action, bool),
}

fn plan(kind: CaseKind) -> Vec<Step> {
    use Step::*;
    match kind {
        CaseKind::Issuance | CaseKind::Renewal => vec![
            Do(Action::SendToApplicant, false),
            Do(Action::RecordApplicantData, false),
            Tick(CheckItem::KtpMatches),
            Tick(CheckItem::RecommendationValid),
            Tick(CheckItem::EmailActive),
            Tick(CheckItem::IdentityCheck),
            Do(Action::Verify, false),
            Do(Action::SetPassphrase, false),
            Do(Action::Approve, true),
        ],
        CaseKind::Update => vec![
            Tick(CheckItem::KtpMatches),
            Tick(CheckItem::SupportingDocsValid),
            Tick(CheckItem::EmailActive),
            Do(Action::Forward, false),
            Do(Action::Apply, true),
        ],
        CaseKind::Revocation => vec![
            Tick(CheckItem::KtpMatches),
            Tick(CheckItem::StatementValid),
            Do(Action::Forward, false),
            Do(Action::Revoke, true),
        ],
        CaseKind::Reset | CaseKind::Reactivation => Vec::new(),
    }
}

/// Written first into a folder the demo makes: the folder is the demo's.
pub const DEMO_STARTED: &str = ".demo-started";
/// Written last, once the demo is complete: the folder is reused as it is.
pub const DEMO_COMPLETE: &str = ".demo-complete";
/// What a demo makes in its folder; an interrupted demo loses only these.
const DEMO_PARTS: [&str; 3] = ["ca", "publish", "outbox"];

/// The state a demo folder was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoDir {
    /// Empty or new: the demo is made there.
    Fresh,
    /// A complete demo, reused.
    Complete,
    /// A demo killed midway: what it made is removed and it is made again.
    Interrupted,
}

/// Readies `dir` for `ratu demo` with its store in `db`: a complete demo is
/// reused; one killed midway is wiped (only what the demo makes) and made
/// again; a folder holding a store or CA files that no demo of ours
/// started is refused, naming what to delete. Nothing else is ever removed.
pub fn prepare_demo_dir(dir: &Path, db: &Path) -> Result<DemoDir> {
    let io = |e: std::io::Error| RaError::Io(format!("{}: {e}", dir.display()));
    let refuse = |found: &Path, what: &str| {
        RaError::Invalid(format!(
            "{} holds {} but {what}: delete {} to make the demo there, or give another folder",
            dir.display(),
            found.display(),
            if found.starts_with(dir) { dir } else { found }.display()
        ))
    };
    if dir.join(DEMO_COMPLETE).exists() {
        return Ok(DemoDir::Complete);
    }
    let ours = DEMO_PARTS.map(|p| dir.join(p));
    if dir.join(DEMO_STARTED).exists() {
        if db.exists() && !db.starts_with(dir) {
            return Err(refuse(db, "the demo made there was killed midway"));
        }
        for p in ours.iter().map(|p| p.as_path()).chain([db]).filter(|p| p.exists()) {
            std::fs::remove_dir_all(p).map_err(io)?;
        }
        return Ok(DemoDir::Interrupted);
    }
    if let Some(found) = [db]
        .into_iter()
        .chain(ours.iter().map(|p| p.as_path()))
        .find(|p| p.exists())
    {
        return Err(refuse(
            found,
            "no complete demo (a demo killed midway, or not a demo folder)",
        ));
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    std::fs::write(dir.join(DEMO_STARTED), b"").map_err(io)?;
    Ok(DemoDir::Fresh)
}

/// Marks the demo in `dir` complete; written last.
pub fn mark_demo_complete(dir: &Path) -> Result<()> {
    std::fs::write(dir.join(DEMO_COMPLETE), b"").map_err(|e| RaError::Io(format!("{}: {e}", dir.display())))
}
