//! `ratu inspect` of a CSR checks its self-signature: a forged or altered
//! one is said plainly and the exit status is non-zero.

use std::process::{Command, Output};

fn inspect(file: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", file.parent().unwrap().join("data").to_str().unwrap()])
        .args(["--config", "/nonexistent/ratu.toml", "inspect"])
        .arg(file)
        .output()
        .expect("ratu runs")
}

#[test]
fn inspect_of_a_csr_with_a_flipped_signature_byte_exits_non_zero_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(rcgen::DnType::CommonName, "Siti Rahayu");
    let csr = params.serialize_request(&key).unwrap();

    let good = dir.path().join("good.csr");
    std::fs::write(&good, csr.pem().unwrap()).unwrap();
    let o = inspect(&good);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("signature  verifies"));

    let mut der = csr.der().to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let bad = dir.path().join("bad.csr");
    std::fs::write(&bad, &der).unwrap();
    let o = inspect(&bad);
    assert!(!o.status.success(), "a forged CSR exits 0");
    let said = "DOES NOT VERIFY — this CSR was altered or forged";
    assert!(String::from_utf8_lossy(&o.stdout).contains(said));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains(&format!("signature: {said}")), "{e}");
}
