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
//!
//! `keys.rs` holds what its keys do to the console.

pub mod keys;

use crate::ra::HolderView;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::{centered, text::fit};
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
