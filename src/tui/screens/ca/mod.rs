//! The CA and its CRLs: the CA certificates, the last CRL number and
//! publication, and the time left to nextUpdate — in the warning colour
//! when less than a quarter of the interval is left, in red once lapsed.
//! `P` publishes now (ca_admin, CA unlocked).
//!
//! ```text
//! ┌ CA & CRL · unlocked ───────────────────────────────────────────┐
//! │ Root     C=ID, O=…, CN=Root CA Indonesia Demo G1  until 2046…   │
//! │ Issuing  C=ID, O=…, CN=Demo CA DS G1              until 2036…   │
//! │ CRL      number 19 · published 2026-11-22 04:10 · next in 23h   │
//! └ P publish now · r reload · Esc back ───────────────────────────┘
//! ```
//!
//! `mod.rs` holds the screen's state, its commands and what it asks of
//! the office (through a [`Cx`]); `draw.rs` draws it.

mod draw;

use crate::ra::{CaStatus, Published};
use crate::tui::cx::Cx;
use crate::tui::event::Msg;
use crate::tui::keymap::Cmd;
use crate::tui::overlays::toast::Level;
pub use draw::{crl_style, draw};

#[derive(Debug, Default)]
pub struct CaScreen {
    pub status: Option<Result<Box<CaStatus>, String>>,
}

/// The CA screen's own commands.
pub const COMMANDS: &[Cmd] = &[Cmd::PublishCrl, Cmd::Reload];

impl CaScreen {
    /// One of the screen's commands.
    pub fn cmd(&mut self, c: Cmd, cx: &mut Cx) {
        match c {
            Cmd::PublishCrl => self.publish(cx),
            Cmd::Reload => self.reload(cx),
            _ => {}
        }
    }

    /// Reads the CA's status again.
    pub fn reload(&mut self, cx: &mut Cx) {
        let ra = cx.ra.clone();
        cx.spawn(async move { Msg::CaStatus(ra.ca_status().await.map(Box::new).map_err(|e| e.to_string())) });
    }

    /// `P`: a ca_admin publishes now.
    pub fn publish(&mut self, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        // The service holds its own CA, and says so itself if it is locked.
        if cx.ra.local().is_some_and(|ra| !ra.ca_is_unlocked()) {
            cx.toast(Level::Error, cx.s.ca_locked_publish());
            return;
        }
        let ra = cx.ra.clone();
        cx.spawn(async move { Msg::CrlPublished(ra.publish_crl(&op).await.map_err(|e| e.to_string()), true) });
    }

    /// A CRL was published: asked for here (`asked`: said in a toast) or
    /// by the housekeeping timer. The status is read again.
    pub fn published(&mut self, p: Published, asked: bool, cx: &mut Cx) {
        if asked {
            cx.toast(Level::Info, cx.s.crl_published(p.number, p.entries, p.held));
        }
        self.reload(cx);
    }
}
