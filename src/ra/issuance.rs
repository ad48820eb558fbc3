//! The applicant's key and the certificate it leads to.
//!
//! At the set-passphrase step the applicant either hands in a CSR (their
//! key never leaves them) or sets a passphrase: ratu then generates a key
//! pair and keeps the private key only encrypted under that passphrase
//! (PKCS#8, scrypt), which is never stored. When the RA approves, the
//! certificate is issued intent first: the serials of the approved cases
//! are committed before signing (one reservation row per batch), the
//! certificates and the cases' new state right after, in one transaction
//! that also releases the reservation. A crash in between leaves the
//! reservation, which the next `issue` of its case completes with the same
//! serial: never a certificate nobody knows about.
//!
//! Renewal issues for a new key; the certificate it replaces is revoked
//! with reason `superseded` when the new one is recorded, so a subscriber
//! holds one valid certificate at a time.

use super::{Ra, RaError, Result, require_role};
use crate::ca::{self, IssueRequest, PublicKey, Serial, SubjectInfo};
use crate::domain::case::Notice;
use crate::domain::case::workflow;
use crate::domain::{
    Action, Case, CaseKind, CaseState, CertRecord, CertState, Holder, Operator, RevocationReason, Role,
};
use crate::store::{
    Batch, SubscriberKey, clear_p12_failures, count_p12_failure, insert_certs, put_holder, release_reservations,
    reserve_certs, update_cases,
};

/// Wrong passphrases for one certificate's PKCS#12 before it is locked.
pub const P12_MAX_FAILURES: u64 = 5;

/// One certificate about to be issued.
struct IssuePlan {
    /// A reservation left by an interrupted issue is being completed.
    resumed: bool,
    case: Case,
    rec: CertRecord,
    subject: SubjectInfo,
    public_key: PublicKey,
    serial: Serial,
    replaces: Option<CertRecord>,
}

/// What `issue` made.
#[derive(Debug, Clone)]
pub struct Issued {
    pub case: Case,
    pub cert: CertRecord,
    /// Serial of the certificate this one superseded (renewal).
    pub superseded: Option<String>,
}

impl Ra {
    /// Issues the certificate of an approved issuance or renewal case.
    pub async fn issue(&self, op: &Operator, id: u64) -> Result<Issued> {
        let mut done = self.issue_many(op, &[id]).await?;
        done.pop()
            .ok_or_else(|| RaError::Invalid(format!("case {id} was not issued")))
    }

    /// Issues the certificates of several approved cases together: one
    /// read of the cases, their keys and any interrupted reservations; one
    /// transaction reserves every serial; each is signed; one transaction
    /// records every certificate, case, audit event and e-mail. If any case
    /// cannot be issued, nothing is written.
    pub async fn issue_many(&self, op: &Operator, ids: &[u64]) -> Result<Vec<Issued>> {
        let ca = self.unlocked()?;
        let profile = self.cfg.ca.profiles.get(&self.cfg.ca.profile)?;
        let (issuer_dn, _) = self.ca_names(&ca.issuer)?;
        let (mut plans, mut held) = self.plan_issues(op, ids, profile, &issuer_dn).await?;
        // Intent first: the serials and their cases, before any signature.
        // One row and one audit event for the whole batch, keyed by its
        // first serial.
        let fresh: Vec<&IssuePlan> = plans.iter().filter(|p| !p.resumed).collect();
        let own = fresh.first().map(|p| p.rec.serial.clone());
        if let Some(key) = &own {
            let mut b = Batch::new();
            let recs: Vec<&CertRecord> = fresh.iter().map(|p| &p.rec).collect();
            reserve_certs(&mut b, key, &recs);
            let listed: Vec<String> = fresh
                .iter()
                .map(|p| format!("case {} serial {}", p.case.id, p.rec.serial))
                .collect();
            let only = match fresh.as_slice() {
                [one] => Some(&one.case),
                _ => None,
            };
            self.audit(&mut b, &op.name, "cert_reserve", only, listed.join("; "));
            b.commit(&self.store).await?;
            crate::crash::point("issue.reserved");
            held.push(key.clone());
        }
        match self
            .sign_and_record(op, &ca.issuer, profile, plans.as_mut_slice(), &held)
            .await
        {
            Ok(out) => Ok(out),
            Err(e) => {
                // Refused (a case changed meanwhile): the fresh serials will
                // never be signed again; a crash instead leaves them to resume.
                if let Some(key) = &own {
                    let _ = self.store.drop_reservations(&[key.as_str()]).await;
                }
                Err(e)
            }
        }
    }

