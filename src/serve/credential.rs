//! The server's root credential: generated at first start (256 random
//! bits), kept in a 0600 file in a 0700 folder under the data folder,
//! never printed. Only the service uses it; operators sign in as
//! themselves.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The root user's name on the service's SurrealDB server.
pub const ROOT_USER: &str = "root";

/// `DATA/serve`, the service's own folder (0700).
pub fn serve_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("serve")
}

/// `DATA/serve/root-credential`, the root password (0600).
pub fn credential_file(data_dir: &Path) -> PathBuf {
    crate::config::service_root_credential(data_dir)
}

/// The root password: read from its file, or made and written there.
/// Returns it and whether it was made now (first start).
pub fn load_or_create(data_dir: &Path) -> Result<(String, bool)> {
    let dir = serve_dir(data_dir);
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    // A folder made earlier by someone else's umask is closed again.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("cannot restrict {}", dir.display()))?;
    let file = credential_file(data_dir);
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            let mode = std::fs::metadata(&file)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                bail!(
                    "{} is readable by others (mode {mode:o}); chmod 600 it and start again",
                    file.display()
                );
            }
            let pass = text.trim().to_string();
            if pass.len() < 32 {
                bail!("{} holds no usable credential", file.display());
            }
            Ok((pass, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
            let pass = hex::encode(bytes);
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&file)
                .with_context(|| format!("cannot create {}", file.display()))?;
            f.write_all(pass.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            Ok((pass, true))
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", file.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_credential_is_made_once_0600_in_a_0700_folder_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let (made, first) = load_or_create(dir.path()).unwrap();
        assert!(first);
        assert_eq!(made.len(), 64, "256 bits, hex");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&credential_file(dir.path())), 0o600);
        assert_eq!(mode(&serve_dir(dir.path())), 0o700);
        let (read, first) = load_or_create(dir.path()).unwrap();
        assert!(!first);
        assert_eq!(read, made);
    }

    #[test]
    fn a_root_credential_readable_by_others_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        let file = credential_file(dir.path());
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = load_or_create(dir.path()).unwrap_err().to_string();
        assert!(e.contains("readable by others"), "{e}");
    }
}
