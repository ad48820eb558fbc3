//! Applicants' documents turned into something a person can look at: a
//! picture of a KTP scan or selfie, a PDF's page count, the text and a
//! picture of its first page. Every document is untrusted input: a PDF of
//! a few kilobytes can ask for gigabytes or minutes. So consoles and the
//! applicant page never decode in their own process: [`sandbox::render`]
//! hands the bytes to a child (`ratu` itself) that runs under hard limits
//! ([`LIMITS`]: address space, CPU time, output size) and is killed at
//! the first one it passes. [`decode`] is what the child runs.

mod image;
mod pdf;
pub mod sandbox;

use crate::domain::case::MediaType;
use std::cell::Cell;

/// A decoded document.
#[derive(Debug)]
pub enum Preview {
    Image(::image::DynamicImage),
    Pdf {
        pages: usize,
        text: String,
        /// The first page drawn, when it could be.
        page: Option<::image::DynamicImage>,
    },
    /// The decoder said why it cannot read it (one line, in English: a
    /// library's words).
    Unreadable(String),
    /// Decoding it passed a limit and was stopped.
    Refused(Limit),
}

/// The limit a document passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// More memory than [`Limits::memory`].
    Memory,
    /// More CPU or wall-clock time than [`Limits::cpu`].
    Time,
    /// A picture or text larger than [`Limits::output`].
    Output,
    /// The decoder died some other way (a crash).
    Crashed,
    /// Larger than documents may be (10 MiB).
    Size,
}

/// The hard limits a document is decoded under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Address space of the decoding process, bytes.
    pub memory: u64,
    /// CPU seconds (and, doubled, wall-clock seconds).
    pub cpu: u64,
    /// Bytes of picture and text handed back.
    pub output: usize,
}

pub const LIMITS: Limits = Limits {
    memory: 512 << 20,
    cpu: 5,
    output: 16 << 20,
};

impl Preview {
    /// Whether a person can look at it (a picture or a PDF).
    pub fn is_shown(&self) -> bool {
        matches!(self, Preview::Image(_) | Preview::Pdf { .. })
    }

    /// Why not, in English (the applicant page and logs).
    pub fn why_not(&self) -> Option<String> {
        match self {
            Preview::Unreadable(why) => Some(why.clone()),
            Preview::Refused(l) => Some(l.to_string()),
            _ => None,
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Memory => write!(f, "it needs more than {} MiB of memory to show", LIMITS.memory >> 20),
            Limit::Time => write!(f, "it takes more than {} s to show", LIMITS.cpu),
            Limit::Output => write!(f, "what it shows is over {} MiB", LIMITS.output >> 20),
            Limit::Crashed => write!(f, "the decoder stopped on it"),
            Limit::Size => write!(f, "it is over the 10 MiB limit"),
        }
    }
}

thread_local! {
    /// Set while this thread decodes: a panic then is the document's fault,
    /// caught and shown as a line, and a panic hook leaves the terminal be.
    static DECODING: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is decoding a document (for panic hooks).
pub fn decoding() -> bool {
    DECODING.with(Cell::get)
}

/// Decodes `bytes` of type `media` in this process; never panics. Only
/// under limits: the sandbox's child, and tests.
pub fn decode(media: MediaType, bytes: &[u8]) -> Preview {
    if bytes.len() > crate::domain::case::MAX_DOCUMENT_BYTES {
        return Preview::Refused(Limit::Size);
    }
    DECODING.with(|d| d.set(true));
    let r = std::panic::catch_unwind(|| match media {
        MediaType::Png | MediaType::Jpeg => image::decode(media, bytes),
        MediaType::Pdf => pdf::decode(bytes),
    });
    DECODING.with(|d| d.set(false));
    r.unwrap_or_else(|_| Preview::Unreadable("the decoder failed on this file".into()))
}

#[cfg(test)]
mod tests;
