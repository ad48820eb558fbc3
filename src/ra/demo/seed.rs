//! [`Ra::make_demo`]: the demo's cases, each taken through the same
//! use-cases an officer runs, at times spread over the past weeks.

use super::people::{AGENCIES, moved};
use super::*;
use crate::ca::{HierarchySpec, IssueRequest, KeyAlg, PrivateKey, Serial, SubjectInfo, inspect};
use crate::domain::{Action, CaseKind, CheckItem, DocKind, NewCase, Operator, RevocationReason, Role};
use crate::domain::{CertRecord, CertState, Holder, LinkStep, Subscriber};
use crate::ra::{ApplicantData, Clock, DEMO_CA_PASSPHRASE, Ra, Result, Upload};
use crate::store::{Batch, ensure_holder, insert_cert};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng, seq::SliceRandom};

impl Ra {
    pub(in crate::ra) fn at(&self, t: DateTime<Utc>) -> Ra {
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
    pub(in crate::ra) async fn demo_sets_passphrase(&self, id: u64) -> Result<()> {
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
    pub(in crate::ra) async fn demo_certificate(&self, op: &Operator, s: &Subscriber) -> Result<String> {
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
