//! openssl on the files a test's RA writes: the CA certificates, the
//! published CRL, exported certificates.

use super::t0;
use ratu::ca::pem_encode;
use ratu::ra::Ra;
use std::path::Path;
use std::process::Command;

pub fn openssl(args: &[&str]) -> (bool, String) {
    let o = Command::new("openssl").args(args).output().expect("openssl runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

/// `openssl crl -text` of the issuing CA's published CRL (DER).
pub fn published_crl_text(dir: &Path) -> (bool, String) {
    let crl = dir.join("publish/issuing-ca.crl").display().to_string();
    openssl(&["crl", "-in", &crl, "-inform", "DER", "-noout", "-text"])
}

/// Writes the CA certificates as root.pem and issuing.pem into `dir`.
pub fn write_ca_files(dir: &Path, ra: &Ra) {
    let (issuing, root) = ra.ca_certs().unwrap();
    std::fs::write(dir.join("root.pem"), pem_encode("CERTIFICATE", &root.unwrap())).unwrap();
    std::fs::write(dir.join("issuing.pem"), pem_encode("CERTIFICATE", &issuing)).unwrap();
}

/// `openssl verify` of `leaf` against the chain in `dir`, with the
/// published CRL when `crl`.
pub fn verify(dir: &Path, leaf: &Path, crl: bool) -> (bool, String) {
    let (r, u, l) = (
        dir.join("root.pem").display().to_string(),
        dir.join("issuing.pem").display().to_string(),
        leaf.display().to_string(),
    );
    let crl_file = dir.join("publish/issuing-ca.crl.pem").display().to_string();
    // The RA's clock is fixed at t0: verify as of an hour later.
    let at = (t0().timestamp() + 3600).to_string();
    let mut args = vec!["verify", "-attime", &at, "-CAfile", &r, "-untrusted", &u];
    if crl {
        args.extend(["-crl_check", "-CRLfile", &crl_file]);
    }
    args.push(&l);
    openssl(&args)
}
