//! The applicant's own steps, taken through their one-time link (the
//! applicant page calls these; so do tests and the demo, with a link from
//! an e-mail). The actor is `applicant:CASE`, recorded in the audit trail
//! with the client's address; the link is checked and used in the same
//! transaction as the step, so it works once and only on the case,
//! step and case version it was sent for.
//!
//! - identity: they complete or correct phone, position, unit and NPWP
//!   (the console's validators), upload the KTP scan and a selfie; the
//!   case goes to the verifier, with what they changed (`Case::changes`);
//! - set passphrase: a selfie again, the subscriber agreement accepted
//!   (its version and SHA-256 recorded), the passphrase twice under the
//!   policy; ratu generates the key and keeps it encrypted under the
//!   passphrase. Or their own CSR instead (their key never leaves them);
//! - download: their `.p12` with that passphrase (wrong ones count
//!   against the link and the certificate's PKCS#12 lockout) and `.cer`.

use super::{OpenedLink, Ra, RaError, Result};
use crate::ca::{PrivateKey, encrypt_pkcs8, parse_csr, passphrase_policy};
use crate::domain::case::{MediaType, workflow};
use crate::domain::link::applicant;
use crate::domain::{Action, Case, CheckItem, DocKind, LinkStep, Operator, changes_between};
use crate::store::{Batch, SubscriberKey, count_link_failure, insert_document, put_subkey, update_case, use_link};

/// What the applicant completes or corrects at the identity step (empty:
/// none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicantData {
    pub phone: Option<String>,
    pub position: Option<String>,
    pub unit: Option<String>,
    pub npwp: Option<String>,
}

