//! The applicant / certificate owner and the checks on their data.

use super::identity::{FieldError, Nik, Nip, NipKind, Npwp, validate_email};
use super::text::clean_field;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentStatus {
    Pns,
    Pppk,
    Other,
}

impl FromStr for EmploymentStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "pns" => Ok(Self::Pns),
            "pppk" => Ok(Self::Pppk),
            "other" | "lainnya" => Ok(Self::Other),
            _ => Err(format!("unknown employment status {s:?}: use pns, pppk or other")),
        }
    }
}

/// A subscriber's data as the verifier enters it. Names keep their Unicode,
/// apostrophes and titles exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriber {
    pub name: String,
    pub nik: Nik,
    pub nip: Option<Nip>,
    pub npwp: Option<Npwp>,
    pub email: String,
    pub phone: Option<String>,
    pub agency: String,
    pub unit: Option<String>,
    pub position: Option<String>,
    pub employment: EmploymentStatus,
}

/// The raw form, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriberForm {
    pub name: String,
    pub nik: String,
    pub nip: Option<String>,
    pub npwp: Option<String>,
    pub email: String,
    pub phone: Option<String>,
    pub agency: String,
    pub unit: Option<String>,
    pub position: Option<String>,
    pub employment: Option<String>,
}

fn required(field: &'static str, v: &str, max: usize) -> Result<String, FieldError> {
    let v = clean_field(field, v, max)?;
    if v.is_empty() {
        return Err(FieldError::new(field, "", "is required"));
    }
    Ok(v)
}

fn optional(field: &'static str, v: &Option<String>, max: usize) -> Result<Option<String>, FieldError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => clean_field(field, s, max).map(Some),
    }
}

fn validate_phone(p: &str) -> Result<(), FieldError> {
    let digits = p.chars().filter(|c| c.is_ascii_digit()).count();
    let ok = p.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-')) && (8..=15).contains(&digits);
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            "phone",
            p,
            "must be 8 to 15 digits, '+', '-' or spaces",
        ))
    }
}

impl SubscriberForm {
    /// Every field checked; the first broken rule is returned.
    pub fn validate(&self) -> Result<Subscriber, FieldError> {
        self.validate_all().map_err(|mut v| v.remove(0))
    }

