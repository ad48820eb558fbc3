//! The new-case form for verifiers: the fields of the kind, validated as
//! they are typed with the domain validators (the broken rule beside the
//! field), documents attached by path. Leaving the form keeps the draft.
//!
//! ```text
//! ┌ New request ───────────────────────────────────────────┐
//! │ Kind        ◀ Issuance ▶                               │
//! │ Name        [Dr. I Gusti …]                            │
//! │ NIK         [5171…]          ✗ has 4 digits, needs 16  │
//! │ …                                                      │
//! │ Documents   [recommendation=/tmp/a.pdf; ktp=/tmp/k.png]│
//! │ ✓ Every field is valid.                                │
//! └ hints ─────────────────────────────────────────────────┘
//! ```
//!
//! `mod.rs` holds the form, its keys and its submission (through a
//! [`Cx`]); `draw.rs` draws it.

mod draw;

use crate::api::Office;
use crate::domain::{CaseKind, DocKind, NewCase, RevocationReason, SubscriberForm};
use crate::tui::cx::Cx;
use crate::tui::event::Msg;
use crate::tui::overlays::toast::Level;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub use draw::draw;
use tui_textarea::TextArea;

/// What a key did on the form.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyAnswer {
    /// The form took it.
    Taken,
    /// Not the form's: the keymap has it (Ctrl-Q).
    Passed,
    /// Esc: back to the queues, the draft kept.
    Back,
}

/// Fields in form order: (key, label). Keys match `FieldError::field`.
/// Labels are the English words `Strings::label` turns into the operator's
/// language.
const FIELDS: [(&str, &str); 14] = [
    ("name", "Name"),
    ("NIK", "NIK"),
    ("NIP", "NIP / NI PPPK"),
    ("NPWP", "NPWP"),
    ("e-mail", "E-mail"),
    ("phone", "Phone"),
    ("agency", "Agency"),
    ("unit", "Unit"),
    ("position", "Position"),
    ("employment", "Employment (pns, pppk, other)"),
    ("serial", "Certificate serial"),
    ("reason", "Revocation reason"),
    ("note", "Note"),
    ("documents", "Documents"),
];

#[derive(Debug)]
pub struct NewCaseForm {
    pub kind: CaseKind,
    pub fields: Vec<TextArea<'static>>,
    /// 0 is the kind selector; field i is at i + 1.
    pub focus: usize,
    /// Broken rules, by field key.
    pub errors: Vec<(String, String)>,
    pub busy: bool,
}

fn one_line(text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![text.to_string()]);
    t.set_cursor_line_style(ratatui::style::Style::new());
    t
}

impl Default for NewCaseForm {
    fn default() -> Self {
        let mut f = NewCaseForm {
            kind: CaseKind::Issuance,
            fields: FIELDS.iter().map(|_| one_line("")).collect(),
            focus: 1,
            errors: Vec::new(),
            busy: false,
        };
        f.validate();
        f
    }
}

/// Documents written as `kind=path; kind=path`.
pub fn parse_docs(spec: &str) -> Result<Vec<(DocKind, std::path::PathBuf)>, String> {
    spec.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|d| {
            let (k, p) = d
                .split_once('=')
                .ok_or_else(|| format!("{d:?}: write kind=path, e.g. ktp=/home/me/ktp.png"))?;
            let kind: DocKind = k.trim().parse()?;
            let path = std::path::PathBuf::from(p.trim());
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => Ok((kind, path)),
                Ok(_) => Err(format!("{}: not a file", path.display())),
                Err(e) => Err(format!("{}: {e}", path.display())),
            }
        })
        .collect()
}

impl NewCaseForm {
    pub fn value(&self, key: &str) -> String {
        FIELDS
            .iter()
            .position(|(k, _)| *k == key)
            .and_then(|i| self.fields[i].lines().first().cloned())
            .unwrap_or_default()
    }

    fn opt(&self, key: &str) -> Option<String> {
        Some(self.value(key)).filter(|v| !v.trim().is_empty())
    }

    /// Fields this kind asks for.
    pub fn shown(&self, key: &str) -> bool {
        match key {
            "serial" => self.kind != CaseKind::Issuance,
            "reason" => self.kind == CaseKind::Revocation,
            _ => true,
        }
    }

    pub fn subscriber_form(&self) -> SubscriberForm {
        SubscriberForm {
            name: self.value("name"),
            nik: self.value("NIK"),
            nip: self.opt("NIP"),
            npwp: self.opt("NPWP"),
            email: self.value("e-mail"),
            phone: self.opt("phone"),
            agency: self.value("agency"),
            unit: self.opt("unit"),
            position: self.opt("position"),
            employment: self.opt("employment"),
        }
    }

