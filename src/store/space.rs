//! The room a write needs: before every commit the data folder's file
//! system is asked (statvfs, a few microseconds) whether it is writable
//! and has more free than the reserve; if not, nothing is sent to the
//! database and the caller hears why in one line.

use super::{Result, Store, StoreError};
use crate::domain::space::{MinFree, NoRoom};
use std::path::{Path, PathBuf};

/// The folder watched and its reserve.
#[derive(Debug, Clone)]
pub(super) struct Guard {
    dir: PathBuf,
    min: MinFree,
}

/// Free and total bytes of the file system holding `dir`, and whether it
/// can be written (the mount, and the folder's permissions for this user).
fn statvfs(dir: &Path) -> std::io::Result<(u64, u64, bool)> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes())?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid C string; `st` is written by the call.
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the same C string; access(2) only reads it.
    let writable = st.f_flag & libc::ST_RDONLY == 0 && unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0;
    let unit = st.f_frsize as u64;
    Ok((st.f_bavail as u64 * unit, st.f_blocks as u64 * unit, writable))
}

/// Whether `dir` may be written: read-only (the mount, or the folder's
/// permissions for this user), or below the reserve.
fn room(dir: &Path, min: MinFree) -> std::result::Result<(), NoRoom> {
    let shown = dir.display().to_string();
    let Ok((free, total, writable)) = statvfs(dir) else {
        // A folder that cannot be asked is left to the write itself.
        return Ok(());
    };
    if !writable {
        return Err(NoRoom::ReadOnly { dir: shown });
    }
    let reserve = min.reserve(total);
    if free < reserve {
        return Err(NoRoom::Low {
            dir: shown,
            free,
            reserve,
        });
    }
    Ok(())
}

impl Guard {
    pub(super) fn new(dir: PathBuf) -> Guard {
        Guard {
            dir,
            min: MinFree::Default,
        }
    }
}

impl Store {
    /// Watches `dir` (the data folder, or the database's own) before every
    /// write, keeping the reserve already set.
    pub fn guard_space(&self, dir: &Path) {
        if let Ok(mut g) = self.space.write() {
            let min = g.as_ref().map_or(MinFree::Default, |g| g.min);
            *g = Some(Guard {
                dir: dir.to_path_buf(),
                min,
            });
        }
    }

    /// The reserve (config `min_free`) of the folder watched, if any.
    pub fn set_min_free(&self, min: MinFree) {
        if let Ok(mut g) = self.space.write()
            && let Some(g) = g.as_mut()
        {
            g.min = min;
        }
    }

    /// Why a write would be refused now, if it would.
    pub fn no_room(&self) -> Option<NoRoom> {
        let g = self.space.read().ok()?.clone()?;
        room(&g.dir, g.min).err()
    }

    /// Refuses a write when the folder watched has no room for it; sign-in
    /// `bookkeeping` may use the reserve (only a read-only folder refuses it).
    pub(super) fn check_room(&self, bookkeeping: bool) -> Result<()> {
        match self.no_room() {
            Some(NoRoom::Low { .. }) if bookkeeping => Ok(()),
            Some(why) => Err(StoreError::NoRoom(why.to_string())),
            None => Ok(()),
        }
    }
}
