//! The console's words, in the operator's language. The words themselves
//! are in Fluent files a translator edits, `assets/locales/{id,en}/*.ftl`
//! (see `crate::locale`); this file only says which message each value of
//! the console and the domain reads as. The language comes from the
//! config's `lang`, else from `LANG` (see `config.rs`).

mod events;

use crate::domain::case::Refusal;
use crate::domain::{
    Action, CaseKind, CaseState, CertStatus, CheckItem, DocKind, EmploymentStatus, RevocationReason, Role,
};
use crate::locale::{Catalog, Lang, catalog, kebab};
use crate::ra::RaError;
use crate::say;
use crate::tui::keymap::Cmd;
use crate::tui::route::{Screen, Section};
use std::any::TypeId;
use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::{Hash, Hasher};
use std::sync::{LazyLock, RwLock};

macro_rules! strings {
    ($($field:ident),* $(,)?) => {
        /// The console's fixed words in one language (`console.ftl`; each
        /// field reads the key of its name, `app_title` → `app-title`).
        #[derive(Debug)]
        pub struct Strings {
            pub lang: Lang,
            $(pub $field: &'static str,)*
            /// Why a document was not shown: over the memory, time or
            /// output limit, the decoder crashed, over 10 MiB.
            pub doc_limit: [&'static str; 5],
            /// Words already looked up, so drawing a frame formats no key.
            memo: Memo,
        }

        impl Strings {
            fn load(lang: Lang) -> Strings {
                let c = catalog(lang);
                Strings {
                    lang,
                    $($field: c.text(&kebab(stringify!($field))),)*
                    doc_limit: std::array::from_fn(|i| c.text(&format!("doc-limit-{i}"))),
                    memo: Memo::default(),
                }
            }
        }
    };
}

strings! {
    app_title, sign_in_title, operator, pin, sign_in_hint, signing_in, too_small, waiting, overdue, total,
    col_id, col_age, col_sla, col_applicant, col_agency, col_state, filter, sort, sort_oldest, sort_due,
    sort_name, sort_state, only_waiting, only_overdue, only_mine, with_closed, marked, empty_queue, loading,
    review, applicant, warnings, documents, checklist, already_ticked, changed_by, connection_lost, no_room,
    connection_back, session_ended, session_closed, untick_with, untick_which, history, certificates,
    no_case, no_certificate, no_case_of_cert, find_title, find_hint, find_none, hidden_by_filter, actions,
    waits_on, confirm_title, confirm_yes_no, note_title, note_hint, note_empty, summary_title, done,
    refused, help_title, palette_title, quit_dirty, new_case_title, new_case_hint, kind, docs_field,
    form_ok, passphrase_title, passphrase, passphrase_again, agreement, passphrase_match, passphrase_differ,
    passphrase_hint, passphrase_policy_ok, audit_title, certs_title, ca_title, reports_title, ca_locked,
    ca_unlocked, chain_ok, chain_broken, export_title, export_hint, case_word, version, nik_revealed,
    link_resent, identity_check, cannot_read, no_text_layer, no_documents, document_hint,
}

/// Words looked up once: a value's word by (group, type, variant), a
/// label by its English text.
#[derive(Debug, Default)]
struct Memo {
    words: RwLock<HashMap<(&'static str, TypeId, u64), &'static str>>,
    labels: RwLock<HashMap<&'static str, &'static str>>,
}

impl Memo {
    fn get<K: Eq + Hash>(map: &RwLock<HashMap<K, &'static str>>, key: &K) -> Option<&'static str> {
        map.read().unwrap_or_else(|e| e.into_inner()).get(key).copied()
    }

    fn put<K: Eq + Hash>(map: &RwLock<HashMap<K, &'static str>>, key: K, word: &'static str) -> &'static str {
        map.write().unwrap_or_else(|e| e.into_inner()).insert(key, word);
        word
    }
}

/// The console in Indonesian.
pub static ID: LazyLock<Strings> = LazyLock::new(|| Strings::load(Lang::Id));
/// The console in English.
pub static EN: LazyLock<Strings> = LazyLock::new(|| Strings::load(Lang::En));

impl Strings {
    pub fn for_lang(lang: Lang) -> &'static Strings {
        match lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    fn catalog(&self) -> &'static Catalog {
        catalog(self.lang)
    }

    /// The message `group-variant` for a unit variant (`state-on-hold`),
    /// looked up once per variant.
    fn word<T: Debug + 'static>(&self, group: &'static str, value: T) -> &'static str {
        let mut h = std::hash::DefaultHasher::new();
        std::mem::discriminant(&value).hash(&mut h);
        let key = (group, TypeId::of::<T>(), h.finish());
        if let Some(w) = Memo::get(&self.memo.words, &key) {
            return w;
        }
        let w = self
            .catalog()
            .text(&format!("{group}-{}", kebab(&format!("{value:?}"))));
        Memo::put(&self.memo.words, key, w)
    }

    pub fn kind(&self, k: CaseKind) -> &'static str {
        self.word("kind", k)
    }

    /// A kind's name in a narrow tab bar.
    pub fn kind_short(&self, k: CaseKind) -> &'static str {
        self.word("kind-short", k)
    }

    pub fn action(&self, a: Action) -> &'static str {
        self.word("action", a)
    }

    /// Field labels of the review pane: the English label is the key
    /// (`labels.ftl`); a label the catalog lacks reads as given.
    pub fn label(&self, key: &'static str) -> &'static str {
        if let Some(w) = Memo::get(&self.memo.labels, &key) {
            return w;
        }
        let slug: String = key
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let w = self.catalog().get(&format!("label-{slug}")).unwrap_or(key);
        Memo::put(&self.memo.labels, key, w)
    }

    /// A heading of the help.
    pub fn help_section(&self, section: Section) -> &'static str {
        self.word("section", section)
    }

    /// What a command does on `screen`, where the screen gives it a
    /// meaning of its own (`v` on the audit trail checks the chain).
    pub fn describe_on(&self, screen: Screen, c: Cmd) -> String {
        let cmd = match c {
            Cmd::Act(a) => kebab(&format!("{a:?}")),
            c => kebab(&c.name()),
        };
        let key = format!("cmd-on-{}-{cmd}", kebab(&format!("{screen:?}")));
        match self.catalog().get(&key) {
            Some(own) => own.to_string(),
            None => self.describe(c),
        }
    }

    /// What a command does, for the help screen and the palette.
    pub fn describe(&self, c: Cmd) -> String {
        match c {
            Cmd::Act(a) => self.action(a).to_string(),
            Cmd::Tick(n) => say!(self.lang, "cmd-tick", n = n),
            c => self.catalog().text(&format!("cmd-{}", kebab(&c.name()))).to_string(),
        }
    }

    pub fn state(&self, st: CaseState) -> &'static str {
        self.word("state", st)
    }

    /// A kind inside a sentence ("a renewal case").
    pub fn kind_word(&self, k: CaseKind) -> String {
        self.kind(k).to_lowercase()
    }

    pub fn item(&self, i: CheckItem) -> &'static str {
        self.word("item", i)
    }

    /// A PDF's page count.
    pub fn pages(&self, n: usize) -> String {
        say!(self.lang, "pages", n = n)
    }

    pub fn doc(&self, d: DocKind) -> &'static str {
        self.word("doc", d)
    }

    pub fn employment(&self, e: EmploymentStatus) -> &'static str {
        self.word("employment", e)
    }

    pub fn reason(&self, r: RevocationReason) -> &'static str {
        self.word("reason", r)
    }

    pub fn cert_status(&self, st: CertStatus) -> &'static str {
        self.word("cert-status", st)
    }

    pub fn role(&self, r: Role) -> &'static str {
        self.word("role", r)
    }

    fn list<T: Copy>(&self, items: &[T], f: impl Fn(T) -> &'static str) -> String {
        items.iter().map(|i| f(*i)).collect::<Vec<_>>().join(", ")
    }

    /// What a confirmed action on a case of `kind` will do, said in its
    /// dialog.
    pub fn consequence(&self, a: Action, kind: Option<CaseKind>) -> Option<&'static str> {
        let key = match (a, kind) {
            (Action::Approve, Some(CaseKind::Reset)) => "consequence-approve-reset",
            (Action::Approve, Some(CaseKind::Reactivation)) => "consequence-approve-reactivation",
            (Action::Apply, _) => "consequence-apply",
            (Action::Approve | Action::Issue, _) => "consequence-issue",
            (Action::Revoke, _) => "consequence-revoke",
            _ => return None,
        };
        Some(self.catalog().text(key))
    }

    /// Why a list shows nothing: `hidden` cases hidden by `by` (filters
    /// with the key that clears each).
    pub fn all_hidden(&self, hidden: usize, by: &str) -> String {
        say!(self.lang, "all-hidden", hidden = hidden, by = by)
    }

    /// "(w clears)".
    pub fn clears(&self, key: &str) -> String {
        say!(self.lang, "clears", key = key)
    }

    pub fn closed_hidden(&self) -> &'static str {
        self.catalog().text("closed-hidden")
    }

    pub fn revoke_cert_role(&self) -> &'static str {
        self.catalog().text("revoke-cert-role")
    }

    pub fn cert_revoked(&self, serial: &str) -> String {
        say!(self.lang, "cert-revoked", serial = serial)
    }

    /// The confirm of a certificate's revocation, with its reason.
    pub fn revoke_cert_question(&self, then: &crate::tui::overlays::then::Then) -> String {
        let crate::tui::overlays::then::Then::RevokeCert { serial, holder, reason } = then else {
            return String::new();
        };
        say!(
            self.lang,
            "revoke-cert-question",
            serial = serial,
            holder = holder,
            reason = self.reason(*reason)
        )
    }

    pub fn only_verifier_opens(&self) -> &'static str {
        self.catalog().text("only-verifier-opens")
    }

    pub fn ca_locked_publish(&self) -> &'static str {
        self.catalog().text("ca-locked-publish")
    }

    /// A field rule the form broke, in the operator's language where the
    /// console knows its words (the rules themselves are the domain's,
    /// in English; the rest stay as they are).
    pub fn rule(&self, rule: &str) -> String {
        if self.lang != Lang::Id {
            return rule.to_string();
        }
        crate::domain::identity::rule_in_indonesian(rule).unwrap_or_else(|| rule.to_string())
    }

    /// The new-case form's foot while some fields are wrong.
    pub fn fields_to_fix(&self, n: usize) -> String {
        say!(self.lang, "fields-to-fix", n = n)
    }

    pub fn crl_published(&self, number: u64, entries: usize, held: usize) -> String {
        say!(
            self.lang,
            "crl-published",
            number = number,
            entries = entries,
            held = held
        )
    }

    pub fn reminders_queued(&self, n: usize) -> String {
        say!(self.lang, "reminders-queued", n = n)
    }

    /// "in 3h 4m" / "lapsed 2h ago".
    pub fn time_left(&self, span: &str, lapsed: bool) -> String {
        let key = if lapsed { "time-lapsed" } else { "time-left" };
        say!(self.lang, key, span = span)
    }

    /// Why the workflow refuses, in the console's language.
    pub fn refusal(&self, r: &Refusal) -> String {
        let l = self.lang;
        match r {
            Refusal::NotInState { action, kind, state } => say!(
                l,
                "refusal-not-in-state",
                action = self.action(*action),
                kind = self.kind_word(*kind),
                state = self.state(*state)
            ),
            Refusal::Role {
                action, state, role, ..
            } => say!(
                l,
                "refusal-role",
                action = self.action(*action),
                state = self.state(*state),
                role = self.role(*role)
            ),
            Refusal::FourEyes { operator, action } => {
                say!(
                    l,
                    "refusal-four-eyes",
                    operator = operator,
                    action = self.action(*action)
                )
            }
            Refusal::Checklist(a, items) => say!(
                l,
                "refusal-checklist",
                action = self.action(*a),
                items = self.list(items, |i| self.item(i))
            ),
            Refusal::Documents(a, docs) => say!(
                l,
                "refusal-documents",
                action = self.action(*a),
                docs = self.list(docs, |d| self.doc(d))
            ),
            Refusal::NoteRequired(a) => say!(l, "refusal-note-required", action = self.action(*a)),
        }
    }

    /// An error from `ra`: workflow refusals and stale versions in the
    /// console's language, anything else as `ra` says it.
    pub fn error(&self, e: &RaError) -> String {
        match e {
            RaError::Refused(r) => format!("{}: {}", self.refused, self.refusal(r)),
            e if e.is_stale() => {
                // "changed by NAME at TIME — reload"
                let text = e.to_string();
                let who = text
                    .strip_prefix("changed by ")
                    .and_then(|r| r.split(" — ").next())
                    .unwrap_or(&text);
                let (who, at) = who.split_once(" at ").unwrap_or((who, ""));
                say!(
                    self.lang,
                    "changed-by-reload",
                    changed_by = self.changed_by,
                    who = who,
                    at = at
                )
            }
            e => e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hold_release_and_revocation_lines_name_the_serial_in_the_language() {
        let id = Strings::for_lang(Lang::Id);
        let en = Strings::for_lang(Lang::En);
        let hold = "certificate 3fa2c1 of Sri Harahap on hold while reactivation case 211 is pending";
        assert_eq!(id.event_detail("cert_hold", hold), "3fa2c1 (Sri Harahap)");
        assert_eq!(id.event("cert_hold"), "sertifikat ditangguhkan");
        let release = "hold on certificate 3fa2c1 of Sri Harahap released (update case 210)";
        assert_eq!(en.event_detail("cert_release", release), "3fa2c1 (Sri Harahap)");
        let revoke = "certificate 3fa2c1 of Sri Harahap revoked: keyCompromise";
        assert_eq!(
            id.event_detail("cert_revoke", revoke),
            "3fa2c1 (Sri Harahap): kunci bocor"
        );
        assert_eq!(
            en.event_detail("cert_revoke", revoke),
            "3fa2c1 (Sri Harahap): key compromise"
        );
    }

    #[test]
    fn an_approval_says_what_it_does_for_each_kind() {
        let en = Strings::for_lang(Lang::En);
        let id = Strings::for_lang(Lang::Id);
        let said = |s: &Strings, k| s.consequence(Action::Approve, Some(k)).unwrap_or_default();
        assert!(said(en, CaseKind::Issuance).contains("will be issued"));
        assert!(said(en, CaseKind::Reset).contains("superseded"));
        assert!(said(en, CaseKind::Reactivation).contains("key compromise"));
        assert!(said(id, CaseKind::Reactivation).contains("kunci bocor"));
        assert_eq!(en.consequence(Action::Reject, Some(CaseKind::Update)), None);
    }

    /// Every value the console names has words in each language: a key
    /// missing from a catalog would show as the key itself.
    #[test]
    fn every_value_has_words_in_each_language() {
        for s in [&*ID, &*EN] {
            let c = s.catalog();
            let mut missing = Vec::new();
            let mut want = |key: String| {
                if !c.has(&key) {
                    missing.push(key);
                }
            };
            let k = |v: &dyn Debug| kebab(&format!("{v:?}"));
            CaseKind::ALL.iter().for_each(|v| want(format!("kind-{}", k(v))));
            CaseKind::ALL.iter().for_each(|v| want(format!("kind-short-{}", k(v))));
            Action::ALL.iter().for_each(|v| want(format!("action-{}", k(v))));
            CaseState::ALL.iter().for_each(|v| want(format!("state-{}", k(v))));
            CheckItem::ALL.iter().for_each(|v| want(format!("item-{}", k(v))));
            DocKind::ALL.iter().for_each(|v| want(format!("doc-{}", k(v))));
            RevocationReason::ALL
                .iter()
                .for_each(|v| want(format!("reason-{}", k(v))));
            [Role::Applicant]
                .iter()
                .chain(Role::ALL.iter())
                .for_each(|v| want(format!("role-{}", k(v))));
            [EmploymentStatus::Pns, EmploymentStatus::Pppk, EmploymentStatus::Other]
                .iter()
                .for_each(|v| want(format!("employment-{}", k(v))));
            [
                CertStatus::Pending,
                CertStatus::Valid,
                CertStatus::Expiring,
                CertStatus::Expired,
                CertStatus::Revoked,
                CertStatus::Held,
            ]
            .iter()
            .for_each(|v| want(format!("cert-status-{}", k(v))));
            [Section::Screen, Section::Moving, Section::Everywhere]
                .iter()
                .for_each(|v| want(format!("section-{}", k(v))));
            for cmd in Cmd::all() {
                if !matches!(cmd, Cmd::Act(_) | Cmd::Tick(_)) {
                    want(format!("cmd-{}", kebab(&cmd.name())));
                }
            }
            assert!(missing.is_empty(), "{:?} has no words for {missing:?}", s.lang);
        }
    }
}