    /// Signs each planned certificate and records them all, with their
    /// cases, audit events and e-mails, in one transaction that also
    /// releases the reservations `held` for these cases.
    async fn sign_and_record(
        &self,
        op: &Operator,
        issuer: &ca::Issuer,
        profile: &ca::Profile,
        plans: &mut [IssuePlan],
        held: &[String],
    ) -> Result<Vec<Issued>> {
        let mut signed = Vec::with_capacity(plans.len());
        for p in plans.iter_mut() {
            let der = issuer.issue(&IssueRequest {
                subject: &p.subject,
                public_key: &p.public_key,
                profile,
                serial: p.serial,
                not_before: p.rec.not_before,
                urls: &self.cfg.ca.urls,
            })?;
            let info = ca::inspect("issued certificate", &der, None)?;
            p.rec.subject_dn = info.subject.unwrap_or_default();
            p.rec.sha256 = Some(info.sha256);
            p.rec.state = CertState::Issued;
            let mut next = p.case.clone();
            next.state = CaseState::Issued;
            next.cert_serial = Some(p.rec.serial.clone());
            next.cert_issuer = Some(p.rec.issuer_dn.clone());
            next.updated_at = self.now();
            next.updated_by = op.name.clone();
            next.version = p.case.version + 1;
            signed.push((der, next));
        }
        crate::crash::point("issue.signed");
        let mut b = Batch::new();
        let certs: Vec<_> = plans
            .iter()
            .zip(&signed)
            .map(|(p, (der, _))| (&p.rec, Some(der.as_slice())))
            .collect();
        insert_certs(&mut b, &certs);
        let cases: Vec<_> = plans
            .iter()
            .zip(&signed)
            .map(|(p, (_, next))| (&p.case, next))
            .collect();
        update_cases(&mut b, &cases);
        let ids: Vec<u64> = plans.iter().map(|p| p.case.id).collect();
        let keys: Vec<&str> = held.iter().map(String::as_str).collect();
        release_reservations(&mut b, &keys, &ids);
        self.confirm_holders(&mut b, op, plans).await?;
        let mut out = Vec::with_capacity(plans.len());
        for (p, (_, next)) in plans.iter_mut().zip(signed) {
            let detail = format!(
                "serial {} for {} ({})",
                p.rec.serial, p.rec.subject_dn, p.public_key.info
            );
            let event = self.audit(&mut b, &op.name, Action::Issue.as_str(), Some(&next), detail);
            self.queue_mail(&mut b, event, Notice::Issued, &next)?;
            let superseded = match p.replaces.take() {
                Some(mut prev) => {
                    prev.superseded_by = Some(p.rec.serial.clone());
                    self.revoke_in(&mut b, op, &mut prev, RevocationReason::Superseded, None, Some(&next));
                    Some(prev.serial)
                }
                None => None,
            };
            out.push(Issued {
                case: next,
                cert: p.rec.clone(),
                superseded,
            });
        }
        b.commit(&self.store).await?;
        if out.iter().any(|i| i.superseded.is_some()) {
            self.publish_after_revocation().await;
        }
        Ok(out)
    }

    /// Checks the cases and prepares their certificate records (reusing a
    /// reservation an interrupted issue left behind), reading each kind of
    /// record once for all of them. Also returns the keys of the
    /// reservation rows that hold any of these cases.
    async fn plan_issues(
        &self,
        op: &Operator,
        ids: &[u64],
        profile: &ca::Profile,
        issuer_dn: &str,
    ) -> Result<(Vec<IssuePlan>, Vec<String>)> {
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = ids.iter().find(|id| !seen.insert(**id)) {
            return Err(RaError::Invalid(format!("case {dup} is listed twice")));
        }
        let cases = self.store.cases(ids).await?;
        for case in &cases {
            workflow::check(case, op, Action::Issue)?;
        }
        let keys = self.store.subkeys(ids).await?;
        let mut held = Vec::new();
        let mut reserved: std::collections::HashMap<u64, CertRecord> = Default::default();
        for r in self.store.reservations().await? {
            let mine: Vec<CertRecord> = r
                .certs
                .into_iter()
                .filter(|c| c.case_id.is_some_and(|id| seen.contains(&id)))
                .collect();
            if !mine.is_empty() {
                held.push(r.key);
            }
            for c in mine {
                reserved.insert(c.case_id.unwrap_or_default(), c);
            }
        }
        let mut plans = Vec::with_capacity(ids.len());
        for (case, key) in cases.into_iter().zip(keys) {
            let resumed = reserved.remove(&case.id);
            plans.push(self.plan_issue(case, key, resumed, profile, issuer_dn).await?);
        }
        Ok((plans, held))
    }

