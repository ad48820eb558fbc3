//! pkilint, where installed (CI installs it): lint files and fail on any
//! ERROR or FATAL finding.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// True when every one of `tools` runs; in CI their absence fails the test.
pub fn ready(tools: &[&str]) -> bool {
    let have = tools
        .iter()
        .all(|t| Command::new(t).arg("--help").output().is_ok_and(|o| o.status.success()));
    if !have {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("pkilint ({}) is required in CI: pip install pkilint", tools.join(", "));
        }
        eprintln!("NOTE: pkilint not installed (pip install pkilint); skipping the lint check locally");
    }
    have
}

/// Runs `tool ARGS FILE` and fails on any ERROR or FATAL finding.
pub fn assert_clean(tool: &str, args: &[&str], file: &Path) {
    let o = Command::new(tool).args(args).arg(file).output().unwrap();
    let t = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let errors: Vec<_> = t
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("FATAL"))
        .collect();
    assert!(errors.is_empty(), "{tool} {}: {t}", file.display());
}
