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

/// `data` with `changes` applied field by field. Refused, naming the
/// field, when a field on record no longer holds the `old` value the
/// change was proposed against (another update was applied meanwhile).
pub fn apply_changes(data: &Subscriber, changes: &[FieldChange]) -> Result<Subscriber, String> {
    let now = fields(data);
    let mut form = data.form();
    for c in changes {
        let current = now.iter().find(|(f, _)| *f == c.field).map(|(_, v)| v.clone());
        match current {
            None => return Err(format!("{} is not a field of a holder's record", c.field)),
            Some(v) if v != c.old => {
                return Err(format!(
                    "the holder's {} changed since this update was proposed; return the case to the verifier",
                    c.field
                ));
            }
            Some(_) => {}
        }
        let v = c.new.clone();
        match c.field.as_str() {
            "name" => form.name = v.unwrap_or_default(),
            "email" => form.email = v.unwrap_or_default(),
            "agency" => form.agency = v.unwrap_or_default(),
            "unit" => form.unit = v,
            "position" => form.position = v,
            "nip" => form.nip = v,
            "npwp" => form.npwp = v,
            "phone" => form.phone = v,
            _ => form.employment = v,
        }
    }
    form.validate().map_err(|e| e.to_string())
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

    #[test]
    fn changes_apply_only_onto_the_values_they_were_proposed_against() {
        let mut moved = siti();
        moved.agency = "Bappeda".into();
        moved.position = Some("Kepala Bidang".into());
        let changes = changes_between(&siti(), &moved);
        assert_eq!(apply_changes(&siti(), &changes).unwrap(), moved);
        // Another update changed the agency meanwhile: refused, named.
        let mut elsewhere = siti();
        elsewhere.agency = "Dinas Kesehatan".into();
        let why = apply_changes(&elsewhere, &changes).unwrap_err();
        assert!(why.contains("agency changed"), "{why}");
        // A change to one field keeps what another update did to another.
        let mut other = siti();
        other.phone = Some("081234567890".into());
        let only_position = changes_between(
            &siti(),
            &Subscriber {
                position: Some("Analis".into()),
                ..siti()
            },
        );
        let next = apply_changes(&other, &only_position).unwrap();
        assert_eq!(
            (next.phone.as_deref(), next.position.as_deref()),
            (Some("081234567890"), Some("Analis"))
        );
    }
}
