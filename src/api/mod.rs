//! The RA's verbs as the front-ends call them, and as other systems call
//! them over HTTP. One interface, [`Office`], with two implementations:
//! `ra` in this process (the embedded store: one person, the demo, the
//! tests), or the service's API (`ratu serve`, reached with `--server`),
//! where the service runs `ra` and the client is trusted with nothing.
//!
//! ```text
//!  tui, cli ──► Office ──┬─► Ra (in-process)
//!                        └─► Client ──HTTP──► serve::api ──► exec ──► Ra
//! ```
//!
//! The wire: `POST /api/v1/sign-in` gives a session token; every verb is
//! `POST /api/v1/VERB` with a JSON body ([`Call`]) and the token as
//! `Authorization: Bearer …`; errors are JSON ([`WireError`]) with a
//! stable code. `GET /api/v1/events` streams the cases that change.

mod b64;
mod call;
mod client;
mod error;
mod events;
mod exec;
mod office;

pub use call::{ArchiveBag, Bytes, Call, Doc, SignIn, SignedIn};
pub use client::{Client, ClientOptions};
pub use error::{WireError, status_of};
pub use exec::execute;
pub use office::{ChangeFeed, Office};

/// The API's version prefix.
pub const PREFIX: &str = "/api/v1";
