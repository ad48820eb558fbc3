//! Backup and restore: one age file (encrypted under a passphrase with
//! scrypt) holding a tar of
//!
//! - `ratu-backup.json`: what the backup is (ratu and schema versions,
//!   when, the SHA-256 of each part);
//! - `db.surql`: SurrealDB's export of the database, taken in one read
//!   transaction while officers keep working;
//! - `ca/…`: the CA folder (certificates and encrypted keys);
//! - `config.toml`: the site's configuration, when there is one.
//!
//! A restore goes onto an empty data folder only, and checks every part
//! against the manifest before anything is imported.

use super::{Ra, RaError, Result, require_role};
use crate::domain::{DbTarget, Operator, Role};
use crate::store::{SCHEMA_VERSION, Store};
use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

const MANIFEST: &str = "ratu-backup.json";
const DB: &str = "db.surql";
const CONFIG: &str = "config.toml";
/// The most a backup's parts may hold when restored (a defence against a
/// crafted file that unpacks without end).
const MAX_RESTORED_BYTES: u64 = 64 << 30;

/// What a backup holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: u32,
    pub ratu: String,
    pub schema_version: i64,
    pub created: chrono::DateTime<chrono::Utc>,
    /// Part name → SHA-256 (hex).
    pub parts: BTreeMap<String, String>,
}

/// What `backup` wrote.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub file: PathBuf,
    pub manifest: Manifest,
    pub bytes: u64,
}

/// What `restore` made.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub data_dir: PathBuf,
    pub manifest: Manifest,
}

fn io(what: &str, e: impl std::fmt::Display) -> RaError {
    RaError::Invalid(format!("{what}: {e}"))
}

pub(super) fn sha256_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| io(&path.display().to_string(), e))?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).map_err(|e| io(&path.display().to_string(), e))?;
    Ok(hex::encode(h.finalize()))
}

/// Every regular file under `dir`, as (path relative to `dir`, path).
pub(super) fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| io(&d.display().to_string(), e))? {
            let e = e.map_err(|e| io(&d.display().to_string(), e))?;
            let t = e.file_type().map_err(|e| io(&d.display().to_string(), e))?;
            if t.is_dir() {
                todo.push(e.path());
            } else if t.is_file() {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(&e.path())
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, e.path()));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A folder only this user reads, removed when dropped.
fn private_temp(near: &Path) -> Result<tempfile::TempDir> {
    let parent = near
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".ratu-backup-")
        .tempdir_in(parent)
        .map_err(|e| io(&format!("cannot make a working folder in {}", parent.display()), e))
}

impl Ra {
    /// Writes a backup to `out` (0600, replaced atomically), encrypted
    /// under `passphrase`. A CA admin's step, recorded in the audit trail.
    /// `root` is the shared server's root credential (see
    /// [`Store::export_to`]); `config` the site's config file.
    pub async fn backup(
        &self,
        op: &Operator,
        target: &DbTarget,
        root: Option<(&str, &str)>,
        config: Option<&Path>,
        out: &Path,
        passphrase: &str,
    ) -> Result<BackupReport> {
        require_role(op, &[Role::CaAdmin], "only a CA admin takes backups")?;
        if passphrase.chars().count() < 12 {
            return Err(RaError::Invalid(
                "the backup passphrase needs at least 12 characters".into(),
            ));
        }
        let work = private_temp(out)?;
        let db_file = work.path().join(DB);
        self.store.export_to(target, root, &db_file).await?;
        let mut parts: Vec<(String, PathBuf)> = vec![(DB.into(), db_file)];
        if self.cfg.ca.dir.exists() {
            for (rel, path) in files_under(&self.cfg.ca.dir)? {
                parts.push((format!("ca/{rel}"), path));
            }
        }
        if let Some(c) = config.filter(|c| c.is_file()) {
            parts.push((CONFIG.into(), c.to_path_buf()));
        }
        let mut sums = BTreeMap::new();
        for (name, path) in &parts {
            sums.insert(name.clone(), sha256_file(path)?);
        }
        let manifest = Manifest {
            format: 1,
            ratu: env!("CARGO_PKG_VERSION").into(),
            schema_version: SCHEMA_VERSION,
            created: self.now(),
            parts: sums,
        };
        let tmp = work.path().join("backup.age");
        write_archive(&tmp, &manifest, &parts, passphrase)?;
        crate::crash::point("backup.written");
        let bytes = std::fs::metadata(&tmp).map(|m| m.len()).unwrap_or(0);
        std::fs::rename(&tmp, out).map_err(|e| io(&format!("cannot write {}", out.display()), e))?;
        // The rename itself survives a crash once its folder is on disk.
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| io(&format!("cannot write {}", out.display()), e))?;
        }
        let mut b = crate::store::Batch::new();
        self.audit(
            &mut b,
            &op.name,
            "backup",
            None,
            format!(
                "backup of schema {SCHEMA_VERSION}, {} part(s), {bytes} bytes",
                manifest.parts.len()
            ),
        );
        b.commit(&self.store).await?;
        Ok(BackupReport {
            file: out.to_path_buf(),
            manifest,
            bytes,
        })
    }
}

