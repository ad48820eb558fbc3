//! Delivering the outbox: `.eml` files in a folder, or an SMTP relay.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Air-gapped: one `.eml` file per message in this folder.
    Folder(PathBuf),
    /// An SMTP relay (no authentication, STARTTLS when offered).
    Smtp { host: String, port: u16 },
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
    #[error("SMTP relay {0}: {1}")]
    Smtp(String, String),
}

/// Sends one message. `id` names the file in folder mode.
pub fn deliver(d: &Delivery, id: &str, to: &str, message: &str) -> Result<PathBuf, DeliveryError> {
    match d {
        Delivery::Folder(dir) => write_eml(dir, id, message),
        Delivery::Smtp { host, port } => {
            use lettre::{Address, Transport, address::Envelope};
            let from = header_addr(message, "From").unwrap_or_default();
            let parse = |a: &str| {
                a.parse::<Address>()
                    .map_err(|e| DeliveryError::Smtp(host.clone(), e.to_string()))
            };
            let env = Envelope::new(Some(parse(&from)?), vec![parse(to)?])
                .map_err(|e| DeliveryError::Smtp(host.clone(), e.to_string()))?;
            let t = lettre::SmtpTransport::builder_dangerous(host).port(*port).build();
            t.send_raw(&env, message.as_bytes())
                .map_err(|e| DeliveryError::Smtp(host.clone(), e.to_string()))?;
            Ok(PathBuf::from(format!("smtp://{host}:{port}")))
        }
    }
}

fn header_addr(message: &str, name: &str) -> Option<String> {
    let line = message.lines().find(|l| l.starts_with(&format!("{name}: ")))?;
    let v = &line[name.len() + 2..];
    Some(match (v.find('<'), v.find('>')) {
        (Some(a), Some(b)) if a < b => v[a + 1..b].to_string(),
        _ => v.trim().to_string(),
    })
}

fn write_eml(dir: &Path, id: &str, message: &str) -> Result<PathBuf, DeliveryError> {
    std::fs::create_dir_all(dir).map_err(|e| DeliveryError::Write(dir.into(), e))?;
    let safe: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    let path = dir.join(format!("{safe}.eml"));
    let tmp = dir.join(format!(".{safe}.eml.tmp"));
    std::fs::write(&tmp, message).map_err(|e| DeliveryError::Write(tmp.clone(), e))?;
    std::fs::rename(&tmp, &path).map_err(|e| DeliveryError::Write(path.clone(), e))?;
    Ok(path)
}
