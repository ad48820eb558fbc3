//! Time conversions between chrono (our API) and the `time` crate rcgen uses,
//! via x509-parser's `ASN1Time` so that we need no extra dependency.

use super::{CaError, Result};
use chrono::{DateTime, Utc};
use x509_parser::time::ASN1Time;

/// Sets rcgen's validity fields from chrono times.
pub(crate) fn set_validity(
    params: &mut rcgen::CertificateParams,
    not_before: &DateTime<Utc>,
    not_after: &DateTime<Utc>,
) -> Result<()> {
    params.not_before = to_asn1(not_before)?.to_datetime();
    params.not_after = to_asn1(not_after)?.to_datetime();
    Ok(())
}

fn to_asn1(t: &DateTime<Utc>) -> Result<ASN1Time> {
    if !(1950..=9999).contains(&chrono::Datelike::year(t)) {
        return Err(CaError::invalid(
            "validity",
            format!("time {t} is out of range; use a date between 1950 and 9999"),
        ));
    }
    ASN1Time::from_timestamp(t.timestamp()).map_err(|_| {
        CaError::invalid(
            "validity",
            format!("time {t} is out of range; use a date between 1950 and 9999"),
        )
    })
}

/// An ASN.1 time → chrono.
pub(crate) fn from_asn1(t: &ASN1Time) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or_default()
}