fn write_archive(tmp: &Path, manifest: &Manifest, parts: &[(String, PathBuf)], passphrase: &str) -> Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(tmp)
        .map_err(|e| io(&tmp.display().to_string(), e))?;
    let enc = age::Encryptor::with_user_passphrase(SecretString::from(passphrase.to_string()));
    let sealed = enc
        .wrap_output(std::io::BufWriter::new(file))
        .map_err(|e| io("encrypting", e))?;
    let mut tar = tar::Builder::new(sealed);
    let json = serde_json::to_vec_pretty(manifest).map_err(|e| io("manifest", e))?;
    let mut head = tar::Header::new_gnu();
    head.set_size(json.len() as u64);
    head.set_mode(0o600);
    head.set_mtime(manifest.created.timestamp().max(0) as u64);
    head.set_cksum();
    tar.append_data(&mut head, MANIFEST, json.as_slice())
        .map_err(|e| io("writing the backup", e))?;
    for (name, path) in parts {
        let mut f = std::fs::File::open(path).map_err(|e| io(&path.display().to_string(), e))?;
        tar.append_file(name, &mut f).map_err(|e| io("writing the backup", e))?;
        crate::crash::point("backup.part");
    }
    let sealed = tar.into_inner().map_err(|e| io("writing the backup", e))?;
    let mut buffered = sealed.finish().map_err(|e| io("encrypting", e))?;
    buffered.flush().map_err(|e| io("writing the backup", e))?;
    buffered
        .into_inner()
        .map_err(|e| io("writing the backup", e.error()))?
        .sync_all()
        .map_err(|e| io("writing the backup", e))
}

/// A part's name as a safe relative path: `db.surql`, `config.toml`,
/// `ratu-backup.json` or `ca/…` without `..`, roots or prefixes.
fn safe_part(name: &Path) -> Option<PathBuf> {
    let s = name.to_str()?;
    if [MANIFEST, DB, CONFIG].contains(&s) {
        return Some(name.to_path_buf());
    }
    let rest = name.strip_prefix("ca").ok()?;
    if rest.as_os_str().is_empty() || !rest.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(name.to_path_buf())
}

