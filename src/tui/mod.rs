//! The console: sign-in, the queues (one per case kind) with a review pane, case actions
//! from the workflow, forms, audit. It calls only `api`; drawing is a pure
//! function of `App` (`draw.rs`), redone only when something changed; every
//! database call runs as a tokio task reporting through a channel.
//!
//! | where | what |
//! |---|---|
//! | `screens/<screen>/` | each screen: its state, keys, commands, what it asks of the office, its drawing |
//! | `overlays/` | dialogs drawn over a screen: help, palette, confirm and note, summary, export, find, toasts |
//! | `app/` | [`app::App`]: the session's state, and each answer routed to its screen |
//! | `cx.rs` | [`cx::Cx`]: what a screen may use of the console, instead of the app |
//! | `input.rs`, `commands.rs`, `keymap.rs` | keys → the open dialog, the screen's text entry, or a command |
//! | `route.rs`, `layout.rs`, `event.rs` | leaves: the screen names, the frame's sizes, the tasks' answers |
//! | `draw.rs`, `hints.rs`, `look.rs`, `widgets/`, `theme.rs` | the frame, the hint bar, what a screen draws with besides its state, colours |
//! | `i18n.rs` | the console's words, from `assets/locales/{id,en}/` |
//! | `documents/` | a case's documents decoded under limits and drawn |
//! | `follow.rs`, `housekeeping.rs` | case ↔ certificate; what the console does on its own (CRL, reminders, room) |

pub mod app;
pub mod commands;
pub mod cx;
pub mod documents;
pub mod draw;
pub mod event;
mod follow;
pub mod fuzzy;
pub mod hints;
pub mod housekeeping;
pub mod i18n;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod log;
pub mod look;
pub mod overlays;
pub mod route;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

pub use app::{App, Screen, Settings};

use crate::api::Office;
use futures_util::StreamExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::signal::unix::{SignalKind, signal};

/// How the console starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Operator name to prefill or (with `pin`) to sign in as.
    pub operator: Option<String>,
    /// From `RATU_PIN`: signs in without the form.
    pub pin: Option<String>,
    /// The config file, read again for `[keys]` (with line numbers).
    pub config_file: Option<PathBuf>,
    pub theme: Option<String>,
    pub lang: crate::locale::Lang,
    pub log_file: Option<PathBuf>,
    /// Capture the mouse (wheel scrolls); off by default.
    pub mouse: bool,
}

/// Keymap, theme and strings from the options; problems come back as
/// messages to show.
pub fn settings(opts: &Options) -> (Settings, Vec<String>) {
    let mut problems = Vec::new();
    let text = opts
        .config_file
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok().map(|t| (p.clone(), t)));
    let keymap = match text {
        Some((path, text)) => {
            let (k, errs) = keymap::Keymap::with_overrides(&text);
            problems.extend(errs.into_iter().map(|e| format!("{} [keys] {e}", path.display())));
            k
        }
        None => keymap::Keymap::default_map(),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = theme::Theme::choose(opts.theme.as_deref(), no_color).unwrap_or_else(|e| {
        problems.push(e);
        theme::Theme::default()
    });
    let settings = Settings {
        keymap,
        theme,
        strings: i18n::Strings::for_lang(opts.lang),
        renderer: None,
    };
    (settings, problems)
}

/// Runs the console until the operator quits (or SIGTERM / SIGHUP).
pub async fn run(ra: Office, opts: Options) -> anyhow::Result<()> {
    if let Some(p) = &opts.log_file
        && let Err(e) = log::init(p)
    {
        eprintln!("ratu: no console log at {}: {e}", p.display());
    }
    let (settings, problems) = settings(&opts);
    let mut term = terminal::Tui::enter(opts.mouse)?;
    // Asked before input is read: the terminal's answer would be taken for keys.
    let picker = documents::query_picker();
    let (mut app, mut rx) = App::new(ra, settings, opts.operator.as_deref());
    let renderer = app.docs.renderer.take();
    app.docs = documents::Documents::new(picker).decoded_by(renderer);
    for p in problems {
        app.toast(overlays::toast::Level::Error, p);
    }
    if let (Some(name), Some(pin)) = (opts.operator.clone(), opts.pin.clone()) {
        app.start_sign_in(name, pin);
    }
    let size = term.terminal.size()?;
    app.resize(size.width, size.height);
    let mut events = crossterm::event::EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut tick = tokio::time::interval(Duration::from_millis(120));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // CRL before nextUpdate lapses, expiry reminders: checked every 5 minutes.
    let mut house = tokio::time::interval(Duration::from_secs(300));
    house.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // Room on the store's disk: asked every few seconds.
    let mut room = tokio::time::interval(Duration::from_secs(5));
    room.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tracing::info!("console started");
    loop {
        if app.dirty {
            term.draw(&app)?;
            app.dirty = false;
        }
        if app.quit {
            break;
        }
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(e)) => app.handle_event(e),
                Some(Err(e)) => { tracing::error!(%e, "terminal input"); break }
                None => break,
            },
            Some(m) = rx.recv() => app.handle_msg(m),
            _ = tick.tick() => app.tick(Instant::now()),
            _ = house.tick() => app.housekeeping(),
            _ = room.tick() => app.check_room(),
            _ = sigterm.recv() => { tracing::info!("SIGTERM"); break }
            _ = sighup.recv() => { tracing::info!("SIGHUP"); break }
        }
    }
    drop(term);
    tracing::info!("console closed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_override_and_problems_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "sla_days = 2\n[keys]\nquit = \"Q\"\nzoom = \"z\"\n").unwrap();
        let opts = Options {
            config_file: Some(path),
            theme: Some("no-such-theme".into()),
            ..Options::default()
        };
        let (s, problems) = settings(&opts);
        assert_eq!(s.keymap.key_label(keymap::Cmd::Quit), "Q");
        assert!(
            problems.iter().any(|p| p.contains("line 4") && p.contains("zoom")),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.contains("no-such-theme")), "{problems:?}");
    }
}
