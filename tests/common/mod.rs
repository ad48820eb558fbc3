//! Shared fixtures for the integration tests.
#![allow(dead_code)]

pub mod disk;
pub mod openssl;
pub mod tmux;

use chrono::{DateTime, TimeZone, Utc};
use ratu::domain::{CaseKind, DocKind, NewCase, Operator, Role, SubscriberForm};
use ratu::ra::demo::{DEMO_PDF, DEMO_PNG};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, Store};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
}

pub async fn ra_on(target: &DbTarget) -> Ra {
    let store = Store::open(target).await.expect("store opens");
    Ra::new(store, RaConfig::default(), Clock::Fixed(t0()))
}

pub async fn ra_mem() -> Ra {
    ra_on(&DbTarget::Memory).await
}

/// An RA on mem:// with one operator of each role (PIN 123456):
/// admin, ver1, ver2, ra1, ra2, aud.
pub async fn staffed() -> (Ra, Staff) {
    let ra = ra_mem().await;
    let staff = staff(&ra).await;
    (ra, staff)
}

/// One operator of each role (PIN 123456) on `ra`.
pub async fn staff(ra: &Ra) -> Staff {
    staff_with_pin(ra, "123456").await
}

/// The agencies the tests' cases are of: on the list of every staffed
/// RA, and ver1's and ver2's.
pub const AGENCIES: [&str; 6] = [
    "Dinas Komunikasi dan Informatika Provinsi Bali",
    "Dinkes Kota Bandung",
    "Badan Pendapatan Daerah Provinsi Bali",
    "Dinas Pendidikan Kota Medan",
    "Dinas Komunikasi dan Informatika Kabupaten Demo",
    "Diskominfo Kota Bandung",
];

/// One operator of each role, each with `pin`; the verifiers work on
/// every agency of [`AGENCIES`].
pub async fn staff_with_pin(ra: &Ra, pin: &str) -> Staff {
    let admin = ra.add_operator(None, "admin", Role::CaAdmin, pin).await.unwrap();
    for a in AGENCIES {
        ra.add_agency(&admin, a).await.unwrap();
    }
    let all: Vec<String> = AGENCIES.map(String::from).to_vec();
    let add = async |n: &str, r| ra.add_operator(Some(&admin), n, r, pin).await.unwrap();
    let verifier = async |n: &str| {
        ra.add_operator_in(Some(&admin), n, Role::Verifier, &all, pin)
            .await
            .unwrap()
    };
    Staff {
        ver1: verifier("ver1").await,
        ver2: verifier("ver2").await,
        ra1: add("ra1", Role::RaOfficer).await,
        ra2: add("ra2", Role::RaOfficer).await,
        aud: add("aud", Role::Auditor).await,
        admin,
    }
}

pub struct Staff {
    pub admin: Operator,
    pub ver1: Operator,
    pub ver2: Operator,
    pub ra1: Operator,
    pub ra2: Operator,
    pub aud: Operator,
}

pub fn applicant(serial: u32) -> SubscriberForm {
    SubscriberForm {
        name: "Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T.".into(),
        nik: format!("517101120390{serial:04}"),
        nip: Some("199003122015031001".into()),
        email: format!("igusti{serial}@baliprov.go.id"),
        agency: "Dinas Komunikasi dan Informatika Provinsi Bali".into(),
        unit: Some("Bidang Persandian".into()),
        ..Default::default()
    }
}

pub fn new_case(kind: CaseKind, serial: u32) -> NewCase {
    NewCase {
        kind,
        subscriber: applicant(serial).validate().unwrap(),
        revocation_reason: (kind == CaseKind::Revocation).then_some(ratu::domain::RevocationReason::KeyCompromise),
        cert_serial: None,
        note: None,
    }
}