    /// The certificate record, subject and key of one case.
    async fn plan_issue(
        &self,
        case: Case,
        key: Option<SubscriberKey>,
        reserved: Option<CertRecord>,
        profile: &ca::Profile,
        issuer_dn: &str,
    ) -> Result<IssuePlan> {
        let id = case.id;
        let key = key.ok_or_else(|| {
            RaError::Invalid(format!(
                "case {id} has no applicant key: the set-passphrase step was taken without a passphrase or CSR"
            ))
        })?;
        let public_key = PublicKey {
            info: ca::KeyInfo::from_spki("applicant key", &key.spki)?,
            spki_der: key.spki,
        };
        let s = &case.subscriber;
        let subject = SubjectInfo {
            name: s.name.clone(),
            agency: s.agency.clone(),
            unit: s.unit.clone(),
            email: s.email.clone(),
        };
        let (serial, not_before) = match &reserved {
            Some(r) => (r.serial.parse::<Serial>().map_err(RaError::Invalid)?, r.not_before),
            None => (Serial::random(), self.now()),
        };
        let not_after = profile.not_after(not_before)?;
        let rec = CertRecord {
            case_id: Some(id),
            nik: Some(s.nik.to_string()),
            email: Some(s.email.clone()),
            agency: Some(s.agency.clone()),
            issuer_dn: issuer_dn.to_string(),
            ..CertRecord::new(
                serial.to_string(),
                &s.name,
                &profile.name,
                (not_before, not_after),
                CertState::Reserved,
            )
        };
        // Renewal and reset: exactly the certificate it names (its
        // holder's), revoked as superseded; none if it was revoked
        // meanwhile. (A reactivation's was revoked at its approval.)
        let replaces = match case.kind {
            CaseKind::Renewal | CaseKind::Reset if case.cert_serial.is_some() => {
                Some(self.case_cert(&case).await?).filter(|c| matches!(c.state, CertState::Issued | CertState::Held))
            }
            _ => None,
        };
        Ok(IssuePlan {
            resumed: reserved.is_some(),
            case,
            rec,
            subject,
            public_key,
            serial,
            replaces,
        })
    }

    /// The holders' records take the data their certificates were issued
    /// with (in `b`), one read for all of them.
    async fn confirm_holders(&self, b: &mut Batch, op: &Operator, plans: &[IssuePlan]) -> Result<()> {
        let niks: Vec<String> = plans.iter().map(|p| p.case.subscriber.nik.to_string()).collect();
        let holders = self.store.holders(&niks).await?;
        for (p, holder) in plans.iter().zip(holders) {
            let s = &p.case.subscriber;
            let next = match holder {
                None => Some(Holder::new(s.clone(), self.now())),
                Some(h) => h.confirmed(s, &op.name, Some(p.case.id), self.now()),
            };
            if let Some(h) = next {
                put_holder(b, &h);
            }
        }
        Ok(())
    }

    /// The applicant's PKCS#12: their generated key, opened with their
    /// passphrase, with the certificate and the chain, protected by the
    /// same passphrase. For RA officers and CA admins; every attempt is
    /// audited, and after [`P12_MAX_FAILURES`] wrong passphrases for one
    /// certificate it is refused until a ca_admin clears it.
    pub async fn cert_p12(&self, op: &Operator, serial: &str, passphrase: &str) -> Result<Vec<u8>> {
        Self::may_write_p12(op)?;
        let rec = self.find_cert(serial).await?;
        self.p12_for(op, &rec, passphrase, "the console", |_| {}).await
    }

