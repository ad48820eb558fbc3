//! `F` find: holders by name, NIK, e-mail or certificate serial, through
//! the holder registry, each with their cases and certificates; Enter on a
//! case opens it in its queue, on a certificate the certificates screen.
//!
//! ```text
//! ┌ Find a holder ─────────────────────────────────────────┐
//! │ › sri harahap▏                                          │
//! │ Sri Harahap · 3273********0001 · Diskominfo Kota Bandung│
//! │   › Case 155 · Issue · issued                           │
//! │     Certificate 59ae…65 · valid · until 2028-11-02      │
//! └ Enter search / go · ↑↓ pick · Esc close ───────────────┘
//! ```

use super::Overlay;
use crate::ra::HolderView;
use crate::tui::app::App;
use crate::tui::event::Msg;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::{centered, text::fit};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

#[derive(Debug, Default)]
pub struct Find {
    pub input: String,
    /// The text the results are for.
    pub asked: Option<String>,
    pub results: Vec<HolderView>,
    /// Position among the cases and certificates listed.
    pub selected: usize,
    pub busy: bool,
    pub error: Option<String>,
}

/// What a pick leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Case(u64),
    Cert(String),
}

impl Find {
    /// The cases and certificates listed, in the order shown.
    pub fn targets(&self) -> Vec<Target> {
        self.results
            .iter()
            .flat_map(|h| {
                let cases = h.cases.iter().map(|c| Target::Case(c.id));
                cases.chain(h.certificates.iter().map(|c| Target::Cert(c.serial.clone())))
            })
            .collect()
    }
}

/// Keys on the find dialog: typing edits the text, Enter searches (or,
/// on results of the text as typed, goes to the pick), ↑/↓ pick, Esc
/// closes.
pub fn key(app: &mut App, k: KeyEvent, mut f: Box<Find>) -> Option<Overlay> {
    match k.code {
        KeyCode::Esc => return None,
        KeyCode::Enter if f.asked.as_deref() != Some(f.input.trim()) => {
            let text = f.input.trim().to_string();
            f.asked = Some(text.clone());
            f.busy = true;
            f.error = None;
            app.find_holders(text);
        }
        KeyCode::Enter => {
            match f.targets().get(f.selected).cloned() {
                Some(Target::Case(id)) => app.go_to_case(id),
                Some(Target::Cert(serial)) => app.open_cert(serial),
                None => return Some(Overlay::Find(f)),
            }
            return None;
        }
        KeyCode::Down | KeyCode::Tab => f.selected = (f.selected + 1).min(f.targets().len().saturating_sub(1)),
        KeyCode::Up | KeyCode::BackTab => f.selected = f.selected.saturating_sub(1),
        KeyCode::Backspace => {
            f.input.pop();
        }
        KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() => f.input.push(c),
        _ => {}
    }
    Some(Overlay::Find(f))
}

impl App {
    pub fn open_find(&mut self) {
        self.overlay = Some(Overlay::Find(Box::default()));
    }

    fn find_holders(&mut self, text: String) {
        let Some(op) = self.op.clone() else { return };
        let (ra, s) = (self.ra.clone(), self.s);
        self.spawn(async move { Msg::Found(text.clone(), ra.holder_find(&op, &text).await.map_err(|e| s.error(&e))) });
    }

    /// Holders found: shown if the dialog still asks for that text.
    pub fn found(&mut self, text: String, r: Result<Vec<HolderView>, String>) {
        let Some(Overlay::Find(f)) = &mut self.overlay else {
            return;
        };
        if f.asked.as_deref() != Some(text.as_str()) {
            return;
        }
        f.busy = false;
        f.selected = 0;
        match r {
            Ok(v) => {
                f.error = v.is_empty().then(|| self.s.find_none.to_string());
                f.results = v;
            }
            Err(e) => {
                f.results.clear();
                f.error = Some(e);
            }
        }
    }

    /// Case `id` in its queue (as this operator may see it).
    fn go_to_case(&mut self, id: u64) {
        let Some(op) = self.op.clone() else { return };
        let (ra, s) = (self.ra.clone(), self.s);
        self.spawn(async move {
            Msg::CertCases(
                ra.case_seen_by(&op, id)
                    .await
                    .map(|c| c.into_iter().collect())
                    .map_err(|e| s.error(&e)),
            )
        });
    }
}

pub fn draw(f: &mut Frame, area: Rect, find: &Find, s: &Strings, t: &Theme) {
    let r = centered(area, 100, area.height.saturating_sub(2));
    f.render_widget(Clear, r);
    let block = focus_frame(
        Span::styled(format!(" {} ", s.find_title), t.accent),
        s.find_hint,
        r.width,
        t,
    );
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        fit(&format!("› {}▏", find.input), w),
        t.accent,
    ))];
    if find.busy {
        lines.push(Line::from(Span::styled(s.signing_in, t.muted)));
    }
    if let Some(e) = &find.error {
        lines.push(Line::from(Span::styled(fit(e, w), t.warn)));
    }
    let mut n = 0;
    let mut picked_line = 0;
    for h in &find.results {
        let name = h.data["name"].as_str().unwrap_or_default();
        let agency = h.data["agency"].as_str().unwrap_or_default();
        lines.push(Line::from(Span::styled(
            fit(&format!("{name} · {} · {agency}", h.nik), w),
            t.base,
        )));
        let cases = h
            .cases
            .iter()
            .map(|c| format!("{} {} · {} · {}", s.case_word, c.id, s.kind(c.kind), s.state(c.state)));
        let certs = h.certificates.iter().map(|c| {
            format!(
                "{} {} · {} · {} {}",
                s.label("certificate"),
                fit(&c.serial, 20),
                s.cert_status(c.status),
                s.label("until"),
                c.not_after.format("%Y-%m-%d")
            )
        });
        for text in cases.chain(certs) {
            let on = n == find.selected;
            if on {
                picked_line = lines.len();
            }
            let style = if on { t.selected } else { t.base };
            lines.push(Line::from(Span::styled(
                fit(&format!("  {} {text}", if on { "›" } else { " " }), w),
                style,
            )));
            n += 1;
        }
    }
    // Keep the pick in sight.
    let h = inner.height as usize;
    let scroll = picked_line.saturating_sub(h.saturating_sub(1));
    f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);
}
