//! Commands and the keys that run them. The default keymap is
//! `assets/keymap.toml`; the config file's `[keys]` table overrides single
//! commands. Unknown commands and unreadable keys are reported with their
//! line. Ctrl-C is not in the keymap: it always quits.

use crate::domain::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Everything a key (or the command palette) can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cmd {
    Quit,
    Help,
    Palette,
    Back,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    NextQueue,
    PrevQueue,
    Filter,
    Sort,
    ToggleWaiting,
    ToggleOverdue,
    ToggleMine,
    ToggleClosed,
    Mark,
    Reload,
    RevealNik,
    ResendLink,
    /// Enter: from a case to its certificate, from a certificate to its case.
    Follow,
    Export,
    /// A document of the case full-screen.
    ViewDocument,
    NewCase,
    Audit,
    Queues,
    Certs,
    Ca,
    /// The office's numbers for a period.
    Reports,
    PublishCrl,
    /// Find a holder, their cases and certificates.
    Find,
    /// A step of the case workflow.
    Act(Action),
    /// Tick checklist item N (1-based) of the case's kind.
    Tick(u8),
    /// The next number key unticks its item instead.
    Untick,
}

const PLAIN: [(Cmd, &str); 35] = [
    (Cmd::Quit, "quit"),
    (Cmd::Help, "help"),
    (Cmd::Palette, "palette"),
    (Cmd::Back, "back"),
    (Cmd::Down, "down"),
    (Cmd::Up, "up"),
    (Cmd::Top, "top"),
    (Cmd::Bottom, "bottom"),
    (Cmd::PageDown, "page_down"),
    (Cmd::PageUp, "page_up"),
    (Cmd::NextPane, "next_pane"),
    (Cmd::NextQueue, "next_queue"),
    (Cmd::PrevQueue, "prev_queue"),
    (Cmd::Filter, "filter"),
    (Cmd::Sort, "sort"),
    (Cmd::ToggleWaiting, "toggle_waiting"),
    (Cmd::ToggleOverdue, "toggle_overdue"),
    (Cmd::ToggleMine, "toggle_mine"),
    (Cmd::ToggleClosed, "toggle_closed"),
    (Cmd::Mark, "mark"),
    (Cmd::Reload, "reload"),
    (Cmd::RevealNik, "reveal_nik"),
    (Cmd::ResendLink, "resend_link"),
    (Cmd::Follow, "follow"),
    (Cmd::Export, "export"),
    (Cmd::ViewDocument, "view_document"),
    (Cmd::NewCase, "new_case"),
    (Cmd::Audit, "audit"),
    (Cmd::Queues, "queues"),
    (Cmd::Certs, "certs"),
    (Cmd::Ca, "ca"),
    (Cmd::Reports, "reports"),
    (Cmd::PublishCrl, "publish_crl"),
    (Cmd::Find, "find"),
    (Cmd::Untick, "untick"),
];

/// Workflow steps a key can take (ticks are `tick_N`).
pub const ACTIONS: [Action; 13] = [
    Action::SendToApplicant,
    Action::RecordApplicantData,
    Action::Verify,
    Action::Forward,
    Action::Approve,
    Action::Issue,
    Action::Apply,
    Action::Revoke,
    Action::Reject,
    Action::Hold,
    Action::Resume,
    Action::Cancel,
    Action::Return,
];

impl Cmd {
    /// Every command, in help order.
    pub fn all() -> Vec<Cmd> {
        let mut v: Vec<Cmd> = PLAIN.iter().map(|(c, _)| *c).collect();
        v.extend(ACTIONS.iter().map(|a| Cmd::Act(*a)));
        v.extend((1..=7).map(Cmd::Tick));
        v
    }

    pub fn name(self) -> String {
        match self {
            Cmd::Act(a) => a.as_str().to_string(),
            Cmd::Tick(n) => format!("tick_{n}"),
            c => PLAIN
                .iter()
                .find(|(p, _)| *p == c)
                .map(|(_, n)| n.to_string())
                .unwrap_or_default(),
        }
    }

    pub fn from_name(s: &str) -> Option<Cmd> {
        if let Some((c, _)) = PLAIN.iter().find(|(_, n)| *n == s) {
            return Some(*c);
        }
        if let Some(n) = s.strip_prefix("tick_") {
            return n.parse().ok().filter(|n| (1..=7).contains(n)).map(Cmd::Tick);
        }
        ACTIONS.iter().find(|a| a.as_str() == s).map(|a| Cmd::Act(*a))
    }
}

/// A key with its modifiers (Shift folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        let code = match e.code {
            KeyCode::Char(c) if e.modifiers.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn parse(s: &str) -> Result<Key, String> {
        let (ctrl, alt, rest) = if let Some(r) = s.strip_prefix("C-") {
            (true, false, r)
        } else if let Some(r) = s.strip_prefix("A-") {
            (false, true, r)
        } else {
            (false, false, s)
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest {
                "Esc" => KeyCode::Esc,
                "Enter" => KeyCode::Enter,
                "Tab" => KeyCode::Tab,
                "BackTab" => KeyCode::BackTab,
                "Space" => KeyCode::Char(' '),
                "Backspace" => KeyCode::Backspace,
                "Up" => KeyCode::Up,
                "Down" => KeyCode::Down,
                "Left" => KeyCode::Left,
                "Right" => KeyCode::Right,
                "PageUp" => KeyCode::PageUp,
                "PageDown" => KeyCode::PageDown,
                "Home" => KeyCode::Home,
                "End" => KeyCode::End,
                f if f.starts_with('F') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(format!("unknown key {s:?}")),
                },
                _ => return Err(format!("unknown key {s:?}")),
            },
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            c => write!(f, "{c:?}"),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KeySpec {
    One(String),
    Many(Vec<String>),
}

/// Which keys run which commands.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    by_key: HashMap<Key, Cmd>,
    by_cmd: BTreeMap<Cmd, Vec<Key>>,
}

