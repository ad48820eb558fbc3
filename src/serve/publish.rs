//! `ratu serve --publish ADDR`: plain HTTP for relying parties. The CRLs
//! (DER, `application/pkix-crl`) and CA certificates (DER,
//! `application/pkix-cert`) at the paths of the URLs written into
//! certificates, with Last-Modified, an ETag and a Cache-Control max-age
//! that ends at the CRL's nextUpdate; and the OCSP responder (RFC 6960,
//! GET and POST) at the path of the OCSP URL.
//!
//! Files are read whole from one open file and kept until the publisher
//! replaces them (by rename), so a reader never gets half a CRL.

use crate::ra::{Publication, PublishedFile, Ra};
use anyhow::{Context, Result};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// An OCSP request is a few hundred bytes; anything far larger is refused.
const MAX_REQUEST: usize = 16 * 1024;
/// How long caches keep a CA certificate.
const CERT_MAX_AGE: i64 = 24 * 3600;

type Stamp = (std::time::SystemTime, u64, u64);

/// A file as served: its headers' facts and its bytes, shared by every response.
struct Served {
    file: PublishedFile,
    body: Bytes,
}

struct Site {
    ra: Ra,
    paths: HashMap<String, Publication>,
    /// The OCSP path without its trailing slash ("" for "/").
    ocsp: Option<String>,
    files: Mutex<HashMap<Publication, (Stamp, Arc<Served>)>>,
}

/// Binds `addr` now (an address in use is told before anything starts).
pub fn bind(addr: SocketAddr) -> Result<std::net::TcpListener> {
    let l = std::net::TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr} (--publish)"))?;
    l.set_nonblocking(true)
        .with_context(|| format!("cannot listen on {addr} (--publish)"))?;
    Ok(l)
}

/// Serves on `listener` until `stop` turns true.
pub fn start(
    ra: Ra,
    listener: std::net::TcpListener,
    stop: watch::Receiver<bool>,
    net: &super::net::Net,
) -> Result<JoinHandle<()>> {
    let addr = listener.local_addr()?;
    let paths: HashMap<String, Publication> = ra.publication_paths().into_iter().collect();
    let ocsp = paths
        .iter()
        .find(|(_, p)| **p == Publication::Ocsp)
        .map(|(path, _)| path.trim_end_matches('/').to_string());
    for (path, p) in &paths {
        tracing::info!(%addr, path, what = ?p, "publishing");
    }
    let site = Arc::new(Site {
        ra,
        paths,
        ocsp,
        files: Mutex::default(),
    });
    let app = Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::max(MAX_REQUEST))
        .with_state(site);
    super::net::serve(app, listener, stop, None, "the publication server", net)
}

async fn handle(State(site): State<Arc<Site>>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path();
    if let Some(p) = site.paths.get(path).copied().filter(|p| *p != Publication::Ocsp) {
        return match method {
            Method::GET | Method::HEAD => file(&site, p, &headers, method == Method::HEAD),
            _ => (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response(),
        };
    }
    let Some(base) = &site.ocsp else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let request = match method {
        Method::POST if path.trim_end_matches('/') == base => body.to_vec(),
        // RFC 6960 A.1: GET {url}/{url-encoding of base64 of the DER}.
        Method::GET => match path.strip_prefix(base.as_str()).and_then(|r| r.strip_prefix('/')) {
            Some(encoded) if !encoded.is_empty() => {
                let b64 = percent_decode(encoded);
                base64::engine::general_purpose::STANDARD
                    .decode(b64.as_bytes())
                    .unwrap_or_default()
            }
            _ => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
        _ if path.trim_end_matches('/') == base => {
            return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, POST")]).into_response();
        }
        _ => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
    };
    // An undecodable GET is an empty request: malformedRequest.
    let der = site.ra.ocsp_response(&request).await;
    ([(header::CONTENT_TYPE, Publication::Ocsp.content_type())], der).into_response()
}

/// `%2F` → `/` and the like; anything else is kept as it is.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file as last read, read again once the publisher replaced it.
fn current(site: &Site, p: Publication) -> Result<Option<Arc<Served>>, String> {
    let Some(stamp) = site.ra.published_stamp(p) else {
        return Ok(None);
    };
    if let Ok(files) = site.files.lock()
        && let Some((s, f)) = files.get(&p)
        && *s == stamp
    {
        return Ok(Some(Arc::clone(f)));
    }
    let Some(mut file) = site.ra.published(p).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let body = Bytes::from(std::mem::take(&mut file.bytes));
    let f = Arc::new(Served { file, body });
    if let Ok(mut files) = site.files.lock() {
        files.insert(p, (stamp, Arc::clone(&f)));
    }
    Ok(Some(f))
}

fn file(site: &Site, p: Publication, headers: &HeaderMap, head: bool) -> Response {
    let served = match current(site, p) {
        Ok(Some(s)) => s,
        Ok(None) => return (StatusCode::NOT_FOUND, "not published yet\n").into_response(),
        Err(e) => {
            tracing::error!("publish: {e}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the file\n").into_response();
        }
    };
    let f = &served.file;
    let max_age = match f.next_update {
        Some(next) => (next - chrono::Utc::now()).num_seconds().max(0),
        None => CERT_MAX_AGE,
    };
    let mut h = HeaderMap::new();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(p.content_type()));
    let date = f.modified.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    if let Ok(v) = HeaderValue::from_str(&date) {
        h.insert(header::LAST_MODIFIED, v);
    }
    if let Ok(v) = HeaderValue::from_str(&f.etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={max_age}")) {
        h.insert(header::CACHE_CONTROL, v);
    }
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == f.etag || t.trim() == "*"));
    if unchanged {
        return (StatusCode::NOT_MODIFIED, h).into_response();
    }
    if head {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(served.body.len()));
        return (StatusCode::OK, h).into_response();
    }
    (StatusCode::OK, h, served.body.clone()).into_response()
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn percent_encoded_base64_is_decoded_and_stray_percents_kept() {
        assert_eq!(percent_decode("MEow%2Bab%2F%3D"), "MEow+ab/=");
        assert_eq!(percent_decode("a%zz%4"), "a%zz%4");
    }
}
