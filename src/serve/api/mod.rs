//! The operators' API (`ratu serve --listen ADDR`): sign-in, every verb of
//! `ra` (`api::execute`), and the stream of changed cases. The operator of
//! each call is the one of its session token; a client is trusted with
//! nothing else.
//!
//! | path                      | what                                  |
//! |---------------------------|---------------------------------------|
//! | `POST /api/v1/sign-in`    | name and PIN → session token (12 h)   |
//! | `POST /api/v1/sign-out`   | ends the session                      |
//! | `POST /api/v1/VERB`       | one verb (`api::Call`), JSON in & out |
//! | `GET /api/v1/events`      | server-sent events: changed cases     |
//! | `GET /api/v1/openapi.json`| the API's description                 |

mod events;
mod openapi;

pub use events::Changes;
pub use openapi::verbs;

use super::net::RealClient;
use crate::api::{Call, SignIn, SignedIn, WireError, execute, status_of};
use crate::domain::Operator;
use crate::ra::{ADDRESS_LIMIT, Ra, RaError};
use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;

/// Documents travel base64 in JSON: several of the largest allowed.
const MAX_BODY: usize = 64 << 20;

pub struct Api {
    pub ra: Ra,
    pub changes: Changes,
    /// What a backup exports: the database as the service reaches it, and
    /// the site's config file.
    pub backup: Backup,
}

/// The service's database and config, for `POST /api/v1/backup`.
#[derive(Clone)]
pub struct Backup {
    pub target: crate::domain::DbTarget,
    pub config: Option<std::path::PathBuf>,
    /// Where the encrypted file is made before it is sent.
    pub work_dir: std::path::PathBuf,
}

/// An error as the API answers it.
pub struct ApiError(Box<WireError>);

impl ApiError {
    fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError(Box::new(WireError::new(code, message)))
    }
}

impl From<RaError> for ApiError {
    fn from(e: RaError) -> Self {
        if matches!(e, RaError::Store(_) | RaError::Io(_)) {
            tracing::warn!("api: {e}");
        }
        ApiError(Box::new(WireError::from(&e)))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(status_of(&self.0.code)).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(*self.0)).into_response()
    }
}

/// Serves the API on `listener` until `stop` turns true; follows the
/// store for the stream of changes meanwhile.
pub fn start(
    ra: Ra,
    backup: Backup,
    listener: std::net::TcpListener,
    stop: tokio::sync::watch::Receiver<bool>,
    tls: Option<super::tls::Tls>,
    net: &super::net::Net,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let addr = listener.local_addr()?;
    let changes = Changes::new();
    changes.follow(ra.clone(), stop.clone());
    tracing::info!(%addr, tls = tls.is_some(), "API listening");
    let app = router(Arc::new(Api { ra, changes, backup }));
    super::net::serve(app, listener, stop, tls, "the API", net)
}

pub fn router(api: Arc<Api>) -> Router {
    Router::new()
        .route("/api/v1/sign-in", post(sign_in))
        .route("/api/v1/sign-out", post(sign_out))
        .route("/api/v1/events", get(events::stream))
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/backup", post(backup))
        .route("/api/v1/{verb}", post(verb))
        .fallback(|| async { ApiError::new("unknown_verb", "no such path: the API is under /api/v1/") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(api)
}

/// The bearer token of a request.
fn token(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::new("session_ended", "the session ended (no token given); sign in again"))
}

/// The operator whose session sent the request, and whether their PIN
/// must be changed first.
pub(super) async fn operator(api: &Api, headers: &HeaderMap) -> Result<(Operator, bool), ApiError> {
    let t = token(headers)?;
    // A token is 64 hex digits; anything else is not one of ours.
    if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(RaError::SessionEnded("not a token of this service".into()).into());
    }
    Ok(api.ra.session_operator(t).await?)
}

