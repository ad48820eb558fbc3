//! A demo: fixed operators (PIN 246810, demo only) and realistic cases with
//! Indonesian names, agencies and valid NIK/NIP across all kinds and states,
//! made through the same use-cases an officer runs.
//!
//! | file | holds |
//! |---|---|
//! | `mod.rs` | the demo's operators, PIN, passphrase, sample documents and agencies |
//! | `people.rs` | made-up applicants: names, agencies, NIK and NIP that agree |
//! | `seed.rs` | [`Ra::make_demo`]: cases in every kind and state, taken through their steps |
//! | `procedures.rs` | passphrase resets and reactivations at each of their steps |
//! | `folder.rs` | the demo's folder: started, complete, or interrupted and made again |

mod folder;
mod people;
mod procedures;
mod seed;

use crate::domain::Role;
pub use folder::{DEMO_COMPLETE, DEMO_STARTED, DemoDir, mark_demo_complete, prepare_demo_dir};
pub use people::applicant;

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

/// Documents the demo attaches: real (tiny) PDF and PNG files.
pub const DEMO_PDF: &[u8] = include_bytes!("../../../assets/demo/surat-rekomendasi-demo.pdf");
pub const DEMO_PNG: &[u8] = include_bytes!("../../../assets/demo/ktp-demo.png");
/// The revocation statement, the forgotten-passphrase statement and the
/// forms the demo attaches: each its own sample, so a verifier reading the
/// statement of a revocation sees a statement.
pub const DEMO_REVOCATION_PDF: &[u8] = include_bytes!("../../../assets/demo/surat-pernyataan-pencabutan-demo.pdf");
pub const DEMO_FORGOTTEN_PDF: &[u8] = include_bytes!("../../../assets/demo/surat-pernyataan-lupa-demo.pdf");
pub const DEMO_FORM_PDF: &[u8] = include_bytes!("../../../assets/demo/formulir-demo.pdf");
/// The demo's made-up KTP scan and selfie, marked CONTOH / SAMPLE (drawn by
/// `assets/demo/make_samples.py`), so the review pane has a picture to show.
pub const DEMO_KTP_PNG: &[u8] = include_bytes!("../../../assets/demo/ktp-contoh.png");
pub const DEMO_SELFIE_PNG: &[u8] = include_bytes!("../../../assets/demo/swafoto-contoh.png");

/// What the demo made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoSummary {
    pub operators: Vec<String>,
    pub cases_created: usize,
    pub reused: bool,
}

/// How many of the demo's agencies (the first ones) verifikator2 has.
pub const DEMO_VERIFIER2_AGENCIES: usize = 4;

/// The agencies of demo operator `name`: every one for verifikator1, the
/// first [`DEMO_VERIFIER2_AGENCIES`] for verifikator2, none for the other
/// roles.
fn demo_agencies(name: &str, role: Role) -> Vec<String> {
    let n = match (role, name) {
        (Role::Verifier, "verifikator2") => DEMO_VERIFIER2_AGENCIES,
        (Role::Verifier, _) => people::AGENCIES.len(),
        _ => 0,
    };
    people::AGENCIES[..n].iter().map(|a| a.0.to_string()).collect()
}

/// The demo's agencies, as the list holds them.
pub fn demo_agency_names() -> Vec<String> {
    people::AGENCIES.iter().map(|a| a.0.to_string()).collect()
}
