use super::*;

#[test]
fn builtin_themes_parse_without_warnings() {
    let (themes, warnings) = Themes::builtin_with_warnings();
    assert_eq!(warnings, Vec::<String>::new());
    for name in ["default", "light", "high-contrast", "dracula", "nord", "gruvbox", "monochrome"] {
        let theme = themes.get(name).unwrap_or_else(|| panic!("missing built-in {name}"));
        assert_eq!(theme.name, name);
    }
    assert_eq!(themes.names().len(), BUILTIN.len() + 1);
    let mut sorted = themes.names();
    sorted.sort();
    assert_eq!(themes.names(), sorted);
}

#[test]
fn every_builtin_file_sets_every_slot() {
    // Only the default must (others fall back to it), but a built-in that leans on the
    // default's ANSI colours would look wrong on its own background.
    for (stem, text) in BUILTIN {
        let doc = text.parse::<toml::Table>().unwrap();
        for slot in SLOTS {
            assert!(doc.contains_key(*slot), "themes/{stem}.toml lacks {slot}");
        }
    }
}

#[test]
fn builtin_themes_differ_and_use_colour() {
    let themes = Themes::builtin();
    let dracula = themes.get("dracula").unwrap();
    assert_eq!(dracula.background, Some(Color::Rgb(0x28, 0x2a, 0x36)));
    assert_eq!(dracula.error, Style::new().fg(Color::Rgb(0xff, 0x55, 0x55)).add_modifier(Modifier::BOLD));
    let default = themes.get("default").unwrap();
    assert_eq!(default.background, None);
    assert_eq!(default.ok, Style::new().fg(Color::Green));
    assert_ne!(default.selection, themes.get("light").unwrap().selection);
}

#[test]
fn monochrome_has_no_colour() {
    let mono = Theme::monochrome();
    let slots = [
        mono.text,
        mono.muted,
        mono.accent,
        mono.ok,
        mono.warn,
        mono.error,
        mono.selection,
        mono.header,
        mono.border,
        mono.title,
    ];
    for style in slots {
        assert_eq!((style.fg, style.bg), (None, None));
    }
    assert_eq!(mono.background, None);
    assert!(mono.selection.add_modifier.contains(Modifier::REVERSED));
    assert!(mono.muted.add_modifier.contains(Modifier::DIM));
}

#[test]
fn user_theme_loads_overrides_and_falls_back() {
    let dir = tempfile::tempdir().unwrap();
    let themes_dir = dir.path().join("themes");
    std::fs::create_dir(&themes_dir).unwrap();
    std::fs::write(themes_dir.join("mine.toml"), "ok = \"#00ff00\"\nbackground = \"234\"\n").unwrap();
    std::fs::write(themes_dir.join("my-nord.toml"), "name = \"nord\"\nwarn = { fg = \"magenta\", italic = true }\n")
        .unwrap();
    std::fs::write(themes_dir.join("broken.toml"), "ok = \"green\n").unwrap();
    std::fs::write(themes_dir.join("notes.txt"), "not a theme").unwrap();

    let (themes, warnings) = Themes::load(dir.path());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("themes/broken.toml: syntax error"), "{}", warnings[0]);
    assert!(themes.get("broken").is_none());

    let default = Themes::builtin().get("default").cloned().unwrap();
    let mine = themes.get("mine").unwrap();
    assert_eq!(mine.ok, Style::new().fg(Color::Rgb(0, 255, 0)));
    assert_eq!(mine.background, Some(Color::Indexed(234)));
    assert_eq!(mine.error, default.error, "missing slots come from the default theme");

    let nord = themes.get("nord").unwrap();
    assert_eq!(nord.warn, Style::new().fg(Color::Magenta).add_modifier(Modifier::ITALIC));
    assert_eq!(nord.ok, default.ok, "the user's nord replaces the built-in one entirely");
    assert!(themes.names().contains(&"mine".to_string()));
}

