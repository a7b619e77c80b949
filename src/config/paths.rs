//! Where bosun reads its configuration and writes its state (log file, journal).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

pub const CONFIG_DIR_ENV: &str = "BOSUN_CONFIG_DIR";
pub const STATE_DIR_ENV: &str = "BOSUN_STATE_DIR";
/// Used when the platform gives no home directory (e.g. a bare container).
pub const FALLBACK_DIR: &str = ".bosun";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// keymap.toml, settings.toml, themes/, prices.toml.
    pub config_dir: PathBuf,
    /// bosun.log and other files bosun writes.
    pub state_dir: PathBuf,
}

impl Paths {
    /// `BOSUN_CONFIG_DIR` / `BOSUN_STATE_DIR` when set, else the platform directories
    /// (Linux: ~/.config/bosun and ~/.local/state/bosun), else `./.bosun`.
    pub fn resolve() -> Paths {
        Paths::from_env(|name| std::env::var_os(name), ProjectDirs::from("", "", "bosun"))
    }

    fn from_env(var: impl Fn(&str) -> Option<OsString>, project: Option<ProjectDirs>) -> Paths {
        let var = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let fallback = PathBuf::from(".").join(FALLBACK_DIR);
        let config_dir = var(CONFIG_DIR_ENV)
            .or_else(|| project.as_ref().map(|p| p.config_dir().to_path_buf()))
            .unwrap_or_else(|| fallback.clone());
        // macOS and Windows have no state dir; local data is the closest (never synced).
        let state_dir = var(STATE_DIR_ENV)
            .or_else(|| project.as_ref().map(|p| p.state_dir().unwrap_or(p.data_local_dir()).to_path_buf()))
            .unwrap_or(fallback);
        Paths { config_dir, state_dir }
    }

    /// Both directories under one root, for tests and `--config-dir` style overrides.
    pub fn in_dir(root: &Path) -> Paths {
        Paths { config_dir: root.to_path_buf(), state_dir: root.join("state") }
    }

    pub fn keymap_file(&self) -> PathBuf {
        self.config_dir.join("keymap.toml")
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.toml")
    }

    /// The user's Fargate prices for the cost estimate (`model::Prices::load`).
    pub fn prices_file(&self) -> PathBuf {
        self.config_dir.join(crate::model::PRICES_FILE)
    }

    pub fn themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }

    pub fn log_file(&self) -> PathBuf {
        self.state_dir.join("bosun.log")
    }

    /// The audit journal of changes made in AWS (`audit::Journal::in_dir(&paths.state_dir)`).
    pub fn journal_file(&self) -> PathBuf {
        self.state_dir.join(crate::audit::JOURNAL_FILE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn env_overrides_win() {
        let project = ProjectDirs::from_path(PathBuf::from("bosun"));
        let paths = Paths::from_env(env(&[(CONFIG_DIR_ENV, "/tmp/cfg"), (STATE_DIR_ENV, "/tmp/state")]), project);
        assert_eq!(paths, Paths { config_dir: "/tmp/cfg".into(), state_dir: "/tmp/state".into() });
        assert_eq!(paths.log_file(), PathBuf::from("/tmp/state/bosun.log"));
        assert_eq!(paths.keymap_file(), PathBuf::from("/tmp/cfg/keymap.toml"));
    }

    #[test]
    fn platform_dirs_when_env_is_unset_or_empty() {
        let Some(project) = ProjectDirs::from("", "", "bosun") else {
            // No home directory in this environment: the fallback case below still runs.
            return;
        };
        let paths = Paths::from_env(env(&[(CONFIG_DIR_ENV, "")]), Some(project.clone()));
        assert_eq!(paths.config_dir, project.config_dir());
        assert_eq!(paths.state_dir, project.state_dir().unwrap_or(project.data_local_dir()));
    }

    #[test]
    fn last_resort_is_dot_bosun() {
        let paths = Paths::from_env(env(&[(STATE_DIR_ENV, "/var/tmp/b")]), None);
        assert_eq!(paths.config_dir, PathBuf::from("./.bosun"));
        assert_eq!(paths.state_dir, PathBuf::from("/var/tmp/b"));
    }
}
