//! Filling the templates and building the RFC 5322 message.

use crate::domain::Case;
use crate::domain::case::Notice;
use lettre::message::{Mailbox, Message, header::ContentType};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    fn key(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

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
    let t = templates()
        .get(lang.key())
        .and_then(|l| l.get(notice.as_str()))
        .ok_or_else(|| format!("no {} template for {}", lang.key(), notice.as_str()))?;
    let s = &case.subscriber;
    let kind = match lang {
        Lang::Id => case.kind.indonesian().to_lowercase(),
        Lang::En => case.kind.as_str().to_string(),
    };
    let fill = |text: &str| {
        text.replace("{name}", &s.name)
            .replace("{case}", &case.id.to_string())
            .replace("{kind}", &kind)
            .replace("{agency}", &s.agency)
            .replace("{note}", case.last_note.as_deref().unwrap_or("-"))
            .replace("{link}", link)
            .replace("{serial}", case.cert_serial.as_deref().unwrap_or("-"))
    };
    let subject = fill(&t.subject);
    let body = fill(t.body.trim_start());
    let from: Mailbox = from.parse().map_err(|e| format!("sender address {from:?}: {e}"))?;
    let to: Mailbox = Mailbox::new(
        Some(s.name.clone()),
        s.email.parse().map_err(|e| format!("{}: {e}", s.email))?,
    );
    let msg = Message::builder()
        .from(from)
        .to(to)
        .subject(subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())?;
    Ok(Mail {
        to: s.email.clone(),
        subject,
        message: String::from_utf8_lossy(&msg.formatted()).into_owned(),
    })
}
