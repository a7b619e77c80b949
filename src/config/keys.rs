//! Key names as written in `keymap.toml` (`q`, `G`, `ctrl-c`, `pgdn`, `f5`, ...), parsed into a
//! [`KeySpec`] that can be matched against crossterm key events and shown back in the help overlay.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// One key with its modifiers, normalised so that equal keys compare equal:
/// a shifted letter is stored as the uppercase char without SHIFT, and `shift-tab` as `BackTab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Only these modifiers take part in matching; SUPER/HYPER/META vary too much between terminals.
const MATCHED_MODS: KeyModifiers = KeyModifiers::CONTROL.union(KeyModifiers::ALT).union(KeyModifiers::SHIFT);

/// Multi-character key names (lowercase) and what they mean. The first name for a code is the one shown.
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
];

impl KeySpec {
    /// Parses a key name such as `q`, `G`, `ctrl-c`, `alt-enter`, `shift-up`, `f5`.
    /// Single characters are case-sensitive; names and modifiers are not.
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        if text.is_empty() {
            return Err("empty key name".to_string());
        }
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        // Strip modifier prefixes while something is left after them, so `ctrl--` means ctrl + '-'.
        loop {
            let lower = rest.to_ascii_lowercase();
            let (flag, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                return Err(format!("missing key after modifier in {text:?}"));
            }
            mods |= flag;
            rest = &rest[len..];
        }
        let code = parse_code(rest).ok_or_else(|| format!("unknown key {text:?}"))?;
        // Shift with a symbol or digit types another character (shift-/ is `?` on a US
        // layout); terminals send that character, never "shift" plus the unshifted one, so
        // such a key would silently mean the unshifted character instead.
        if mods.contains(KeyModifiers::SHIFT)
            && let KeyCode::Char(c) = code
            && !c.is_ascii_alphabetic()
        {
            return Err(format!(
                "{text:?} is not a key terminals send: write the character shift types instead \
                 (e.g. \"?\" rather than \"shift-/\" on a US keyboard)"
            ));
        }
        Ok(KeySpec::new(code, mods))
    }

    /// Builds a normalised spec (see the type docs).
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        let mut mods = mods & MATCHED_MODS;
        let code = match code {
            // Shift on a char is already in the char's case; `shift-1` stays '1' as terminals report '!'.
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeySpec { code, mods }
    }

    /// The spec a key event stands for, or None for a release (only presses and repeats act).
    pub fn from_event(event: &KeyEvent) -> Option<KeySpec> {
        match event.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => Some(KeySpec::new(event.code, event.modifiers)),
            KeyEventKind::Release => None,
        }
    }

    pub fn matches(&self, event: &KeyEvent) -> bool {
        KeySpec::from_event(event).is_some_and(|k| k == *self)
    }
}

fn parse_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let Some(c) = chars.next()
        && chars.next().is_none()
    {
        return Some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
        return Some(*code);
    }
    let number = lower.strip_prefix('f')?.parse::<u8>().ok()?;
    (1..=12).contains(&number).then_some(KeyCode::F(number))
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match NAMED.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{code:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn parses_names_and_modifiers() {
        assert_eq!(KeySpec::parse("q").unwrap(), KeySpec { code: KeyCode::Char('q'), mods: KeyModifiers::NONE });
        assert_eq!(
            KeySpec::parse("ctrl-c").unwrap(),
            KeySpec { code: KeyCode::Char('c'), mods: KeyModifiers::CONTROL }
        );
        assert_eq!(KeySpec::parse("PgDn").unwrap().code, KeyCode::PageDown);
        assert_eq!(KeySpec::parse("f12").unwrap().code, KeyCode::F(12));
        assert_eq!(KeySpec::parse("shift-g").unwrap(), KeySpec::parse("G").unwrap());
        assert_eq!(KeySpec::parse("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(
            KeySpec::parse("ctrl--").unwrap(),
            KeySpec { code: KeyCode::Char('-'), mods: KeyModifiers::CONTROL }
        );
        let ca = KeySpec::parse("alt-ctrl-up").unwrap();
        assert_eq!(ca.mods, KeyModifiers::CONTROL | KeyModifiers::ALT);
        assert_eq!(ca.code, KeyCode::Up);
    }

    #[test]
    fn rejects_bad_names() {
        for bad in
            ["", "ctrl-", "enterr", "f13", "f0", "hyper-x", "qq", "shift-/", "shift-1", "ctrl-shift-;", "shift-space"]
        {
            assert!(KeySpec::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn display_round_trips() {
        for name in ["q", "G", "ctrl-c", "alt-enter", "shift-up", "pgdn", "f5", "space", "backtab", ":", "?"] {
            let spec = KeySpec::parse(name).unwrap();
            assert_eq!(spec.to_string(), name);
            assert_eq!(KeySpec::parse(&spec.to_string()).unwrap(), spec);
        }
    }

    #[test]
    fn matching_ignores_shift_on_chars_and_releases() {
        let g_upper = KeySpec::parse("G").unwrap();
        assert!(g_upper.matches(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(g_upper.matches(&press(KeyCode::Char('G'), KeyModifiers::NONE)));
        // Some keyboard protocols report the base letter plus SHIFT.
        assert!(g_upper.matches(&press(KeyCode::Char('g'), KeyModifiers::SHIFT)));
        assert!(!g_upper.matches(&press(KeyCode::Char('g'), KeyModifiers::NONE)));

        let question = KeySpec::parse("?").unwrap();
        assert!(question.matches(&press(KeyCode::Char('?'), KeyModifiers::SHIFT)));

        let ctrl_c = KeySpec::parse("ctrl-c").unwrap();
        assert!(ctrl_c.matches(&press(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(!ctrl_c.matches(&press(KeyCode::Char('c'), KeyModifiers::NONE)));

        let up = KeySpec::parse("up").unwrap();
        assert!(!up.matches(&press(KeyCode::Up, KeyModifiers::SHIFT)), "shift-up is a different key");
        assert!(KeySpec::parse("backtab").unwrap().matches(&press(KeyCode::BackTab, KeyModifiers::SHIFT)));

        let mut release = press(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert!(!KeySpec::parse("q").unwrap().matches(&release));
        release.kind = KeyEventKind::Repeat;
        assert!(KeySpec::parse("q").unwrap().matches(&release));
    }
}