async fn sign_in(
    State(api): State<Arc<Api>>,
    RealClient(from): RealClient,
    body: Result<Json<SignIn>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<SignedIn>, ApiError> {
    let Json(s) = body.map_err(|e| ApiError::new("bad_request", e.body_text()))?;
    let addr = from.to_string();
    // An address that keeps failing is answered slowly: guessing PINs from
    // it costs time (each operator is also locked after 5 wrong PINs).
    if api.ra.address_failures(&addr).await? >= ADDRESS_LIMIT {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    let session = api.ra.open_session(&s.name, &s.pin, &addr).await?;
    Ok(Json(SignedIn {
        token: session.token,
        operator: session.operator,
        expires_at: session.expires_at,
        pin_change: session.pin_change,
    }))
}

async fn sign_out(State(api): State<Arc<Api>>, headers: HeaderMap) -> Result<Json<serde_json::Value>, ApiError> {
    let (op, _) = operator(&api, &headers).await?;
    api.ra.close_session(&op, token(&headers)?).await?;
    Ok(Json(serde_json::json!({ "signed_out": op.name })))
}

async fn verb(
    State(api): State<Arc<Api>>,
    RealClient(from): RealClient,
    Path(verb): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (op, pin_change) = operator(&api, &headers).await?;
    let body: serde_json::Value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::new("bad_request", format!("the body is not JSON: {e}")))?
    };
    // A verb we have is told apart from arguments we cannot read (an
    // unknown reason is a bad request, not an unknown verb).
    static VERBS: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    if !VERBS
        .get_or_init(|| openapi::verbs().into_iter().collect())
        .contains(&verb)
    {
        return Err(ApiError::new(
            "unknown_verb",
            format!(
                "{}: no such verb (GET /api/v1/openapi.json lists them)",
                crate::domain::text::quoted(&verb, 60)
            ),
        ));
    }
    let call = Call::from_parts(&verb, body).map_err(|e| ApiError::new("bad_request", format!("{verb}: {e}")))?;
    if pin_change && !call.allowed_before_pin_change() {
        return Err(RaError::PinChange(op.name).into());
    }
    let ends = match &call {
        Call::OperatorsDisable { name } | Call::OperatorsSetPin { name, .. } => Some(name.clone()),
        _ => None,
    };
    let answer = crate::ra::CLIENT
        .scope(from.to_string(), execute(&api.ra, &op, call))
        .await?;
    if let Some(name) = ends {
        api.changes.sessions_ended(&name);
    }
    Ok(Json(answer))
}

#[derive(serde::Deserialize)]
struct BackupRequest {
    passphrase: String,
}

/// `POST /api/v1/backup` (ca_admin): the same age file `ratu backup` writes
/// on the service's machine, made in a private folder and streamed back.
async fn backup(
    State(api): State<Arc<Api>>,
    headers: HeaderMap,
    body: Result<Json<BackupRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let (op, pin_change) = operator(&api, &headers).await?;
    if pin_change {
        return Err(RaError::PinChange(op.name).into());
    }
    let Json(req) = body.map_err(|e| ApiError::new("bad_request", e.body_text()))?;
    let pass = zeroize::Zeroizing::new(req.passphrase);
    let b = &api.backup;
    let work = tempfile::Builder::new()
        .prefix(".ratu-api-backup-")
        .tempdir_in(&b.work_dir)
        .map_err(|e| RaError::Io(format!("cannot make a working folder in {}: {e}", b.work_dir.display())))?;
    let out = work.path().join("backup.age");
    let root = match &b.target {
        crate::domain::DbTarget::Remote { root: Some((u, p)), .. } => Some((u.as_str(), p.as_str())),
        _ => None,
    };
    let report = api
        .ra
        .backup(&op, &b.target, root, b.config.as_deref(), &out, &pass)
        .await?;
    let parts = report.manifest.parts.keys().cloned().collect::<Vec<_>>().join(", ");
    let schema = report.manifest.schema_version.to_string();
    let file = tokio::fs::File::open(&out)
        .await
        .map_err(|e| RaError::Io(format!("{}: {e}", out.display())))?;
    // The folder goes once the file is open: its bytes stay readable.
    drop(work);
    let stream = tokio_util::io::ReaderStream::new(file);
    Ok((
        [
            ("content-type", "application/octet-stream".to_string()),
            ("x-ratu-backup-parts", parts),
            ("x-ratu-backup-schema", schema),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response())
}
