//! The demo's passphrase resets and reactivations: holders with a
//! certificate, and their cases at each step (opened, checked, with the
//! RA, waiting on the holder's new passphrase, issued anew). Made after the
//! other demo cases, with a random stream of their own, so those stay the
//! same.

use super::{DEMO_FORGOTTEN_PDF, DEMO_FORM_PDF, DEMO_KTP_PNG, DEMO_PNG, applicant};
use crate::domain::{Action, CaseKind, CheckItem, DocKind, NewCase, Operator};
use crate::ra::{Ra, Result};
use chrono::Duration;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// How far each demo case of a kind goes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    Opened,
    Checked,
    Forwarded,
    Approved,
    Issued,
}

const PLAN: [(CaseKind, Reach); 7] = [
    (CaseKind::Reset, Reach::Opened),
    (CaseKind::Reset, Reach::Forwarded),
    (CaseKind::Reset, Reach::Approved),
    (CaseKind::Reset, Reach::Issued),
    (CaseKind::Reactivation, Reach::Checked),
    (CaseKind::Reactivation, Reach::Forwarded),
    (CaseKind::Reactivation, Reach::Issued),
];

fn docs(kind: CaseKind) -> Vec<(DocKind, String, Vec<u8>)> {
    let pdf = |k, name: &str, bytes: &[u8]| (k, name.to_string(), bytes.to_vec());
    let png = |k, name: &str| (k, name.to_string(), DEMO_PNG.to_vec());
    match kind {
        CaseKind::Reset => vec![
            pdf(
                DocKind::ForgottenPassphrase,
                "surat-pernyataan-lupa-passphrase.pdf",
                DEMO_FORGOTTEN_PDF,
            ),
            (DocKind::Ktp, "ktp.png".to_string(), DEMO_KTP_PNG.to_vec()),
        ],
        _ => vec![
            pdf(DocKind::ResetForm, "formulir-reset-autentikator.pdf", DEMO_FORM_PDF),
            png(DocKind::AntivirusScan, "hasil-pemindaian-antivirus.png"),
            png(DocKind::EmailPasswordChanged, "bukti-ganti-kata-sandi-email.png"),
        ],
    }
}

impl Ra {
    /// Holders numbered from `first` (after the other demo applicants),
    /// each with a certificate issued about a year ago, and one reset or
    /// reactivation case each, taken as far as [`PLAN`] says. `v` opens and
    /// checks them, `ra` approves.
    pub(in crate::ra) async fn demo_procedures(
        &self,
        admin: &Operator,
        v: &Operator,
        ra: &Operator,
        first: usize,
        seed: u64,
    ) -> Result<usize> {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x0005_eed1);
        let now = self.now();
        let mut made = 0;
        for (i, (kind, reach)) in PLAN.into_iter().enumerate() {
            let Ok(subscriber) = applicant(&mut rng, first + i).validate() else {
                continue;
            };
            let serial = self
                .at(now - Duration::days(380) + Duration::minutes(37 * i as i64))
                .demo_certificate(admin, &subscriber)
                .await?;
            let mut t = now - Duration::hours(30 - 4 * i as i64);
            let new = NewCase {
                kind,
                subscriber,
                revocation_reason: None,
                cert_serial: Some(serial),
                note: None,
            };
            let case = self.at(t).new_case(v, new, &docs(kind)).await?;
            made += 1;
            let mut step = |minutes| {
                t += Duration::minutes(minutes);
                self.at(t)
            };
            if reach >= Reach::Checked {
                for item in CheckItem::for_kind(kind) {
                    step(6).tick(v, case.id, *item, true, None).await?;
                }
            }
            if reach >= Reach::Forwarded {
                step(10).act(v, case.id, Action::Forward, None, None).await?;
            }
            if reach >= Reach::Approved {
                step(45).act(ra, case.id, Action::Approve, None, None).await?;
            }
            if reach >= Reach::Issued {
                step(90).demo_sets_passphrase(case.id).await?;
                step(2).issue(ra, case.id).await?;
            }
        }
        Ok(made)
    }
}
