//! Things drawn over a screen: help, the command palette, confirm and note
//! dialogs, the bulk-action summary, the export prompt, and toasts.

pub mod confirm;
pub mod export;
pub mod find;
pub mod help;
pub mod palette;
pub mod summary;
pub mod then;
pub mod toast;

pub use then::{REVOKE_REASONS, Then};
use tui_textarea::TextArea;

#[derive(Debug)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Palette(palette::Palette),
    Confirm {
        message: String,
        then: Then,
    },
    /// A reason or note (required by the action), then `then`.
    Note {
        title: String,
        area: Box<TextArea<'static>>,
        then: Then,
        error: Option<String>,
    },
    Summary(summary::Summary),
    Export(Box<export::Export>),
    Find(Box<find::Find>),
    /// One of the case's documents full-screen (its place in showing
    /// order, and how far a PDF's text is scrolled).
    Document {
        index: usize,
        scroll: u16,
    },
}

impl Overlay {
    /// Unsent typing would be lost.
    pub fn is_dirty(&self) -> bool {
        match self {
            Overlay::Note { area, .. } => area.lines().iter().any(|l| !l.trim().is_empty()),
            _ => false,
        }
    }
}