    /// Every broken rule, for forms that show them all at once.
    pub fn validate_all(&self) -> Result<Subscriber, Vec<FieldError>> {
        let mut errs = Vec::new();
        fn keep<T>(errs: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
            r.map_err(|e| errs.push(e)).ok()
        }
        let name = keep(
            &mut errs,
            required("name", &self.name, 200).and_then(|n| match n.chars().any(char::is_alphabetic) {
                true => Ok(n),
                false => Err(FieldError::new(
                    "name",
                    &n,
                    "has no letter: write the name as on the KTP",
                )),
            }),
        );
        let nik = keep(&mut errs, Nik::parse(self.nik.trim()));
        let nip = keep(
            &mut errs,
            optional("NIP", &self.nip, 18).and_then(|n| n.map(|n| Nip::parse(&n)).transpose()),
        );
        let npwp = keep(
            &mut errs,
            optional("NPWP", &self.npwp, 25).and_then(|n| n.map(|n| Npwp::parse(&n)).transpose()),
        );
        let email = keep(
            &mut errs,
            required("e-mail", &self.email, 254).and_then(|e| validate_email(&e).map(|_| e)),
        );
        let phone = keep(
            &mut errs,
            optional("phone", &self.phone, 20).and_then(|p| {
                if let Some(p) = &p {
                    validate_phone(p)?;
                }
                Ok(p)
            }),
        );
        let agency = keep(&mut errs, required("agency", &self.agency, 200));
        let unit = keep(&mut errs, optional("unit", &self.unit, 200));
        let position = keep(&mut errs, optional("position", &self.position, 200));
        let employment = keep(
            &mut errs,
            match self.employment.as_deref() {
                None | Some("") => Ok(None),
                Some(s) => s
                    .parse()
                    .map(Some)
                    .map_err(|e: String| FieldError::new("employment", s, e)),
            },
        );
        if let (Some(Some(nip)), Some(nik)) = (&nip, &nik) {
            keep(&mut errs, nip.check_against(nik));
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        let nip = nip.flatten();
        let employment = employment.flatten().unwrap_or(match nip.as_ref().map(Nip::kind) {
            Some(NipKind::Pns) => EmploymentStatus::Pns,
            Some(NipKind::Pppk) => EmploymentStatus::Pppk,
            None => EmploymentStatus::Other,
        });
        if employment != EmploymentStatus::Other && nip.is_none() {
            return Err(vec![FieldError::new("NIP", "", "is required for PNS and PPPK")]);
        }
        Ok(Subscriber {
            name: name.unwrap_or_default(),
            nik: nik.expect("checked above"),
            nip,
            npwp: npwp.flatten(),
            email: email.unwrap_or_default(),
            phone: phone.flatten(),
            agency: agency.unwrap_or_default(),
            unit: unit.flatten(),
            position: position.flatten(),
            employment,
        })
    }
}

impl Subscriber {
    pub fn form(&self) -> SubscriberForm {
        SubscriberForm {
            name: self.name.clone(),
            nik: self.nik.to_string(),
            nip: self.nip.as_ref().map(|n| n.to_string()),
            npwp: self.npwp.as_ref().map(|n| n.as_str().to_string()),
            email: self.email.clone(),
            phone: self.phone.clone(),
            agency: self.agency.clone(),
            unit: self.unit.clone(),
            position: self.position.clone(),
            employment: Some(format!("{:?}", self.employment).to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SubscriberForm {
        SubscriberForm {
            name: "Dr. I Gusti Ngurah Agung Putra, S.Kom., M.T.".into(),
            nik: "5171011203900001".into(),
            nip: Some("199003122015031001".into()),
            email: "igusti.putra@baliprov.go.id".into(),
            agency: "Dinas Komunikasi dan Informatika Provinsi Bali".into(),
            ..Default::default()
        }
    }

    #[test]
    fn names_keep_titles_and_apostrophes() {
        let mut f = form();
        f.name = "Ni Luh Ayu D'Angelo, S.H.".into();
        assert_eq!(f.validate().unwrap().name, "Ni Luh Ayu D'Angelo, S.H.");
        let s = form().validate().unwrap();
        assert_eq!(s.employment, EmploymentStatus::Pns);
    }

    #[test]
    fn every_broken_rule_is_listed() {
        let mut f = form();
        f.nik = "5171019999900001".into();
        f.email = "nope".into();
        f.agency = "".into();
        let errs = f.validate_all().unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["NIK", "e-mail", "agency"]);
    }

    #[test]
    fn nip_must_match_nik() {
        let mut f = form();
        f.nik = "5171015203900001".into();
        assert!(f.validate().unwrap_err().rule.contains("gender"));
    }

    #[test]
    fn escape_codes_in_a_name_are_refused() {
        let mut f = form();
        f.name = "Budi\x1b[2J".into();
        assert!(f.validate().unwrap_err().rule.contains("control"));
    }

    #[test]
    fn a_name_with_an_invisible_character_is_refused() {
        for (c, what) in [
            ('\u{200d}', "U+200D (zero-width joiner)"),
            ('\u{200b}', "U+200B (zero-width space)"),
            ('\u{feff}', "U+FEFF (byte order mark)"),
            ('\u{2028}', "U+2028 (line separator)"),
        ] {
            let mut f = form();
            f.name = format!("Budi{c}Santoso");
            let e = f.validate().unwrap_err();
            assert_eq!(e.field, "name");
            assert!(e.rule.contains(what), "{e}");
        }
    }

    #[test]
    fn every_free_text_field_refuses_invisible_characters() {
        let bad = || "Bidang\u{200b}Persandian".to_string();
        let mut f = form();
        f.agency = bad();
        f.unit = Some(bad());
        f.position = Some(bad());
        f.phone = Some("0812\u{200d}3456789".into());
        f.email = "a\u{feff}@b.go.id".into();
        let fields: Vec<_> = f.validate_all().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["e-mail", "phone", "agency", "unit", "position"]);
    }
}
