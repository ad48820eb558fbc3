//! Filling the templates and building the RFC 5322 message.

use crate::domain::Case;
use crate::domain::case::Notice;
use lettre::message::{Mailbox, Message, header::ContentType};
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use crate::locale::Lang;

#[derive(serde::Deserialize)]
struct Template {
    subject: String,
    body: String,
}

type Templates = BTreeMap<String, BTreeMap<String, Template>>;

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(|| toml::from_str(include_str!("../../assets/mail.toml")).expect("assets/mail.toml is valid"))
}

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// The whole RFC 5322 message.
    pub message: String,
}

/// The e-mail `notice` sends about `case`, from `from`. `link` is the
/// applicant's link for the link notices.
pub fn compose(notice: Notice, case: &Case, lang: Lang, from: &str, link: &str) -> Result<Mail, String> {
    let s = &case.subscriber;
    let kind = match lang {
        Lang::Id => case.kind.indonesian().to_lowercase(),
        Lang::En => case.kind.as_str().to_string(),
    };
    let case_no = case.id.to_string();
    let vars = [
        ("name", s.name.as_str()),
        ("case", case_no.as_str()),
        ("kind", kind.as_str()),
        ("agency", s.agency.as_str()),
        ("note", case.last_note.as_deref().unwrap_or("-")),
        ("link", link),
        ("serial", case.cert_serial.as_deref().unwrap_or("-")),
    ];
    build(lang, notice.as_str(), &vars, &s.name, &s.email, from)
}

/// The reminder that certificate `serial` of `name` expires in `days` days
/// (on `date`).
pub fn compose_expiry(
    name: &str,
    email: &str,
    serial: &str,
    days: u32,
    date: &str,
    lang: Lang,
    from: &str,
) -> Result<Mail, String> {
    let days = days.to_string();
    let vars = [
        ("name", name),
        ("serial", serial),
        ("days", days.as_str()),
        ("date", date),
    ];
    build(lang, "expiring", &vars, name, email, from)
}

/// Fills template `key` of `lang` with `vars` and builds the message.
fn build(lang: Lang, key: &str, vars: &[(&str, &str)], to_name: &str, to: &str, from: &str) -> Result<Mail, String> {
    let t = templates()
        .get(lang.key())
        .and_then(|l| l.get(key))
        .ok_or_else(|| format!("no {} template for {key}", lang.key()))?;
    let fill = |text: &str| {
        vars.iter()
            .fold(text.to_string(), |acc, (k, v)| acc.replace(&format!("{{{k}}}"), v))
    };
    let subject = fill(&t.subject);
    let body = fill(t.body.trim_start());
    let from: Mailbox = from.parse().map_err(|e| format!("sender address {from:?}: {e}"))?;
    let to_box = Mailbox::new(Some(to_name.to_string()), to.parse().map_err(|e| format!("{to}: {e}"))?);
    let msg = Message::builder()
        .from(from)
        .to(to_box)
        .subject(subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())?;
    Ok(Mail {
        to: to.to_string(),
        subject,
        message: String::from_utf8_lossy(&msg.formatted()).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseKind;

    fn case(kind: CaseKind) -> Case {
        let mut c = crate::domain::case::workflow_tests::case(kind);
        c.cert_serial = Some("3fa2c1".into());
        c
    }

    /// Every e-mail a step sends exists in both languages, with every
    /// placeholder filled, for every kind of case.
    #[test]
    fn every_notice_has_both_languages_and_no_placeholder_left() {
        for kind in CaseKind::ALL {
            for notice in Notice::ALL {
                for lang in [Lang::Id, Lang::En] {
                    let m = compose(
                        notice,
                        &case(kind),
                        lang,
                        "ratu <ra@example.go.id>",
                        "https://ra/l/TOKEN",
                    )
                    .unwrap_or_else(|e| panic!("{notice:?} {lang:?}: {e}"));
                    assert!(
                        !m.subject.contains('{') && !m.message.contains("{name}") && !m.message.contains("{serial}"),
                        "{notice:?} {lang:?}: {}",
                        m.message
                    );
                    assert!(m.message.contains(&case(kind).subscriber.name), "{notice:?} {lang:?}");
                }
            }
        }
        let m = compose(
            Notice::ResetLink,
            &case(CaseKind::Reset),
            Lang::En,
            "ra@example.go.id",
            "L",
        )
        .unwrap();
        assert!(
            m.message.contains("superseded") && m.message.contains("3fa2c1"),
            "{}",
            m.message
        );
        let m = compose(
            Notice::CertHeld,
            &case(CaseKind::Update),
            Lang::Id,
            "ra@example.go.id",
            "L",
        )
        .unwrap();
        assert!(m.message.contains("ditangguhkan"), "{}", m.message);
    }
}
