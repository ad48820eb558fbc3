//! `ratu backup` and `ratu restore`.

use super::session::{new_secret, secret};
use crate::api::Office;
use crate::config::{Config, service_root_credential};
use crate::domain::{DbTarget, Operator};
use crate::ra::backup;
use anyhow::Result;
use std::path::Path;

const PASSPHRASE_ENV: &str = "RATU_BACKUP_PASSPHRASE";

/// The shared server's root credential for the export: RATU_DB_USER and
/// RATU_DB_PASS when given, else the service's own file in DATA.
fn root_credential(cfg: &Config) -> Option<(String, String)> {
    match &cfg.db {
        DbTarget::Remote { root: Some(r), .. } => Some(r.clone()),
        DbTarget::Remote { root: None, .. } => std::fs::read_to_string(service_root_credential(&cfg.data_dir))
            .ok()
            .map(|p| ("root".to_string(), p.trim().to_string())),
        _ => None,
    }
}

pub async fn backup(ra: &Office, op: &Operator, cfg: &Config, config_file: Option<&Path>, out: &Path) -> Result<()> {
    let pass = new_secret(PASSPHRASE_ENV, "backup passphrase")?;
    let Some(ra) = ra.local() else {
        let (n, schema, parts) = ra.backup(&pass, out).await?;
        println!(
            "backup written to {} ({n} bytes, schema {schema}, by the service: {parts})",
            out.display()
        );
        return Ok(());
    };
    let root = root_credential(cfg);
    let r = ra
        .backup(
            op,
            &cfg.db,
            root.as_ref().map(|(u, p)| (u.as_str(), p.as_str())),
            config_file,
            out,
            &pass,
        )
        .await?;
    println!(
        "backup written to {} ({} bytes, schema {}, {} parts: {})",
        r.file.display(),
        r.bytes,
        r.manifest.schema_version,
        r.manifest.parts.len(),
        r.manifest.parts.keys().cloned().collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

pub async fn restore(file: &Path, data_dir: &Path) -> Result<()> {
    let pass = secret(PASSPHRASE_ENV, "backup passphrase")?;
    let r = backup::restore(file, &pass, data_dir).await?;
    println!(
        "restored the backup of {} (schema {}) into {}",
        r.manifest.created.format("%Y-%m-%d %H:%M UTC"),
        r.manifest.schema_version,
        r.data_dir.display()
    );
    if r.data_dir.join("config.toml").exists() {
        println!(
            "its configuration is in {}: check the folders it names, then pass it with --config",
            r.data_dir.join("config.toml").display()
        );
    }
    Ok(())
}