/// A file the applicant uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// How the applicant's key comes about at the set-passphrase step.
enum KeyChoice<'a> {
    Passphrase(&'a str),
    Csr(&'a Upload),
}

impl Ra {
    /// The identity-data step.
    pub async fn applicant_identity(
        &self,
        token: &str,
        client: &str,
        data: &ApplicantData,
        ktp: &Upload,
        selfie: &Upload,
    ) -> Result<Case> {
        let OpenedLink { link, case } = self.open_link(token, LinkStep::Identity).await?;
        let op = applicant(case.id);
        let mut form = case.subscriber.form();
        form.phone = data.phone.clone();
        form.position = data.position.clone();
        form.unit = data.unit.clone();
        form.npwp = data.npwp.clone();
        let subscriber = form.validate()?;
        let ktp = self.prepare_document(&op, case.id, DocKind::Ktp, &ktp.name, &ktp.bytes)?;
        let selfie = self.selfie(&op, case.id, selfie)?;
        let mut with_docs = case.clone();
        for kind in [DocKind::Ktp, DocKind::Selfie] {
            if !with_docs.documents.contains(&kind) {
                with_docs.documents.push(kind);
            }
        }
        with_docs.documents.sort();
        let t = workflow::check(&with_docs, &op, Action::RecordApplicantData)?;
        let mut next = with_docs.after(t, &op, None, self.now());
        next.changes = changes_between(&case.subscriber, &subscriber);
        next.subscriber = subscriber;
        let changed: Vec<&str> = next.changes.iter().map(|c| c.field.as_str()).collect();
        let mut b = Batch::new();
        update_case(&mut b, &case, &next);
        use_link(&mut b, &link.id, self.now());
        for (info, bytes) in [&ktp, &selfie] {
            insert_document(&mut b, info, bytes);
            self.audit(
                &mut b,
                &op.name,
                "document_add",
                Some(&next),
                super::cases::doc_detail(info),
            );
        }
        let detail = format!(
            "{} → {} from {client} through link {}; changed: {}",
            case.state,
            next.state,
            link.id,
            if changed.is_empty() {
                "nothing".into()
            } else {
                changed.join(", ")
            }
        );
        self.audit(
            &mut b,
            &op.name,
            Action::RecordApplicantData.as_str(),
            Some(&next),
            detail,
        );
        b.commit(&self.store).await?;
        Ok(next)
    }

    /// The set-passphrase step with a key generated for the applicant and
    /// kept encrypted under their passphrase (typed twice). `agreement`
    /// is the SHA-256 of the agreement text the page showed.
    pub async fn applicant_set_passphrase(
        &self,
        token: &str,
        client: &str,
        passphrase: &str,
        again: &str,
        agreement: &str,
        selfie: &Upload,
    ) -> Result<Case> {
        if passphrase != again {
            return Err(RaError::Invalid(
                "the two passphrase entries differ: type the same passphrase twice".into(),
            ));
        }
        passphrase_policy(passphrase).map_err(|e| RaError::Invalid(format!("passphrase rejected: {e}")))?;
        self.key_step(token, client, KeyChoice::Passphrase(passphrase), agreement, selfie)
            .await
    }

    /// The set-passphrase step with the applicant's own CSR: its signature
    /// is checked, weak keys refused; only its public key is used.
    pub async fn applicant_submit_csr(
        &self,
        token: &str,
        client: &str,
        csr: &Upload,
        agreement: &str,
        selfie: &Upload,
    ) -> Result<Case> {
        self.key_step(token, client, KeyChoice::Csr(csr), agreement, selfie)
            .await
    }

    async fn key_step(
        &self,
        token: &str,
        client: &str,
        choice: KeyChoice<'_>,
        agreement: &str,
        selfie: &Upload,
    ) -> Result<Case> {
        let OpenedLink { link, case } = self.open_link(token, LinkStep::Passphrase).await?;
        let op = applicant(case.id);
        let a = &self.cfg.agreement;
        if agreement != a.sha256 {
            return Err(RaError::Invalid(format!(
                "accept the subscriber agreement (version {}) shown on this page first",
                a.version
            )));
        }
        let t = workflow::check(&case, &op, Action::SetPassphrase)?;
        let selfie = self.selfie(&op, case.id, selfie)?;
        let key = match choice {
            KeyChoice::Passphrase(p) => {
                let alg = self.cfg.ca.subscriber_alg;
                let k = PrivateKey::generate(alg)?;
                SubscriberKey {
                    source: "generated".into(),
                    spki: k.public_key()?.spki_der,
                    enc_key: Some(encrypt_pkcs8(k.pkcs8_der(), p)?),
                    alg: alg.to_string(),
                }
            }
            KeyChoice::Csr(u) => {
                let csr = parse_csr(&u.name, &u.bytes)?;
                SubscriberKey {
                    source: "csr".into(),
                    alg: csr.public_key.info.to_string(),
                    spki: csr.public_key.spki_der,
                    enc_key: None,
                }
            }
        };
        let now = self.now();
        let mut next = case
            .with_tick(CheckItem::AgreementAccepted, true, &op, now)
            .after(t, &op, None, now);
        next.version = case.version + 1;
        if !next.documents.contains(&DocKind::Selfie) {
            next.documents.push(DocKind::Selfie);
            next.documents.sort();
        }
        let mut b = Batch::new();
        update_case(&mut b, &case, &next);
        use_link(&mut b, &link.id, now);
        put_subkey(&mut b, case.id, &key, now);
        insert_document(&mut b, &selfie.0, &selfie.1);
        self.audit(
            &mut b,
            &op.name,
            "document_add",
            Some(&next),
            super::cases::doc_detail(&selfie.0),
        );
        self.audit(
            &mut b,
            &op.name,
            "agreement_accept",
            Some(&next),
            format!("subscriber agreement {} sha256 {} from {client}", a.version, a.sha256),
        );
        let detail = format!(
            "{} → {} from {client} through link {}; key {} ({})",
            case.state, next.state, link.id, key.source, key.alg
        );
        let event = self.audit(&mut b, &op.name, Action::SetPassphrase.as_str(), Some(&next), detail);
        if let Some(n) = t.notice {
            self.queue_mail(&mut b, event, n, &next)?;
        }
        b.commit(&self.store).await?;
        Ok(next)
    }

    /// A selfie: a JPEG or PNG photo (never a PDF), checked as any document.
    fn selfie(&self, op: &Operator, case_id: u64, u: &Upload) -> Result<(crate::domain::case::DocumentInfo, Vec<u8>)> {
        let (info, bytes) = self.prepare_document(op, case_id, DocKind::Selfie, &u.name, &u.bytes)?;
        if info.media_type == MediaType::Pdf {
            return Err(RaError::Invalid(
                "the selfie must be a photo (JPEG or PNG), not a PDF".into(),
            ));
        }
        Ok((info, bytes))
    }

    /// What the download page offers: the certificate's serial, and
    /// whether ratu holds the applicant's key (no: they sent a CSR).
    pub async fn applicant_download(&self, token: &str) -> Result<(String, bool)> {
        let OpenedLink { case, .. } = self.open_link(token, LinkStep::Download).await?;
        let rec = self.case_cert_live(&case).await?;
        let key = self.store.subkey(case.id).await?;
        Ok((rec.serial, key.enc_key.is_some()))
    }

    /// The issued certificate of a download link, DER (`.cer`); the link
    /// stays open for the `.p12`. Returns the serial too.
    pub async fn applicant_cer(&self, token: &str) -> Result<(String, Vec<u8>)> {
        // The certificate is public: the link gives it after the .p12 too.
        let OpenedLink { case, .. } = self.open_link_as(token, LinkStep::Download, true).await?;
        let rec = self.case_cert_issued(&case).await?;
        let der = self.store.cert_der(&rec.issuer_dn, &rec.serial).await?;
        Ok((rec.serial, der))
    }

    /// The applicant's PKCS#12 through their download link, with the
    /// passphrase they set. A wrong one counts against the link (locked
    /// after `LINK_MAX_FAILURES`) and the certificate's PKCS#12 lockout;
    /// the right one uses the link.
    pub async fn applicant_p12(&self, token: &str, client: &str, passphrase: &str) -> Result<(String, Vec<u8>)> {
        let OpenedLink { link, case } = self.open_link(token, LinkStep::Download).await?;
        let op = applicant(case.id);
        let rec = self.case_cert_live(&case).await?;
        let p12 = self
            .p12_for(&op, &rec, passphrase, client, |b| count_link_failure(b, &link.id))
            .await?;
        let mut b = Batch::new();
        use_link(&mut b, &link.id, self.now());
        self.audit(
            &mut b,
            &op.name,
            "link_use",
            Some(&case),
            format!("download link {} used from {client}", link.id),
        );
        b.commit(&self.store).await?;
        Ok((rec.serial, p12))
    }
}
