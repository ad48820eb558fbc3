//! The stream of changed cases (`GET /api/v1/events`, server-sent
//! events). The service follows its own store once (`ra.watch_cases`),
//! numbers each change, keeps the last ones, and sends each operator the
//! cases they may see. A client that reconnects with `Last-Event-ID`
//! gets what it missed; one whose event is no longer kept (or that saw
//! another run of the service) is told to `reload`.

use super::{Api, ApiError, operator};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// Changes kept for clients that reconnect.
const KEPT: usize = 4096;

/// One change: its number in this run, the case, and its agency.
#[derive(Debug, Clone)]
struct Change {
    seq: u64,
    case: u64,
    agency: String,
}

/// What the stream's readers are told: a change, or that an operator's
/// sessions ended (disabled, or a new PIN set by a ca_admin).
#[derive(Debug, Clone)]
enum Note {
    Change(Change),
    Ended(String),
}

/// The service's changes, numbered.
#[derive(Clone)]
pub struct Changes {
    /// This run of the service: event ids of another run mean "reload".
    run: String,
    kept: Arc<Mutex<VecDeque<Change>>>,
    tx: broadcast::Sender<Note>,
}

impl Default for Changes {
    fn default() -> Self {
        Self::new()
    }
}

impl Changes {
    pub fn new() -> Self {
        let mut raw = [0u8; 8];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut raw);
        Changes {
            run: hex::encode(raw),
            kept: Arc::default(),
            tx: broadcast::channel(KEPT).0,
        }
    }

    fn push(&self, case: u64, agency: String) {
        let Ok(mut kept) = self.kept.lock() else { return };
        let seq = kept.back().map_or(1, |c| c.seq + 1);
        let c = Change { seq, case, agency };
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back(c.clone());
        let _ = self.tx.send(Note::Change(c));
    }

    /// Ends the streams of `operator` now.
    pub fn sessions_ended(&self, operator: &str) {
        let _ = self.tx.send(Note::Ended(operator.to_string()));
    }

    /// Follows the store until `stop`: every committed change of a case,
    /// whoever made it (this service, or another on the same cluster).
    pub fn follow(
        &self,
        ra: crate::ra::Ra,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                let run = async {
                    match ra.watch_cases().await {
                        Ok(mut feed) => {
                            while let Some(r) = feed.next().await {
                                match r {
                                    Ok(id) => {
                                        let agency = match ra.case(id).await {
                                            Ok(c) => c.subscriber.agency,
                                            Err(_) => String::new(),
                                        };
                                        me.push(id, agency);
                                    }
                                    Err(e) => {
                                        tracing::warn!("following the store: {e}");
                                        break;
                                    }
                                }
                            }
                        }
                        Err(e) => tracing::warn!("cannot follow the store: {e}"),
                    }
                };
                tokio::select! {
                    _ = run => {},
                    _ = stop.wait_for(|s| *s) => return,
                }
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {},
                    _ = stop.wait_for(|s| *s) => return,
                }
            }
        })
    }

    /// What a client that last saw `last` missed: `None` when that cannot
    /// be told (another run, or no longer kept).
    fn since(&self, last: Option<&str>) -> Option<Vec<Change>> {
        let kept = self.kept.lock().ok()?;
        let Some(last) = last else { return Some(Vec::new()) };
        let (run, seq) = last.split_once('-')?;
        let seq: u64 = seq.parse().ok()?;
        if run != self.run {
            return None;
        }
        let oldest = kept.front().map_or(seq + 1, |c| c.seq);
        if seq + 1 < oldest {
            return None;
        }
        Some(kept.iter().filter(|c| c.seq > seq).cloned().collect())
    }
}

fn case_event(run: &str, c: &Change) -> Event {
    Event::default()
        .event("case")
        .id(format!("{run}-{}", c.seq))
        .data(c.case.to_string())
}

/// `GET /api/v1/events`.
pub async fn stream(
    State(api): State<Arc<Api>>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let (op, _) = operator(&api, &headers).await?;
    let token = super::token(&headers)?.to_string();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let changes = api.changes.clone();
    // Subscribed before the kept ones are read: nothing falls in between.
    let rx = changes.tx.subscribe();
    let missed = changes.since(last.as_deref());
    let mut first: VecDeque<Event> = VecDeque::new();
    let mut after = 0;
    match missed {
        Some(m) => {
            for c in m.iter().filter(|c| op.covers(&c.agency)) {
                first.push_back(case_event(&changes.run, c));
            }
            after = m.last().map_or(0, |c| c.seq);
        }
        None => first.push_back(Event::default().event("reload").data("")),
    }
    struct S {
        api: Arc<Api>,
        token: String,
        op: crate::domain::Operator,
        run: String,
        first: VecDeque<Event>,
        after: u64,
        rx: broadcast::Receiver<Note>,
        check: tokio::time::Interval,
        done: bool,
    }
    let mut check = tokio::time::interval(Duration::from_secs(5));
    check.reset();
    let s = S {
        api: api.clone(),
        token,
        op,
        run: changes.run.clone(),
        first,
        after,
        rx,
        check,
        done: false,
    };
    let events = stream::unfold(s, |mut s| async move {
        if s.done {
            return None;
        }
        if let Some(e) = s.first.pop_front() {
            return Some((Ok(e), s));
        }
        loop {
            tokio::select! {
                r = s.rx.recv() => match r {
                    Ok(Note::Ended(name)) if name == s.op.name => {
                        s.done = true;
                        let why = crate::ra::RaError::SessionEnded("ended by a ca_admin".into()).to_string();
                        return Some((Ok(Event::default().event("session_ended").data(why)), s));
                    }
                    Ok(Note::Ended(_)) => continue,
                    Ok(Note::Change(c)) if c.seq <= s.after || !s.op.covers(&c.agency) => continue,
                    Ok(Note::Change(c)) => {
                        s.after = c.seq;
                        let e = case_event(&s.run, &c);
                        return Some((Ok(e), s));
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        s.done = true;
                        return Some((Ok(Event::default().event("reload").data("")), s));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = s.check.tick() => {
                    // A session that ended (signed out, disabled, expired)
                    // ends its stream at once, and says why.
                    if let Err(e) = s.api.ra.session_operator(&s.token).await
                        && matches!(e, crate::ra::RaError::SessionEnded(_))
                    {
                        s.done = true;
                        return Some((Ok(Event::default().event("session_ended").data(e.to_string())), s));
                    }
                }
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
