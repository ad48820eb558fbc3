//! What drawing needs besides a screen's own state: the words, the
//! colours, the keys (to name one), the time, the operator, and the
//! documents decoded. A screen draws from its state and a [`Look`], never
//! from the app.

use super::documents::Documents;
use super::i18n::Strings;
use super::keymap::Keymap;
use super::theme::Theme;
use crate::domain::Operator;
use chrono::{DateTime, Utc};

pub struct Look<'a> {
    pub s: &'static Strings,
    pub theme: &'a Theme,
    pub keys: &'a Keymap,
    /// The time drawn (ages, SLA badges).
    pub now: DateTime<Utc>,
    pub op: Option<&'a Operator>,
    pub docs: &'a Documents,
}
