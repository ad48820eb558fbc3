//! One file per screen or screen region. `Screen` (in `app.rs`) is the
//! seam where the certificate and CA/CRL screens will join.

pub mod audit;
pub mod hints;
pub mod new_case;
pub mod passphrase;
pub mod queues;
pub mod review;
pub mod signin;
