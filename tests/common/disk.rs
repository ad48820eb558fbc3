//! A small file system of its own for a data folder (a tmpfs, mounted as
//! root; the CI machine runs the suite as root), to fill up and to make
//! read-only. Where mounting is not allowed the tests say so and skip.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted on a folder, unmounted when dropped.
pub struct Tmpfs(pub PathBuf);

impl Tmpfs {
    pub fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    pub fn remount(&self, how: &str) {
        let o = Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "remount {how}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system of `dir` to the last byte; returns the filler.
pub fn fill(dir: &Path) -> PathBuf {
    fill_leaving(dir, 0)
}

/// Fills the file system of `dir` until about `leave` bytes are free (0:
/// to the last byte); returns the filler.
pub fn fill_leaving(dir: &Path, leave: u64) -> PathBuf {
    let path = dir.join(format!("filler-{}", std::process::id()));
    let mut f = std::fs::File::create(&path).unwrap();
    let free = free_bytes(dir);
    let chunk = vec![0u8; 64 * 1024];
    let mut want = free.saturating_sub(leave);
    while want >= chunk.len() as u64 && f.write_all(&chunk).is_ok() {
        want -= chunk.len() as u64;
    }
    if leave == 0 {
        let mut byte = [0u8; 1];
        while f.write_all(&byte).is_ok() {
            byte[0] = 1;
        }
    }
    let _ = f.sync_all();
    path
}

/// Bytes free for an unprivileged writer on the file system of `dir`.
pub fn free_bytes(dir: &Path) -> u64 {
    let o = Command::new("df")
        .args(["-B1", "--output=avail"])
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}
