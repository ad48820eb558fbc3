//! Which commands each screen answers. A screen owns its list and its
//! handler (`screens::queues::keys`, `screens::audit`, `screens::certs`,
//! `screens::ca`); the keys, the `?` help and the hint lines are all built
//! from these lists, so a key never does something the help does not say.

use super::app::{App, Screen};
use super::i18n::Strings;
use super::keymap::{Cmd, Keymap};
use super::overlays::palette::Palette;
use super::overlays::toast::Level;
use super::overlays::{Overlay, Then};
pub use super::route::Section;
use super::screens;
use super::screens::new_case::NewCaseForm;
use crate::domain::Role;

/// Moving in a list: every list screen answers these.
pub const NAV: &[Cmd] = &[Cmd::Down, Cmd::Up, Cmd::PageDown, Cmd::PageUp, Cmd::Top, Cmd::Bottom];

/// Answered on every screen after sign-in (unless the screen answers the
/// command itself, as the queues do `Back`).
pub const GLOBAL: &[Cmd] = &[
    Cmd::Back,
    Cmd::Queues,
    Cmd::NewCase,
    Cmd::Audit,
    Cmd::Certs,
    Cmd::Ca,
    Cmd::Reports,
    Cmd::Find,
    Cmd::Help,
    Cmd::Palette,
    Cmd::Quit,
];

/// A screen's own commands: its hint line, and first in its help.
pub fn own(screen: Screen) -> Vec<Cmd> {
    match screen {
        Screen::SignIn | Screen::NewCase => Vec::new(),
        Screen::Queues => screens::queues::keys::commands(),
        Screen::Audit => screens::audit::COMMANDS.to_vec(),
        Screen::Certs => screens::certs::COMMANDS.to_vec(),
        Screen::Ca => screens::ca::COMMANDS.to_vec(),
        Screen::Reports => screens::reports::COMMANDS.to_vec(),
    }
}

/// The screen shows a list that `NAV` moves in.
pub fn has_list(screen: Screen) -> bool {
    matches!(screen, Screen::Queues | Screen::Audit | Screen::Certs | Screen::Reports)
}

/// The help's sections for a screen: its own commands, moving in its list,
/// and the commands of every screen.
pub fn sections(screen: Screen) -> Vec<(Section, Vec<Cmd>)> {
    let own = own(screen);
    let mut out = vec![(Section::Screen, own.clone())];
    if has_list(screen) {
        out.push((Section::Moving, NAV.to_vec()));
    }
    out.push((
        Section::Everywhere,
        GLOBAL.iter().copied().filter(|c| !own.contains(c)).collect(),
    ));
    out.retain(|(_, c)| !c.is_empty());
    out
}

/// A screen's hint line: each of its own commands with its key and what
/// it does there, then back.
pub fn hint(keys: &Keymap, s: &Strings, screen: Screen) -> String {
    own(screen)
        .into_iter()
        .chain([Cmd::Back])
        .map(|c| format!("{} {}", keys.key_label(c), s.describe_on(screen, c)))
        .collect::<Vec<_>>()
        .join(" · ")
}

impl App {
    /// Runs a command (from a key or the palette): the screen's own first,
    /// then moving in its list, then the commands of every screen.
    pub fn run_cmd(&mut self, cmd: Cmd) {
        self.dirty = true;
        if self.screen == Screen::SignIn {
            return;
        }
        let own = own(self.screen).contains(&cmd) || (has_list(self.screen) && NAV.contains(&cmd));
        match self.screen {
            Screen::Queues if own => self.queues_cmd(cmd),
            Screen::Audit if own => self.on_screen(|a| &mut a.audit, |s, cx| s.cmd(cmd, cx)),
            Screen::Certs if own => {
                if let Some(screens::certs::Leave::Confirm(then)) =
                    self.on_screen(|a| &mut a.certs, |s, cx| s.cmd(cmd, cx))
                {
                    self.overlay = Some(Overlay::Confirm {
                        message: self.s.revoke_cert_question(&then),
                        then,
                    });
                }
            }
            Screen::Ca if own => self.on_screen(|a| &mut a.ca, |s, cx| s.cmd(cmd, cx)),
            Screen::Reports if own => self.on_screen(|a| &mut a.reports, |s, cx| s.cmd(cmd, cx)),
            _ if GLOBAL.contains(&cmd) => self.global_cmd(cmd),
            _ => {}
        }
    }

    fn global_cmd(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Quit if self.has_dirty_form() => {
                self.overlay = Some(Overlay::Confirm {
                    message: self.s.quit_dirty.to_string(),
                    then: Then::Quit,
                })
            }
            Cmd::Quit => self.quit = true,
            Cmd::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Cmd::Palette => self.overlay = Some(Overlay::Palette(Palette::default())),
            Cmd::NewCase => self.open_new_case(),
            Cmd::Audit => {
                self.screen = Screen::Audit;
                self.on_screen(|a| &mut a.audit, |s, cx| s.reload(cx));
            }
            Cmd::Certs => {
                self.screen = Screen::Certs;
                self.on_screen(|a| &mut a.certs, |s, cx| s.reload(cx));
            }
            Cmd::Ca => {
                self.screen = Screen::Ca;
                self.on_screen(|a| &mut a.ca, |s, cx| s.reload(cx));
            }
            Cmd::Reports => {
                self.screen = Screen::Reports;
                self.on_screen(|a| &mut a.reports, |s, cx| s.open(cx));
            }
            Cmd::Find => self.open_find(),
            _ => self.screen = Screen::Queues,
        }
    }

    pub(crate) fn open_new_case(&mut self) {
        if self.op.as_ref().is_some_and(|o| o.role != Role::Verifier) {
            let text = self.s.only_verifier_opens();
            self.toast(Level::Error, text);
            return;
        }
        if self.new_case.is_none() {
            self.new_case = Some(NewCaseForm::default());
        }
        self.screen = Screen::NewCase;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_answered_somewhere_and_every_screen_has_help() {
        let answered: Vec<Cmd> = [
            Screen::Queues,
            Screen::Audit,
            Screen::Certs,
            Screen::Ca,
            Screen::Reports,
        ]
        .into_iter()
        .flat_map(|s| sections(s).into_iter().flat_map(|(_, c)| c))
        .collect();
        for c in Cmd::all() {
            assert!(answered.contains(&c), "{c:?} is on no screen's list");
        }
        for s in [
            Screen::Queues,
            Screen::Audit,
            Screen::Certs,
            Screen::Ca,
            Screen::Reports,
            Screen::NewCase,
        ] {
            assert!(!sections(s).is_empty());
        }
    }
}
