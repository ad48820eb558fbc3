//! The archive's tests: a site whose cases closed months and years ago
//! (an RA on the site's one store at a fixed past time for each step),
//! its bags, the real CLI on them, and the independent checkers
//! (`bagit.py`, `openssl cms`).
#![allow(dead_code)]

use crate::common::{CA_PASS, Staff, docs, new_case, staff_with_pin};
use chrono::{DateTime, TimeZone, Utc};
use ratu::domain::{Action, CaseKind};
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::{DbTarget, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

/// One store and CA, reached at any time.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub cfg: RaConfig,
    pub staff: Staff,
}

impl Site {
    /// A site on `target` (none: mem://) whose folders are in a temporary
    /// folder (`data/ca`, `data/archive`), staffed (PIN `pin`), its CA
    /// made on `since`.
    pub async fn new(target: Option<&dyn Fn(&Path) -> DbTarget>, pin: &str, since: DateTime<Utc>) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let target = target.map_or(DbTarget::Memory, |t| t(&data));
        let store = Store::open(&target).await.expect("store opens");
        let mut cfg = RaConfig::default();
        cfg.ca.dir = data.join("ca");
        cfg.ca.publish_dir = data.join("publish");
        cfg.ca.subscriber_alg = ratu::ca::KeyAlg::EcdsaP256;
        cfg.archive.dir = data.join("archive");
        let ra = Ra::new(store.clone(), cfg.clone(), Clock::Fixed(since));
        let staff = staff_with_pin(&ra, pin).await;
        ra.ca_init(&staff.admin, &ratu::ca::HierarchySpec::default(), CA_PASS)
            .await
            .expect("CA created");
        Site { dir, store, cfg, staff }
    }

    /// The RA at `when`, its CA unlocked.
    pub fn at(&self, when: DateTime<Utc>) -> Ra {
        let ra = Ra::new(self.store.clone(), self.cfg.clone(), Clock::Fixed(when));
        ra.unlock_ca(CA_PASS).expect("CA unlocks");
        ra
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The office's root certificate (PEM).
    pub fn root(&self) -> PathBuf {
        self.cfg.ca.dir.join("root.pem")
    }

    pub fn issuing(&self) -> PathBuf {
        self.cfg.ca.dir.join("issuing.pem")
    }
}

/// Opens an issuance case for applicant `n` (with its documents), sends
/// it to the applicant and rejects it: closed. Its number.
pub async fn rejected(ra: &Ra, s: &Staff, n: u32) -> u64 {
    let c = ra
        .new_case(&s.ver1, new_case(CaseKind::Issuance, n), &docs(CaseKind::Issuance))
        .await
        .unwrap();
    ra.act(&s.ver1, c.id, Action::SendToApplicant, None, None)
        .await
        .unwrap();
    ra.act(
        &s.ver1,
        c.id,
        Action::Reject,
        Some("surat rekomendasi kedaluwarsa"),
        None,
    )
    .await
    .unwrap();
    c.id
}

/// `ratu archive ARGS` (no data folder, no config): its output.
pub fn archive_cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--config", "/nonexistent/ratu.toml", "archive"])
        .args(args)
        .env_remove("RATU_DATA")
        .output()
        .expect("ratu runs")
}

/// `ratu archive verify DIR --root ROOT`: exit code and stderr.
pub fn verify(dir: &Path, root: &Path) -> (i32, String, String) {
    let o = archive_cli(&["verify", dir.to_str().unwrap(), "--root", root.to_str().unwrap()]);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `bagit.py --validate BAG` (pip `bagit`): success and what it said.
pub fn bagit_validate(bag: &Path) -> (bool, String) {
    let o = Command::new("bagit.py")
        .args(["--validate", bag.to_str().unwrap()])
        .output()
        .expect("bagit.py runs (pip install bagit)");
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

/// `openssl cms -verify` of a bag's manifest against the office's root.
pub fn openssl_cms(bag: &Path, site: &Site) -> (bool, String) {
    let o = Command::new("openssl")
        .args(["cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any"])
        .arg("-in")
        .arg(bag.join("manifest-sha256.txt.p7s"))
        .arg("-content")
        .arg(bag.join("manifest-sha256.txt"))
        .arg("-CAfile")
        .arg(site.root())
        .arg("-certfile")
        .arg(site.issuing())
        .args(["-out", "/dev/null"])
        .output()
        .expect("openssl runs");
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

/// A copy of `from` as `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// One byte of `file` changed at `at` (from the end when negative).
pub fn flip(file: &Path, at: isize) {
    let mut b = std::fs::read(file).unwrap();
    let i = if at < 0 {
        b.len() - at.unsigned_abs()
    } else {
        at as usize
    };
    b[i] ^= 0x01;
    std::fs::write(file, b).unwrap();
}

/// Writes the bag's tag manifest again over its tag files, as someone
/// covering their tracks would.
pub fn retag(bag: &Path) {
    use sha2::Digest;
    let text: String = [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "manifest-sha256.txt.p7s",
    ]
    .iter()
    .map(|f| {
        let sum = hex::encode(sha2::Sha256::digest(std::fs::read(bag.join(f)).unwrap()));
        format!("{sum}  {f}\n")
    })
    .collect();
    std::fs::write(bag.join("tagmanifest-sha256.txt"), text).unwrap();
}

/// The payload files of `bag` under `data/cases/ID/documents/`.
pub fn document_files(bag: &Path, id: u64) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(bag.join(format!("data/cases/{id}/documents")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}
