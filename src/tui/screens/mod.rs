//! One file per screen or screen region; `Screen` (in `app.rs`) names them.

pub mod audit;
pub mod ca;
pub mod certs;
pub mod hints;
pub mod new_case;
pub mod queue_keys;
pub mod queues;
pub mod reports;
pub mod review;
pub mod signin;
