//! The client's side of `GET /api/v1/events`: server-sent events read
//! from the response as they come, resumed after the last one seen.

use super::client::Client;
use crate::ra::RaError;

/// A subscription to the service's changed cases.
pub struct Feed {
    client: Client,
    resp: reqwest::Response,
    buf: String,
    id: Option<String>,
    event: String,
    data: String,
}

impl Feed {
    /// Subscribes from after the last event this client saw.
    pub async fn open(client: &Client) -> Result<Feed, RaError> {
        let last = client.last_event();
        let resp = client.events(last.as_deref()).await?;
        Ok(Feed {
            client: client.clone(),
            resp,
            buf: String::new(),
            id: None,
            event: String::new(),
            data: String::new(),
        })
    }

    /// The next changed case; `None` when the stream ended or the service
    /// says to reload (then every list is read again).
    pub async fn next(&mut self) -> Option<Result<u64, RaError>> {
        loop {
            while let Some(nl) = self.buf.find('\n') {
                let line: String = self.buf.drain(..=nl).collect();
                let line = line.trim_end_matches(['\n', '\r']);
                if line.is_empty() {
                    let event = std::mem::take(&mut self.event);
                    let data = std::mem::take(&mut self.data);
                    match event.as_str() {
                        "case" => {
                            if let Some(id) = self.id.take() {
                                self.client.saw_event(id);
                            }
                            if let Ok(n) = data.trim().parse() {
                                return Some(Ok(n));
                            }
                        }
                        "reload" => {
                            self.client.forget_events();
                            return None;
                        }
                        "session_ended" => return Some(Err(RaError::SessionEnded(ended_why(&data)))),
                        _ => {}
                    }
                    continue;
                }
                if line.starts_with(':') {
                    continue;
                }
                let (field, value) = line.split_once(':').unwrap_or((line, ""));
                let value = value.strip_prefix(' ').unwrap_or(value);
                match field {
                    "id" => self.id = Some(value.to_string()),
                    "event" => self.event = value.to_string(),
                    "data" => {
                        if !self.data.is_empty() {
                            self.data.push('\n');
                        }
                        self.data.push_str(value);
                    }
                    _ => {}
                }
            }
            match self.resp.chunk().await {
                Ok(Some(bytes)) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(None) => return None,
                Err(e) => {
                    return Some(Err(RaError::Unreachable(format!(
                        "the connection to the service at {} was lost ({e})",
                        self.client.url()
                    ))));
                }
            }
        }
    }
}

/// The reason inside "the session ended (WHY); sign in again".
fn ended_why(data: &str) -> String {
    data.strip_prefix("the session ended (")
        .and_then(|r| r.rsplit_once(')'))
        .map_or_else(|| data.to_string(), |(why, _)| why.to_string())
}
