//! Named crash points: the places between two writes of one step where a
//! crash leaves the step half done. A build with the `crash-points`
//! feature (tests only; release builds leave it out and every point is an
//! empty inline function) aborts the process at the N-th pass of the point
//! named by `RATU_CRASH_AT=NAME[:N]` (N = 1 by default), so that
//! `tests/crash_points.rs` hits each window every time instead of by
//! chance.
//!
//! Every point's name is in [`POINTS`]; the test fails when a point in the
//! code is missing from its own list.

/// Every named point, in the order of the steps they cut.
pub const POINTS: &[&str] = &[
    // Issuing: reserve serials → sign → record.
    "issue.reserved",
    "issue.signed",
    // Revoking: the revocation committed → the CRL published.
    "revoke.recorded",
    // Publishing a CRL: number taken → files written → publication recorded.
    "crl.numbered",
    "crl.written",
    // Any file replaced atomically (CRLs, keys): temporary file → rename.
    "file.temporary",
    // A case step committed → its e-mails delivered.
    "step.committed",
    // An e-mail handed over → marked sent.
    "mail.delivered",
    // A backup: each part into the archive → the archive renamed in place.
    "backup.part",
    "backup.written",
    // A schema migration step applied → the next (and the version recorded).
    "migrate.step",
];

/// Passes point `name`; in a crash-points build, aborts at the pass that
/// `RATU_CRASH_AT` names.
#[cfg(not(feature = "crash-points"))]
#[inline(always)]
pub fn point(_name: &'static str) {}

/// Passes point `name`; in a crash-points build, aborts at the pass that
/// `RATU_CRASH_AT` names.
#[cfg(feature = "crash-points")]
pub fn point(name: &'static str) {
    armed::pass(name)
}

#[cfg(feature = "crash-points")]
mod armed {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// The point and the pass to abort at, read once.
    fn target() -> Option<&'static (String, u64)> {
        static TARGET: OnceLock<Option<(String, u64)>> = OnceLock::new();
        TARGET
            .get_or_init(|| {
                let v = std::env::var("RATU_CRASH_AT").ok()?;
                let (name, n) = match v.split_once(':') {
                    Some((name, n)) => (name.to_string(), n.trim().parse().unwrap_or(1)),
                    None => (v.clone(), 1),
                };
                Some((name.trim().to_string(), n.max(1)))
            })
            .as_ref()
    }

    static PASSES: AtomicU64 = AtomicU64::new(0);

    pub(super) fn pass(name: &'static str) {
        debug_assert!(super::POINTS.contains(&name), "crash point {name} is not in POINTS");
        let Some((at, n)) = target() else { return };
        if at != name {
            return;
        }
        if PASSES.fetch_add(1, Ordering::SeqCst) + 1 == *n {
            eprintln!("ratu: crash point {name}:{n} reached, aborting (RATU_CRASH_AT)");
            std::process::abort();
        }
    }
}