/// Restores `file` onto `data_dir`, which must not exist or be empty:
/// the CA folder to `data_dir/ca`, the configuration to
/// `data_dir/config.toml`, the database into `data_dir/db`. Every part is
/// checked against the manifest first; on any failure the folder is left
/// empty again.
pub async fn restore(file: &Path, passphrase: &str, data_dir: &Path) -> Result<RestoreReport> {
    if data_dir.exists() {
        let mut entries = std::fs::read_dir(data_dir).map_err(|e| io(&data_dir.display().to_string(), e))?;
        if entries.next().is_some() {
            return Err(RaError::Invalid(format!(
                "{} is not empty: restore onto an empty or new folder",
                data_dir.display()
            )));
        }
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(data_dir)
        .map_err(|e| io(&data_dir.display().to_string(), e))?;
    let r = restore_into(file, passphrase, data_dir).await;
    if r.is_err()
        && let Ok(entries) = std::fs::read_dir(data_dir)
    {
        for e in entries.flatten() {
            let p = e.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
    r
}

async fn restore_into(file: &Path, passphrase: &str, data_dir: &Path) -> Result<RestoreReport> {
    let staging = data_dir.join(".restore");
    let manifest = unpack(file, passphrase, &staging)?;
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(RaError::Invalid(format!(
            "the backup has schema version {}, this ratu knows up to {SCHEMA_VERSION}: restore it with a newer ratu",
            manifest.schema_version
        )));
    }
    for (name, sum) in &manifest.parts {
        let path = staging.join(name);
        if !path.is_file() || sha256_file(&path)? != *sum {
            return Err(RaError::Invalid(format!(
                "the backup's {name} is missing or does not match its manifest"
            )));
        }
    }
    if !manifest.parts.contains_key(DB) {
        return Err(RaError::Invalid("the backup holds no database".into()));
    }
    if staging.join("ca").is_dir() {
        std::fs::rename(staging.join("ca"), data_dir.join("ca")).map_err(|e| io("restoring the CA", e))?;
    }
    if staging.join(CONFIG).is_file() {
        std::fs::rename(staging.join(CONFIG), data_dir.join(CONFIG)).map_err(|e| io("restoring the config", e))?;
    }
    let store = Store::import_new(&data_dir.join("db"), &staging.join(DB)).await?;
    drop(store);
    std::fs::remove_dir_all(&staging).map_err(|e| io("cleaning up", e))?;
    Ok(RestoreReport {
        data_dir: data_dir.to_path_buf(),
        manifest,
    })
}

/// Decrypts and unpacks `file` into `into` (made 0700): the manifest.
fn unpack(file: &Path, passphrase: &str, into: &Path) -> Result<Manifest> {
    let f = std::fs::File::open(file).map_err(|e| io(&file.display().to_string(), e))?;
    let dec = age::Decryptor::new(std::io::BufReader::new(f))
        .map_err(|e| io(&format!("{} is not a ratu backup", file.display()), e))?;
    let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_string()));
    let reader = dec
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|_| RaError::Invalid("wrong backup passphrase, or the file is damaged".into()))?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(into)
        .map_err(|e| io(&into.display().to_string(), e))?;
    let mut archive = tar::Archive::new(reader.take(MAX_RESTORED_BYTES));
    let mut manifest = None;
    let entries = archive.entries().map_err(|e| io("reading the backup", e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| io("reading the backup (damaged?)", e))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path().map_err(|e| io("reading the backup", e))?.into_owned();
        let Some(rel) = safe_part(&name) else {
            return Err(RaError::Invalid(format!(
                "the backup holds an unexpected part {}",
                name.display()
            )));
        };
        if rel == Path::new(MANIFEST) {
            let mut json = Vec::new();
            entry
                .by_ref()
                .take(1 << 20)
                .read_to_end(&mut json)
                .map_err(|e| io("reading the backup", e))?;
            manifest = Some(serde_json::from_slice::<Manifest>(&json).map_err(|e| io("the backup's manifest", e))?);
            continue;
        }
        let dest = into.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|e| io(&parent.display().to_string(), e))?;
        }
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&dest)
            .map_err(|e| io(&dest.display().to_string(), e))?;
        std::io::copy(&mut entry, &mut out).map_err(|e| io("reading the backup (damaged?)", e))?;
        out.sync_all().map_err(|e| io(&dest.display().to_string(), e))?;
    }
    // The encrypted stream to its very end: age checks each chunk's tag
    // as it is read, and the tar's end marker may come before the last
    // chunk's (a byte changed there would otherwise pass).
    std::io::copy(&mut archive.into_inner(), &mut std::io::sink())
        .map_err(|_| RaError::Invalid("the backup is damaged: its end does not verify".into()))?;
    let manifest = manifest.ok_or_else(|| RaError::Invalid("the backup has no manifest".into()))?;
    // Nothing beyond what the manifest names.
    for (rel, _) in files_under(into)? {
        if !manifest.parts.contains_key(&rel) {
            return Err(RaError::Invalid(format!("the backup's {rel} is not in its manifest")));
        }
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::safe_part;
    use std::path::Path;

    #[test]
    fn only_known_parts_and_plain_paths_under_ca_are_restored() {
        for ok in [
            "db.surql",
            "config.toml",
            "ratu-backup.json",
            "ca/issuing.key",
            "ca/sub/x.pem",
        ] {
            assert!(safe_part(Path::new(ok)).is_some(), "{ok}");
        }
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "ca/../../x",
            "ca",
            "db/LOCK",
            "ca/./x/../y",
        ] {
            assert!(safe_part(Path::new(bad)).is_none(), "{bad}");
        }
    }
}
