//! The demo's folder: written first and last, so a demo killed midway is
//! made again and a folder that is not the demo's is never touched.

use crate::ra::{RaError, Result};
use std::path::Path;

/// Written first into a folder the demo makes: the folder is the demo's.
pub const DEMO_STARTED: &str = ".demo-started";
/// Written last, once the demo is complete: the folder is reused as it is.
pub const DEMO_COMPLETE: &str = ".demo-complete";
/// What a demo makes in its folder; an interrupted demo loses only these.
const DEMO_PARTS: [&str; 3] = ["ca", "publish", "outbox"];

/// The state a demo folder was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoDir {
    /// Empty or new: the demo is made there.
    Fresh,
    /// A complete demo, reused.
    Complete,
    /// A demo killed midway: what it made is removed and it is made again.
    Interrupted,
}

/// Readies `dir` for `ratu demo` with its store in `db`: a complete demo is
/// reused; one killed midway is wiped (only what the demo makes) and made
/// again; a folder holding a store or CA files that no demo of ours
/// started is refused, naming what to delete. Nothing else is ever removed.
pub fn prepare_demo_dir(dir: &Path, db: &Path) -> Result<DemoDir> {
    let io = |e: std::io::Error| RaError::Io(format!("{}: {e}", dir.display()));
    let refuse = |found: &Path, what: &str| {
        RaError::Invalid(format!(
            "{} holds {} but {what}: delete {} to make the demo there, or give another folder",
            dir.display(),
            found.display(),
            if found.starts_with(dir) { dir } else { found }.display()
        ))
    };
    if dir.join(DEMO_COMPLETE).exists() {
        return Ok(DemoDir::Complete);
    }
    let ours = DEMO_PARTS.map(|p| dir.join(p));
    if dir.join(DEMO_STARTED).exists() {
        if db.exists() && !db.starts_with(dir) {
            return Err(refuse(db, "the demo made there was killed midway"));
        }
        for p in ours.iter().map(|p| p.as_path()).chain([db]).filter(|p| p.exists()) {
            std::fs::remove_dir_all(p).map_err(io)?;
        }
        return Ok(DemoDir::Interrupted);
    }
    if let Some(found) = [db]
        .into_iter()
        .chain(ours.iter().map(|p| p.as_path()))
        .find(|p| p.exists())
    {
        return Err(refuse(
            found,
            "no complete demo (a demo killed midway, or not a demo folder)",
        ));
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    std::fs::write(dir.join(DEMO_STARTED), b"").map_err(io)?;
    Ok(DemoDir::Fresh)
}

/// Marks the demo in `dir` complete; written last.
pub fn mark_demo_complete(dir: &Path) -> Result<()> {
    std::fs::write(dir.join(DEMO_COMPLETE), b"").map_err(|e| RaError::Io(format!("{}: {e}", dir.display())))
}
