//! The whole frame, as a pure function of the app state: title bar, the
//! screen, the hint bar, overlays, toasts. Below the minimum size only a
//! notice is drawn.

use super::app::{App, Screen};
use super::overlays::{self, Overlay};
use super::screens;
use super::widgets::text::fit;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub use super::layout::{MIN_H, MIN_W, WIDE, list_rows};

pub fn draw(app: &App, f: &mut Frame) {
    let area = f.area();
    f.render_widget(Block::new().style(app.theme.base), area);
    if area.width < MIN_W || area.height < MIN_H {
        let msg = format!("{}: {}×{} < {MIN_W}×{MIN_H}", app.s.too_small, area.width, area.height);
        f.render_widget(
            Paragraph::new(fit(&msg, (area.width as usize) * (area.height as usize)))
                .style(app.theme.warn)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let title_area = Rect::new(area.x, area.y, area.width, 1);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    let hint_area = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    title_bar(app, f, title_area);
    let hint = super::commands::hint(&app.keymap, app.s, app.screen);
    match app.screen {
        Screen::SignIn => screens::signin::draw(f, body, &app.signin, app.s, &app.theme, app.spinner_frame()),
        Screen::Queues => screens::queues::draw::draw(&app.home, &app.look(), f, body),
        Screen::NewCase => match &app.new_case {
            Some(form) => screens::new_case::draw(f, body, form, app.s, &app.theme),
            None => screens::queues::draw::draw(&app.home, &app.look(), f, body),
        },
        Screen::Audit => screens::audit::draw(f, body, &app.audit, &hint, app.s, &app.theme),
        Screen::Certs => screens::certs::draw(f, body, &app.certs, &hint, app.s, &app.theme),
        Screen::Ca => screens::ca::draw(f, body, &app.ca, &hint, app.now, app.s, &app.theme),
        Screen::Reports => screens::reports::draw(f, body, &app.reports, &hint, app.s, &app.theme),
    }
    if app.screen != Screen::SignIn {
        super::hints::draw(app, f, hint_area);
    }
    let (s, t) = (app.s, &app.theme);
    match &app.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => overlays::help::draw(f, body, *scroll, app.screen, &app.keymap, s, t),
        Some(Overlay::Palette(p)) => overlays::palette::draw(f, body, p, &app.keymap, s, t),
        Some(Overlay::Confirm { message, .. }) => overlays::confirm::draw_confirm(f, body, message, s, t),
        Some(Overlay::Note { title, area, error, .. }) => {
            overlays::confirm::draw_note(f, body, title, area, error.as_deref(), s, t)
        }
        Some(Overlay::Summary(sm)) => overlays::summary::draw(f, body, sm, s, t),
        Some(Overlay::Export(e)) => overlays::export::draw(f, body, e, s, t),
        Some(Overlay::Find(fd)) => overlays::find::draw(f, body, fd, s, t),
        Some(Overlay::Document { index, scroll }) => {
            super::documents::view::full(&app.look(), app.home.review.view.as_deref(), f, body, *index, *scroll)
        }
    }
    overlays::toast::draw(f, body, &app.toasts, t);
}

fn title_bar(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let who = match &app.op {
        Some(op) => format!(" · {} ({})", op.name, app.s.role(op.role)),
        None => String::new(),
    };
    let line = Line::from(vec![
        Span::styled(format!(" {}", app.s.app_title), t.accent),
        Span::styled(who, t.base),
        Span::styled(format!(" {}", app.spinner_frame()), t.accent),
        Span::styled(format!(" {}", app.now.format("%Y-%m-%d %H:%M UTC")), t.muted),
    ]);
    let line = match &app.no_room {
        Some(_) => {
            let mut spans = line.spans;
            spans.push(Span::styled(format!("  ⚠ {}", app.s.no_room), t.warn));
            Line::from(spans)
        }
        None => line,
    };
    f.render_widget(Paragraph::new(line), area);
}