pub fn docs(kind: CaseKind) -> Vec<(DocKind, String, Vec<u8>)> {
    match kind {
        CaseKind::Issuance | CaseKind::Renewal => vec![
            (DocKind::Recommendation, "rekomendasi.pdf".into(), DEMO_PDF.to_vec()),
            (DocKind::Ktp, "ktp.png".into(), DEMO_PNG.to_vec()),
        ],
        CaseKind::Update => vec![(DocKind::Form, "form.pdf".into(), DEMO_PDF.to_vec())],
        CaseKind::Revocation => vec![(DocKind::Statement, "pernyataan.pdf".into(), DEMO_PDF.to_vec())],
        CaseKind::Reset => vec![
            (
                DocKind::ForgottenPassphrase,
                "pernyataan-lupa.pdf".into(),
                DEMO_PDF.to_vec(),
            ),
            (DocKind::Ktp, "ktp.png".into(), DEMO_PNG.to_vec()),
        ],
        CaseKind::Reactivation => vec![
            (DocKind::ResetForm, "formulir-reset.pdf".into(), DEMO_PDF.to_vec()),
            (DocKind::AntivirusScan, "pindai-antivirus.png".into(), DEMO_PNG.to_vec()),
            (
                DocKind::EmailPasswordChanged,
                "ganti-sandi.png".into(),
                DEMO_PNG.to_vec(),
            ),
        ],
    }
}

/// The applicant passphrase the tests use (meets the policy).
pub const APPLICANT_PASS: &str = "Pemohon-Uji-2026";
pub const CA_PASS: &str = "Kunci-CA-Uji-2026";

/// An RA whose CA files live in `dir`, on `target`, at `now`.
pub async fn ra_with_ca_dir(target: &DbTarget, dir: &std::path::Path, now: DateTime<Utc>) -> Ra {
    let store = Store::open(target).await.expect("store opens");
    let mut cfg = RaConfig::default();
    cfg.ca.dir = dir.join("ca");
    cfg.ca.publish_dir = dir.join("publish");
    cfg.ca.subscriber_alg = ratu::ca::KeyAlg::EcdsaP256;
    cfg.ca.urls.crl = Some("http://ra.example.go.id/crl/issuing-ca.crl".into());
    cfg.ca.urls.ca_issuers = Some("http://ra.example.go.id/ca/issuing-ca.der".into());
    Ra::new(store, cfg, Clock::Fixed(now))
}

/// A staffed RA on mem:// with a fresh, unlocked CA in `dir`.
pub async fn staffed_with_ca(dir: &std::path::Path) -> (Ra, Staff) {
    let ra = ra_with_ca_dir(&DbTarget::Memory, dir, t0()).await;
    let staff = staff(&ra).await;
    ra.ca_init(&staff.admin, &ratu::ca::HierarchySpec::default(), CA_PASS)
        .await
        .expect("CA created");
    (ra, staff)
}

/// Takes an issuance or renewal case from draft to awaiting RA review.
pub async fn to_ra_review(ra: &Ra, s: &Staff, id: u64) {
    use ratu::domain::{Action, CheckItem};
    ra.act(&s.ver1, id, Action::SendToApplicant, None, None).await.unwrap();
    ra.act(&s.ver1, id, Action::RecordApplicantData, None, None)
        .await
        .unwrap();
    for item in [
        CheckItem::KtpMatches,
        CheckItem::RecommendationValid,
        CheckItem::EmailActive,
        CheckItem::IdentityCheck,
    ] {
        ra.tick(&s.ver1, id, item, true, None).await.unwrap();
    }
    ra.act(&s.ver1, id, Action::Verify, None, None).await.unwrap();
}

/// The token of the one-time link the applicant's latest e-mail about
/// case `id` carries: the outbox delivered to a folder, as the site does.
pub async fn applicant_token(ra: &Ra, admin: &Operator, id: u64) -> String {
    let dir = tempfile::tempdir().unwrap();
    let d = ratu::notify::Delivery::Folder(dir.path().to_path_buf());
    ra.deliver_outbox(admin, &d).await.unwrap();
    latest_token(dir.path(), id)
}

/// The token of the link in the latest e-mail about case `id` among the
/// .eml files in `dir`.
pub fn latest_token(dir: &std::path::Path, id: u64) -> String {
    let mut mails: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("case{id}-"))
        })
        .collect();
    mails.sort_by_key(|p| {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        name.rsplit('-').next().unwrap().parse::<u64>().unwrap()
    });
    let text = std::fs::read_to_string(mails.last().expect("an e-mail for the case")).unwrap();
    let at = text.find("/l/").expect("a link in the e-mail") + 3;
    text[at..at + ratu::domain::link::TOKEN_CHARS].to_string()
}

