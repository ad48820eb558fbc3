//! The `document` table: attachments with their bytes, SHA-256, size and type.

use super::{Batch, Result, Store, StoreError, decode};
use crate::domain::case::DocumentInfo;
use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde_json::{Value, json};

/// A document with its content (empty once purged: `info.purged_at`).
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub info: DocumentInfo,
    pub content: Vec<u8>,
}

pub fn insert_document(b: &mut Batch, info: &DocumentInfo, content: &[u8]) {
    let id = b.var(&info.id);
    let c = b.var(info.case_id);
    let mut meta = serde_json::to_value(info).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut meta {
        m.remove("id");
        m.remove("case_id");
        m.remove("purged_at");
        m.remove("purged_bag");
    }
    let m = b.var(meta);
    let b64 = b.var(STANDARD.encode(content));
    b.push(&format!(
        "CREATE type::record('document', {id}) CONTENT {m} + {{ case: type::record('case', {c}), \
         added_at: <datetime>{m}.added_at, content: encoding::base64::decode({b64}) }};"
    ));
}

const INFO: &str = "record::id(id) AS id, record::id(case) AS case_id, kind, file_name, media_type, size, sha256, \
     added_by, added_at, purged_at, purged_bag";

impl Store {
    pub async fn documents(&self, case_id: u64) -> Result<Vec<DocumentInfo>> {
        self.rows(
            &format!("SELECT {INFO} FROM document WHERE case = type::record('case', $c) ORDER BY added_at, kind;"),
            json!({ "c": case_id }),
        )
        .await
    }

    pub async fn document(&self, id: &str) -> Result<StoredDocument> {
        let rows: Vec<Value> = self
            .rows(
                &format!("SELECT {INFO}, {CONTENT} FROM type::record('document', $id);"),
                json!({ "id": id }),
            )
            .await?;
        let row = rows
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::NotFound(format!("document {id}")))?;
        stored(row)
    }

    /// The documents of `case_ids` with their content, in one read.
    pub async fn documents_of_cases(&self, case_ids: &[u64]) -> Result<Vec<StoredDocument>> {
        let rows: Vec<Value> = self
            .rows(
                &format!(
                    "LET $cases = array::map($c, |$n| type::record('case', $n));\n\
                     SELECT {INFO}, {CONTENT} FROM document WHERE case IN $cases ORDER BY added_at, kind;"
                ),
                json!({ "c": case_ids }),
            )
            .await?;
        rows.into_iter().map(stored).collect()
    }
}

/// The content as base64 (none once purged).
const CONTENT: &str = "IF content != NONE THEN encoding::base64::encode(content) ELSE NONE END AS content";

/// A row of [`INFO`] and [`CONTENT`] as a document and its bytes (none once
/// purged: the record stays, without them).
fn stored(mut row: Value) -> Result<StoredDocument> {
    let content = row.get_mut("content").map(Value::take).unwrap_or(Value::Null);
    let info: DocumentInfo = decode(row)?;
    let content = match content {
        Value::Null if info.purged_at.is_some() => Vec::new(),
        c => bytes_of(c)?,
    };
    Ok(StoredDocument { info, content })
}

/// SurrealDB may or may not pad its base64.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Bytes come back as base64 text.
pub(super) fn bytes_of(v: Value) -> Result<Vec<u8>> {
    match v {
        Value::String(s) => LENIENT
            .decode(s)
            .map_err(|e| StoreError::Decode(format!("stored bytes: {e}"))),
        // Bytes read by key, not encoded by the query: an array of octets.
        Value::Array(a) => a
            .into_iter()
            .map(|x| x.as_u64().and_then(|n| u8::try_from(n).ok()))
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| StoreError::Decode("stored bytes: not octets".into())),
        _ => Err(StoreError::Decode("stored bytes missing".into())),
    }
}

impl Store {
    /// The documents of `case_ids` still holding their content.
    pub async fn documents_kept(&self, case_ids: &[u64]) -> Result<Vec<DocumentInfo>> {
        self.rows(
            &format!(
                "LET $cases = array::map($c, |$n| type::record('case', $n));\n\
                 SELECT {INFO} FROM document WHERE case IN $cases AND purged_at = NONE ORDER BY added_at;"
            ),
            json!({ "c": case_ids }),
        )
        .await
    }
}

/// Removes the content of document `id` (retention), marking when and
/// from which bag; only while its hash is still `sha256`.
pub fn purge_document(b: &mut Batch, id: &str, sha256: &str, at: chrono::DateTime<chrono::Utc>, bag: &str) {
    let id = b.var(id);
    let sum = b.var(sha256);
    let at = b.var(at);
    let bag = b.var(bag);
    b.push(&format!(
        "UPDATE type::record('document', {id}) SET content = NONE, purged_at = <datetime>{at}, purged_bag = {bag} \
         WHERE sha256 = {sum} AND purged_at = NONE;"
    ));
}
