//! What a screen may use of the console, and no more: the office to ask,
//! the signed-in operator, the words, the time, the rows a page shows, a
//! way to run a task (its answer comes back as a [`Msg`]) and a way to
//! say something (a toast). A screen takes a [`Cx`], never the `App`, so a
//! screen's folder reads on its own and imports nothing above it; the app
//! builds the context, hands it to the screen, then takes in what the
//! screen asked for (`App::on_screen`).

use super::event::Msg;
use super::i18n::Strings;
use super::keymap::Keymap;
use super::overlays::toast::Level;
use crate::api::Office;
use crate::domain::Operator;
use chrono::{DateTime, Utc};
use std::future::Future;
use tokio::sync::mpsc::UnboundedSender;

pub struct Cx<'a> {
    pub ra: &'a Office,
    pub op: Option<&'a Operator>,
    pub s: &'static Strings,
    /// The keys, to name one in a message.
    pub keys: &'a Keymap,
    /// The time drawn (ages, SLA badges).
    pub now: DateTime<Utc>,
    /// Rows a list shows at this terminal size (page moves).
    pub rows: usize,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    tx: &'a UnboundedSender<Msg>,
    /// Tasks started, for the app's count of tasks running.
    started: usize,
    /// Toasts to show, in order.
    said: Vec<(Level, String)>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(
        ra: &'a Office,
        op: Option<&'a Operator>,
        s: &'static Strings,
        keys: &'a Keymap,
        now: DateTime<Utc>,
        size: (u16, u16),
        tx: &'a UnboundedSender<Msg>,
    ) -> Self {
        Cx {
            ra,
            op,
            s,
            keys,
            now,
            rows: super::layout::list_rows(size.0, size.1),
            size,
            tx,
            started: 0,
            said: Vec::new(),
        }
    }

    /// Runs `fut` as a task; its message comes back through the channel.
    pub fn spawn<F>(&mut self, fut: F)
    where
        F: Future<Output = Msg> + Send + 'static,
    {
        self.started += 1;
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(fut.await);
        });
    }

    /// What the screen asked for: tasks started, toasts to show.
    pub(super) fn finish(self) -> (usize, Vec<(Level, String)>) {
        (self.started, self.said)
    }

    /// Shows a toast once the screen has answered.
    pub fn toast(&mut self, level: Level, text: impl Into<String>) {
        self.said.push((level, text.into()));
    }
}
