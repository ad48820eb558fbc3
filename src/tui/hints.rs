//! The hint bar: the actions the workflow allows this operator on the
//! selected case (with their keys; those still waiting on something dim),
//! then help, commands and quit. The same keymap feeds the help overlay.

use crate::domain::case::workflow;
use crate::tui::app::{App, Screen};
use crate::tui::keymap::Cmd;
use crate::tui::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let (s, t, k) = (app.s, &app.theme, &app.keymap);
    let mut spans: Vec<Span> = Vec::new();
    if app.screen == Screen::Queues
        && app.overlay.is_none()
        && let (Some(op), Some(case)) = (&app.op, app.selected_case())
    {
        let allowed = workflow::allowed(case, op);
        let n = app.queue().marked.len();
        if n > 0 {
            spans.push(Span::styled(format!("{n}× "), t.marked));
        }
        for a in &allowed {
            if matches!(a.action, crate::domain::Action::Tick | crate::domain::Action::Untick) {
                // The items an officer ticks (the agreement, last, is the applicant's).
                let items = crate::domain::CheckItem::for_kind(case.kind)
                    .iter()
                    .filter(|i| i.by_officer())
                    .count();
                let prefix = match a.action {
                    crate::domain::Action::Untick => format!("{} ", k.key_label(Cmd::Untick)),
                    _ => String::new(),
                };
                spans.push(Span::styled(format!("{prefix}1-{items}"), t.accent));
                spans.push(Span::raw(format!(" {} · ", s.action(a.action))));
                continue;
            }
            let key = k.key_label(Cmd::Act(a.action));
            let style = if a.ready.is_ok() { t.accent } else { t.muted };
            spans.push(Span::styled(key, style));
            spans.push(Span::styled(
                format!(" {} · ", s.action(a.action)),
                if a.ready.is_ok() { t.base } else { t.muted },
            ));
        }
        // The case's documents, full-screen.
        if app
            .home
            .review
            .view
            .as_ref()
            .is_some_and(|v| v.case.id == case.id && !v.documents.is_empty())
        {
            spans.push(Span::styled(k.key_label(Cmd::ViewDocument), t.accent));
            spans.push(Span::raw(format!(" {} · ", s.describe(Cmd::ViewDocument))));
        }
        // The applicant's link, sent again (a verifier's step outside the workflow table).
        if op.role == crate::domain::Role::Verifier && crate::domain::LinkStep::of_case(case).is_some() {
            spans.push(Span::styled(k.key_label(Cmd::ResendLink), t.accent));
            spans.push(Span::raw(format!(" {} · ", s.describe(Cmd::ResendLink))));
        }
    }
    for (i, c) in [Cmd::Help, Cmd::Palette, Cmd::Quit].into_iter().enumerate() {
        let sep = if i < 2 { " · " } else { " " };
        spans.push(Span::styled(k.key_label(c), t.accent));
        spans.push(Span::styled(format!(" {}{sep}", s.describe(c)), t.muted));
    }
    let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
    if text.chars().count() > area.width as usize {
        // Too long: keep the start, cut cleanly.
        let cut = fit(&text, area.width as usize);
        f.render_widget(Paragraph::new(Span::styled(cut, t.base)), area);
        return;
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
