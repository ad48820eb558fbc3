//! The CA screen drawn: the CA certificates, then each CRL with the time
//! left to its nextUpdate.

use super::CaScreen;
use crate::domain::CrlState;
use crate::tui::i18n::Strings;
use crate::tui::theme::Theme;
use crate::tui::widgets::focus_frame;
use crate::tui::widgets::text::fit;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// "23h", "3d 4h", "lapsed 2h ago".
fn left(next: DateTime<Utc>, now: DateTime<Utc>, st: &Strings) -> String {
    let d = next - now;
    let (neg, m) = (d.num_minutes() < 0, d.num_minutes().abs());
    let span = if m >= 48 * 60 {
        format!("{}d {}h", m / 1440, (m % 1440) / 60)
    } else if m >= 60 {
        format!("{}h {}m", m / 60, m % 60)
    } else {
        format!("{m}m")
    };
    st.time_left(&span, neg)
}

/// Warning once less than a quarter of the interval is left, danger once lapsed.
pub fn crl_style(c: &CrlState, now: DateTime<Utc>, t: &Theme) -> Style {
    match (c.this_update, c.next_update) {
        (_, Some(next)) if next <= now => t.danger,
        (Some(this), Some(next)) if next - now < (next - this) / 4 => t.warn,
        (Some(_), Some(_)) => t.ok,
        _ => t.danger,
    }
}

fn crl_line<'a>(
    label: &'static str,
    c: &Option<CrlState>,
    now: DateTime<Utc>,
    s: &Strings,
    t: &Theme,
    w: usize,
) -> Line<'a> {
    let head = Span::styled(format!("{:<9}", s.label(label)), t.muted);
    match c {
        None => Line::from(vec![head, Span::styled(s.label("not published yet"), t.danger)]),
        Some(c) => {
            let this = c
                .this_update
                .map_or("-".into(), |x| x.format("%Y-%m-%d %H:%M").to_string());
            let next = c.next_update.map_or("-".into(), |n| left(n, now, s));
            Line::from(vec![
                head,
                Span::raw(fit(
                    &format!(
                        "{} {} · {} {} ({} {}) · {} {this} · {} ",
                        s.label("number"),
                        c.number,
                        c.listed(),
                        s.label("entries"),
                        c.held.unwrap_or(0),
                        s.label("on hold"),
                        s.label("published"),
                        s.label("next update"),
                    ),
                    w,
                )),
                Span::styled(next, crl_style(c, now, t)),
            ])
        }
    }
}

pub fn draw(f: &mut Frame, area: Rect, c: &CaScreen, hint: &str, now: DateTime<Utc>, s: &Strings, t: &Theme) {
    let w = area.width.saturating_sub(14) as usize;
    let (lock, lines) = match &c.status {
        None => (String::new(), vec![Line::from(Span::styled("…", t.muted))]),
        Some(Err(e)) => (String::new(), vec![Line::from(Span::styled(fit(e, w), t.danger))]),
        Some(Ok(st)) => {
            let mut lines = Vec::new();
            for (label, cert) in [("Root", st.root.as_ref()), ("Issuing", Some(&st.issuing))] {
                let Some(cert) = cert else { continue };
                let until = cert.not_after.map_or("-".into(), |x| x.format("%Y-%m-%d").to_string());
                lines.push(Line::from(vec![
                    Span::styled(format!("{:<9}", s.label(label)), t.muted),
                    Span::raw(fit(&cert.subject, w)),
                ]));
                lines.push(Line::from(Span::styled(
                    fit(
                        &format!(
                            "         {} {} · {} · {} {until}",
                            s.label("serial"),
                            cert.serial,
                            cert.key,
                            s.label("until")
                        ),
                        w + 9,
                    ),
                    t.muted,
                )));
            }
            lines.push(Line::raw(""));
            lines.push(crl_line("CRL", &st.crl, now, s, t, w));
            lines.push(crl_line("Root CRL", &st.root_crl, now, s, t, w));
            let lock = if st.unlocked { s.ca_unlocked } else { s.ca_locked };
            (format!(" · {lock}"), lines)
        }
    };
    let block = focus_frame(
        Span::styled(format!(" {}{lock} ", s.ca_title), t.accent),
        hint,
        area.width,
        t,
    );
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), area);
}
