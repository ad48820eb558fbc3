//! The service's side of every verb: the call, for the operator of the
//! session that sent it, run by `ra` with its role, agency and four-eyes
//! rules. The operator comes from the session, never from the body.

use super::call::{ArchiveBag, Bytes, Call, Doc};
use super::error::WireError;
use crate::domain::Operator;
use crate::ra::{CertFormat, Ra, RaError};
use serde::Serialize;
use serde_json::{Value, json};

type Result<T> = std::result::Result<T, RaError>;

fn to<T: Serialize>(v: T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| RaError::Invalid(format!("cannot encode the answer: {e}")))
}

fn docs(d: Vec<Doc>) -> Vec<(crate::domain::DocKind, String, Vec<u8>)> {
    d.into_iter().map(|d| (d.kind, d.name, d.bytes)).collect()
}

/// Runs `call` as `op`; the answer as JSON.
pub async fn execute(ra: &Ra, op: &Operator, call: Call) -> Result<Value> {
    match call {
        Call::CasesList { filter } => to(ra.list(op, &filter).await?),
        Call::CasesCounts {} => to(ra.counts(op).await?),
        Call::CasesOverdue { kind } => to(ra.overdue_count(op, kind).await?),
        Call::CasesShow { id } => to(ra.show(op, id).await?),
        Call::CasesGet { id } => to(ra.case_seen_by(op, id).await?),
        Call::CasesNew { mut case, documents } => {
            // A client's data is checked here as a form is, whatever it says.
            case.subscriber = case.subscriber.form().validate()?;
            to(ra.new_case(op, case, &docs(documents)).await?)
        }
        Call::CasesAct {
            id,
            action,
            note,
            version,
        } => to(ra.act(op, id, action, note.as_deref(), version).await?),
        Call::CasesActMany { targets, action, note } => {
            let done = ra.act_many(op, &targets, action, note.as_deref()).await;
            let rows: Vec<(u64, std::result::Result<crate::domain::Case, WireError>)> = done
                .into_iter()
                .map(|(id, r)| (id, r.map_err(|e| WireError::from(&e))))
                .collect();
            to(rows)
        }
        Call::CasesTick {
            id,
            item,
            ticked,
            version,
        } => to(ra.tick(op, id, item, ticked, version).await?),
        Call::CasesAttach { id, document } => to(ra
            .attach(op, id, document.kind, &document.name, &document.bytes)
            .await?),
        Call::CasesResendLink { id, version } => to(ra.resend_link(op, id, version).await?),
        Call::CasesRevealNik { id } => to(ra.reveal_nik(op, id).await?),
        Call::DocumentsRead { id } => {
            let (info, bytes) = ra.document_bytes(op, &id).await?;
            to((info, Bytes { bytes }))
        }
        Call::DocumentsExport { id } => {
            let (info, bytes) = ra.document_export(op, &id).await?;
            to((info, Bytes { bytes }))
        }
        Call::HoldersFind { text } => to(ra.holder_find(op, &text).await?),
        Call::HoldersSearch { text } => to(ra.holder_search(op, &text).await?),
        Call::HoldersShow { nik, reveal_nik } => to(ra.holder_show(op, &nik, reveal_nik).await?),
        Call::CertsList {
            status,
            within_secs,
            limit,
        } => to(ra
            .cert_list(op, status, within_secs.map(chrono::Duration::seconds), limit)
            .await?),
        Call::CertsShow { serial } => to(ra.cert_show(op, &serial).await?),
        Call::CertsCases { serial } => to(ra.cases_of_cert(op, &serial).await?),
        Call::CertsExport { serial, format } => {
            let format: CertFormat = format.parse().map_err(RaError::Invalid)?;
            to(Bytes {
                bytes: ra.cert_bytes(op, &serial, format).await?,
            })
        }
        Call::CertsP12 { serial, passphrase } => to(Bytes {
            bytes: ra.cert_p12(op, &serial, &passphrase).await?,
        }),
        Call::CertsP12Unlock { serial } => to(ra.p12_unlock(op, &serial).await?),
        Call::CertsRevoke {
            serial,
            reason,
            invalidity,
        } => to(ra.revoke_cert(op, &serial, reason, invalidity).await?),
        Call::CertsImport { files, nik } => {
            let files = files.into_iter().map(|d| (d.name, d.bytes)).collect();
            to(ra.cert_import_files(op, files, nik.as_deref()).await?)
        }
        Call::CertsExpiryWatch {} => to(ra.expiry_watch(op).await?),
        Call::CaStatus {} => to(ra.ca_status().await?),
        Call::ServiceRoom {} => to(ra.no_room()),
        Call::CaCerts {} => {
            let files: Vec<(String, Bytes)> = ra
                .ca_cert_files()?
                .into_iter()
                .map(|(name, bytes)| (name, Bytes { bytes }))
                .collect();
            to(files)
        }
        Call::CaInit {
            alg,
            root_cn,
            root_org,
            issuing_cn,
            issuing_org,
            passphrase,
        } => {
            let spec = crate::ra::HierarchySpec {
                root_cn,
                root_org,
                issuing_cn,
                issuing_org,
                alg: alg.parse().map_err(RaError::Invalid)?,
                ..Default::default()
            };
            to(ra.ca_init(op, &spec, &passphrase).await?)
        }
        Call::CrlPublish {} => to(ra.publish_crl(op).await?),
        Call::AuditPage { before, text } => to(ra.audit_page(op, before, text.as_deref()).await?),
        Call::AuditVerify {} => {
            let r = ra.verify_audit().await?;
            Ok(json!({ "events": r.events, "broken": r.broken }))
        }
        Call::OperatorsList {} => to(ra.operators().await?),
        Call::OperatorsAdd {
            name,
            role,
            agencies,
            pin,
        } => to(ra.add_operator_in(Some(op), &name, role, &agencies, &pin).await?),
        Call::OperatorsAgencies { name, agencies } => to(ra.set_agencies(op, &name, &agencies).await?),
        Call::OperatorsEnable { name } => to(ra.set_operator_enabled(op, &name, true).await?),
        Call::OperatorsDisable { name } => to(ra.set_operator_enabled(op, &name, false).await?),
        Call::OperatorsPin { pin } => to(ra.change_own_pin(op, &pin).await?),
        Call::OperatorsSetPin { name, pin } => to(ra.set_one_time_pin(op, &name, &pin).await?),
        Call::AgenciesList {} => to(ra.agencies().await?),
        Call::AgenciesAdd { name } => to(ra.add_agency(op, &name).await?),
        Call::AgenciesFind { name } => to(ra.listed_agency(&name).await?),
        Call::ReportsMake { ask } => to(ra.report(op, &ask).await?),
        Call::ArchiveCreate { closed_before } => {
            let bags: Vec<ArchiveBag> = ra
                .archive_create(op, closed_before)
                .await?
                .into_iter()
                .map(ArchiveBag::from)
                .collect();
            to(bags)
        }
        Call::ArchivePurge { dry_run } => to(ra.archive_purge(op, dry_run).await?),
    }
}
