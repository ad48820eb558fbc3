//! The config file, paths (`directories`) and environment overrides.

use crate::ca::{CaUrls, KeyAlg, Profiles};
use crate::domain::Sla;
use crate::locale::Lang;
use crate::notify::Delivery;
use crate::ra::{CaSettings, RaConfig};
use crate::store::DbTarget;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `config.toml`. Every key is optional; unknown keys are an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// The database of `ratu serve`: an existing SurrealDB server
    /// (`ws://HOST:PORT`) or TiKV (`--db` and `RATU_DB` take precedence).
    pub db: Option<String>,
    /// The office's service that consoles and the CLI reach
    /// (`--server` and `RATU_SERVER` take precedence).
    pub server: Option<String>,
    /// The office's root certificate to trust for `server`.
    pub server_ca: Option<PathBuf>,
    /// Seconds to wait for the service to connect and to answer one
    /// request (default 15).
    pub timeout: Option<u64>,
    /// Days until a case is due (default 3).
    pub sla_days: Option<u32>,
    /// The service standard reports measure against: working days from
    /// submission to closure that the office answers for (default 3).
    pub service_days: Option<u32>,
    /// Days off besides weekends, for working days: `["2026-12-25", …]`.
    pub holidays: Option<Vec<String>>,
    /// The office's offset from UTC, for its days: "+07:00" (WIB, the
    /// default), "+08:00" (WITA), "+09:00" (WIT).
    pub utc_offset: Option<String>,
    /// The office's name on its reports.
    pub office_name: Option<String>,
    /// Language of e-mails and the console: "id" or "en".
    pub lang: Option<Lang>,
    pub mail_from: Option<String>,
    /// Where applicants open their one-time links (`ratu serve --portal`,
    /// or the office's reverse proxy in front of it), e.g.
    /// `https://ra.diskominfo.go.id`; links are `{portal_url}/l/TOKEN`.
    pub portal_url: Option<String>,
    /// `ratu serve`: addresses or networks of the office's reverse
    /// proxies, whose `Forwarded` / `X-Forwarded-For` header names the
    /// real client (for lockouts and the connection cap per address).
    pub trusted_proxies: Option<Vec<String>>,
    /// `ratu serve`: connections each listener holds at most (default
    /// 8192, lowered to fit the file limit).
    pub max_connections: Option<usize>,
    /// `ratu serve`: connections from one client address at most
    /// (default 256; a trusted proxy is held to the total only).
    pub max_connections_per_address: Option<usize>,
    /// Hours a one-time link stays valid (default 24).
    pub link_hours: Option<u32>,
    /// Free space kept on the data folder's disk: below it writes are
    /// refused ("1GiB", "5%", 0; default 1 GiB or 5 %, the smaller).
    pub min_free: Option<toml::Value>,
    /// Where the service keeps the archive's bags (default DATA/archive);
    /// set, the service archives each month's closed cases once it is over.
    pub archive_dir: Option<PathBuf>,
    /// Years personal documents are kept after a case closes, once
    /// archived (default 5; `ratu archive purge`).
    pub retention_years: Option<u32>,
    /// SMTP relay; without it, e-mails are written as .eml files.
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    /// Outbox folder for .eml files (default: DATA/outbox).
    pub outbox_dir: Option<PathBuf>,
    /// CA certificates and encrypted keys (default: DATA/ca).
    pub ca_dir: Option<PathBuf>,
    /// Where CRLs and CA certificates are published (default: DATA/publish).
    pub publish_dir: Option<PathBuf>,
    /// CRL distribution point written into issued certificates.
    pub crl_url: Option<String>,
    /// AIA caIssuers URL written into issued certificates.
    pub ca_issuers_url: Option<String>,
    /// OCSP responder URL written into issued certificates (AIA); `ratu
    /// serve --publish` answers at its path.
    pub ocsp_url: Option<String>,
    /// CRL distribution point of the issuing CA (the root's CRL).
    pub root_crl_url: Option<String>,
    /// Hours from thisUpdate to nextUpdate (default 24).
    pub crl_hours: Option<u32>,
    /// Profile of certificates issued from cases (default "signing").
    pub profile: Option<String>,
    /// A TOML file of profiles replacing the built-in ones.
    pub profiles_file: Option<PathBuf>,
    /// Key type generated for applicants: p256, p384, rsa2048 (default), rsa3072, rsa4096, ed25519.
    pub subscriber_key: Option<String>,
    /// Console colour theme: default, light or high-contrast.
    pub theme: Option<String>,
    /// Capture the mouse in the console (off by default: text stays selectable over SSH).
    pub mouse: Option<bool>,
    /// Console key overrides, `command = "key"` (checked by the console,
    /// which reports unknown commands with their line).
    pub keys: Option<toml::Table>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// Console theme name from the file.
    pub theme: Option<String>,
    pub mouse: bool,
    pub db: DbTarget,
    pub ra: RaConfig,
    pub delivery: Delivery,
}

/// The default data dir: `~/.local/share/ratu` on Linux.
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("id", "ratu", "ratu")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".ratu"))
}

/// The default config file: `~/.config/ratu/config.toml` on Linux.
pub fn default_config_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "ratu", "ratu").map(|d| d.config_dir().join("config.toml"))
}

pub fn read_file_config(path: &Path) -> Result<FileConfig, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_file_config(&path.display().to_string(), &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The config file's text (`what` names it in the error). The error is
/// one line: the line number and the parser's message, with control
/// characters shown escaped (toml's own Display quotes the source over
/// several lines, and a key can hold a newline).
pub fn parse_file_config(what: &str, text: &str) -> Result<FileConfig, String> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| {
            text.as_bytes()[..s.start.min(text.len())]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1
        });
        let message = crate::domain::text::one_line(e.message());
        match line {
            Some(n) => format!("{what}: line {n}: {message}"),
            None => format!("{what}: {message}"),
        }
    })
}

