//! Atomic file replacement: a reader sees the old file or the new one, never
//! half of either (used for CRL publication and for key files).

use super::{CaError, Result};
use rand::RngCore;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Writes `bytes` to `path` atomically with permission `mode` (e.g. `0o644`
/// for a CRL, `0o600` for secrets): write a temporary file in the same
/// folder, fsync it, rename it over `path`, then fsync the folder so the
/// rename itself survives a crash. The folder must exist.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let io = |e: std::io::Error| CaError::Io {
        path: path.display().to_string(),
        source: e,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| CaError::invalid(path.display().to_string(), "not a file path; give a file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{:016x}",
        file_name.to_string_lossy(),
        rand::rngs::OsRng.next_u64()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).mode(mode).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        crate::crash::point("file.temporary");
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn write_atomic_replaces_content_and_sets_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ca.crl");
        write_atomic(&p, b"one", 0o644).unwrap();
        write_atomic(&p, b"two", 0o644).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o644);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary file left behind");
    }

    #[test]
    fn write_atomic_into_missing_folder_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope/ca.crl");
        let err = write_atomic(&p, b"x", 0o644).unwrap_err().to_string();
        assert!(err.contains("nope/ca.crl"), "{err}");
    }
}
