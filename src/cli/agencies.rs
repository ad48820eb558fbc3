//! `ratu agency add|list`, and a verifier's agencies (`operator add
//! --agency`, `operator agencies`).

use super::args::AgencyCmd;
use super::output::{clean, json};
use super::session;
use crate::api::Office;
use crate::domain::{Operator, Role};
use anyhow::{Result, anyhow};

pub async fn run(ra: &Office, op: &Operator, cmd: AgencyCmd) -> Result<()> {
    match cmd {
        AgencyCmd::Add { name } => {
            let name = ra.add_agency(op, &name).await?;
            println!("added agency {}", clean(&name));
            Ok(())
        }
        AgencyCmd::List { json: as_json } => {
            let list = ra.agencies().await?;
            if as_json {
                return json(&list);
            }
            for a in &list {
                println!("{}", clean(a));
            }
            Ok(())
        }
    }
}

/// `operator add`: the agencies are checked before the PIN is asked for.
pub async fn add_operator(ra: &Office, op: &Operator, name: &str, role: &str, agencies: &[String]) -> Result<()> {
    let role: Role = role.parse().map_err(anyhow::Error::msg)?;
    match (role, agencies.is_empty()) {
        (Role::Verifier, true) => {
            return Err(anyhow!(
                "a verifier needs at least one agency: --agency NAME (repeatable; `ratu agency list` shows them)"
            ));
        }
        (Role::Verifier, false) => {
            for a in agencies {
                ra.listed_agency(a).await?;
            }
        }
        (_, false) => {
            return Err(anyhow!(
                "only a verifier is given agencies; a {role} sees every agency (leave out --agency)"
            ));
        }
        (_, true) => {}
    }
    let pin = session::new_pin(&format!("PIN for {name}"))?;
    let added = ra.add_operator_in(op, name, role, agencies, &pin).await?;
    match added.agencies.is_empty() {
        true => println!("added {} as {}", added.name, added.role),
        false => println!(
            "added {} as {} of {}",
            added.name,
            added.role,
            clean(&added.agencies.join("; "))
        ),
    }
    Ok(())
}

/// `operator agencies NAME --agency A ...`
pub async fn set(ra: &Office, op: &Operator, name: &str, agencies: &[String]) -> Result<()> {
    let changed = ra.set_agencies(op, name, agencies).await?;
    println!("{} now works on {}", changed.name, clean(&changed.agencies.join("; ")));
    Ok(())
}