/// Language from the config, else from `LANG` (`id_ID...` → Indonesian).
fn lang_from(file: Option<Lang>) -> Lang {
    file.unwrap_or_else(|| match std::env::var("LANG") {
        Ok(l) if l.starts_with("en") => Lang::En,
        _ => Lang::Id,
    })
}

impl Config {
    pub fn build(data_dir: PathBuf, db: Option<DbTarget>, file: FileConfig) -> Result<Config, String> {
        let db = db.unwrap_or_else(|| DbTarget::Embedded(data_dir.join("db")));
        let mut ra = RaConfig::default();
        if let Some(d) = file.sla_days {
            ra.sla = Sla { days: d.max(1) };
        }
        ra.lang = lang_from(file.lang);
        if let Some(m) = &file.mail_from {
            ra.mail_from = m.clone();
        }
        if let Some(u) = &file.portal_url {
            let u = u.trim_end_matches('/');
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(format!("portal_url {u:?}: give an http:// or https:// address"));
            }
            ra.portal_url = u.to_string();
        }
        if let Some(h) = file.link_hours {
            if !(1..=24 * 30).contains(&h) {
                return Err(format!("link_hours {h}: give 1 to 720 hours"));
            }
            ra.link_lifetime = chrono::Duration::hours(i64::from(h));
        }
        if let Some(v) = &file.min_free {
            ra.min_free = match v {
                toml::Value::Integer(n) if *n >= 0 => crate::domain::space::MinFree::Bytes(*n as u64),
                toml::Value::String(s) => s.parse()?,
                other => return Err(format!("min_free {other}: give a size such as \"1GiB\" or \"5%\"")),
            };
        }
        let delivery = match &file.smtp_host {
            Some(host) => Delivery::Smtp {
                host: host.clone(),
                port: file.smtp_port.unwrap_or(25),
            },
            None => Delivery::Folder(file.outbox_dir.clone().unwrap_or_else(|| data_dir.join("outbox"))),
        };
        ra.ca = ca_settings(&data_dir, &file)?;
        ra.report = report_settings(&file)?;
        ra.archive = crate::ra::archive::ArchiveSettings {
            dir: file.archive_dir.clone().unwrap_or_else(|| data_dir.join("archive")),
            duty: file.archive_dir.is_some(),
            retention_years: match file.retention_years {
                Some(y) if (1..=100).contains(&y) => y,
                Some(y) => return Err(format!("retention_years {y}: give 1 to 100 years")),
                None => crate::ra::archive::DEFAULT_RETENTION_YEARS,
            },
        };
        Ok(Config {
            data_dir,
            theme: file.theme,
            mouse: file.mouse.unwrap_or(false),
            db,
            ra,
            delivery,
        })
    }
}

fn report_settings(file: &FileConfig) -> Result<crate::ra::ReportSettings, String> {
    let mut r = crate::ra::ReportSettings::default();
    if let Some(d) = file.service_days {
        if !(1..=60).contains(&d) {
            return Err(format!("service_days {d}: give 1 to 60 working days"));
        }
        r.service_days = d;
    }
    if let Some(o) = &file.utc_offset {
        r.calendar = r.calendar.with_offset(o)?;
    }
    if let Some(h) = &file.holidays {
        r.calendar = r.calendar.with_holidays(h)?;
    }
    if let Some(n) = &file.office_name {
        let n = crate::domain::text::one_line(n.trim());
        if n.is_empty() {
            return Err("office_name: give the office's name".into());
        }
        r.office = n;
    }
    Ok(r)
}

fn ca_settings(data_dir: &Path, file: &FileConfig) -> Result<CaSettings, String> {
    let profiles = Profiles::load(file.profiles_file.as_deref()).map_err(|e| e.to_string())?;
    let profile = file.profile.clone().unwrap_or_else(|| "signing".into());
    profiles
        .get(&profile)
        .and_then(|p| p.expect_subject(crate::ca::ProfileSubject::Person))
        .map_err(|e| e.to_string())?;
    Ok(CaSettings {
        dir: file.ca_dir.clone().unwrap_or_else(|| data_dir.join("ca")),
        publish_dir: file.publish_dir.clone().unwrap_or_else(|| data_dir.join("publish")),
        urls: CaUrls {
            crl: file.crl_url.clone(),
            ca_issuers: file.ca_issuers_url.clone(),
            ocsp: file.ocsp_url.clone(),
        },
        root_crl_url: file.root_crl_url.clone(),
        crl_interval: chrono::Duration::hours(i64::from(file.crl_hours.unwrap_or(24).max(1))),
        profiles,
        profile,
        subscriber_alg: match &file.subscriber_key {
            Some(k) => k.parse::<KeyAlg>().map_err(|e| format!("subscriber_key: {e}"))?,
            None => KeyAlg::Rsa2048,
        },
    })
}

/// `DATA/serve/root-credential`: the root password of the service's own
/// SurrealDB server (made by `ratu serve`, 0600), which a backup on the
/// service's machine uses to export the database.
pub fn service_root_credential(data_dir: &Path) -> PathBuf {
    data_dir.join("serve").join("root-credential")
}

/// The console's log file: `~/.local/state/ratu/console.log` on Linux
/// (under the data dir where there is no state dir).
pub fn console_log_file(data_dir: &Path) -> PathBuf {
    directories::ProjectDirs::from("id", "ratu", "ratu")
        .and_then(|d| d.state_dir().map(|s| s.join("console.log")))
        .unwrap_or_else(|| data_dir.join("console.log"))
}
