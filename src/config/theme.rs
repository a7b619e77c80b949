//! Themes: named sets of semantic style slots. Views ask for `theme.warn`, never for a colour,
//! so a theme file (built in, or the user's) restyles the whole console.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};

use super::style::{parse_color_value, parse_style};
use super::toml_util::parse_table;

/// Built-in themes, embedded so a fresh install needs no files (and nothing is downloaded).
const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("dracula", include_str!("../../themes/dracula.toml")),
    ("nord", include_str!("../../themes/nord.toml")),
    ("gruvbox", include_str!("../../themes/gruvbox.toml")),
];

pub const DEFAULT_THEME: &str = "default";
/// The colourless theme used for NO_COLOR; also selectable by name.
pub const MONOCHROME_THEME: &str = "monochrome";

/// The slot names as written in theme files, in display order.
pub const SLOTS: &[&str] =
    &["text", "muted", "accent", "ok", "warn", "error", "selection", "header", "border", "title"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    /// Ordinary cell text.
    pub text: Style,
    /// Secondary information: ages, ids, hints, disabled items.
    pub muted: Style,
    /// Things to look at: keys in hints, links, the active filter.
    pub accent: Style,
    /// Healthy: RUNNING, COMPLETED deployments, alarms OK.
    pub ok: Style,
    /// Needs attention: pending, in progress, drifting counts.
    pub warn: Style,
    /// Broken: failed, stopped with an error, alarms firing.
    pub error: Style,
    /// The selected row.
    pub selection: Style,
    /// Table column headers.
    pub header: Style,
    /// Block borders.
    pub border: Style,
    /// Block titles and the top bar.
    pub title: Style,
    /// Painted behind everything when set; None keeps the terminal's background.
    pub background: Option<Color>,
}

impl Default for Theme {
    fn default() -> Theme {
        builtin_default().0
    }
}

impl Theme {
    /// For NO_COLOR: no colour at all, only text attributes.
    pub fn monochrome() -> Theme {
        let plain = Style::new();
        Theme {
            name: MONOCHROME_THEME.to_string(),
            text: plain,
            muted: plain.add_modifier(Modifier::DIM),
            accent: plain.add_modifier(Modifier::BOLD),
            ok: plain,
            warn: plain.add_modifier(Modifier::BOLD),
            error: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selection: plain.add_modifier(Modifier::REVERSED),
            header: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            border: plain,
            title: plain.add_modifier(Modifier::BOLD),
            background: None,
        }
    }

    /// This theme as it can be drawn under NO_COLOR. The terminal library emits no colour
    /// then, and a colour change turns into a bare `ESC[m`, which also resets bold, reverse
    /// and the rest: a theme that changes colours would lose every attribute, the selected
    /// row's included. So colours go, each slot keeps its own attributes (or takes
    /// monochrome's when it had only colour), and the selection is always reverse video.
    pub fn without_colour(&self) -> Theme {
        let mono = Theme::monochrome();
        let strip = |own: Style, fallback: Style| {
            let bare = Style::new().add_modifier(own.add_modifier).remove_modifier(own.sub_modifier);
            if own.add_modifier.is_empty() { fallback } else { bare }
        };
        Theme {
            name: self.name.clone(),
            text: strip(self.text, mono.text),
            muted: strip(self.muted, mono.muted),
            accent: strip(self.accent, mono.accent),
            ok: strip(self.ok, mono.ok),
            warn: strip(self.warn, mono.warn),
            error: strip(self.error, mono.error),
            selection: strip(self.selection, mono.selection).add_modifier(Modifier::REVERSED),
            header: strip(self.header, mono.header),
            border: strip(self.border, mono.border),
            title: strip(self.title, mono.title),
            background: None,
        }
    }

    fn slot_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "accent" => &mut self.accent,
            "ok" => &mut self.ok,
            "warn" => &mut self.warn,
            "error" => &mut self.error,
            "selection" => &mut self.selection,
            "header" => &mut self.header,
            "border" => &mut self.border,
            "title" => &mut self.title,
            _ => return None,
        })
    }

    /// Parses a theme document. Slots it leaves out (or gets wrong) come from `base`; the name
    /// defaults to `stem`. Err only when the document is not a TOML table at all.
    /// Warnings are prefixed with `label` (the file, e.g. `themes/nord.toml`).
    pub fn parse(label: &str, stem: &str, text: &str, base: &Theme) -> Result<(Theme, Vec<String>), String> {
        let doc = parse_table(text).map_err(|e| format!("{label}: {e} (theme skipped)"))?;
        let mut theme = Theme { name: stem.to_string(), background: None, ..base.clone() };
        let mut warnings = Vec::new();
        for (key, value) in &doc {
            match key.as_str() {
                "name" => match value.as_str().map(str::trim) {
                    Some(name) if !name.is_empty() => theme.name = name.to_string(),
                    _ => warnings.push(format!("{label}: name: expected a non-empty string (using {stem:?})")),
                },
                "background" => match parse_color_value(value) {
                    Ok(color) => theme.background = Some(color),
                    Err(err) => warnings.push(format!("{label}: background: {err} (using none)")),
                },
                slot => match theme.slot_mut(slot) {
                    Some(target) => match parse_style(value) {
                        Ok((style, inner)) => {
                            *target = style;
                            warnings.extend(inner.into_iter().map(|w| format!("{label}: {slot}: {w} (ignored)")));
                        }
                        Err(err) => warnings.push(format!("{label}: {slot}: {err} (using the default theme's)")),
                    },
                    None => warnings
                        .push(format!("{label}: unknown key {slot:?} (ignored; slots are {})", SLOTS.join(", "))),
                },
            }
        }
        Ok((theme, warnings))
    }
}

