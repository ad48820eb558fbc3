//! Opening cases, moving them through their steps, reading them.

use super::{LINK_PLACEHOLDER, Ra, RaError, Result, require_role};
use crate::domain::audit::AuditEvent;
use crate::domain::case::workflow::{self, Allowed};
use crate::domain::case::{DocumentInfo, Notice};
use crate::domain::{Action, Case, CaseKind, CheckItem, Holder, NewCase, Operator, Role, changes_between};
use crate::notify;
use crate::store::{
    Batch, CaseFilter, Counts, EventRef, OutboxRow, StoreError, ensure_holder, insert_case, insert_mail, update_case,
};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// One line of a case's history, from the audit trail.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct HistoryEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// Everything the review pane and `case show` display.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CaseView {
    pub case: Case,
    pub overdue: bool,
    pub documents: Vec<DocumentInfo>,
    pub history: Vec<HistoryEntry>,
    pub mail: Vec<MailLine>,
    /// The certificate the case is about (or issued): issuer, serial,
    /// status, validity.
    pub target: Option<super::HolderCert>,
    /// Every certificate of the case's holder (by NIK), newest first.
    pub holder_certs: Vec<super::HolderCert>,
    /// Actions this operator may take now (and what they wait on).
    #[serde(skip)]
    pub allowed: Vec<Allowed>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct MailLine {
    pub notice: String,
    pub to: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
}

impl From<OutboxRow> for MailLine {
    fn from(r: OutboxRow) -> Self {
        Self {
            notice: r.notice,
            to: r.to,
            subject: r.subject,
            created_at: r.created_at,
        }
    }
}

impl Ra {
    /// A verifier opens a case, with its documents, in one transaction.
    pub async fn new_case(
        &self,
        op: &Operator,
        new: NewCase,
        docs: &[(crate::domain::DocKind, String, Vec<u8>)],
    ) -> Result<Case> {
        require_role(op, &[Role::Verifier], "only a verifier opens cases")?;
        let mut new = self.scoped_new_case(op, new).await?;
        new.note = crate::domain::text::clean_note(new.note.as_deref())?;
        if new.kind == CaseKind::Revocation && new.revocation_reason.is_none() {
            return Err(RaError::Invalid(
                "a revocation case needs a reason (--reason keyCompromise, ...)".into(),
            ));
        }
        if new.revocation_reason == Some(crate::domain::RevocationReason::CertificateHold) {
            return Err(RaError::Invalid(
                "certificateHold is not a revocation reason here: an update or reactivation case puts the certificate on hold while it is pending".into(),
            ));
        }
        let prepared = docs
            .iter()
            .map(|(k, name, bytes)| self.prepare_document(op, 0, *k, name, bytes))
            .collect::<Result<Vec<_>>>()?;
        let mut target = match new.kind {
            CaseKind::Issuance => None,
            kind => Some(
                self.target_cert(kind, &new.subscriber.nik, new.cert_serial.as_deref())
                    .await?,
            ),
        };
        let holder = self.store.holder(&new.subscriber.nik.to_string()).await?;
        let changes = match (new.kind, &holder) {
            (CaseKind::Update, None) => {
                return Err(RaError::Invalid(format!(
                    "NIK {} has no holder record to update",
                    new.subscriber.nik.masked()
                )));
            }
            (CaseKind::Update, Some(h)) => {
                let c = changes_between(&h.data, &new.subscriber);
                if c.is_empty() {
                    return Err(RaError::Invalid(format!(
                        "the update changes nothing: NIK {} already has this data on record",
                        new.subscriber.nik.masked()
                    )));
                }
                c
            }
            (CaseKind::Reset | CaseKind::Reactivation, h) => {
                new.subscriber = same_holder(new.kind, h.as_ref(), &new.subscriber)?;
                Vec::new()
            }
            _ => Vec::new(),
        };
        let id = self.store.next_case_number().await?;
        let now = self.now();
        let mut case = Case::open(id, new, &op.name, now, self.cfg.sla);
        case.changes = changes;
        if let Some(c) = &target {
            case.cert_serial = Some(c.serial.clone());
            case.cert_issuer = Some(c.issuer_dn.clone());
        }
        let mut b = Batch::new();
        if holder.is_none() {
            ensure_holder(&mut b, &Holder::new(case.subscriber.clone(), now));
        }
        let mut infos = Vec::new();
        for (mut info, bytes) in prepared {
            info.case_id = id;
            case.documents.push(info.kind);
            infos.push((info, bytes));
        }
        case.documents.sort();
        case.documents.dedup();
        insert_case(&mut b, &case);
        let s = &case.subscriber;
        self.audit(
            &mut b,
            &op.name,
            "case_new",
            Some(&case),
            match &target {
                Some(c) => format!(
                    "{} for {} (NIK {}) of {}, about certificate {} ({})",
                    case.kind,
                    s.name,
                    s.nik.masked(),
                    s.agency,
                    c.serial,
                    c.issuer_dn
                ),
                None => format!("{} for {} (NIK {}) of {}", case.kind, s.name, s.nik.masked(), s.agency),
            },
        );
        for (info, bytes) in &infos {
            crate::store::insert_document(&mut b, info, bytes);
            self.audit(&mut b, &op.name, "document_add", Some(&case), doc_detail(info));
        }
        // An update or a reactivation holds the certificate at once.
        let held = match target.as_mut() {
            Some(cert) if case.kind.holds_certificate() => {
                // A verifier holds only a certificate of their agencies.
                if let Some(agency) = cert.agency.as_deref().filter(|a| !op.covers(a)) {
                    return Err(RaError::Invalid(format!(
                        "certificate {} was issued for {agency}, which is not among your agencies: a verifier of {agency} opens this case",
                        cert.serial
                    )));
                }
                let event = self.hold_in(&mut b, op, cert, &case);
                let to = holder.as_ref().map(|h| h.data.email.as_str());
                self.queue_mail_to(&mut b, event, Notice::CertHeld, &case, to)?;
                true
            }
            _ => false,
        };
        b.commit(&self.store).await.map_err(|e| match e {
            StoreError::Conflict(m) if m.contains("case_one_open") => RaError::Invalid(format!(
                "{} (NIK {}) already has an open {} case",
                case.subscriber.name,
                case.subscriber.nik.masked(),
                case.kind
            )),
            e => e.into(),
        })?;
        if held {
            self.publish_after_revocation().await;
        }
        Ok(case)
    }

