//! The API's client: one HTTP connection pool to the service, the session
//! token once signed in, and the office's root to trust.

use super::call::{Call, SignIn, SignedIn};
use super::error::WireError;
use crate::ra::RaError;
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where the service is and how to reach it.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// `https://HOST:PORT` (or `http://127.0.0.1:PORT` behind a proxy).
    pub url: String,
    /// The office's root certificate (PEM); none: the system's roots.
    pub ca_file: Option<PathBuf>,
    /// Connect and request timeout.
    pub timeout: Duration,
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Arc<Mutex<Option<String>>>,
    /// The last change event seen, to resume the stream after it.
    last_event: Arc<Mutex<Option<String>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(opts: &ClientOptions) -> Result<Client, RaError> {
        let base = opts.url.trim_end_matches('/').to_string();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(RaError::Invalid(format!(
                "--server {base}: give the service's address as https://HOST:PORT"
            )));
        }
        let mut b = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(opts.timeout)
            .read_timeout(opts.timeout)
            .pool_idle_timeout(Duration::from_secs(50))
            .user_agent(concat!("ratu/", env!("CARGO_PKG_VERSION")));
        if let Some(f) = &opts.ca_file {
            let pem = std::fs::read(f).map_err(|e| RaError::Io(format!("--server-ca {}: {e}", f.display())))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| RaError::Invalid(format!("--server-ca {}: not a PEM certificate ({e})", f.display())))?;
            if certs.is_empty() {
                return Err(RaError::Invalid(format!(
                    "--server-ca {}: holds no certificate",
                    f.display()
                )));
            }
            b = b.tls_built_in_root_certs(false);
            for c in certs {
                b = b.add_root_certificate(c);
            }
        }
        let http = b
            .build()
            .map_err(|e| RaError::Invalid(format!("cannot set up the connection to {base}: {e}")))?;
        Ok(Client {
            http,
            base,
            token: Arc::default(),
            last_event: Arc::default(),
        })
    }

    pub(super) fn last_event(&self) -> Option<String> {
        self.last_event.lock().ok().and_then(|g| g.clone())
    }

    pub(super) fn saw_event(&self, id: String) {
        if let Ok(mut g) = self.last_event.lock() {
            *g = Some(id);
        }
    }

    pub(super) fn forget_events(&self) {
        if let Ok(mut g) = self.last_event.lock() {
            *g = None;
        }
    }

    pub fn url(&self) -> &str {
        &self.base
    }

    fn unreachable(&self, e: reqwest::Error) -> RaError {
        // The innermost cause says it best ("Connection refused", a
        // certificate the office root does not vouch for).
        let mut cause: &dyn std::error::Error = &e;
        while let Some(next) = cause.source() {
            cause = next;
        }
        let why = match (e.is_timeout(), e.is_connect()) {
            (true, _) => "no answer in time".to_string(),
            (_, true) => cause.to_string(),
            _ => format!("{e}: {cause}"),
        };
        RaError::Unreachable(format!("cannot reach the service at {} ({why})", self.base))
    }

    /// Sends `req` with the session's token; an answer other than 2xx
    /// comes back as the error it carries.
    async fn send(&self, mut req: reqwest::RequestBuilder) -> Result<reqwest::Response, RaError> {
        if let Some(t) = self.token.lock().ok().and_then(|g| g.clone()) {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.map_err(|e| self.unreachable(e))?;
        if resp.status().is_success() {
            return Ok(resp);
        }
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(|e| self.unreachable(e))?;
        Err(match serde_json::from_slice::<WireError>(&bytes) {
            Ok(w) => w.into(),
            Err(_) => RaError::Unreachable(format!(
                "the service at {} answered {status} (is this a ratu service?)",
                self.base
            )),
        })
    }

    async fn post<T: DeserializeOwned>(&self, path: &str, body: serde_json::Value) -> Result<T, RaError> {
        let req = self
            .http
            .post(format!("{}{}{path}", self.base, super::PREFIX))
            .json(&body);
        let bytes = self.send(req).await?.bytes().await.map_err(|e| self.unreachable(e))?;
        serde_json::from_slice(&bytes)
            .map_err(|e| RaError::Invalid(format!("the service at {} answered unreadably: {e}", self.base)))
    }

    /// Signs in; the token is kept for the calls that follow.
    pub async fn sign_in(&self, name: &str, pin: &str) -> Result<SignedIn, RaError> {
        let body = serde_json::to_value(SignIn {
            name: name.to_string(),
            pin: pin.to_string(),
        })
        .unwrap_or_default();
        let s: SignedIn = self.post("/sign-in", body).await?;
        if let Ok(mut g) = self.token.lock() {
            *g = Some(s.token.clone());
        }
        Ok(s)
    }

    /// Ends the session (nothing when none is open).
    pub async fn sign_out(&self) -> Result<(), RaError> {
        if self.token.lock().ok().and_then(|g| g.clone()).is_none() {
            return Ok(());
        }
        let _: serde_json::Value = self.post("/sign-out", serde_json::json!({})).await?;
        if let Ok(mut g) = self.token.lock() {
            *g = None;
        }
        Ok(())
    }

    /// Runs one verb on the service.
    pub async fn call<T: DeserializeOwned>(&self, call: Call) -> Result<T, RaError> {
        let path = format!("/{}", call.verb());
        self.post(&path, call.args()).await
    }

    /// `POST /api/v1/backup`: the service's backup, written to `out` (0600)
    /// as it arrives: its size, its schema version and its parts.
    pub async fn backup(&self, passphrase: &str, out: &std::path::Path) -> Result<(u64, String, String), RaError> {
        use std::io::Write;
        let req = self
            .http
            .post(format!("{}{}/backup", self.base, super::PREFIX))
            .json(&serde_json::json!({ "passphrase": passphrase }))
            // A backup takes as long as the database is large.
            .timeout(Duration::from_secs(6 * 3600));
        let mut resp = self.send(req).await?;
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let (schema, parts) = (header("x-ratu-backup-schema"), header("x-ratu-backup-parts"));
        let io = |e: std::io::Error| RaError::Io(format!("{}: {e}", out.display()));
        let tmp = out.with_extension("part");
        let mut f = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(io)?
        };
        let mut n = 0u64;
        loop {
            match resp.chunk().await {
                Ok(Some(b)) => {
                    f.write_all(&b).map_err(io)?;
                    n += b.len() as u64;
                }
                Ok(None) => break,
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(self.unreachable(e));
                }
            }
        }
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, out).map_err(io)?;
        Ok((n, schema, parts))
    }

    /// The stream of changed cases, from after event `last` (none: from now).
    pub(super) async fn events(&self, last: Option<&str>) -> Result<reqwest::Response, RaError> {
        let mut req = self
            .http
            .get(format!("{}{}/events", self.base, super::PREFIX))
            .header("accept", "text/event-stream")
            // The stream stays open: no read timeout on it beyond the heartbeat.
            .timeout(Duration::from_secs(24 * 3600));
        if let Some(l) = last {
            req = req.header("last-event-id", l);
        }
        self.send(req).await
    }
}
