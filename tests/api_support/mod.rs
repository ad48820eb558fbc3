//! The service's API in this process, on a loopback port of its own, over
//! an RA the test made: raw HTTP against the real router.
#![allow(dead_code)]

use ratu::ra::Ra;
use ratu::serve::api::{Api, Backup, Changes, router};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;

pub struct Served {
    pub url: String,
    pub http: reqwest::Client,
    _stop: tokio::sync::watch::Sender<bool>,
    _work: tempfile::TempDir,
}

/// Serves the API over `ra` until dropped.
pub async fn serve(ra: Ra) -> Served {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let work = tempfile::tempdir().unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let changes = Changes::new();
    changes.follow(ra.clone(), stopped.clone());
    let api = Arc::new(Api {
        ra,
        changes,
        backup: Backup {
            target: ratu::domain::DbTarget::Memory,
            config: None,
            work_dir: work.path().to_path_buf(),
        },
    });
    let app = router(api).into_make_service_with_connect_info::<SocketAddr>();
    let mut s = stopped;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = s.wait_for(|v| *v).await;
            })
            .await;
    });
    Served {
        url: format!("http://{addr}"),
        http: reqwest::Client::new(),
        _stop: stop,
        _work: work,
    }
}

impl Served {
    /// A session token for `name` with `pin`.
    pub async fn sign_in(&self, name: &str, pin: &str) -> String {
        let (status, body) = self.post(None, "sign-in", json!({ "name": name, "pin": pin })).await;
        assert_eq!(status, 200, "sign-in of {name}: {body}");
        body["token"].as_str().unwrap().to_string()
    }

    /// `POST /api/v1/PATH` with `body`, as the session `token`.
    pub async fn post(&self, token: Option<&str>, path: &str, body: Value) -> (u16, Value) {
        let req = self.http.post(format!("{}/api/v1/{path}", self.url)).json(&body);
        send(req, token).await
    }

    pub async fn get(&self, token: Option<&str>, path: &str) -> (u16, Value) {
        send(self.http.get(format!("{}/api/v1/{path}", self.url)), token).await
    }

    /// "ok" or the error's code.
    pub async fn outcome(&self, token: &str, verb: &str, body: Value) -> String {
        let (status, v) = self.post(Some(token), verb, body).await;
        if status == 200 {
            "ok".into()
        } else {
            format!("{status} {}", v["code"].as_str().unwrap_or("?"))
        }
    }
}

/// The status and the JSON (or text) of `req`, sent as the session `token`.
async fn send(mut req: reqwest::RequestBuilder, token: Option<&str>) -> (u16, Value) {
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("the API answers");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}