    /// Case `id` whoever's it is (no operator's scope: the console reads
    /// another's changes with [`Ra::case_seen_by`]).
    pub async fn case(&self, id: u64) -> Result<Case> {
        Ok(self.store.case(id).await?)
    }

    /// Ticks (or unticks) a checklist item. Idempotent: ticking a ticked
    /// item (or unticking an unticked one) changes nothing and writes
    /// nothing.
    pub async fn tick(
        &self,
        op: &Operator,
        id: u64,
        item: CheckItem,
        ticked: bool,
        seen_version: Option<u64>,
    ) -> Result<Case> {
        if item == CheckItem::AgreementAccepted {
            return Err(RaError::Invalid(
                "the applicant accepts the subscriber agreement themselves, on the applicant page at the set-passphrase step".into(),
            ));
        }
        let case = self.current(id, seen_version).await?;
        super::scope::require_scope(op, &case)?;
        let action = if ticked { Action::Tick } else { Action::Untick };
        workflow::check(&case, op, action)?;
        if !CheckItem::for_kind(case.kind).contains(&item) {
            return Err(RaError::Invalid(format!(
                "{item} is not on the checklist of a {} case",
                case.kind
            )));
        }
        if case.is_ticked(item) == ticked {
            return Ok(case);
        }
        let next = case.with_tick(item, ticked, op, self.now());
        let mut b = Batch::new();
        update_case(&mut b, &case, &next);
        let what = if ticked { "tick" } else { "untick" };
        self.audit(&mut b, &op.name, what, Some(&next), item.label());
        b.commit(&self.store).await?;
        Ok(next)
    }

    pub(super) fn queue_mail(&self, b: &mut Batch, event: EventRef, notice: Notice, case: &Case) -> Result<()> {
        self.queue_mail_to(b, event, notice, case, None)
    }

    /// Queues the e-mail of `notice` for `case`, to `to` when given (the
    /// holder's address on record) or else the case's address.
    pub(super) fn queue_mail_to(
        &self,
        b: &mut Batch,
        event: EventRef,
        notice: Notice,
        case: &Case,
        to: Option<&str>,
    ) -> Result<()> {
        // A link notice is queued with a placeholder: its one-time link is
        // made when the e-mail leaves (`links.rs`), never stored in clear.
        let link_version = crate::domain::LinkStep::for_notice(notice).map(|_| case.version);
        let link = match link_version {
            Some(_) => format!("{}/l/{LINK_PLACEHOLDER}", self.cfg.portal_url),
            None => String::new(),
        };
        let readdressed;
        let case = match to {
            Some(to) if to != case.subscriber.email => {
                readdressed = Case {
                    subscriber: crate::domain::Subscriber {
                        email: to.to_string(),
                        ..case.subscriber.clone()
                    },
                    ..case.clone()
                };
                &readdressed
            }
            _ => case,
        };
        let mail =
            notify::compose(notice, case, self.cfg.lang, &self.cfg.mail_from, &link).map_err(RaError::Invalid)?;
        insert_mail(
            b,
            event,
            &crate::store::NewMail {
                case_id: Some(case.id),
                notice: notice.as_str(),
                to: &mail.to,
                subject: &mail.subject,
                message: &mail.message,
                at: self.now(),
                link_version,
            },
        );
        Ok(())
    }

    /// The cases `filter` selects, of `op`'s agencies only for a verifier.
    /// At most [`MAX_PAGE`](super::MAX_PAGE) cases, whatever the filter asks.
    pub async fn list(&self, op: &Operator, filter: &CaseFilter) -> Result<Vec<Case>> {
        let mut f = super::scope::scoped(op, filter);
        f.limit = f.limit.min(super::MAX_PAGE);
        Ok(self.store.list_cases(&f).await?)
    }

