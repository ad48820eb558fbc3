//! Set passphrase, for cases awaiting it: typed twice (masked), agreement
//! accepted, Submit only when both entries match and the policy holds
//! (`domain::passphrase::check`, the rule the CA enforces too). The
//! passphrase is never stored (only the key encrypted under it) and the form is wiped when it closes.
//!
//! ```text
//! ┌ Set passphrase · case 42 · Siti Rahayu ──────┐
//! │ Passphrase  [••••••••••]                     │
//! │ Again       [••••••••••]                     │
//! │ [x] Applicant accepts the subscriber agreement│
//! │ ✓ both entries match   ✗ 9 characters; …     │
//! └ Tab · Space · Enter · Esc ───────────────────┘
//! ```

use crate::domain::passphrase;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::field;
use crate::tui::widgets::{centered, text::fit};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use tui_textarea::TextArea;
use zeroize::Zeroize;

#[derive(Debug)]
pub struct PassphraseForm {
    pub case_id: u64,
    pub version: u64,
    pub applicant: String,
    pub agreement_ticked: bool,
    pub first: TextArea<'static>,
    pub second: TextArea<'static>,
    pub agreed: bool,
    /// 0 first, 1 second, 2 agreement.
    pub field: usize,
    pub busy: bool,
}

fn masked() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_mask_char('•');
    t
}

impl PassphraseForm {
    pub fn new(case_id: u64, version: u64, applicant: &str, agreement_ticked: bool) -> Self {
        PassphraseForm {
            case_id,
            version,
            applicant: applicant.to_string(),
            agreement_ticked,
            first: masked(),
            second: masked(),
            agreed: agreement_ticked,
            field: 0,
            busy: false,
        }
    }

    fn text<'a>(t: &'a TextArea<'_>) -> &'a str {
        t.lines().first().map_or("", String::as_str)
    }

    /// What was typed (both entries match when the form is ready).
    pub fn passphrase(&self) -> &str {
        Self::text(&self.first)
    }

    pub fn matches(&self) -> bool {
        Self::text(&self.first) == Self::text(&self.second)
    }

    pub fn policy(&self) -> Result<(), Vec<passphrase::Weakness>> {
        passphrase::check(Self::text(&self.first))
    }

    /// Submit is possible.
    pub fn ready(&self) -> bool {
        self.agreed && self.matches() && self.policy().is_ok() && !self.busy
    }

    pub fn is_dirty(&self) -> bool {
        !Self::text(&self.first).is_empty() || !Self::text(&self.second).is_empty()
    }

    pub fn focused(&mut self) -> Option<&mut TextArea<'static>> {
        match self.field {
            0 => Some(&mut self.first),
            1 => Some(&mut self.second),
            _ => None,
        }
    }

    /// Wipes both entries.
    pub fn wipe(&mut self) {
        for t in [&mut self.first, &mut self.second] {
            let mut lines = std::mem::replace(t, masked()).into_lines();
            lines.iter_mut().for_each(Zeroize::zeroize);
        }
    }
}

impl Drop for PassphraseForm {
    fn drop(&mut self) {
        self.wipe();
    }
}

pub fn draw(f: &mut Frame, area: Rect, p: &PassphraseForm, s: &Strings, t: &Theme) {
    let r = centered(area, 64, 9);
    f.render_widget(Clear, r);
    let title = format!(
        " {} · {} {} · {} ",
        s.passphrase_title, s.case_word, p.case_id, p.applicant
    );
    let block = Block::bordered()
        .title(Span::styled(fit(&title, r.width.saturating_sub(2) as usize), t.accent))
        .title_bottom(Line::from(Span::styled(
            fit(s.passphrase_hint, r.width.saturating_sub(4) as usize),
            t.muted,
        )))
        .border_style(t.border_focus)
        .style(t.base);
    let inner = block.inner(r);
    f.render_widget(block, r);
    if inner.height < 2 || inner.width < 16 {
        return;
    }
    let lw = 13u16;
    for (i, entry) in [(s.passphrase, &p.first), (s.passphrase_again, &p.second)]
        .into_iter()
        .enumerate()
    {
        field::draw(f, inner, i as u16, lw, entry, p.field == i, t);
    }
    let mut lines = vec![Line::from(Span::styled(
        format!("[{}] {}", if p.agreed { "x" } else { " " }, s.agreement),
        if p.field == 2 { t.selected } else { t.base },
    ))];
    let both = !PassphraseForm::text(&p.first).is_empty();
    if both {
        lines.push(if p.matches() {
            Line::from(Span::styled(format!("✓ {}", s.passphrase_match), t.ok))
        } else {
            Line::from(Span::styled(format!("✗ {}", s.passphrase_differ), t.danger))
        });
        match p.policy() {
            Ok(()) => lines.push(Line::from(Span::styled(format!("✓ {}", s.passphrase_policy_ok), t.ok))),
            Err(w) => lines.extend(w.iter().map(|w| Line::from(Span::styled(format!("✗ {w}"), t.danger)))),
        }
    }
    let rest = Rect::new(
        inner.x + 1,
        inner.y + 2,
        inner.width - 2,
        inner.height.saturating_sub(2),
    );
    f.render_widget(Paragraph::new(lines), rest);
}
