//! Attaching documents to cases and exporting them byte-identical.

use super::cases::doc_detail;
use super::{Ra, RaError, Result};
use crate::domain::case::{DocumentInfo, check_document};
use crate::domain::{Case, DocKind, Operator, Role};
use crate::store::{Batch, insert_document, update_case};
use sha2::{Digest, Sha256};
use std::path::Path;

impl Ra {
    /// Checks a file and describes it; `case_id` 0 while the case is new.
    pub(super) fn prepare_document(
        &self,
        op: &Operator,
        case_id: u64,
        kind: DocKind,
        name: &str,
        bytes: &[u8],
    ) -> Result<(DocumentInfo, Vec<u8>)> {
        let media_type = check_document(name, bytes)?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        let id = format!("{}-{}", &sha256[..16], rand::random::<u32>());
        let info = DocumentInfo {
            id,
            case_id,
            kind,
            file_name: crate::domain::text::visible(name),
            media_type,
            size: bytes.len() as u64,
            sha256,
            added_by: op.name.clone(),
            added_at: self.now(),
            purged_at: None,
            purged_bag: None,
        };
        Ok((info, bytes.to_vec()))
    }

    /// Reads a document from a file, with a clear error naming the file.
    pub fn read_document_file(path: &Path) -> Result<Vec<u8>> {
        let meta = std::fs::metadata(path).map_err(|e| RaError::Io(format!("{}: {e}", path.display())))?;
        if meta.len() > crate::domain::case::MAX_DOCUMENT_BYTES as u64 {
            return Err(RaError::Invalid(format!(
                "{}: {} bytes is over the 10 MiB limit",
                path.display(),
                meta.len()
            )));
        }
        std::fs::read(path).map_err(|e| RaError::Io(format!("{}: {e}", path.display())))
    }

    /// Attaches a document to an open case.
    pub async fn attach(
        &self,
        op: &Operator,
        id: u64,
        kind: DocKind,
        name: &str,
        bytes: &[u8],
    ) -> Result<DocumentInfo> {
        if !matches!(op.role, Role::Verifier | Role::RaOfficer) {
            return Err(RaError::Invalid(format!(
                "{} is signed in as {}; verifiers and RA officers attach documents",
                op.name, op.role
            )));
        }
        let case: Case = self.case_in_scope(op, id).await?;
        if case.state.is_closed() {
            return Err(RaError::Invalid(format!(
                "case {id} is {}; documents can no longer be added",
                case.state
            )));
        }
        let (info, bytes) = self.prepare_document(op, id, kind, name, bytes)?;
        let mut next = case.clone();
        if !next.documents.contains(&kind) {
            next.documents.push(kind);
            next.documents.sort();
        }
        next.version += 1;
        next.updated_at = self.now();
        next.updated_by = op.name.clone();
        let mut b = Batch::new();
        update_case(&mut b, &case, &next);
        insert_document(&mut b, &info, &bytes);
        self.audit(&mut b, &op.name, "document_add", Some(&next), doc_detail(&info));
        b.commit(&self.store).await?;
        Ok(info)
    }

    /// The documents of case `id` (no operator's scope: `show` lists them
    /// for an operator).
    pub async fn documents(&self, id: u64) -> Result<Vec<DocumentInfo>> {
        Ok(self.store.documents(id).await?)
    }

    /// The bytes of a document of a case in the operator's scope, for the
    /// console to show (checked against its SHA-256; not audited: it only
    /// shows what `show` lists, as the review pane shows the applicant's data).
    pub async fn document_bytes(&self, op: &Operator, doc_id: &str) -> Result<(DocumentInfo, Vec<u8>)> {
        let doc = self.store.document(doc_id).await?;
        self.case_in_scope(op, doc.info.case_id).await?;
        if let Some(note) = doc.info.purged_note() {
            return Err(RaError::Invalid(note));
        }
        if hex::encode(Sha256::digest(&doc.content)) != doc.info.sha256 {
            return Err(RaError::Invalid(format!(
                "document {doc_id}: stored content does not match its SHA-256"
            )));
        }
        Ok((doc.info, doc.content))
    }

    /// A document's bytes for an operator to keep (written to a file by
    /// the client, byte-identical); the content is checked against its
    /// SHA-256 first. The export is audited.
    pub async fn document_export(&self, op: &Operator, doc_id: &str) -> Result<(DocumentInfo, Vec<u8>)> {
        let doc = self.store.document(doc_id).await?;
        let case = self.case_in_scope(op, doc.info.case_id).await?;
        if let Some(note) = doc.info.purged_note() {
            return Err(RaError::Invalid(note));
        }
        let sum = hex::encode(Sha256::digest(&doc.content));
        if sum != doc.info.sha256 {
            return Err(RaError::Invalid(format!(
                "document {doc_id}: stored content does not match its SHA-256"
            )));
        }
        let mut b = Batch::new();
        self.audit(
            &mut b,
            &op.name,
            "document_export",
            Some(&case),
            format!("{} exported", doc.info.file_name),
        );
        b.commit(&self.store).await?;
        Ok((doc.info, doc.content))
    }

    /// [`Ra::document_export`] written to `out` (0600).
    pub async fn export_document(&self, op: &Operator, doc_id: &str, out: &Path) -> Result<DocumentInfo> {
        let (info, bytes) = self.document_export(op, doc_id).await?;
        write_private(out, &bytes).map_err(|e| RaError::Io(format!("{}: {e}", out.display())))?;
        Ok(info)
    }
}

/// Writes `bytes` to a new or truncated file, 0600.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