    /// True when anything was typed.
    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(|f| f.lines().iter().any(|l| !l.is_empty()))
    }

    /// Runs every validator; keeps the broken rules by field.
    pub fn validate(&mut self) {
        let mut errs: Vec<(String, String)> = Vec::new();
        if let Err(v) = self.subscriber_form().validate_all() {
            errs.extend(v.into_iter().map(|e| (e.field.to_string(), e.rule)));
        }
        if self.kind == CaseKind::Revocation {
            match self.opt("reason").map(|r| r.parse::<RevocationReason>()) {
                None => errs.push((
                    "reason".into(),
                    "is required (keyCompromise, affiliationChanged, ...)".into(),
                )),
                Some(Err(e)) => errs.push(("reason".into(), e)),
                Some(Ok(_)) => {}
            }
        }
        if let Err(e) = parse_docs(&self.value("documents")) {
            errs.push(("documents".into(), e));
        }
        self.errors = errs;
    }

    pub fn error(&self, key: &str) -> Option<&str> {
        self.errors.iter().find(|(k, _)| k == key).map(|(_, r)| r.as_str())
    }

    /// The case to submit, when every rule holds.
    pub fn to_new_case(&self) -> Result<(NewCase, Vec<(DocKind, std::path::PathBuf)>), String> {
        let subscriber = self.subscriber_form().validate().map_err(|e| e.to_string())?;
        let docs = parse_docs(&self.value("documents"))?;
        let revocation_reason = if self.kind == CaseKind::Revocation {
            Some(
                self.opt("reason")
                    .ok_or("revocation reason is required")?
                    .parse::<RevocationReason>()?,
            )
        } else {
            None
        };
        Ok((
            NewCase {
                kind: self.kind,
                subscriber,
                revocation_reason,
                cert_serial: self.opt("serial").filter(|_| self.shown("serial")),
                note: self.opt("note"),
            },
            docs,
        ))
    }

    /// Visible field indices in order.
    fn visible(&self) -> Vec<usize> {
        (0..FIELDS.len()).filter(|&i| self.shown(FIELDS[i].0)).collect()
    }

    pub fn next_field(&mut self, back: bool) {
        let mut order = vec![0];
        order.extend(self.visible().into_iter().map(|i| i + 1));
        let pos = order.iter().position(|&f| f == self.focus).unwrap_or(0);
        let n = order.len();
        self.focus = order[if back { (pos + n - 1) % n } else { (pos + 1) % n }];
    }

    pub fn cycle_kind(&mut self, back: bool) {
        let i = CaseKind::ALL.iter().position(|k| *k == self.kind).unwrap_or(0);
        let n = CaseKind::ALL.len();
        self.kind = CaseKind::ALL[if back { (i + n - 1) % n } else { (i + 1) % n }];
        self.validate();
    }

    /// The text field with focus, if any.
    pub fn focused(&mut self) -> Option<&mut TextArea<'static>> {
        self.focus.checked_sub(1).and_then(|i| self.fields.get_mut(i))
    }
}

impl NewCaseForm {
    /// A key on the form: Ctrl-S submits, Ctrl-U clears the field, Tab and
    /// the arrows move, the kind selector turns with ←/→, and text goes
    /// to the field with the focus.
    pub fn key(&mut self, k: KeyEvent, cx: &mut Cx) -> KeyAnswer {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => return KeyAnswer::Back,
            KeyCode::Char('s') if ctrl => self.submit(cx),
            KeyCode::Char('u') if ctrl => {
                // Clears the field, as in a shell.
                if let Some(ta) = self.focused() {
                    *ta = one_line("");
                    self.validate();
                }
            }
            KeyCode::Tab | KeyCode::Down | KeyCode::Enter => self.next_field(false),
            KeyCode::BackTab | KeyCode::Up => self.next_field(true),
            KeyCode::Left if self.focus == 0 => self.cycle_kind(true),
            KeyCode::Right if self.focus == 0 => self.cycle_kind(false),
            // Typing on the kind selector never changes the kind: the text
            // goes to the first field instead.
            KeyCode::Char(_) if self.focus == 0 && !ctrl => {
                self.focus = 1;
                if let Some(ta) = self.focused() {
                    ta.input(k);
                    self.validate();
                }
            }
            _ if ctrl && k.code == KeyCode::Char('q') => return KeyAnswer::Passed,
            _ => {
                if let Some(ta) = self.focused() {
                    ta.input(k);
                    self.validate();
                }
            }
        }
        KeyAnswer::Taken
    }

    /// Ctrl-S: the case is opened with its documents (read from their
    /// paths here); the answer is `Msg::Created`.
    pub fn submit(&mut self, cx: &mut Cx) {
        let Some(op) = cx.op.cloned() else { return };
        self.validate();
        let (new, paths) = match self.to_new_case() {
            Ok(x) => x,
            Err(e) => return cx.toast(Level::Error, e),
        };
        self.busy = true;
        let ra = cx.ra.clone();
        cx.spawn(async move {
            let mut docs = Vec::new();
            for (kind, path) in paths {
                let bytes = match Office::read_document_file(&path) {
                    Ok(b) => b,
                    Err(e) => return Msg::Created(Err(e.to_string())),
                };
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                docs.push((kind, name, bytes));
            }
            Msg::Created(ra.new_case(&op, new, &docs).await.map_err(|e| e.to_string()))
        });
    }
}