    /// The PKCS#12 of `rec` for `op` (checked already), from `client`; a
    /// wrong passphrase is counted (and `on_wrong` adds to that batch).
    pub(super) async fn p12_for(
        &self,
        op: &Operator,
        rec: &CertRecord,
        passphrase: &str,
        client: &str,
        on_wrong: impl FnOnce(&mut Batch),
    ) -> Result<Vec<u8>> {
        let serial = rec.serial.clone();
        if rec.state == CertState::Held {
            return Err(RaError::Invalid(format!(
                "certificate {serial} is on hold while case {} is pending: its PKCS#12 is not given out until the hold is released",
                rec.held_by.map_or("-".to_string(), |c| c.to_string())
            )));
        }
        let failures = self.store.p12_failures(&rec.issuer_dn, &serial).await?;
        if failures >= P12_MAX_FAILURES {
            self.p12_attempt(
                Batch::new(),
                op,
                rec,
                "cert_p12_refused",
                format!("PKCS#12 of {serial} refused from {client}: locked after {failures} wrong passphrases"),
                false,
            )
            .await?;
            return Err(RaError::Invalid(format!(
                "the PKCS#12 of certificate {serial} is locked after {failures} wrong passphrases; a ca_admin clears it with `ratu cert p12-unlock {serial}`"
            )));
        }
        let case_id = rec
            .case_id
            .ok_or_else(|| RaError::Invalid(format!("certificate {serial} was not issued from a case here")))?;
        let key = self.store.subkey(case_id).await?;
        let enc = key.enc_key.ok_or_else(|| {
            RaError::Invalid(format!(
                "certificate {serial} was issued for the applicant's own CSR: they hold the key; export the certificate instead"
            ))
        })?;
        let der = self.store.cert_der(&rec.issuer_dn, &serial).await?;
        let (issuing, root) = self.ca_certs()?;
        let chain: Vec<Vec<u8>> = std::iter::once(issuing).chain(root).collect();
        let pkcs8 = match ca::decrypt_pkcs8("the applicant's key", &enc, passphrase) {
            Ok(k) => k,
            Err(e @ ca::CaError::WrongPassphrase { .. }) => {
                let n = failures + 1;
                let mut b = Batch::new();
                on_wrong(&mut b);
                self.p12_attempt(
                    b,
                    op,
                    rec,
                    "cert_p12_wrong_passphrase",
                    format!("PKCS#12 of {serial} from {client}: wrong passphrase ({n} of {P12_MAX_FAILURES})"),
                    true,
                )
                .await?;
                return Err(e.into());
            }
            Err(e) => return Err(e.into()),
        };
        let p12 = ca::make_p12(&der, &pkcs8, &chain, passphrase, &rec.holder)?;
        drop(pkcs8);
        self.p12_attempt(
            Batch::new(),
            op,
            rec,
            "cert_p12",
            format!("PKCS#12 of {serial} written for {client}"),
            false,
        )
        .await?;
        Ok(p12)
    }

    /// Refused unless `op` may write an applicant's PKCS#12 (asked before
    /// the applicant's passphrase is).
    pub fn may_write_p12(op: &Operator) -> Result<()> {
        require_role(
            op,
            &[Role::RaOfficer, Role::CaAdmin],
            "only an RA officer or a ca_admin writes an applicant's PKCS#12",
        )
    }

    /// Records one PKCS#12 attempt in the audit trail (with `b`),
    /// counting a wrong passphrase in the same transaction.
    async fn p12_attempt(
        &self,
        mut b: Batch,
        op: &Operator,
        rec: &CertRecord,
        action: &str,
        detail: String,
        failed: bool,
    ) -> Result<()> {
        if failed {
            count_p12_failure(&mut b, &rec.issuer_dn, &rec.serial);
        }
        let case = match rec.case_id {
            Some(id) => self.store.case(id).await.ok(),
            None => None,
        };
        self.audit(&mut b, &op.name, action, case.as_ref(), detail);
        b.commit(&self.store).await?;
        Ok(())
    }

    /// A ca_admin clears the wrong-passphrase count of a certificate's
    /// PKCS#12 (audited).
    pub async fn p12_unlock(&self, op: &Operator, serial: &str) -> Result<u64> {
        require_role(op, &[Role::CaAdmin], "only a ca_admin clears a locked PKCS#12")?;
        let rec = self.find_cert(serial).await?;
        let failures = self.store.p12_failures(&rec.issuer_dn, &rec.serial).await?;
        let mut b = Batch::new();
        clear_p12_failures(&mut b, &rec.issuer_dn, &rec.serial);
        self.audit(
            &mut b,
            &op.name,
            "cert_p12_unlock",
            None,
            format!("PKCS#12 of {} cleared after {failures} wrong passphrases", rec.serial),
        );
        b.commit(&self.store).await?;
        Ok(failures)
    }

    /// [`Ra::cert_p12`] written to `out` (0600, atomically); returns its size.
    pub async fn export_p12(
        &self,
        op: &Operator,
        serial: &str,
        passphrase: &str,
        out: &std::path::Path,
    ) -> Result<usize> {
        let p12 = self.cert_p12(op, serial, passphrase).await?;
        ca::write_atomic(out, &p12, 0o600)?;
        Ok(p12.len())
    }

    /// The issuing CA's subject (as shown) and its validity end.
    pub(super) fn ca_names(&self, issuer: &ca::Issuer) -> Result<(String, chrono::DateTime<chrono::Utc>)> {
        let i = ca::inspect("issuing CA", issuer.cert_der(), None)?;
        Ok((i.subject.unwrap_or_default(), issuer.validity().1))
    }
}
