//! Certificate extensions and key identifiers shared by the issuing CA, the
//! hierarchy and the delegated signers: a leaf both of them build on.

use super::der;
use super::{CaError, Result};
use rcgen::CustomExtension;
use sha2::{Digest, Sha256};
use x509_parser::prelude::FromDer;

/// The access methods of an AIA extension: id-ad-ocsp, id-ad-caIssuers.
pub(crate) const AD_OCSP: u64 = 1;
pub(crate) const AD_CA_ISSUERS: u64 = 2;

/// AIA extension with one URI per access method given (`AD_OCSP`,
/// `AD_CA_ISSUERS`), in that order.
pub(crate) fn aia_extension(access: &[(u64, &str)]) -> CustomExtension {
    let descriptions: Vec<Vec<u8>> = access
        .iter()
        .map(|(method, url)| {
            let mut uri = Vec::new();
            der::push_tlv(&mut uri, 0x86, url.as_bytes());
            der::seq(&[&der::oid(&[1, 3, 6, 1, 5, 5, 7, 48, *method]), &uri])
        })
        .collect();
    let refs: Vec<&[u8]> = descriptions.iter().map(Vec::as_slice).collect();
    CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], der::seq(&refs))
}

/// RFC 7093 method 1: the leftmost 160 bits of SHA-256 over the subjectPublicKey bits.
pub(crate) fn key_id(spki_der: &[u8]) -> Result<Vec<u8>> {
    let (_, spki) = x509_parser::x509::SubjectPublicKeyInfo::from_der(spki_der)
        .map_err(|_| CaError::invalid("public key", "not a valid SubjectPublicKeyInfo"))?;
    Ok(Sha256::digest(&spki.subject_public_key.data)[..20].to_vec())
}
