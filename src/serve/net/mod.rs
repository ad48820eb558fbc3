//! How every HTTP listener of the service takes connections (the API, the
//! applicant page, publication): one accept loop, with
//! - a cap on connections in all and per client address (`caps`), below
//!   the process's file limit, which the service raises to its hard limit
//!   at start;
//! - a TLS handshake that must finish within [`Limits::header`];
//! - request headers that must arrive within [`Limits::header`] (hyper's
//!   header read timeout, also the time a kept-alive connection may wait
//!   for its next request);
//! - a request body that must arrive within [`Limits::body`];
//! - no byte either way for [`Limits::idle`] closes it (`idle`);
//! - the real client behind the office's trusted proxies (`proxies`),
//!   for handlers through [`RealClient`].
//!
//! So half-open or slow connections are closed by their deadline, and a
//! flood from one address cannot take the places other clients need.

mod caps;
mod idle;
mod proxies;

pub use caps::{Caps, Full};
pub use proxies::Proxies;

use super::tls::Tls;
use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// Deadlines and caps of every listener.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The TLS handshake, and each request's headers.
    pub header: Duration,
    /// Each request's body.
    pub body: Duration,
    /// No byte either way.
    pub idle: Duration,
    /// Connections one listener holds at most (lowered to fit the file
    /// limit at start).
    pub total: usize,
    /// Connections from one client address at most (a trusted proxy is
    /// held to the total only).
    pub per_address: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header: Duration::from_secs(10),
            body: Duration::from_secs(120),
            idle: Duration::from_secs(60),
            total: 8192,
            per_address: 256,
        }
    }
}

/// What the listeners share: their limits and the trusted proxies.
#[derive(Debug, Clone, Default)]
pub struct Net {
    pub limits: Limits,
    pub proxies: Arc<Proxies>,
}

/// File descriptors kept for everything but the listeners' connections
/// (the database's files and connections, logs, TLS certificates, CRLs).
const RESERVED_FILES: u64 = 512;

impl Net {
    /// From the config's `trusted_proxies`, `max_connections` and
    /// `max_connections_per_address`.
    pub fn from_config(proxies: &[String], total: Option<usize>, per_address: Option<usize>) -> Result<Net, String> {
        let mut limits = Limits::default();
        if let Some(t) = total {
            limits.total = t;
        }
        if let Some(p) = per_address {
            limits.per_address = p;
        }
        Ok(Net {
            limits,
            proxies: Arc::new(Proxies::parse(proxies)?),
        })
    }

    /// Raises this process's soft file limit to its hard limit and lowers
    /// each of `listeners`' totals to fit what is left beside
    /// [`RESERVED_FILES`]. Returns the file limit now.
    pub fn fit_file_limit(&mut self, listeners: usize) -> u64 {
        let files = raise_file_limit();
        let share = (files.saturating_sub(RESERVED_FILES) / listeners.max(1) as u64).max(16) as usize;
        if share < self.limits.total {
            tracing::warn!(
                files,
                per_listener = share,
                "the file limit holds {share} connections per listener; raise LimitNOFILE for more"
            );
            self.limits.total = share;
        }
        files
    }
}

/// The soft RLIMIT_NOFILE raised to the hard one; the soft one after.
fn raise_file_limit() -> u64 {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit on a stack struct of the right type.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) != 0 {
            return 1024;
        }
        if r.rlim_cur < r.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: r.rlim_max,
                rlim_max: r.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                r = raised;
            }
        }
    }
    r.rlim_cur
}

/// The client of a request: the peer, or behind a trusted proxy the
/// address it forwarded for.
#[derive(Debug, Clone, Copy)]
pub struct RealClient(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for RealClient {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)?;
        Ok(RealClient(match parts.extensions.get::<Arc<Proxies>>() {
            Some(p) => p.client(peer, &parts.headers),
            None => peer,
        }))
    }
}

/// Serves `app` on `listener` (over TLS when given, renewed as due) until
/// `stop` turns true; `what` names it in logs.
pub fn serve(
    app: Router,
    listener: std::net::TcpListener,
    mut stop: watch::Receiver<bool>,
    tls: Option<Tls>,
    what: &'static str,
    net: &Net,
) -> Result<JoinHandle<()>> {
    let listener = tokio::net::TcpListener::from_std(listener).with_context(|| format!("{what} listener"))?;
    let limits = net.limits.clone();
    let caps = Caps::new(limits.total, limits.per_address, net.proxies.clone());
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(limits.body));
    let acceptor = tls.map(|t| {
        let config = t.config();
        t.keep_renewed(stop.clone());
        config
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header)
        .max_buf_size(64 * 1024);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Some(limits.idle / 2))
        .keep_alive_timeout(limits.header)
        .max_concurrent_streams(64);
    let builder = Arc::new(builder);
    Ok(tokio::spawn(async move {
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut refused = Refusals::default();
        let stopped = async move {
            let _ = stop.wait_for(|s| *s).await;
        };
        tokio::pin!(stopped);
        loop {
            let (stream, peer) = tokio::select! {
                r = listener.accept() => match r {
                    Ok(c) => c,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a
                        // little for connections to close, and say so
                        // (at most once a minute).
                        refused.note(what, &format!("accept error: {e}"));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut stopped => break,
            };
            let admitted = match caps.admit(peer.ip()) {
                Ok(a) => a,
                Err(full) => {
                    refused.note(
                        what,
                        &match full {
                            Full::Total => format!("{} connections held: new ones are closed", caps.total),
                            Full::Address => format!(
                                "{peer}: {} connections from this address: new ones are closed",
                                caps.per_address
                            ),
                        },
                    );
                    drop(stream);
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let app = app.clone();
            let builder = builder.clone();
            let acceptor = acceptor.clone();
            let proxies = caps.proxies().clone();
            let watcher = graceful.watcher();
            let limits = limits.clone();
            tokio::spawn(async move {
                let _admitted = admitted;
                let svc = tower::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(peer));
                    req.extensions_mut().insert(proxies.clone());
                    app.clone().oneshot(req.map(axum::body::Body::new))
                });
                let svc = hyper_util::service::TowerToHyperService::new(svc);
                match acceptor {
                    Some(config) => {
                        let tls = tokio_rustls::TlsAcceptor::from(config.get_inner());
                        let Ok(Ok(stream)) = tokio::time::timeout(limits.header, tls.accept(stream)).await else {
                            return;
                        };
                        let io = TokioIo::new(idle::Idle::new(stream, limits.idle));
                        let _ = watcher.watch(builder.serve_connection_with_upgrades(io, svc)).await;
                    }
                    None => {
                        let io = TokioIo::new(idle::Idle::new(stream, limits.idle));
                        let _ = watcher.watch(builder.serve_connection_with_upgrades(io, svc)).await;
                    }
                }
            });
        }
        drop(listener);
        if tokio::time::timeout(Duration::from_secs(4), graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("{what}: connections still open at the stop were closed");
        }
    }))
}

/// Refused connections, logged at most once a minute per listener.
#[derive(Default)]
struct Refusals {
    last: Option<std::time::Instant>,
    since: u64,
}

impl Refusals {
    fn note(&mut self, what: &str, why: &str) {
        self.since += 1;
        if self.last.is_some_and(|t| t.elapsed() < Duration::from_secs(60)) {
            return;
        }
        tracing::warn!(refused = self.since, "{what}: {why}");
        self.last = Some(std::time::Instant::now());
        self.since = 0;
    }
}