#[test]
fn bad_colour_and_unknown_keys_warn() {
    let text = "error = \"#ff55\"\nwarn = { fg = \"yellow\", blink = true }\nbackgrnd = \"black\"\nbackground = true\n";
    let (theme, warnings) = Theme::parse("themes/x.toml", "x", text, &Theme::default()).unwrap();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(warnings.iter().all(|w| w.starts_with("themes/x.toml: ")));
    assert!(warnings.iter().any(|w| w.contains("error: unknown colour \"#ff55\"")), "{warnings:#?}");
    assert!(warnings.iter().any(|w| w.contains("unknown key \"blink\"")), "{warnings:#?}");
    assert!(warnings.iter().any(|w| w.contains("unknown key \"backgrnd\"")), "{warnings:#?}");
    assert!(warnings.iter().any(|w| w.contains("background: expected a colour string")), "{warnings:#?}");
    assert_eq!(theme.error, Theme::default().error);
    assert_eq!(theme.warn, Style::new().fg(Color::Yellow));
    assert_eq!(theme.background, None);
}

#[test]
fn missing_themes_dir_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let (themes, warnings) = Themes::load(dir.path());
    assert!(warnings.is_empty());
    assert_eq!(themes.names(), Themes::builtin().names());
}

#[test]
fn pick_honours_request_then_no_color() {
    let themes = Themes::builtin();
    assert_eq!(themes.pick(None, false).0.name, "default");
    assert_eq!(themes.pick(None, true).0, Theme::monochrome());
    assert_eq!(themes.pick(Some("nord"), true).0.name, "nord");
    let (theme, warning) = themes.pick(Some("solarized"), false);
    assert_eq!(theme.name, "default");
    assert!(warning.unwrap().contains("unknown theme \"solarized\""));
    assert_eq!(themes.pick(Some("solarized"), true).0.name, "monochrome");
}

/// Under NO_COLOR every theme, chosen or not, draws without colour, keeps attributes that
/// tell states apart, and shows the selected row in reverse video.
#[test]
fn no_color_keeps_the_selection_visible_whatever_the_theme() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    // A user theme whose selection is a background colour only.
    std::fs::write(dir.path().join("themes/flat.toml"), "selection = { bg = \"blue\" }\nwarn = \"yellow\"\n").unwrap();
    let (themes, warnings) = Themes::load(dir.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    let colourless = |s: Style| s.fg.is_none() && s.bg.is_none() && s.underline_color.is_none();
    for name in themes.names() {
        let (theme, _) = themes.pick(Some(&name), true);
        assert_eq!(theme.name, name);
        let slots = [
            theme.text,
            theme.muted,
            theme.accent,
            theme.ok,
            theme.warn,
            theme.error,
            theme.selection,
            theme.header,
            theme.border,
            theme.title,
        ];
        assert!(slots.iter().all(|s| colourless(*s)) && theme.background.is_none(), "{name}: {theme:?}");
        assert!(theme.selection.add_modifier.contains(Modifier::REVERSED), "{name}: {:?}", theme.selection);
        for (slot, style) in [("warn", theme.warn), ("error", theme.error), ("header", theme.header)] {
            assert!(!style.add_modifier.is_empty(), "{name}: {slot} is indistinguishable without colour");
        }
    }
    assert_eq!(themes.pick(None, true).0, Theme::monochrome());
    assert_eq!(themes.pick(Some("monochrome"), true).0, Theme::monochrome());
    // With colour allowed, themes keep their colours.
    assert!(themes.pick(Some("nord"), false).0.selection.bg.is_some());
    assert_eq!(themes.pick(Some("flat"), false).0.selection.bg, Some(Color::Blue));
}

#[test]
fn no_color_needs_a_non_empty_value() {
    assert!(!no_color_from(None));
    assert!(!no_color_from(Some(OsString::new())));
    assert!(no_color_from(Some(OsString::from("1"))));
}
