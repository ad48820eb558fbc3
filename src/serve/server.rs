//! The SurrealDB server in this process: the `surrealdb-server` crate's
//! own datastore start-up and HTTP/WebSocket listener (`ntw::init`), as
//! `surreal start` runs them, on SurrealKV with fsync on every commit (or
//! on TiKV).

use anyhow::{Context, Result, anyhow};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use surrealdb_server::core::kvs::Datastore;
use surrealdb_server::core::options::EngineOptions;
use surrealdb_server::core::{CommunityComposer, channel};
use surrealdb_server::ntw::client_ip::ClientIp;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// LIVE query notifications waiting for delivery to their sockets.
const NOTIFICATIONS: usize = 1000;

pub struct Server {
    ds: Arc<Datastore>,
    cancel: CancellationToken,
    /// `Some(reason)` once the listener has stopped.
    done: watch::Receiver<Option<String>>,
    task: tokio::task::JoinHandle<()>,
}

/// An address this host reaches `listen` at (a wildcard listens on loopback too).
pub fn loopback(listen: SocketAddr) -> SocketAddr {
    match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), listen.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), listen.port()),
        _ => listen,
    }
}

impl Server {
    /// Opens SurrealKV in `db_dir` (fsync on every commit) and serves it.
    pub async fn start_surrealkv(db_dir: &Path, listen: SocketAddr, user: &str, pass: &str) -> Result<Server> {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(db_dir)
            .with_context(|| format!("cannot create {}", db_dir.display()))?;
        // Durability as the embedded store: fsync on every commit.
        let path = format!("surrealkv://{}?sync=every", db_dir.display());
        Self::start(&path, &db_dir.display().to_string(), listen, user, pass).await
    }

    /// Opens the datastore at `path` (an engine URL: `surrealkv://…`,
    /// `tikv://…`), makes the root user when there is none, and starts
    /// listening on `listen` in the background. `shown` names the store
    /// in messages.
    pub async fn start(path: &str, shown: &str, listen: SocketAddr, user: &str, pass: &str) -> Result<Server> {
        // The listener binds in the background: an address in use is told
        // here, before anything connects to whoever holds it.
        drop(std::net::TcpListener::bind(listen).with_context(|| format!("cannot listen on {listen}"))?);
        let cancel = CancellationToken::new();
        let (send, recv) = channel::bounded(NOTIFICATIONS);
        let (ds, router_state) = Datastore::builder()
            .with_engine_options(EngineOptions::default())
            // SURREAL_* settings, e.g. the block cache ratu caps
            // (`store::set_process_defaults`).
            .with_config(surrealdb_cnf::ConfigMap::from_env())
            .without_maintenance_tasks()
            .with_auth(true)
            .with_notify(send)
            .with_shutdown_cancel(cancel.clone())
            .build_with_factory_path_and_router_state::<CommunityComposer>(path, CommunityComposer())
            .await
            .map_err(|e| {
                let m = e.to_string();
                if m.to_ascii_lowercase().contains("lock") {
                    anyhow!("the database in {shown} is in use by another process: {m}")
                } else {
                    anyhow!("cannot open the database in {shown}: {m}")
                }
            })?;
        // The order `surreal start` follows: the storage version first,
        // then this node, then the maintenance tasks; then the root user.
        ds.check_version().await.map_err(|e| anyhow!("database version: {e}"))?;
        ds.insert_node().await.map_err(|e| anyhow!("node registration: {e}"))?;
        ds.start_maintenance_tasks();
        // Its own logs are silenced: on every start after the first it
        // warns about `--user` and `--pass` arguments nobody passed (the
        // root user exists already); a real failure is the error returned.
        {
            use tracing::instrument::WithSubscriber;
            ds.initialise_credentials(user, pass)
                .with_subscriber(tracing::subscriber::NoSubscriber::default())
                .await
                .map_err(|e| anyhow!("root user: {e}"))?;
        }

        let config = surrealdb_server::Config {
            bind: listen,
            postgres_bind: None,
            path: path.to_string(),
            client_ip: ClientIp::Socket,
            user: None,
            pass: None,
            crt: None,
            key: None,
            engine: EngineOptions::default(),
            no_identification_headers: true,
            allow_origin: Vec::new(),
            durable_session_ttl: None,
        };
        let (tx, done) = watch::channel(None);
        let task = {
            let ds = Arc::clone(&ds);
            let cancel = cancel.clone();
            tokio::spawn(async move {
                let r = surrealdb_server::ntw::init::<CommunityComposer>(&config, ds, recv, cancel, router_state).await;
                let reason = match r {
                    Ok(()) => "stopped".to_string(),
                    Err(e) => format!("{e:#}"),
                };
                let _ = tx.send(Some(reason));
            })
        };
        tracing::info!(%listen, db = %shown, "database server started");
        Ok(Server { ds, cancel, done, task })
    }

    /// Why the listener stopped, if it has.
    pub fn failed(&self) -> Option<String> {
        self.done.borrow().clone()
    }

    /// Waits until the listener stops by itself (a signal it handles, or
    /// an error).
    pub async fn stopped(&self) -> String {
        let mut done = self.done.clone();
        match done.wait_for(|d| d.is_some()).await {
            Ok(d) => d.clone().unwrap_or_default(),
            Err(_) => "stopped".into(),
        }
    }

    /// Closes every connection, waits for the listener, and closes the
    /// datastore (its last commits are on disk already: fsync per commit).
    ///
    /// The listener's own shutdown starts on a signal only (it handles
    /// SIGTERM and SIGINT itself, as `surreal start` does); stopped for
    /// another reason (a failed start), it is dropped after a short wait.
    pub async fn stop(self) {
        self.cancel.cancel();
        let mut task = self.task;
        if tokio::time::timeout(Duration::from_secs(2), &mut task).await.is_err() {
            task.abort();
            let _ = task.await;
        }
        if let Err(e) = self.ds.shutdown().await {
            tracing::warn!(error = %e, "closing the database");
        }
    }
}