/// The default theme parsed over the monochrome one (its file sets every slot; a test checks).
fn builtin_default() -> (Theme, Vec<String>) {
    let (label, text) = (format!("themes/{DEFAULT_THEME}.toml"), BUILTIN[0].1);
    match Theme::parse(&label, DEFAULT_THEME, text, &Theme::monochrome()) {
        Ok(parsed) => parsed,
        Err(err) => (Theme { name: DEFAULT_THEME.to_string(), ..Theme::monochrome() }, vec![err]),
    }
}

/// All themes available by name.
#[derive(Debug, Clone)]
pub struct Themes {
    by_name: BTreeMap<String, Theme>,
}

impl Default for Themes {
    fn default() -> Themes {
        Themes::builtin()
    }
}

impl Themes {
    /// The embedded themes plus `monochrome`.
    pub fn builtin() -> Themes {
        Themes::builtin_with_warnings().0
    }

    fn builtin_with_warnings() -> (Themes, Vec<String>) {
        let (default, mut warnings) = builtin_default();
        let mut by_name = BTreeMap::new();
        for (stem, text) in &BUILTIN[1..] {
            let label = format!("themes/{stem}.toml");
            match Theme::parse(&label, stem, text, &default) {
                Ok((theme, w)) => {
                    warnings.extend(w);
                    by_name.insert(theme.name.clone(), theme);
                }
                Err(err) => warnings.push(err),
            }
        }
        by_name.insert(default.name.clone(), default);
        by_name.insert(MONOCHROME_THEME.to_string(), Theme::monochrome());
        (Themes { by_name }, warnings)
    }

    /// The built-ins plus `<config_dir>/themes/*.toml`. A user theme with a built-in's name
    /// replaces it; a file that cannot be read or parsed is skipped with a warning.
    pub fn load(config_dir: &Path) -> (Themes, Vec<String>) {
        let mut themes = Themes::builtin();
        let mut warnings = Vec::new();
        let dir = config_dir.join("themes");
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return (themes, warnings),
            Err(err) => {
                warnings.push(format!("themes: cannot read {}: {err}", dir.display()));
                return (themes, warnings);
            }
        };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        // Sorted so that two files claiming one name resolve the same way every time.
        files.sort();
        let default = themes.get(DEFAULT_THEME).cloned().unwrap_or_default();
        let mut from_file: BTreeMap<String, String> = BTreeMap::new();
        for path in files {
            let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let label = format!("themes/{file_name}");
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(err) => {
                    warnings.push(format!("{label}: cannot read: {err} (theme skipped)"));
                    continue;
                }
            };
            match Theme::parse(&label, &stem, &text, &default) {
                Ok((theme, w)) => {
                    warnings.extend(w);
                    if let Some(earlier) = from_file.insert(theme.name.clone(), label.clone()) {
                        warnings.push(format!(
                            "{label}: theme {:?} is also defined by {earlier}; this one wins",
                            theme.name
                        ));
                    }
                    themes.by_name.insert(theme.name.clone(), theme);
                }
                Err(err) => warnings.push(err),
            }
        }
        (themes, warnings)
    }

    pub fn get(&self, name: &str) -> Option<&Theme> {
        self.by_name.get(name)
    }

    /// Theme names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.by_name.keys().cloned().collect()
    }

    /// The theme to start with. A requested name (`--theme`, then settings.toml) wins, even over
    /// NO_COLOR, as no-color.org asks of explicit configuration; otherwise NO_COLOR gives
    /// `monochrome`, else `default`. Under NO_COLOR the theme comes without its colours (see
    /// [`Theme::without_colour`]). An unknown name gives a warning and the fallback.
    pub fn pick(&self, requested: Option<&str>, no_color: bool) -> (Theme, Option<String>) {
        let (theme, warning) = self.pick_named(requested, no_color);
        if no_color { (theme.without_colour(), warning) } else { (theme, warning) }
    }

    fn pick_named(&self, requested: Option<&str>, no_color: bool) -> (Theme, Option<String>) {
        let fallback = || {
            if no_color { Theme::monochrome() } else { self.get(DEFAULT_THEME).cloned().unwrap_or_default() }
        };
        match requested {
            Some(name) => match self.get(name) {
                Some(theme) => (theme.clone(), None),
                None => {
                    let theme = fallback();
                    let warning = format!(
                        "unknown theme {name:?}, using {:?} (available: {})",
                        theme.name,
                        self.names().join(", ")
                    );
                    (theme, Some(warning))
                }
            },
            None => (fallback(), None),
        }
    }
}

/// Whether NO_COLOR asks for no colour: set and non-empty (https://no-color.org).
pub fn no_color() -> bool {
    no_color_from(std::env::var_os("NO_COLOR"))
}

fn no_color_from(value: Option<OsString>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