/// A problem in a keymap file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line `key = ...` is on (1-based; 1 when not found).
fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let rest = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| l.strip_prefix(&format!("'{key}'")));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// `command = key` entries of a TOML table, with the line of each.
fn entries(text: &str, table: Option<&str>) -> Result<Vec<(String, Vec<String>, usize)>, KeymapError> {
    #[derive(Deserialize)]
    struct Section {
        #[serde(default)]
        keys: BTreeMap<String, KeySpec>,
    }
    let text = match table {
        Some(_) => strip_other_tables(text),
        None => text.to_string(),
    };
    let err = |e: toml::de::Error| KeymapError {
        line: e.span().map_or(1, |s| line_of(&text, s.start)),
        message: crate::domain::text::one_line(e.message()),
    };
    let map: BTreeMap<String, KeySpec> = match table {
        Some(_) => toml::from_str::<Section>(&text).map_err(err)?.keys,
        None => toml::from_str(&text).map_err(err)?,
    };
    let mut out: Vec<_> = map
        .into_iter()
        .map(|(k, v)| {
            let line = line_of_key(&text, &k);
            let keys = match v {
                KeySpec::One(s) => vec![s],
                KeySpec::Many(v) => v,
            };
            (k, keys, line)
        })
        .collect();
    out.sort_by_key(|e| e.2);
    Ok(out)
}

/// The config file with every top-level key outside `[keys]` blanked (kept
/// as empty lines, so spans still point at the right line).
fn strip_other_tables(text: &str) -> String {
    let mut in_keys = false;
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with('[') {
                in_keys = t.starts_with("[keys]");
                return if in_keys { l } else { "" };
            }
            if in_keys { l } else { "" }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Keymap {
    /// The built-in keymap.
    pub fn default_map() -> Keymap {
        let mut k = Keymap::default();
        // The shipped file is checked by a test; nothing to report here.
        let _ = k.apply(DEFAULT_KEYMAP, None);
        k
    }

    /// The default keymap with the `[keys]` table of a config file on top.
    /// Every problem is returned; the good entries still apply.
    pub fn with_overrides(config_text: &str) -> (Keymap, Vec<KeymapError>) {
        let mut k = Keymap::default_map();
        let errs = k.apply(config_text, Some("keys"));
        (k, errs)
    }

    fn apply(&mut self, text: &str, table: Option<&str>) -> Vec<KeymapError> {
        let entries = match entries(text, table) {
            Ok(e) => e,
            Err(e) => return vec![e],
        };
        let mut errs = Vec::new();
        for (name, keys, line) in entries {
            let Some(cmd) = Cmd::from_name(&name) else {
                errs.push(KeymapError {
                    line,
                    message: format!("unknown command {name:?} (see the help screen, ?, for the names)"),
                });
                continue;
            };
            let mut parsed = Vec::new();
            for k in &keys {
                match Key::parse(k) {
                    Ok(key) => parsed.push(key),
                    Err(m) => errs.push(KeymapError { line, message: m }),
                }
            }
            if parsed.is_empty() {
                continue;
            }
            self.bind(cmd, parsed);
        }
        errs
    }

    fn bind(&mut self, cmd: Cmd, keys: Vec<Key>) {
        if let Some(old) = self.by_cmd.remove(&cmd) {
            for k in old {
                self.by_key.remove(&k);
            }
        }
        for k in &keys {
            if let Some(prev) = self.by_key.insert(*k, cmd)
                && let Some(v) = self.by_cmd.get_mut(&prev)
            {
                v.retain(|x| x != k);
            }
        }
        self.by_cmd.insert(cmd, keys);
    }

    pub fn command(&self, key: &Key) -> Option<Cmd> {
        self.by_key.get(key).copied()
    }

    pub fn keys(&self, cmd: Cmd) -> &[Key] {
        self.by_cmd.get(&cmd).map_or(&[], Vec::as_slice)
    }

    /// The first key of a command, for hint bars ("" when unbound).
    pub fn key_label(&self, cmd: Cmd) -> String {
        self.keys(cmd).first().map(|k| k.to_string()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn shipped_keymap_binds_every_command_without_errors() {
        let mut k = Keymap::default();
        assert_eq!(k.apply(DEFAULT_KEYMAP, None), vec![]);
        for c in Cmd::all() {
            assert!(!k.keys(c).is_empty(), "{c:?} has no key");
        }
    }

    #[test]
    fn config_overrides_one_command_and_reports_lines() {
        let cfg = "lang = \"en\"\n\n[keys]\napprove = \"y\"\nfly = \"z\"\nreject = \"Hyper-x\"\n";
        let (k, errs) = Keymap::with_overrides(cfg);
        assert_eq!(k.command(&Key::parse("y").unwrap()), Some(Cmd::Act(Action::Approve)));
        assert_eq!(k.command(&Key::parse("a").unwrap()), None);
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].line, 5);
        assert!(errs[0].message.contains("fly"));
        assert_eq!(errs[1].line, 6);
    }

    #[test]
    fn shifted_and_ctrl_keys_match() {
        let k = Keymap::default_map();
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(k.command(&Key::from_event(&g)), Some(Cmd::Bottom));
        let cd = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(k.command(&Key::from_event(&cd)), Some(Cmd::PageDown));
    }

    #[test]
    fn names_round_trip() {
        for c in Cmd::all() {
            assert_eq!(Cmd::from_name(&c.name()), Some(c));
        }
    }
}
