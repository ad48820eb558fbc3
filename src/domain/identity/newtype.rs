//! What NIK, NIP and NPWP share: a number kept as the text it was
//! accepted as. Each type's own file writes its `parse` (the rules) and
//! what it reads from the number; [`identity_number!`] writes the rest.

/// The newtype `$name(String)` with `as_str`, serde through its text (a
/// value read is checked by `$name::parse`, so a stored number that no
/// longer passes is refused on reading, with the rule it breaks) and the
/// conversions to and from `String`. With `display`, `Display` writes the
/// text as kept.
macro_rules! identity_number {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::domain::identity::FieldError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(n: $name) -> Self {
                n.0
            }
        }
    };
    ($(#[$attr:meta])* $name:ident, display) => {
        $crate::domain::identity::newtype::identity_number!($(#[$attr])* $name);

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
pub(super) use identity_number;

#[cfg(test)]
mod tests {
    use super::super::{Nik, Nip, Npwp};

    #[test]
    fn kept_shown_and_stored_as_accepted() {
        let nik = Nik::parse("3201011203900001").unwrap();
        assert_eq!(nik.as_str(), "3201011203900001");
        assert_eq!(nik.to_string(), "3201011203900001");
        assert_eq!(format!("{nik:>20}|"), "3201011203900001|");
        assert_eq!(format!("{nik:?}"), "Nik(\"3201011203900001\")");
        assert_eq!(serde_json::to_string(&nik).unwrap(), "\"3201011203900001\"");
        assert_eq!(serde_json::from_str::<Nik>("\"3201011203900001\"").unwrap(), nik);
        assert_eq!(Nik::try_from("3201011203900001".to_string()), Ok(nik.clone()));
        assert_eq!(String::from(nik), "3201011203900001");

        let nip = Nip::parse("199003122015031001").unwrap();
        assert_eq!(nip.as_str(), "199003122015031001");
        assert_eq!(nip.to_string(), "199003122015031001");
        assert_eq!(format!("{nip:?}"), "Nip(\"199003122015031001\")");
        assert_eq!(serde_json::to_string(&nip).unwrap(), "\"199003122015031001\"");
        assert_eq!(serde_json::from_str::<Nip>("\"199003122015031001\"").unwrap(), nip);
        assert_eq!(String::from(nip), "199003122015031001");

        // Kept bare, shown dotted.
        let npwp = Npwp::parse("01.234.567.4-407.000").unwrap();
        assert_eq!(npwp.as_str(), "012345674407000");
        assert_eq!(npwp.to_string(), "01.234.567.4-407.000");
        assert_eq!(format!("{npwp:?}"), "Npwp(\"012345674407000\")");
        assert_eq!(serde_json::to_string(&npwp).unwrap(), "\"012345674407000\"");
        assert_eq!(serde_json::from_str::<Npwp>("\"01.234.567.4-407.000\"").unwrap(), npwp);
        assert_eq!(Npwp::try_from("012345674407000".to_string()), Ok(npwp.clone()));
        assert_eq!(String::from(npwp), "012345674407000");
    }

    #[test]
    fn a_bad_number_is_refused_on_reading_with_its_rule() {
        let e = Nik::try_from("3201019999990001".to_string()).unwrap_err();
        assert_eq!(e.to_string(), "NIK 3201019999990001: day 99 is not a date");
        // serde_json adds where in the text it was.
        let e = serde_json::from_str::<Nik>("\"3201019999990001\"").unwrap_err();
        assert!(
            e.to_string().starts_with("NIK 3201019999990001: day 99 is not a date"),
            "{e}"
        );
        let e = serde_json::from_str::<Nip>("\"12\"").unwrap_err();
        assert!(e.to_string().starts_with("NIP 12: has 2 digits, needs 18"), "{e}");
        let e = serde_json::from_str::<Npwp>("\"12345\"").unwrap_err();
        assert!(
            e.to_string().starts_with("NPWP 12345: has 5 digits, needs 15 or 16"),
            "{e}"
        );
    }
}