    /// Case counts per kind and state (a verifier's: of their agencies).
    pub async fn counts(&self, op: &Operator) -> Result<Counts> {
        Ok(self.store.counts(op.scope()).await?)
    }

    pub async fn overdue_count(&self, op: &Operator, kind: CaseKind) -> Result<u64> {
        Ok(self.store.overdue_count(kind, self.now(), op.scope()).await?)
    }

    /// The case with its documents, history, e-mails and the actions `op`
    /// may take.
    pub async fn show(&self, op: &Operator, id: u64) -> Result<CaseView> {
        debug_assert!(Self::can_read(op));
        let case = self.case_in_scope(op, id).await?;
        let documents = self.store.documents(id).await?;
        let history = self
            .store
            .audit_for_case(id)
            .await?
            .into_iter()
            .filter_map(|r| {
                let ev: AuditEvent = serde_json::from_str(&r.body).ok()?;
                Some(HistoryEntry {
                    seq: r.seq,
                    at: ev.at,
                    actor: ev.actor,
                    action: ev.action,
                    detail: ev.detail,
                })
            })
            .collect();
        let mail = self
            .store
            .mail_for_case(id)
            .await?
            .into_iter()
            .map(MailLine::from)
            .collect();
        let allowed = workflow::allowed(&case, op);
        let overdue = case.is_overdue(self.now());
        let target = match (&case.cert_serial, &case.cert_issuer) {
            (Some(serial), Some(issuer)) => self.store.cert_at(issuer, serial).await.ok(),
            (Some(serial), None) => self.find_cert(serial).await.ok(),
            _ => None,
        }
        .map(|c| super::HolderCert::of(c, self.now()));
        // Every certificate of the case's holder, newest first.
        let mut holder_certs: Vec<super::HolderCert> = self
            .store
            .certs_of_holder(&case.subscriber.nik.to_string())
            .await?
            .into_iter()
            .map(|c| super::HolderCert::of(c, self.now()))
            .collect();
        // Newest first; of two issued at the same moment, the one still
        // in force first, then by serial: one order every time.
        holder_certs.sort_by_key(|h| {
            let ended = matches!(
                h.status,
                crate::domain::CertStatus::Revoked | crate::domain::CertStatus::Expired
            );
            (std::cmp::Reverse(h.not_before), ended, h.serial.clone())
        });
        Ok(CaseView {
            case,
            overdue,
            documents,
            history,
            mail,
            target,
            holder_certs,
            allowed,
        })
    }

    /// A reveal is itself an audited change: the auditor, who changes
    /// nothing, reads NIKs masked.
    pub(super) fn may_reveal_nik(op: &Operator) -> Result<()> {
        require_role(
            op,
            &[Role::Verifier, Role::RaOfficer, Role::CaAdmin],
            "a NIK is revealed only by those who act on cases (the reveal is recorded in the audit trail)",
        )
    }

    /// Shows the NIK in clear to `op`, and records that in the audit trail.
    pub async fn reveal_nik(&self, op: &Operator, id: u64) -> Result<String> {
        Self::may_reveal_nik(op)?;
        let case = self.case_in_scope(op, id).await?;
        let mut b = Batch::new();
        self.audit(&mut b, &op.name, "reveal_nik", Some(&case), "NIK shown in clear");
        b.commit(&self.store).await?;
        Ok(case.subscriber.nik.to_string())
    }
}

pub(super) fn doc_detail(info: &DocumentInfo) -> String {
    format!(
        "{} {} ({} bytes, sha256 {})",
        info.kind,
        info.file_name,
        info.size,
        &info.sha256[..16]
    )
}

/// A reset or a reactivation keeps the holder's data as recorded: the
/// holder must have a record, and the name, e-mail and agency typed must
/// be the record's (a change is an update case of its own). Returns the
/// record's data, which the new certificate is issued with.
fn same_holder(
    kind: CaseKind,
    holder: Option<&Holder>,
    typed: &crate::domain::Subscriber,
) -> Result<crate::domain::Subscriber> {
    let Some(h) = holder else {
        return Err(RaError::Invalid(format!(
            "NIK {} has no holder record: a {kind} case is for a holder of a certificate issued here",
            typed.nik.masked()
        )));
    };
    let d = &h.data;
    let differ: Vec<&str> = [
        ("name", d.name == typed.name),
        ("email", d.email == typed.email),
        ("agency", d.agency == typed.agency),
    ]
    .into_iter()
    .filter_map(|(f, same)| (!same).then_some(f))
    .collect();
    if !differ.is_empty() {
        return Err(RaError::Invalid(format!(
            "a {kind} case keeps the holder's data on record, and {} differ from it (see `ratu holder show`); open an update case to change them first",
            differ.join(", ")
        )));
    }
    Ok(d.clone())
}
