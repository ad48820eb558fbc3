//! Signing in: operator name and PIN (no echo, or RATU_PIN for scripts).

use super::Cli;
use crate::api::Office;
use crate::config::Config;
use crate::domain::{Operator, Role};
use crate::ra::{Ra, RaError};
use crate::secret::{Ask, Secret};
use anyhow::{Result, anyhow, bail};

/// A secret by the one reader's rule (`env`_FILE, `env`, else typed
/// without echo after `prompt`), wiped when dropped.
pub fn secret(env: &str, prompt: &str) -> Result<Secret> {
    crate::secret::require(env, prompt, Ask::Once)
}

/// A new secret: from `env`_FILE or `env`, or typed twice without echo.
pub fn new_secret(env: &str, prompt: &str) -> Result<Secret> {
    crate::secret::require(env, prompt, Ask::Twice)
}

fn read_pin(prompt: &str) -> Result<Secret> {
    secret("RATU_PIN", prompt)
}

/// A new PIN: from RATU_PIN, or typed twice without echo.
pub fn new_pin(prompt: &str) -> Result<Secret> {
    new_secret("RATU_PIN", prompt)
}

/// Unlocks the CA when one exists: with RATU_CA_PASSPHRASE, or asked on a
/// terminal. `needed`: a command that cannot go on without it; otherwise a
/// CA that cannot be unlocked is left locked (approvals then wait).
pub fn unlock_ca(office: &Office, needed: bool) -> Result<()> {
    use std::io::IsTerminal;
    // The service holds its CA: nothing to unlock here.
    let Some(ra) = office.local() else { return Ok(()) };
    if !ra.ca_exists() || ra.ca_is_unlocked() {
        return if needed && !ra.ca_exists() {
            Err(ra.no_ca().into())
        } else {
            Ok(())
        };
    }
    let can_ask = needed && std::io::stdin().is_terminal();
    if !(crate::secret::is_given("RATU_CA_PASSPHRASE") || can_ask) {
        return if needed {
            Err(crate::ra::RaError::CaLocked.into())
        } else {
            Ok(())
        };
    }
    let pass = secret("RATU_CA_PASSPHRASE", "CA passphrase")?;
    Ok(ra.unlock_ca(&pass)?)
}

fn operator_name(cli: &Cli) -> Result<String> {
    cli.operator
        .clone()
        .ok_or_else(|| anyhow!("this command needs a signed-in operator: --operator NAME (or RATU_OPERATOR)"))
}

pub async fn sign_in(ra: &Office, cli: &Cli) -> Result<Operator> {
    let name = operator_name(cli)?;
    let pin = read_pin(&format!("PIN for {name}"))?;
    Ok(ra.sign_in(&name, &pin).await?)
}

/// `ratu operator pin [NAME]`: one's own new PIN (also after a one-time
/// PIN), or a ca_admin's one-time PIN for NAME.
pub async fn pin(ra: &Office, cli: &Cli, name: Option<&str>) -> Result<()> {
    let me = operator_name(cli)?;
    let current = read_pin(&format!("PIN for {me}"))?;
    let (op, must_change) = ra.sign_in_for_pin_change(&me, &current).await?;
    let new = new_secret("RATU_NEW_PIN", "new PIN")?;
    match name {
        Some(other) if other != op.name => {
            if must_change {
                return Err(RaError::PinChange(op.name).into());
            }
            ra.set_one_time_pin(&op, other, &new).await?;
            println!("{other} has a one-time PIN; they change it at their next sign-in (ratu operator pin)");
        }
        _ => {
            ra.change_own_pin(&op, &new).await?;
            println!("the PIN of {} is changed", op.name);
        }
    }
    Ok(())
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
