//! Colour themes as TOML (`themes/*.toml`, embedded), and the monochrome
//! theme used when `NO_COLOR` is set: there, only bold / reverse / underline
//! tell things apart.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::str::FromStr;

const DEFAULT: &str = include_str!("../../themes/default.toml");
const LIGHT: &str = include_str!("../../themes/light.toml");
const HIGH_CONTRAST: &str = include_str!("../../themes/high-contrast.toml");

/// The themes shipped with ratu, by name.
pub const BUILT_IN: [(&str, &str); 3] = [("default", DEFAULT), ("light", LIGHT), ("high-contrast", HIGH_CONTRAST)];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    fg: String,
    bg: String,
    muted: String,
    accent: String,
    border: String,
    border_focus: String,
    selected_fg: String,
    selected_bg: String,
    marked: String,
    ok: String,
    warn: String,
    danger: String,
    closed: String,
    toast_fg: String,
    toast_bg: String,
    error_bg: String,
}

/// Styles every widget draws with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    pub base: Style,
    pub muted: Style,
    pub accent: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub marked: Style,
    pub ok: Style,
    pub warn: Style,
    pub danger: Style,
    pub closed: Style,
    pub toast: Style,
    pub error: Style,
}

fn color(field: &str, v: &str) -> Result<Color, String> {
    Color::from_str(v).map_err(|_| format!("theme colour {field} = {v:?} is not a colour name (red, lightblue, ...)"))
}

impl Theme {
    /// Parses a theme file; the error names the field.
    pub fn parse(text: &str) -> Result<Theme, String> {
        let f: ThemeFile = toml::from_str(text).map_err(|e| format!("theme: {}", e.to_string().trim()))?;
        let fg = |field: &str, v: &str| color(field, v).map(|c| Style::new().fg(c));
        Ok(Theme {
            name: f.name,
            base: Style::new().fg(color("fg", &f.fg)?).bg(color("bg", &f.bg)?),
            muted: fg("muted", &f.muted)?,
            accent: fg("accent", &f.accent)?.add_modifier(Modifier::BOLD),
            border: fg("border", &f.border)?,
            border_focus: fg("border_focus", &f.border_focus)?,
            selected: Style::new()
                .fg(color("selected_fg", &f.selected_fg)?)
                .bg(color("selected_bg", &f.selected_bg)?),
            marked: fg("marked", &f.marked)?.add_modifier(Modifier::BOLD),
            ok: fg("ok", &f.ok)?,
            warn: fg("warn", &f.warn)?,
            danger: fg("danger", &f.danger)?.add_modifier(Modifier::BOLD),
            closed: fg("closed", &f.closed)?,
            toast: Style::new()
                .fg(color("toast_fg", &f.toast_fg)?)
                .bg(color("toast_bg", &f.toast_bg)?),
            error: Style::new()
                .fg(color("toast_fg", &f.toast_fg)?)
                .bg(color("error_bg", &f.error_bg)?)
                .add_modifier(Modifier::BOLD),
        })
    }

    /// A built-in theme by name.
    pub fn named(name: &str) -> Result<Theme, String> {
        let (_, text) = BUILT_IN.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            let names: Vec<_> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            format!("unknown theme {name:?}: use one of {}", names.join(", "))
        })?;
        Theme::parse(text)
    }

    /// No colours at all (`NO_COLOR`).
    pub fn monochrome() -> Theme {
        let s = Style::new();
        Theme {
            name: "monochrome".into(),
            base: s,
            muted: s.add_modifier(Modifier::DIM),
            accent: s.add_modifier(Modifier::BOLD),
            border: s,
            border_focus: s.add_modifier(Modifier::BOLD),
            selected: s.add_modifier(Modifier::REVERSED),
            marked: s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ok: s,
            warn: s.add_modifier(Modifier::UNDERLINED),
            danger: s.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            closed: s.add_modifier(Modifier::DIM),
            toast: s.add_modifier(Modifier::REVERSED),
            error: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }

    /// The theme to use: monochrome when `no_color`, else the named one
    /// (default when none is named).
    pub fn choose(name: Option<&str>, no_color: bool) -> Result<Theme, String> {
        let named = Theme::named(name.unwrap_or("default"))?;
        Ok(if no_color { Theme::monochrome() } else { named })
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::parse(DEFAULT).unwrap_or_else(|_| Theme::monochrome())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses() {
        for (name, text) in BUILT_IN {
            let t = Theme::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(t.name, name);
        }
    }

    #[test]
    fn default_theme_uses_only_the_16_ansi_colours() {
        let t = Theme::default();
        for s in [t.base, t.muted, t.accent, t.selected, t.ok, t.warn, t.danger, t.toast] {
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(!matches!(c, Color::Rgb(..) | Color::Indexed(_)), "{c:?}");
            }
        }
    }

    #[test]
    fn no_color_gives_monochrome() {
        let t = Theme::choose(Some("light"), true).unwrap();
        assert_eq!(t.name, "monochrome");
        assert!(t.selected.fg.is_none() && t.selected.bg.is_none());
    }

    #[test]
    fn a_bad_colour_is_named() {
        let bad = DEFAULT.replace("accent = \"cyan\"", "accent = \"chartreuse-ish\"");
        assert!(Theme::parse(&bad).unwrap_err().contains("accent"));
    }
}
