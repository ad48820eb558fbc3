//! The OCSP responder in process (`Ra::ocsp_response`, DER in and out):
//! whatever the bytes, an OCSPResponse and never a panic; unknown for
//! serials that are not ours; the nonce echoed; tryLater before the
//! responder has its certificate.

mod common;

use common::{ra_with_ca_dir, staff, t0};
use der::Decode;
use proptest::prelude::*;
use ratu::domain::DbTarget;
use ratu::ra::Ra;
use x509_ocsp::{BasicOcspResponse, CertStatus, OcspResponse, OcspResponseStatus};

const CA_PASS: &str = "Kunci-CA-Uji-2026";

async fn responder(dir: &std::path::Path) -> Ra {
    let ra = ra_with_ca_dir(&DbTarget::Memory, dir, t0()).await;
    let s = staff(&ra).await;
    ra.ca_init(&s.admin, &Default::default(), CA_PASS).await.unwrap();
    ra
}

fn status(der: &[u8]) -> OcspResponseStatus {
    OcspResponse::from_der(der)
        .expect("always an OCSPResponse")
        .response_status
}

#[tokio::test(flavor = "multi_thread")]
async fn try_later_before_the_responder_certificate_then_unknown_with_the_nonce_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let ra = responder(dir.path()).await;
    let (issuing, _) = ra.ca_certs().unwrap();
    let req = ratu::ca::request_der(&issuing, &[0x12, 0x34], Some(b"nonce-1234567890")).unwrap();
    assert_eq!(status(&ra.ocsp_response(&req).await), OcspResponseStatus::TryLater);

    assert!(ra.renew_ocsp_signer().await.unwrap().is_some());
    assert!(ra.renew_ocsp_signer().await.unwrap().is_none(), "not due again at once");
    let der = ra.ocsp_response(&req).await;
    let r = OcspResponse::from_der(&der).unwrap();
    assert_eq!(r.response_status, OcspResponseStatus::Successful);
    let basic = BasicOcspResponse::from_der(r.response_bytes.unwrap().response.as_bytes()).unwrap();
    let data = &basic.tbs_response_data;
    assert!(matches!(data.responses[0].cert_status, CertStatus::Unknown(_)));
    let nonce = &data.response_extensions.as_ref().expect("nonce echoed")[0];
    assert!(nonce.extn_value.as_bytes().ends_with(b"nonce-1234567890"));
    // nextUpdate is one CRL interval (24 h by default) after thisUpdate.
    let this = data.responses[0].this_update.0.to_unix_duration().as_secs();
    let next = data.responses[0].next_update.unwrap().0.to_unix_duration().as_secs();
    assert_eq!(next - this, 24 * 3600);

    for garbage in [&b""[..], b"\x30", b"\x30\x00", &req[..req.len() - 1]] {
        assert_eq!(
            status(&ra.ocsp_response(garbage).await),
            OcspResponseStatus::MalformedRequest
        );
    }
}

/// The CA's answer to `req`: the status of its one SingleResponse.
fn single(der: &[u8]) -> CertStatus {
    let r = OcspResponse::from_der(der).unwrap();
    let basic = BasicOcspResponse::from_der(r.response_bytes.unwrap().response.as_bytes()).unwrap();
    basic.tbs_response_data.responses[0].cert_status
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_without_a_nonce_is_reused_until_the_certificate_is_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let ra = ra_with_ca_dir(&DbTarget::Memory, dir.path(), t0()).await;
    let s = staff(&ra).await;
    let status = ra.ca_init(&s.admin, &Default::default(), CA_PASS).await.unwrap();
    ra.renew_ocsp_signer().await.unwrap();
    let serial = ratu::ca::Serial::random();
    let hex_serial = hex::encode(serial.as_bytes());
    let mut rec = ratu::domain::CertRecord::new(
        hex_serial.clone(),
        "Siti Rahayu",
        "signing",
        (t0(), t0() + chrono::Duration::days(700)),
        ratu::domain::CertState::Issued,
    );
    rec.issuer_dn = status.issuing.subject.clone();
    let mut b = ratu::store::Batch::new();
    ratu::store::insert_cert(&mut b, &rec, None);
    b.commit(ra.store()).await.unwrap();
    let (issuing, _) = ra.ca_certs().unwrap();
    let plain = ratu::ca::request_der(&issuing, serial.as_bytes(), None).unwrap();

    // Without a nonce the same signed answer is sent again; with one, each is new.
    let first = ra.ocsp_response(&plain).await;
    assert!(matches!(single(&first), CertStatus::Good(_)));
    assert_eq!(ra.ocsp_response(&plain).await, first, "reused");
    let n1 = ratu::ca::request_der(&issuing, serial.as_bytes(), Some(b"nonce-one-123456")).unwrap();
    let n2 = ratu::ca::request_der(&issuing, serial.as_bytes(), Some(b"nonce-two-123456")).unwrap();
    assert_ne!(ra.ocsp_response(&n1).await, ra.ocsp_response(&n2).await);

    // Revoked: the very next answer says so, nonce or not.
    ra.revoke_cert(
        &s.admin,
        &hex_serial,
        ratu::domain::RevocationReason::KeyCompromise,
        None,
    )
    .await
    .unwrap();
    let after = ra.ocsp_response(&plain).await;
    assert_ne!(after, first);
    assert!(matches!(single(&after), CertStatus::Revoked(_)), "{:?}", single(&after));
    assert!(matches!(single(&ra.ocsp_response(&n1).await), CertStatus::Revoked(_)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary bytes, and mutations of a real request, get an
    /// OCSPResponse: malformedRequest or a signed answer.
    #[test]
    fn arbitrary_requests_get_a_response_and_never_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
    ) {
        use std::sync::OnceLock;
        static RT: OnceLock<(tokio::runtime::Runtime, Ra, Vec<u8>, tempfile::TempDir)> = OnceLock::new();
        let (rt, ra, req, _) = RT.get_or_init(|| {
            let rt = tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(16 << 20).build().unwrap();
            let dir = tempfile::tempdir().unwrap();
            let ra = rt.block_on(async {
                let ra = responder(dir.path()).await;
                ra.renew_ocsp_signer().await.unwrap();
                ra
            });
            let req = ratu::ca::request_der(&ra.ca_certs().unwrap().0, &[0x42; 16], Some(b"n0nce")).unwrap();
            (rt, ra, req, dir)
        });
        let st = status(&rt.block_on(ra.ocsp_response(&bytes)));
        prop_assert!(matches!(st, OcspResponseStatus::MalformedRequest | OcspResponseStatus::Successful));
        let mut mutated = req.clone();
        for (i, b) in &flips {
            let n = mutated.len();
            mutated[i % n] ^= b;
        }
        let st = status(&rt.block_on(ra.ocsp_response(&mutated)));
        prop_assert!(matches!(st, OcspResponseStatus::MalformedRequest | OcspResponseStatus::Successful));
    }
}