/// A selfie as the applicant page uploads it.
pub fn selfie() -> ratu::ra::Upload {
    ratu::ra::Upload {
        name: "swafoto.png".into(),
        bytes: ratu::ra::demo::DEMO_PNG.to_vec(),
    }
}

/// The applicant sets their passphrase (`APPLICANT_PASS`) through their
/// link, as the applicant page does: the case goes to RA review.
pub async fn applicant_sets_passphrase(ra: &Ra, admin: &Operator, id: u64) -> ratu::domain::Case {
    let token = applicant_token(ra, admin, id).await;
    let sha = ra.config().agreement.sha256.clone();
    ra.applicant_set_passphrase(&token, "127.0.0.1", APPLICANT_PASS, APPLICANT_PASS, &sha, &selfie())
        .await
        .unwrap()
}

/// Writes a certificate record (and its holder's record) to the store
/// directly, as `cert import` would but with no audit event.
async fn store_cert(ra: &Ra, rec: &ratu::domain::CertRecord, holder: Option<&ratu::domain::Holder>) {
    let mut b = ratu::store::Batch::new();
    if let Some(h) = holder {
        ratu::store::put_holder(&mut b, h);
    }
    ratu::store::insert_cert(&mut b, rec, None);
    b.commit(ra.store()).await.unwrap();
}

/// Makes applicant `n` a holder on record (their data as `applicant(n)`
/// but for an older position, so that an update case of `applicant(n)`
/// changes something) with one valid certificate from another issuer,
/// linked to their NIK: what renewal, update and revocation cases are
/// about. Returns the certificate's serial.
pub async fn holding(ra: &Ra, n: u32) -> String {
    use ratu::domain::{CertRecord, CertState, Holder};
    let mut data = applicant(n).validate().unwrap();
    data.position = Some("Staf".into());
    let serial = format!("7e{n:06x}");
    let rec = CertRecord {
        nik: Some(data.nik.to_string()),
        email: Some(data.email.clone()),
        agency: Some(data.agency.clone()),
        issuer_dn: "CN=BSrE Uji, O=BSSN, C=ID".into(),
        subject_dn: format!("CN={}", data.name),
        ours: false,
        ..CertRecord::new(
            serial.clone(),
            &data.name,
            "imported",
            (t0() - chrono::Duration::days(30), t0() + chrono::Duration::days(700)),
            CertState::Issued,
        )
    };
    store_cert(ra, &rec, Some(&Holder::new(data, t0()))).await;
    serial
}

/// Records an issued certificate (with an e-mail) that expires at
/// `not_after`.
pub async fn expiring_cert(ra: &Ra, serial: &str, not_after: DateTime<Utc>) {
    use ratu::domain::{CertRecord, CertState};
    let rec = CertRecord {
        email: Some(format!("{serial}@bandung.go.id")),
        ..CertRecord::new(
            serial,
            format!("Pemegang {serial}"),
            "signing",
            (not_after - chrono::Duration::days(730), not_after),
            CertState::Issued,
        )
    };
    store_cert(ra, &rec, None).await;
}

/// Opens an issuance case for applicant `n` and takes it to RA review with
/// the applicant's passphrase set; returns its number.
pub async fn in_ra_review(ra: &Ra, s: &Staff, n: u32) -> u64 {
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, n), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    to_ra_review(ra, s, c.id).await;
    applicant_sets_passphrase(ra, &s.admin, c.id).await;
    c.id
}

/// Issues a certificate to applicant `n` through a whole issuance case;
/// returns its serial.
pub async fn issued(ra: &Ra, s: &Staff, n: u32) -> String {
    let id = in_ra_review(ra, s, n).await;
    let done = ra
        .act(&s.ra1, id, ratu::domain::Action::Approve, None, None)
        .await
        .unwrap();
    assert_eq!(done.state, ratu::domain::CaseState::Issued);
    done.cert_serial.expect("issued case names its certificate")
}

/// The real binary on the data folder `data` (no config file; PIN 135790
/// for whoever signs in, no operator from the environment): its output.
pub fn ratu_cli(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(args)
        .env("RATU_PIN", "135790")
        .env_remove("RATU_OPERATOR")
        .output()
        .expect("ratu runs")
}
