//! The audit trail in people's words: who did it (an operator by name,
//! the applicant of a case, the office's service), what was done, and the
//! details `ra` wrote, in the operator's language.

use super::Strings;
use crate::domain::{Action, CaseKind, CaseState, CheckItem, DocKind, RevocationReason};
use crate::locale::{Lang, catalog, kebab};
use crate::say;

impl Strings {
    /// Who did something, for people: an operator by name, the applicant
    /// of case N, the office's service, the demo's setup; never the raw
    /// identifier (`applicant:81`, `ratu-service`).
    pub fn actor(&self, actor: &str) -> String {
        if let Some(n) = crate::domain::link::applicant_case(actor) {
            return say!(self.lang, "actor-applicant", case = n);
        }
        match actor {
            crate::ra::SERVICE_OPERATOR => self.catalog().text("actor-service").into(),
            "demo" => self.catalog().text("actor-demo").into(),
            other => crate::tui::widgets::text::safe(other, 32),
        }
    }

    /// What a history line's action says.
    pub fn event(&self, action: &str) -> String {
        if let Ok(a) = action.parse::<Action>() {
            return self.action(a).to_string();
        }
        match self.catalog().get(&format!("event-{}", kebab(action))) {
            Some(w) => w.to_string(),
            None => action.replace('_', " "),
        }
    }

    /// A history line's detail with states, kinds, documents and
    /// checklist items in words: "draft → awaiting_applicant_data: note".
    pub fn event_detail(&self, action: &str, detail: &str) -> String {
        if let Some(i) = CheckItem::ALL.iter().find(|i| i.label() == detail) {
            return self.item(*i).to_string();
        }
        // Sign-in's own few phrases: `ra` writes them in English
        // (`events.ftl` has each phrase's words).
        if self.lang != Lang::En && action.starts_with("sign_in") {
            let (en, here) = (catalog(Lang::En), self.catalog());
            let mut d = detail.to_string();
            for key in [
                "sign-in-wrong-pin",
                "sign-in-times-in-a-row",
                "sign-in-disabled-operator",
                "sign-in-locked-for",
                "sign-in-minutes",
                "sign-in-from",
            ] {
                d = d.replace(en.text(key), here.text(key));
            }
            return d;
        }
        // Link ids ("156-identity-1") are the store's: a link reads as
        // its step, and where it was used from.
        if action.starts_with("link_") {
            let step = ["identity", "passphrase", "download"]
                .into_iter()
                .find(|k| detail.starts_with(k) || detail.contains(&format!("-{k}")))
                .map(|k| self.catalog().text(&format!("link-step-{k}")));
            let from = detail
                .split_once(" from ")
                .map(|(_, f)| f.split([' ', ';']).next().unwrap_or(f));
            if let Some(step) = step {
                return match from {
                    Some(addr) => say!(self.lang, "link-used-from", step = step, addr = addr),
                    None => step.to_string(),
                };
            }
        }
        if action == "case_new"
            && let Some(k) = detail.split(' ').next().and_then(|w| w.parse::<CaseKind>().ok())
        {
            return self.kind(k).to_string();
        }
        if action == "document_add"
            && let Some((kind, rest)) = detail.split_once(' ')
            && let Ok(d) = kind.parse::<DocKind>()
        {
            let file = rest.split(" (").next().unwrap_or(rest);
            return format!("{} {file}", self.doc(d));
        }
        // "certificate 3fa2… of Sri Harahap on hold while …", "hold on
        // certificate 3fa2… released (…)", "certificate 3fa2… of … revoked:
        // keyCompromise": the serial (and the reason); the action says the rest.
        if matches!(action, "cert_hold" | "cert_release" | "cert_revoke")
            && let Some((_, rest)) = detail.split_once("certificate ")
        {
            let serial = rest.split(' ').next().unwrap_or_default();
            let holder = rest
                .split_once(" of ")
                .map(|(_, h)| {
                    [" on hold while", " released", " revoked:"]
                        .iter()
                        .fold(h, |h, end| h.split(end).next().unwrap_or(h))
                })
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return match detail.rsplit_once(" revoked: ") {
                Some((_, reason)) => format!("{serial}{holder}: {}", self.words(reason)),
                None => format!("{serial}{holder}"),
            };
        }
        // "identity link 16-identity-1 for version 2, valid until …"
        if action.starts_with("link_")
            && let Some((step, rest)) = detail.split_once(" link ")
        {
            let step = match step {
                "identity" | "passphrase" | "download" => self.catalog().text(&format!("link-kind-{step}")),
                _ => return self.words(detail),
            };
            let token = rest.split([' ', ',']).next().unwrap_or_default();
            return say!(self.lang, "link-named", step = step, token = token);
        }
        // "from → to", "from → to: note", "from → to from …"
        if let Some((from, rest)) = detail.split_once(" → ")
            && let Ok(from) = from.parse::<CaseState>()
        {
            let end = rest.find([' ', ':']).unwrap_or(rest.len());
            if let Ok(to) = rest[..end].parse::<CaseState>() {
                let base = format!("{} → {}", self.state(from), self.state(to));
                return match rest[end..].strip_prefix(": ") {
                    Some(note) => format!("{base}: {note}"),
                    None if end == rest.len() => base,
                    // Anything after is `ra`'s own record.
                    None => format!("{base}{}", self.words(&rest[end..])),
                };
            }
        }
        self.words(detail)
    }

    /// States and revocation reasons named inside a text, in words.
    fn words(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for (i, w) in text.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let core = w.trim_end_matches([',', ';', ':', ')', '.']);
            let tail = &w[core.len()..];
            let word = CaseState::ALL
                .iter()
                .find(|s| s.as_str() == core && core.contains('_'))
                .map(|s| self.state(*s))
                .or_else(|| {
                    RevocationReason::ALL
                        .iter()
                        .find(|r| r.as_str() == core)
                        .map(|r| self.reason(*r))
                });
            match word {
                Some(x) => {
                    out.push_str(x);
                    out.push_str(tail);
                }
                None => out.push_str(w),
            }
        }
        out
    }

    /// A subscriber field's name (proposed changes).
    pub fn field_name(&self, f: &str) -> String {
        match self.catalog().get(&format!("field-{}", kebab(f))) {
            Some(w) => w.to_string(),
            None => f.replace('_', " "),
        }
    }
}
