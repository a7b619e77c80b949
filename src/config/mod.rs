//! Configuration: the keymap, themes and settings, each a built-in default plus an optional
//! user file in the config directory. Loading never fails: problems become warnings that name
//! the file and what was wrong, for the UI to show.

pub mod keymap;
mod keys;
pub mod paths;
pub mod settings;
mod style;
pub mod theme;
pub(crate) mod toml_util;

pub use keymap::{Action, Context, DEFAULT_KEYMAP, Keymap};
pub use keys::KeySpec;
pub use paths::Paths;
pub use settings::Settings;
pub use style::parse_color;
pub use theme::{Theme, Themes, no_color};

/// Everything read from the config directory at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    pub keymap: Keymap,
    pub themes: Themes,
    pub settings: Settings,
    /// Fargate prices for the cost estimate: built in, with the user's `prices.toml` over them.
    pub prices: crate::model::Prices,
    pub paths: Paths,
    /// One line per problem, e.g. `keymap.toml: [tasks] toggle_stoped: unknown action (kept defaults)`.
    pub warnings: Vec<String>,
}

impl Config {
    pub fn load(paths: Paths) -> Config {
        let (settings, mut warnings) = Settings::load(&paths.config_dir);
        let (keymap, keymap_warnings) = Keymap::load(&paths.config_dir);
        let (themes, theme_warnings) = Themes::load(&paths.config_dir);
        let (prices, price_warnings) = crate::model::Prices::load(&paths.config_dir);
        warnings.extend(keymap_warnings);
        warnings.extend(theme_warnings);
        warnings.extend(price_warnings);
        Config { keymap, themes, settings, prices, paths, warnings }
    }
}

/// Same as [`Config::load`].
pub fn load(paths: Paths) -> Config {
    Config::load(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_dir_gives_defaults_without_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let config = load(Paths::in_dir(dir.path()));
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);
        assert_eq!(config.keymap, Keymap::defaults());
        assert_eq!(config.settings, Settings::default());
        assert_eq!(config.themes.names(), Themes::builtin().names());
        assert_eq!(config.prices, crate::model::Prices::builtin());
    }

    #[test]
    fn warnings_from_every_file_are_collected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keymap.toml"), "[tasks]\ntoggle_stoped = \"s\"\n").unwrap();
        std::fs::write(dir.path().join("settings.toml"), "concurrency = 0\nread_only = true\n").unwrap();
        std::fs::create_dir(dir.path().join("themes")).unwrap();
        std::fs::write(dir.path().join("themes/ugly.toml"), "ok = \"chartreuse\"\n").unwrap();
        std::fs::write(dir.path().join("prices.toml"), "[regions.eu-west-1]\nx86 = 0.04\n").unwrap();
        let config = Config::load(Paths::in_dir(dir.path()));
        assert_eq!(config.warnings.len(), 4, "{:#?}", config.warnings);
        assert!(config.warnings.iter().any(|w| w.starts_with("prices.toml: [regions.eu-west-1] x86: expected")));
        assert!(config.warnings.contains(&"keymap.toml: [tasks] toggle_stoped: unknown action (kept defaults)".into()));
        assert!(config.warnings.iter().any(|w| w.starts_with("settings.toml: concurrency:")));
        assert!(config.warnings.iter().any(|w| w.starts_with("themes/ugly.toml: ok: unknown colour")));
        assert!(config.settings.read_only);
        assert!(config.themes.get("ugly").is_some());
    }
}

/// The documentation's examples and tables must stay true to the code.
#[cfg(test)]
mod doc_tests {
    use super::*;

    const KEYMAP_DOC: &str = include_str!("../../docs/keymap.md");
    const THEMES_DOC: &str = include_str!("../../docs/themes.md");
    const CONFIG_DOC: &str = include_str!("../../docs/configuration.md");
    const HEALTH_DOC: &str = include_str!("../../docs/health.md");

    fn first_toml_block(doc: &str) -> &str {
        let start = doc.find("```toml\n").map(|i| i + "```toml\n".len()).expect("a toml example");
        let len = doc[start..].find("```").expect("closed block");
        &doc[start..start + len]
    }

    #[test]
    fn keymap_doc_lists_every_action_and_its_example_is_valid() {
        let keymap = Keymap::defaults();
        for &action in Action::all() {
            let documented = Context::all().iter().any(|&ctx| {
                let keys: Vec<String> = keymap.keys(ctx, action).iter().map(|k| format!("`{k}`")).collect();
                let row = format!("| {} | `{}` | {} |", ctx.name(), action.name(), keys.join(", "));
                !keys.is_empty() && KEYMAP_DOC.contains(&row)
            });
            assert!(documented, "docs/keymap.md has no row for {} with its default keys", action.name());
        }
        let (_, warnings) = Keymap::with_user(first_toml_block(KEYMAP_DOC));
        assert_eq!(warnings, Vec::<String>::new());
    }

    #[test]
    fn themes_doc_names_every_builtin_and_its_example_is_valid() {
        for name in Themes::builtin().names() {
            assert!(THEMES_DOC.contains(&format!("| `{name}` |")), "docs/themes.md lacks {name}");
        }
        for slot in theme::SLOTS {
            assert!(THEMES_DOC.contains(&format!("| `{slot}` |")), "docs/themes.md lacks slot {slot}");
        }
        let (theme, warnings) =
            Theme::parse("example", "example", first_toml_block(THEMES_DOC), &Theme::default()).unwrap();
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(theme.name, "solarized");
    }

    #[test]
    fn configuration_doc_example_is_valid() {
        let (settings, warnings) = Settings::parse(first_toml_block(CONFIG_DOC));
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(settings.theme.as_deref(), Some("nord"));
        assert!(CONFIG_DOC.contains("BOSUN_CONFIG_DIR") && CONFIG_DOC.contains("bosun.log"));
    }

    #[test]
    fn health_doc_prices_example_is_valid_and_its_placement_table_is_the_code() {
        let mix_at = HEALTH_DOC.find("## Capacity-provider mix").expect("a mix section");
        let cost_at = HEALTH_DOC.find("## Cost estimate").expect("a cost section");
        let (mix, cost) = (&HEALTH_DOC[mix_at..cost_at], &HEALTH_DOC[cost_at..]);
        let builtin = crate::model::Prices::builtin();
        let (prices, warnings) = crate::model::Prices::parse(first_toml_block(cost), "prices.toml", &builtin);
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(
            prices.region("sa-east-1").map(|r| r.source.as_str()),
            Some("our negotiated rates, finance sheet FY27")
        );
        assert_eq!(prices.region("eu-west-1").unwrap().arm, builtin.region("eu-west-1").unwrap().arm);

        let strategy = crate::model::Strategy(vec![
            crate::model::StrategyItem { provider: "FARGATE".into(), base: 1, weight: 1 },
            crate::model::StrategyItem { provider: "FARGATE_SPOT".into(), base: 0, weight: 4 },
        ]);
        assert!(mix.contains(&strategy.notation()) && mix.contains(crate::model::Strategy::LEGEND));
        let mut rows = 0;
        for line in mix.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| desired")) {
            let cells: Vec<u32> = line.split('|').filter_map(|c| c.trim().parse().ok()).collect();
            let [desired, fargate, spot] = cells[..] else { panic!("bad row {line}") };
            let split: Vec<u32> = strategy.expected_split(desired).into_iter().map(|(_, n)| n).collect();
            assert_eq!(split, vec![fargate, spot], "docs/health.md row {line}");
            rows += 1;
        }
        assert!(rows >= 5);
    }
}
