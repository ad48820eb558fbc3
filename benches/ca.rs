//! CA benchmarks: issuing one certificate from a CSR (parse + verify the CSR,
//! build and sign the certificate) with a P-256 and an RSA-2048 issuing CA,
//! and signing a CRL of 100,000 entries.
//!
//! `cargo bench --bench ca` (add `-- --quick` for a short run).

use chrono::{Duration, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ratu::ca::{
    self, CaUrls, HierarchySpec, IssueRequest, Issuer, KeyAlg, Profiles, RevocationReason, RevokedEntry, Serial,
    SubjectInfo,
};

fn csr_der() -> Vec<u8> {
    let key = rcgen::KeyPair::generate().expect("P-256 key");
    let csr = rcgen::CertificateParams::default()
        .serialize_request(&key)
        .expect("CSR");
    csr.der().to_vec()
}

fn issuer(alg: KeyAlg) -> Issuer {
    let h = ca::create_hierarchy(
        &HierarchySpec {
            alg,
            ..HierarchySpec::default()
        },
        Utc::now() - Duration::hours(1),
    )
    .expect("hierarchy");
    Issuer::from_ca(&h.issuing).expect("issuer")
}

fn bench_issue(c: &mut Criterion) {
    let csr = csr_der();
    let profiles = Profiles::builtin();
    let profile = profiles.get("signing").expect("signing profile");
    let urls = CaUrls {
        crl: Some("http://crl.demo.example.id/ca.crl".into()),
        ca_issuers: Some("http://crl.demo.example.id/ca.cer".into()),
        ocsp: Some("http://ocsp.demo.example.id/".into()),
    };
    let subject = SubjectInfo {
        name: "Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T.".into(),
        agency: "Dinas Komunikasi dan Informatika Kabupaten Badung".into(),
        unit: Some("Bidang Persandian".into()),
        email: "agung.putra@badungkab.go.id".into(),
    };
    let mut group = c.benchmark_group("issue_from_csr");
    group.throughput(Throughput::Elements(1));
    for alg in [KeyAlg::EcdsaP256, KeyAlg::Rsa2048] {
        let issuer = issuer(alg);
        group.bench_function(format!("{alg}_ca"), |b| {
            b.iter(|| {
                let parsed = ca::parse_csr("bench.csr", &csr).expect("CSR");
                issuer
                    .issue(&IssueRequest {
                        subject: &subject,
                        public_key: &parsed.public_key,
                        profile,
                        serial: Serial::random(),
                        not_before: Utc::now(),
                        urls: &urls,
                    })
                    .expect("issue")
            })
        });
    }
    group.finish();
}

fn bench_crl(c: &mut Criterion) {
    let issuer = issuer(KeyAlg::EcdsaP256);
    let now = Utc::now();
    let entries: Vec<_> = (0..100_000)
        .map(|i| RevokedEntry {
            serial: Serial::random(),
            revoked_at: now - Duration::minutes(i),
            reason: if i % 4 == 0 {
                RevocationReason::Unspecified
            } else {
                RevocationReason::KeyCompromise
            },
            invalidity: (i % 10 == 0).then(|| now - Duration::days(1)),
        })
        .collect();
    let mut group = c.benchmark_group("sign_crl");
    group.sample_size(10);
    group.bench_function("100k_entries", |b| {
        b.iter(|| ca::sign_crl(&issuer, 1, now, now + Duration::days(7), &entries).expect("CRL"))
    });
    group.finish();
}

criterion_group!(benches, bench_issue, bench_crl);
criterion_main!(benches);
