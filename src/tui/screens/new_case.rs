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

use crate::domain::{CaseKind, DocKind, NewCase, RevocationReason, SubscriberForm};
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_textarea::TextArea;

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

pub fn draw(f: &mut Frame, area: Rect, form: &NewCaseForm, s: &Strings, t: &Theme) {
    let block = focus_frame(
        Span::styled(format!(" {} ", s.new_case_title), t.accent),
        s.new_case_hint,
        area.width,
        t,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    let label_w = 26u16.min(inner.width / 3);
    let field_w = ((inner.width - label_w) / 2).max(10).min(inner.width - label_w);
    let err_w = inner.width.saturating_sub(label_w + field_w + 1);
    let mut y = inner.y;
    let row = |y: u16| Rect::new(inner.x, y, inner.width, 1);
    // Focus is marked by a sign as well as by colour (NO_COLOR, colour-blind users).
    let mark = |focused: bool| if focused { "▶ " } else { "  " };
    let kind_style = if form.focus == 0 { t.selected } else { t.base };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                format!("{}{:<w$}", mark(form.focus == 0), s.kind, w = label_w as usize - 2),
                t.muted,
            ),
            Span::styled(format!("◀ {} ▶", s.kind(form.kind)), kind_style),
        ])),
        row(y),
    );
    y += 1;
    for (i, (key, label)) in FIELDS.iter().enumerate() {
        if !form.shown(key) {
            continue;
        }
        if y >= inner.bottom().saturating_sub(1) {
            break;
        }
        let focused = form.focus == i + 1;
        let label = format!("{}{}", mark(focused), s.label(label));
        f.render_widget(
            Paragraph::new(Span::styled(fit(&label, label_w as usize - 1), t.muted)),
            Rect::new(inner.x, y, label_w, 1),
        );
        let mut area_w = form.fields[i].clone();
        area_w.set_style(if focused {
            t.selected
        } else {
            t.base.add_modifier(ratatui::style::Modifier::UNDERLINED)
        });
        if !focused {
            area_w.set_cursor_style(area_w.style());
        }
        f.render_widget(&area_w, Rect::new(inner.x + label_w, y, field_w, 1));
        if let Some(e) = form.error(key)
            && err_w > 2
        {
            f.render_widget(
                Paragraph::new(Span::styled(fit(&format!("✗ {}", s.rule(e)), err_w as usize), t.danger)),
                Rect::new(inner.x + label_w + field_w + 1, y, err_w, 1),
            );
        } else if *key == "documents" && err_w > 2 {
            // How documents are written, beside the field (the label is short).
            f.render_widget(
                Paragraph::new(Span::styled(fit(s.docs_field, err_w as usize), t.muted)),
                Rect::new(inner.x + label_w + field_w + 1, y, err_w, 1),
            );
        }
        y += 1;
    }
    if y < inner.bottom() {
        let status = if form.errors.is_empty() {
            Span::styled(format!("✓ {}", s.form_ok), t.ok)
        } else {
            Span::styled(format!("✗ {}", s.fields_to_fix(form.errors.len())), t.danger)
        };
        f.render_widget(Paragraph::new(status), row(inner.bottom() - 1));
    }
}

impl crate::tui::app::App {
    pub(crate) fn new_case_key(&mut self, k: crossterm::event::KeyEvent) -> bool {
        use crossterm::event::{KeyCode, KeyModifiers};
        let Some(form) = &mut self.new_case else { return false };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Esc => self.screen = crate::tui::app::Screen::Queues,
            KeyCode::Char('s') if ctrl => self.submit_new_case(),
            KeyCode::Char('u') if ctrl => {
                // Clears the field, as in a shell.
                if let Some(ta) = form.focused() {
                    *ta = one_line("");
                    form.validate();
                }
            }
            KeyCode::Tab | KeyCode::Down | KeyCode::Enter => form.next_field(false),
            KeyCode::BackTab | KeyCode::Up => form.next_field(true),
            KeyCode::Left if form.focus == 0 => form.cycle_kind(true),
            KeyCode::Right if form.focus == 0 => form.cycle_kind(false),
            // Typing on the kind selector never changes the kind: the text
            // goes to the first field instead.
            KeyCode::Char(_) if form.focus == 0 && !ctrl => {
                form.focus = 1;
                if let Some(ta) = form.focused() {
                    ta.input(k);
                    form.validate();
                }
            }
            _ if ctrl && k.code == KeyCode::Char('q') => return false,
            _ => {
                if let Some(ta) = form.focused() {
                    ta.input(k);
                    form.validate();
                }
            }
        }
        true
    }
}
