//! `ratu serve --portal ADDR`: the applicant page. Each e-mailed step
//! links to `/l/TOKEN`; the page shows that step's form, and the form
//! posts back under the same token, with a CSRF token. Every response
//! carries a strict Content-Security-Policy (only this origin's own
//! stylesheet and script, no frames), `Cache-Control: no-store` and
//! `Referrer-Policy: no-referrer` (the token is in the URL); bodies are
//! limited to 10 MiB. Failed tries lock the client's address (`guard`)
//! and the link (`ra`). Plain HTTP behind the office's TLS reverse proxy,
//! or TLS of its own with `--portal-tls` (`tls`; README).

mod guard;
mod pages;
mod steps;

pub use super::tls::Tls;
pub use guard::{ADDRESS_MAX_FAILURES, Guard};

use crate::ra::Ra;
use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The largest request body: two phone photos fit.
pub const MAX_BODY: usize = 10 * 1024 * 1024;

/// Only this origin's stylesheet and script; no frames, no other origin
/// for forms, nothing inline.
pub const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const CSS: &str = include_str!("../../../assets/portal/portal.css");
const JS: &str = include_str!("../../../assets/portal/portal.js");

pub(crate) struct Portal {
    ra: Ra,
    guard: Guard,
}

/// Binds `addr` now (an address in use is told before anything starts).
pub fn bind(addr: SocketAddr) -> Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr} (--portal)"))?;
    l.set_nonblocking(true)
        .with_context(|| format!("cannot listen on {addr} (--portal)"))?;
    Ok(l)
}

/// The applicant page's routes, for `ra`.
pub fn router(ra: Ra) -> Router {
    let portal = Arc::new(Portal {
        ra,
        guard: Guard::default(),
    });
    Router::new()
        .route("/", get(steps::home))
        .route(
            "/assets/portal.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS) }),
        )
        .route(
            "/assets/portal.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], JS) }),
        )
        .route("/l/{token}", get(steps::open))
        .route("/l/{token}/cer", get(steps::cer))
        .route("/l/{token}/{action}", post(steps::submit))
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found\n") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(from_fn(headers))
        .with_state(portal)
}

/// Serves on `listener` until `stop` turns true: over TLS with `tls`,
/// plain HTTP without.
pub fn start(
    ra: Ra,
    listener: std::net::TcpListener,
    stop: watch::Receiver<bool>,
    tls: Option<Tls>,
    net: &super::net::Net,
) -> Result<JoinHandle<()>> {
    let addr = listener.local_addr()?;
    tracing::info!(%addr, portal_url = %ra.config().portal_url, tls = tls.is_some(), "serving the applicant page");
    super::net::serve(router(ra), listener, stop, tls, "the applicant page", net)
}

/// The security headers of every response.
async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// An HTML page with `status` (maud's response: `text/html; charset=utf-8`).
fn html(status: StatusCode, body: maud::Markup) -> Response {
    (status, body).into_response()
}
