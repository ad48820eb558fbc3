//! Documents a case carries, and how their type is told: from the magic
//! bytes, never from the file name.

use crate::domain::named;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// 10 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DocKind {
    /// KTP / e-KTP scan.
    Ktp,
    /// Surat Rekomendasi.
    Recommendation,
    /// Surat pernyataan.
    Statement,
    Npwp,
    ProofOfAddress,
    /// Registration, change or revocation form.
    Form,
    /// The applicant's photo of their face, taken on the applicant page.
    Selfie,
    Other,
    /// The holder's signed statement that they forgot their passphrase
    /// (reset, SOP 088.13 "LOCK").
    ForgottenPassphrase,
    /// Reactivation: the form to reset the authenticator.
    ResetForm,
    /// Reactivation: evidence of a full antivirus scan of the holder's device.
    AntivirusScan,
    /// Reactivation: proof that the holder's e-mail password was changed.
    EmailPasswordChanged,
}

impl DocKind {
    pub const ALL: [DocKind; 12] = [
        Self::Ktp,
        Self::Recommendation,
        Self::Statement,
        Self::Npwp,
        Self::ProofOfAddress,
        Self::Form,
        Self::Selfie,
        Self::Other,
        Self::ForgottenPassphrase,
        Self::ResetForm,
        Self::AntivirusScan,
        Self::EmailPasswordChanged,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

named::display_as_str!(DocKind);

impl FromStr for DocKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        named::parse_named(s, &Self::ALL, "document kind")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    Pdf,
    Jpeg,
    Png,
}

impl MediaType {
    /// The type the content is, from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else {
            None
        }
    }

    /// The file name extension of its kind: pdf, jpg, png.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("{name}: {size} bytes is over the 10 MiB limit")]
    TooLarge { name: String, size: usize },
    #[error("{name}: not a PDF, JPEG or PNG file (by its content)")]
    UnknownType { name: String },
    #[error("{name}: the file is empty")]
    Empty { name: String },
}

/// Checks size and content type of an attachment.
pub fn check_document(name: &str, bytes: &[u8]) -> Result<MediaType, DocumentError> {
    let name = crate::domain::text::visible(name);
    if bytes.is_empty() {
        return Err(DocumentError::Empty { name });
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge {
            name,
            size: bytes.len(),
        });
    }
    MediaType::sniff(bytes).ok_or(DocumentError::UnknownType { name })
}

/// What the store keeps about a document (its bytes are kept beside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: String,
    pub case_id: u64,
    pub kind: DocKind,
    pub file_name: String,
    pub media_type: MediaType,
    pub size: u64,
    pub sha256: String,
    pub added_by: String,
    pub added_at: chrono::DateTime<chrono::Utc>,
    /// When its content left the store (retention), kept in this bag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purged_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purged_bag: Option<String>,
}

impl DocumentInfo {
    /// Why its content cannot be read any more, when it was purged.
    pub fn purged_note(&self) -> Option<String> {
        self.purged_at.map(|at| {
            format!(
                "document {} ({}) was purged on {} under the retention rule; its copy is in archive bag {} (SHA-256 {}): read it with `ratu archive show`",
                self.id,
                self.file_name,
                at.format("%Y-%m-%d"),
                self.purged_bag.as_deref().unwrap_or("?"),
                self.sha256
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comes_from_content_not_name() {
        assert_eq!(check_document("scan.png", b"%PDF-1.7 ..."), Ok(MediaType::Pdf));
        assert!(matches!(
            check_document("x.pdf", b"MZ\x90"),
            Err(DocumentError::UnknownType { .. })
        ));
        let big = vec![b'%'; MAX_DOCUMENT_BYTES + 1];
        assert!(matches!(
            check_document("big.pdf", &big),
            Err(DocumentError::TooLarge { .. })
        ));
    }
}
