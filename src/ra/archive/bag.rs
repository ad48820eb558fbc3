//! BagIt (RFC 8493) as the archive writes it: the payload under `data/`,
//! `manifest-sha256.txt` over the payload, its detached CMS signature
//! `manifest-sha256.txt.p7s`, `bagit.txt`, `bag-info.txt` and
//! `tagmanifest-sha256.txt` over the tag files. A bag is written into a
//! hidden sibling folder, its file system synced, then renamed into place:
//! a crash leaves no half bag under its real name.

use super::super::backup::files_under;
use super::super::{RaError, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

pub const BAGIT: &str = "bagit.txt";
pub const BAG_INFO: &str = "bag-info.txt";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const SIGNATURE: &str = "manifest-sha256.txt.p7s";
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
/// The tag files the tag manifest covers, in its order.
pub const TAG_FILES: [&str; 4] = [BAGIT, BAG_INFO, MANIFEST, SIGNATURE];
pub const BAGIT_TEXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// One file of a bag: its path inside the bag (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BagFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Manifest text: `HASH  PATH` per file, sorted by path.
pub fn manifest_of<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut lines: Vec<(String, String)> = files.into_iter().map(|(p, b)| (p.to_string(), sha256_hex(b))).collect();
    lines.sort();
    lines.iter().map(|(p, h)| format!("{h}  {p}\n")).collect()
}

/// A relative path that stays inside the bag: no root, no `.` or `..`.
fn plain(path: &str) -> bool {
    !path.is_empty() && !path.starts_with('/') && path.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// A manifest's lines as (path, hash); an error names the line that is
/// not `HASH  PATH` or whose path leaves the bag.
pub fn parse_manifest(what: &str, text: &str) -> std::result::Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((hash, path)) = line.split_once(char::is_whitespace) else {
            return Err(format!("{what}: line {} is not \"HASH  PATH\"", i + 1));
        };
        let path = path.trim_start();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || !plain(path) {
            return Err(format!("{what}: line {} is not \"HASH  PATH\" inside the bag", i + 1));
        }
        out.push((path.to_string(), hash.to_ascii_lowercase()));
    }
    Ok(out)
}

/// The payload's size and file count, as `Payload-Oxum` says them.
pub fn payload_oxum(payload: &[BagFile]) -> String {
    let bytes: usize = payload.iter().map(|f| f.bytes.len()).sum();
    format!("{bytes}.{}", payload.len())
}

fn io(what: &Path, e: impl std::fmt::Display) -> RaError {
    RaError::Io(format!("{}: {e}", what.display()))
}

fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io(dir, e))
}

/// Writes `files` as the bag `parent/name` (folders 0700, files 0600: it
/// holds personal data), through a hidden sibling renamed into place.
/// False, writing nothing, when `parent/name` is already there.
pub fn write_bag(parent: &Path, name: &str, files: &[BagFile]) -> Result<bool> {
    if let Some(f) = files.iter().find(|f| !plain(&f.path)) {
        return Err(RaError::Invalid(format!(
            "bag {name}: the file {:?} would land outside the bag; nothing written",
            f.path
        )));
    }
    if !plain(name) || name.contains('/') || name.starts_with('.') {
        return Err(RaError::Invalid(format!("{name:?} is not a bag name; nothing written")));
    }
    let dest = parent.join(name);
    if dest.exists() {
        return Ok(false);
    }
    let mkdir = |d: &Path| {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(d)
            .map_err(|e| io(d, e))
    };
    mkdir(parent)?;
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempdir_in(parent)
        .map_err(|e| io(parent, e))?;
    let mut dirs = std::collections::BTreeSet::new();
    for f in files {
        let path = tmp.path().join(&f.path);
        if let Some(d) = path.parent() {
            mkdir(d)?;
            dirs.insert(d.to_path_buf());
        }
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| io(&path, e))?;
        out.write_all(&f.bytes).map_err(|e| io(&path, e))?;
    }
    // Every file and folder on disk before the rename: one syncfs(2) for
    // the whole file system (an fsync per file costs seconds per thousand
    // files), else each one.
    let whole = std::fs::File::open(tmp.path()).map_err(|e| io(tmp.path(), e))?;
    // SAFETY: syncfs on a descriptor this function holds open.
    if unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&whole)) } != 0 {
        for f in files {
            let path = tmp.path().join(&f.path);
            std::fs::File::open(&path)
                .and_then(|h| h.sync_all())
                .map_err(|e| io(&path, e))?;
        }
        for d in dirs.iter().rev() {
            sync_dir(d)?;
        }
    }
    let tmp = tmp.keep();
    std::fs::rename(&tmp, &dest).map_err(|e| {
        let _ = std::fs::remove_dir_all(&tmp);
        io(&dest, e)
    })?;
    sync_dir(parent)?;
    Ok(true)
}

/// Every file of the bag at `dir`, read back.
pub fn read_bag(dir: &Path) -> Result<Vec<BagFile>> {
    files_under(dir)?
        .into_iter()
        .map(|(rel, path)| {
            Ok(BagFile {
                path: rel,
                bytes: std::fs::read(&path).map_err(|e| io(&path, e))?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_round_trip_and_refuse_paths_out_of_the_bag() {
        let text = manifest_of([("data/b", b"2".as_slice()), ("data/a", b"1".as_slice())]);
        let lines = parse_manifest("m", &text).unwrap();
        assert_eq!(lines[0].0, "data/a");
        assert_eq!(lines[1].1, sha256_hex(b"2"));
        for bad in [
            "x data/a",
            &format!("{}  ../etc", "0".repeat(64)),
            &format!("{}  /x", "0".repeat(64)),
        ] {
            assert!(parse_manifest("m", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bag_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![BagFile {
            path: "data/x/y.txt".into(),
            bytes: b"hello".to_vec(),
        }];
        assert!(write_bag(dir.path(), "ratu-closed-2025-11", &files).unwrap());
        assert!(!write_bag(dir.path(), "ratu-closed-2025-11", &files).unwrap());
        let back = read_bag(&dir.path().join("ratu-closed-2025-11")).unwrap();
        assert_eq!(back, files);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "no working folder left: {names:?}");
    }
}
