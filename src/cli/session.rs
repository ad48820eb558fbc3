//! Signing in: operator name and PIN (no echo, or RATU_PIN for scripts).

use super::Cli;
use crate::config::Config;
use crate::domain::{Operator, Role};
use crate::ra::Ra;
use anyhow::{Result, anyhow, bail};

fn read_pin(prompt: &str) -> Result<String> {
    if let Ok(pin) = std::env::var("RATU_PIN") {
        return Ok(pin);
    }
    rpassword::prompt_password(format!("{prompt}: "))
        .map_err(|e| anyhow!("cannot read the PIN from the terminal ({e}); set RATU_PIN for scripts"))
}

/// A new PIN: from RATU_PIN, or typed twice without echo.
pub fn new_pin(prompt: &str) -> Result<String> {
    if let Ok(pin) = std::env::var("RATU_PIN") {
        return Ok(pin);
    }
    let a = read_pin(prompt)?;
    let b = read_pin("again")?;
    if a != b {
        bail!("the two PINs differ; nothing was changed");
    }
    Ok(a)
}

pub async fn sign_in(ra: &Ra, cli: &Cli) -> Result<Operator> {
    let name = cli
        .operator
        .clone()
        .ok_or_else(|| anyhow!("this command needs a signed-in operator: --operator NAME (or RATU_OPERATOR)"))?;
    let pin = read_pin(&format!("PIN for {name}"))?;
    Ok(ra.sign_in(&name, &pin).await?)
}

pub async fn init(ra: &Ra, cfg: &Config, admin: &str) -> Result<()> {
    if !ra.is_empty().await? {
        bail!(
            "{} is already initialised; sign in with an existing ca_admin",
            cfg.db.describe()
        );
    }
    let pin = new_pin(&format!("new PIN for {admin}"))?;
    let op = ra.add_operator(None, admin, Role::CaAdmin, &pin).await?;
    println!("initialised {} with ca_admin {}", cfg.data_dir.display(), op.name);
    Ok(())
}
