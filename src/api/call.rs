//! The verbs, each with its arguments, as they travel: the body of
//! `POST /api/v1/VERB` is the variant's fields as a JSON object.

use crate::domain::report::ReportAsk;
use crate::domain::{Action, CaseFilter, CaseKind, CertStatus, CheckItem, DocKind, NewCase, RevocationReason, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/sign-in`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignIn {
    pub name: String,
    pub pin: String,
}

/// Its answer: the token to send as `Authorization: Bearer TOKEN`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub operator: crate::domain::Operator,
    pub expires_at: DateTime<Utc>,
    /// Signed in with a one-time PIN: only `operators.pin` is allowed.
    pub pin_change: bool,
}

/// A document sent with a verb.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc {
    pub kind: DocKind,
    pub name: String,
    #[serde(with = "super::b64")]
    pub bytes: Vec<u8>,
}

/// Bytes answered by a verb (a document, a certificate, a PKCS#12).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bytes {
    #[serde(with = "super::b64")]
    pub bytes: Vec<u8>,
}

/// One archive bag as the service sends it: its files (path inside the
/// bag, bytes), which the CLI writes under `--out`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchiveBag {
    pub name: String,
    pub month: String,
    pub new: bool,
    pub cases: usize,
    pub manifest_sha256: String,
    pub files: Vec<(String, Bytes)>,
}

impl From<crate::ra::archive::MadeBag> for ArchiveBag {
    fn from(b: crate::ra::archive::MadeBag) -> Self {
        Self {
            name: b.name,
            month: b.month,
            new: b.new,
            cases: b.cases,
            manifest_sha256: b.manifest_sha256,
            files: b
                .files
                .into_iter()
                .map(|f| (f.path, Bytes { bytes: f.bytes }))
                .collect(),
        }
    }
}

/// One verb and its arguments. The verb's name is the path after
/// `/api/v1/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "verb", content = "args")]
pub enum Call {
    #[serde(rename = "cases.list")]
    CasesList { filter: CaseFilter },
    #[serde(rename = "cases.counts")]
    CasesCounts {},
    #[serde(rename = "cases.overdue")]
    CasesOverdue { kind: CaseKind },
    #[serde(rename = "cases.show")]
    CasesShow { id: u64 },
    /// The case if the operator may see it (none otherwise).
    #[serde(rename = "cases.get")]
    CasesGet { id: u64 },
    #[serde(rename = "cases.new")]
    CasesNew {
        case: NewCase,
        #[serde(default)]
        documents: Vec<Doc>,
    },
    #[serde(rename = "cases.act")]
    CasesAct {
        id: u64,
        action: Action,
        #[serde(default)]
        note: Option<String>,
        #[serde(default)]
        version: Option<u64>,
    },
    /// One action on several cases: (case, version seen) each.
    #[serde(rename = "cases.act_many")]
    CasesActMany {
        targets: Vec<(u64, Option<u64>)>,
        action: Action,
        #[serde(default)]
        note: Option<String>,
    },
    #[serde(rename = "cases.tick")]
    CasesTick {
        id: u64,
        item: CheckItem,
        ticked: bool,
        #[serde(default)]
        version: Option<u64>,
    },
    #[serde(rename = "cases.attach")]
    CasesAttach { id: u64, document: Doc },
    #[serde(rename = "cases.resend_link")]
    CasesResendLink {
        id: u64,
        #[serde(default)]
        version: Option<u64>,
    },
    #[serde(rename = "cases.reveal_nik")]
    CasesRevealNik { id: u64 },
    /// A document to show (not audited).
    #[serde(rename = "documents.read")]
    DocumentsRead { id: String },
    /// A document to keep (audited).
    #[serde(rename = "documents.export")]
    DocumentsExport { id: String },
    #[serde(rename = "holders.find")]
    HoldersFind { text: String },
    #[serde(rename = "holders.search")]
    HoldersSearch { text: String },
    #[serde(rename = "holders.show")]
    HoldersShow {
        nik: String,
        #[serde(default)]
        reveal_nik: bool,
    },
    #[serde(rename = "certs.list")]
    CertsList {
        #[serde(default)]
        status: Option<CertStatus>,
        /// Expiring within this many seconds.
        #[serde(default)]
        within_secs: Option<i64>,
        limit: usize,
    },
    #[serde(rename = "certs.show")]
    CertsShow { serial: String },
    /// The cases about a certificate (by serial or SHA-256).
    #[serde(rename = "certs.cases")]
    CertsCases { serial: String },
    #[serde(rename = "certs.export")]
    CertsExport { serial: String, format: String },
    #[serde(rename = "certs.p12")]
    CertsP12 { serial: String, passphrase: String },
    #[serde(rename = "certs.p12_unlock")]
    CertsP12Unlock { serial: String },
    #[serde(rename = "certs.revoke")]
    CertsRevoke {
        serial: String,
        reason: RevocationReason,
        #[serde(default)]
        invalidity: Option<DateTime<Utc>>,
    },
    #[serde(rename = "certs.import")]
    CertsImport {
        files: Vec<Doc>,
        #[serde(default)]
        nik: Option<String>,
    },
    #[serde(rename = "certs.expiry_watch")]
    CertsExpiryWatch {},
    #[serde(rename = "ca.status")]
    CaStatus {},
    /// Why the service refuses writes now (its data folder read-only, or
    /// below its free-space reserve), or null.
    #[serde(rename = "service.room")]
    ServiceRoom {},
    /// The CA certificates as PEM files: (name, bytes) each.
    #[serde(rename = "ca.certs")]
    CaCerts {},
    /// A new root and issuing CA (ca_admin), unlocked at the service.
    #[serde(rename = "ca.init")]
    CaInit {
        alg: String,
        root_cn: String,
        root_org: String,
        issuing_cn: String,
        issuing_org: String,
        passphrase: String,
    },
    #[serde(rename = "crl.publish")]
    CrlPublish {},
    #[serde(rename = "audit.page")]
    AuditPage {
        #[serde(default)]
        before: Option<u64>,
        #[serde(default)]
        text: Option<String>,
    },
    #[serde(rename = "audit.verify")]
    AuditVerify {},
    #[serde(rename = "operators.list")]
    OperatorsList {},
    #[serde(rename = "operators.add")]
    OperatorsAdd {
        name: String,
        role: Role,
        #[serde(default)]
        agencies: Vec<String>,
        pin: String,
    },
    #[serde(rename = "operators.agencies")]
    OperatorsAgencies { name: String, agencies: Vec<String> },
    #[serde(rename = "operators.enable")]
    OperatorsEnable { name: String },
    #[serde(rename = "operators.disable")]
    OperatorsDisable { name: String },
    /// The signed-in operator's own new PIN.
    #[serde(rename = "operators.pin")]
    OperatorsPin { pin: String },
    /// A one-time PIN for another operator (ca_admin).
    #[serde(rename = "operators.set_pin")]
    OperatorsSetPin { name: String, pin: String },
    #[serde(rename = "agencies.list")]
    AgenciesList {},
    #[serde(rename = "agencies.add")]
    AgenciesAdd { name: String },
    /// The listed agency a name stands for.
    #[serde(rename = "agencies.find")]
    AgenciesFind { name: String },
    /// The office's numbers for a period (a verifier's: their agencies').
    #[serde(rename = "reports.make")]
    ReportsMake { ask: ReportAsk },
    /// The archive's bags of the months closed before a date (ca_admin,
    /// auditor): made in the service's archive folder, sent back whole.
    #[serde(rename = "archive.create")]
    ArchiveCreate { closed_before: DateTime<Utc> },
    /// Documents of archived cases past retention leave the store (ca_admin).
    #[serde(rename = "archive.purge")]
    ArchivePurge {
        #[serde(default)]
        dry_run: bool,
    },
}

impl Call {
    /// The verb's name: the path after `/api/v1/`.
    pub fn verb(&self) -> String {
        match serde_json::to_value(self) {
            Ok(v) => v["verb"].as_str().unwrap_or_default().to_string(),
            Err(_) => String::new(),
        }
    }

    /// Builds a call from the path's verb and the request body.
    pub fn from_parts(verb: &str, body: serde_json::Value) -> Result<Call, String> {
        let args = match body {
            serde_json::Value::Null => serde_json::json!({}),
            b => b,
        };
        serde_json::from_value(serde_json::json!({ "verb": verb, "args": args })).map_err(|e| e.to_string())
    }

    /// The body of its request: the arguments alone.
    pub fn args(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(mut v) => v["args"].take(),
            Err(_) => serde_json::Value::Null,
        }
    }

    /// Verbs an operator signed in with a one-time PIN may call.
    pub fn allowed_before_pin_change(&self) -> bool {
        matches!(self, Call::OperatorsPin { .. })
    }
}
