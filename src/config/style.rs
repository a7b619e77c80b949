//! Colours and styles as written in theme files: `"red"`, `"#ff5555"`, `"123"`, or a table
//! `{ fg = "...", bg = "...", bold = true, italic, underline, dim, reversed }`.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use super::toml_util::type_name;

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("dim", Modifier::DIM),
    ("reversed", Modifier::REVERSED),
];

/// A named colour (`red`, `light-blue`, `dark-gray`, `reset`, ...), `#rrggbb`, or an ANSI index `0`..`255`.
pub fn parse_color(text: &str) -> Result<Color, String> {
    Color::from_str(text.trim()).map_err(|_| {
        format!("unknown colour {text:?} (use a name such as \"light-blue\", \"#rrggbb\" or an index 0-255)")
    })
}

pub(crate) fn parse_color_value(value: &toml::Value) -> Result<Color, String> {
    match value.as_str() {
        Some(text) => parse_color(text),
        None => Err(format!("expected a colour string, found {}", type_name(value))),
    }
}

/// A style slot: a colour string (the foreground) or a table. Returns the style and non-fatal
/// warnings (unknown keys inside the table); an Err means the slot cannot be used at all.
pub(crate) fn parse_style(value: &toml::Value) -> Result<(Style, Vec<String>), String> {
    let table = match value {
        toml::Value::String(text) => return Ok((Style::new().fg(parse_color(text)?), Vec::new())),
        toml::Value::Table(table) => table,
        other => {
            return Err(format!(
                "expected a colour or a table {{ fg = .., bg = .., bold = .. }}, found {}",
                type_name(other)
            ));
        }
    };
    let mut style = Style::new();
    let mut warnings = Vec::new();
    for (key, value) in table {
        match key.as_str() {
            "fg" => style = style.fg(parse_color_value(value).map_err(|e| format!("fg: {e}"))?),
            "bg" => style = style.bg(parse_color_value(value).map_err(|e| format!("bg: {e}"))?),
            name => match MODIFIERS.iter().find(|(n, _)| *n == name) {
                Some((_, modifier)) => match value.as_bool() {
                    Some(true) => style = style.add_modifier(*modifier),
                    Some(false) => {}
                    None => return Err(format!("{name}: expected true or false, found {}", type_name(value))),
                },
                None => warnings
                    .push(format!("unknown key {name:?} (expected fg, bg, bold, italic, underline, dim, reversed)")),
            },
        }
    }
    Ok((style, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> toml::Value {
        text.parse::<toml::Table>().unwrap().remove("v").unwrap()
    }

    #[test]
    fn colours() {
        assert_eq!(parse_color("red"), Ok(Color::Red));
        assert_eq!(parse_color("light-blue"), Ok(Color::LightBlue));
        assert_eq!(parse_color("dark-gray"), Ok(Color::DarkGray));
        assert_eq!(parse_color("reset"), Ok(Color::Reset));
        assert_eq!(parse_color("#f8F8f2"), Ok(Color::Rgb(0xf8, 0xf8, 0xf2)));
        assert_eq!(parse_color("123"), Ok(Color::Indexed(123)));
        for bad in ["#ff55", "reddish", "256", "", "#gggggg"] {
            assert!(parse_color(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn styles() {
        let (style, warnings) = parse_style(&value("v = \"green\"")).unwrap();
        assert_eq!(style, Style::new().fg(Color::Green));
        assert!(warnings.is_empty());

        let (style, warnings) =
            parse_style(&value("v = { fg = \"#000000\", bg = \"white\", bold = true, dim = false, reversed = true }"))
                .unwrap();
        assert_eq!(
            style,
            Style::new().fg(Color::Rgb(0, 0, 0)).bg(Color::White).add_modifier(Modifier::BOLD | Modifier::REVERSED)
        );
        assert!(warnings.is_empty());

        let (style, warnings) = parse_style(&value("v = { fg = \"red\", blink = true }")).unwrap();
        assert_eq!(style, Style::new().fg(Color::Red));
        assert_eq!(warnings.len(), 1);

        assert!(parse_style(&value("v = { fg = \"nope\" }")).unwrap_err().starts_with("fg: unknown colour"));
        assert!(parse_style(&value("v = { bold = \"yes\" }")).is_err());
        assert!(parse_style(&value("v = 3")).is_err());
    }
}
