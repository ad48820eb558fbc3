//! Logs to a file (never the screen): a minimal `tracing` subscriber that
//! writes one line per event at INFO and above. The file is 0600 in a 0700
//! folder.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

pub struct FileLog {
    file: Mutex<std::fs::File>,
    next_span: AtomicU64,
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let v = format!("{value:?}");
        let v = crate::domain::text::visible(&v);
        if field.name() == "message" {
            let _ = write!(self.0, " {v}");
        } else {
            let _ = write!(self.0, " {}={v}", field.name());
        }
    }
}

impl Subscriber for FileLog {
    fn enabled(&self, m: &Metadata<'_>) -> bool {
        *m.level() <= Level::INFO
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed).max(1))
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, e: &Event<'_>) {
        let mut line = Line(format!(
            "{} {:5} {}:",
            chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            e.metadata().level(),
            e.metadata().target()
        ));
        e.record(&mut line);
        if let Ok(mut f) = self.file.lock() {
            let _ = writeln!(f, "{}", line.0);
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Sends `tracing` to `path` for the rest of the process. Errors are
/// returned (the console runs without a log then).
pub fn init(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    let sub = FileLog {
        file: Mutex::new(file),
        next_span: AtomicU64::new(1),
    };
    tracing::subscriber::set_global_default(sub).map_err(std::io::Error::other)
}
