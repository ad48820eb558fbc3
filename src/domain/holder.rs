//! A holder: one person, keyed by NIK, with the data the RA last confirmed
//! (at issuance, or an applied update) and the history of its changes.
//! Cases and certificates link to their holder by NIK.

use super::Subscriber;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One field's change: what it was and what it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One change of a holder's record: when, by whom, through which case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolderChange {
    pub at: DateTime<Utc>,
    pub by: String,
    pub case_id: Option<u64>,
    pub changes: Vec<FieldChange>,
}

/// A holder's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The latest confirmed data (its NIK is the key).
    pub data: Subscriber,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub history: Vec<HolderChange>,
}

/// The fields of a subscriber, by name, as text (none where empty).
fn fields(s: &Subscriber) -> [(&'static str, Option<String>); 9] {
    let employment = serde_json::to_value(s.employment)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string));
    [
        ("name", Some(s.name.clone())),
        ("email", Some(s.email.clone())),
        ("agency", Some(s.agency.clone())),
        ("unit", s.unit.clone()),
        ("position", s.position.clone()),
        ("nip", s.nip.as_ref().map(|n| n.to_string())),
        ("npwp", s.npwp.as_ref().map(|n| n.to_string())),
        ("phone", s.phone.clone()),
        ("employment", employment),
    ]
}

/// The fields that differ between `old` and `new`, in a fixed order.
pub fn changes_between(old: &Subscriber, new: &Subscriber) -> Vec<FieldChange> {
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange {
            field: field.to_string(),
            old,
            new,
        })
        .collect()
}

impl Holder {
    /// A new holder from the data of their first case.
    pub fn new(data: Subscriber, at: DateTime<Utc>) -> Self {
        Self {
            data,
            created_at: at,
            updated_at: at,
            history: Vec::new(),
        }
    }

    /// The record after `data` is confirmed through `case_id` by `by`;
    /// `None` when nothing changes.
    pub fn confirmed(&self, data: &Subscriber, by: &str, case_id: Option<u64>, at: DateTime<Utc>) -> Option<Holder> {
        let changes = changes_between(&self.data, data);
        if changes.is_empty() {
            return None;
        }
        let mut next = self.clone();
        next.data = data.clone();
        next.updated_at = at;
        next.history.push(HolderChange {
            at,
            by: by.to_string(),
            case_id,
            changes,
        });
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SubscriberForm;

    fn siti() -> Subscriber {
        SubscriberForm {
            name: "Siti Rahayu".into(),
            nik: "3201014507900001".into(),
            email: "siti@bogorkab.go.id".into(),
            agency: "Dinas Kominfo".into(),
            employment: Some("other".into()),
            ..Default::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn a_confirmed_change_is_kept_field_by_field() {
        let at = Utc::now();
        let h = Holder::new(siti(), at);
        let mut moved = siti();
        moved.agency = "Bappeda".into();
        moved.unit = Some("Bidang TI".into());
        let next = h.confirmed(&moved, "petugas1", Some(7), at).unwrap();
        assert_eq!(next.data.agency, "Bappeda");
        let c = &next.history[0];
        assert_eq!(c.case_id, Some(7));
        let names: Vec<&str> = c.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(names, ["agency", "unit"]);
        assert_eq!(c.changes[0].old.as_deref(), Some("Dinas Kominfo"));
        assert_eq!(c.changes[1].old, None);
        assert!(next.confirmed(&moved, "petugas1", None, at).is_none());
    }
}
