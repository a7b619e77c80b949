//! Fargate prices per region, for the cost estimate: built in from
//! `data/fargate-prices.toml`, with the user's `prices.toml` (config directory) replacing or
//! adding regions. A bad user file gives warnings and keeps the built-in prices, never a panic.
use std::collections::BTreeMap;
use std::path::Path;

use crate::config::toml_util::{parse_table, read_optional, type_name};

/// The user's override, in the config directory.
pub const PRICES_FILE: &str = "prices.toml";
const BUILTIN: &str = include_str!("../../data/fargate-prices.toml");
const BUILTIN_NAME: &str = "data/fargate-prices.toml";
const RATES: [&str; 4] = ["x86", "arm", "x86_spot", "arm_spot"];

/// The CPU architecture a task runs on (the task definition's `runtimePlatform`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    X86,
    Arm,
}

impl Arch {
    /// `X86_64` or `ARM64` as ECS writes `cpuArchitecture`.
    pub fn from_aws(text: &str) -> Option<Arch> {
        match text.to_ascii_uppercase().as_str() {
            "X86_64" => Some(Arch::X86),
            "ARM64" => Some(Arch::Arm),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Arch::X86 => "Linux/x86",
            Arch::Arm => "Linux/ARM",
        }
    }
}

/// USD per vCPU-hour and per GB-hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub vcpu_hour: f64,
    pub gb_hour: f64,
}

/// One region's rates; a rate may be missing (a user region that gives only some).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionPrices {
    pub x86: Option<Rate>,
    pub arm: Option<Rate>,
    pub x86_spot: Option<Rate>,
    pub arm_spot: Option<Rate>,
    /// When these prices were in effect, as the file says.
    pub effective: String,
    /// Where they come from: the built-in file's note, or the user's.
    pub source: String,
}

impl RegionPrices {
    pub fn rate(&self, arch: Arch, spot: bool) -> Option<Rate> {
        match (arch, spot) {
            (Arch::X86, false) => self.x86,
            (Arch::Arm, false) => self.arm,
            (Arch::X86, true) => self.x86_spot,
            (Arch::Arm, true) => self.arm_spot,
        }
    }

    fn slot(&mut self, name: &str) -> Option<&mut Option<Rate>> {
        match name {
            "x86" => Some(&mut self.x86),
            "arm" => Some(&mut self.arm),
            "x86_spot" => Some(&mut self.x86_spot),
            "arm_spot" => Some(&mut self.arm_spot),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prices {
    regions: BTreeMap<String, RegionPrices>,
}

impl Prices {
    /// The prices shipped with bosun (a test makes sure the file parses without a warning).
    pub fn builtin() -> Prices {
        Prices::parse(BUILTIN, BUILTIN_NAME, &Prices::default()).0
    }

    /// The built-in prices with `<config_dir>/prices.toml` laid over them, and one warning
    /// per problem in that file.
    pub fn load(config_dir: &Path) -> (Prices, Vec<String>) {
        let builtin = Prices::builtin();
        match read_optional(&config_dir.join(PRICES_FILE)) {
            Ok(Some(text)) => Prices::parse(&text, PRICES_FILE, &builtin),
            Ok(None) => (builtin, Vec::new()),
            Err(err) => (builtin, vec![format!("{PRICES_FILE}: {err} (using the built-in prices)")]),
        }
    }

    /// `base` with the regions of `text` laid over it: each region given replaces the rates it
    /// names and keeps the others; a region not in `base` is added. `file` names the file in
    /// warnings and is the source note of regions that give none.
    pub fn parse(text: &str, file: &str, base: &Prices) -> (Prices, Vec<String>) {
        let mut prices = base.clone();
        let doc = match parse_table(text) {
            Ok(doc) => doc,
            Err(err) => return (prices, vec![format!("{file}: {err} (using the built-in prices)")]),
        };
        let mut warnings = Vec::new();
        let note = |key: &str, w: &mut Vec<String>| match doc.get(key) {
            None => None,
            Some(toml::Value::String(s)) => Some(s.clone()),
            Some(toml::Value::Datetime(d)) => Some(d.to_string()),
            Some(other) => {
                w.push(format!("{file}: {key}: expected text, found {} (ignored)", type_name(other)));
                None
            }
        };
        let effective = note("effective", &mut warnings).unwrap_or_else(|| "unknown".into());
        let source = note("source", &mut warnings).unwrap_or_else(|| file.to_string());
        for key in doc.keys().filter(|k| !matches!(k.as_str(), "effective" | "source" | "regions")) {
            warnings.push(format!("{file}: {key}: unknown key (ignored; known: effective, source, regions)"));
        }
        let regions = match doc.get("regions") {
            None => return (prices, warnings),
            Some(toml::Value::Table(t)) => t,
            Some(other) => {
                warnings.push(format!(
                    "{file}: regions: expected a table of regions, found {} (ignored)",
                    type_name(other)
                ));
                return (prices, warnings);
            }
        };
        for (name, value) in regions {
            let Some(table) = value.as_table() else {
                warnings.push(format!(
                    "{file}: [regions.{name}]: expected a table of rates, found {} (ignored)",
                    type_name(value)
                ));
                continue;
            };
            let mut region = prices.regions.get(name).cloned().unwrap_or_default();
            region.effective = effective.clone();
            region.source = source.clone();
            let mut any = false;
            for (key, value) in table {
                let Some(slot) = region.slot(key) else {
                    warnings.push(format!(
                        "{file}: [regions.{name}] {key}: unknown rate (ignored; known: {})",
                        RATES.join(", ")
                    ));
                    continue;
                };
                match parse_rate(value) {
                    Ok(rate) => {
                        *slot = Some(rate);
                        any = true;
                    }
                    Err(err) => {
                        let kept = if slot.is_some() { "kept the built-in rate" } else { "no rate" };
                        warnings.push(format!("{file}: [regions.{name}] {key}: {err} ({kept})"));
                    }
                }
            }
            // A region whose every rate was wrong stays as it was: a note saying "yours"
            // over the built-in figures would mislead.
            if any {
                prices.regions.insert(name.clone(), region);
            }
        }
        (prices, warnings)
    }

    pub fn region(&self, name: &str) -> Option<&RegionPrices> {
        self.regions.get(name)
    }

    /// Region names, sorted.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.regions.keys().map(String::as_str)
    }
}

/// `{ vcpu_hour = 0.04048, gb_hour = 0.004445 }`: both, each a number 0 or above.
fn parse_rate(value: &toml::Value) -> Result<Rate, String> {
    let table = value
        .as_table()
        .ok_or_else(|| format!("expected {{ vcpu_hour = …, gb_hour = … }}, found {}", type_name(value)))?;
    let number = |key: &str| -> Result<f64, String> {
        let v = table.get(key).ok_or_else(|| format!("{key} is missing"))?;
        let n = match v {
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            other => return Err(format!("{key}: expected a number, found {}", type_name(other))),
        };
        if n.is_finite() && n >= 0.0 { Ok(n) } else { Err(format!("{key}: {n} is not a price")) }
    };
    if let Some(extra) = table.keys().find(|k| !matches!(k.as_str(), "vcpu_hour" | "gb_hour")) {
        return Err(format!("{extra}: unknown field (known: vcpu_hour, gb_hour)"));
    }
    Ok(Rate { vcpu_hour: number("vcpu_hour")?, gb_hour: number("gb_hour")? })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED: [&str; 8] = [
        "us-east-1",
        "us-east-2",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "eu-west-2",
        "ap-southeast-1",
        "ap-northeast-1",
    ];

    #[test]
    fn the_builtin_file_parses_and_covers_the_main_regions() {
        let (prices, warnings) = Prices::parse(BUILTIN, BUILTIN_NAME, &Prices::default());
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(prices, Prices::builtin());
        for name in REQUIRED {
            let r = prices.region(name).unwrap_or_else(|| panic!("{name} missing"));
            for arch in [Arch::X86, Arch::Arm] {
                for spot in [false, true] {
                    let rate = r.rate(arch, spot).unwrap_or_else(|| panic!("{name} {arch:?} spot={spot}"));
                    assert!(rate.vcpu_hour > 0.0 && rate.gb_hour > 0.0);
                }
                // Spot is cheaper than on-demand, ARM cheaper than x86.
                assert!(r.rate(arch, true).unwrap().vcpu_hour < r.rate(arch, false).unwrap().vcpu_hour);
            }
            assert!(r.rate(Arch::Arm, false).unwrap().vcpu_hour < r.rate(Arch::X86, false).unwrap().vcpu_hour);
            assert_eq!(r.effective, "2024-09-01");
            assert!(r.source.contains("https://aws.amazon.com/fargate/pricing/"), "{}", r.source);
        }
        assert_eq!(prices.region("eu-west-1").unwrap().x86, Some(Rate { vcpu_hour: 0.04048, gb_hour: 0.004445 }));
        assert!(BUILTIN.contains("check these figures against the AWS Fargate pricing page"));
    }

    #[test]
    fn a_user_file_replaces_rates_and_adds_regions() {
        let text = r#"
effective = "2026-11-01"
source = "our enterprise discount sheet"
[regions.eu-west-1]
x86 = { vcpu_hour = 0.03, gb_hour = 0.003 }
[regions.sa-east-1]
x86 = { vcpu_hour = 0.0696, gb_hour = 0.0076 }
"#;
        let (prices, warnings) = Prices::parse(text, PRICES_FILE, &Prices::builtin());
        assert_eq!(warnings, Vec::<String>::new());
        let eu = prices.region("eu-west-1").unwrap();
        assert_eq!(eu.x86, Some(Rate { vcpu_hour: 0.03, gb_hour: 0.003 }));
        // The rates not given stay the built-in ones.
        assert_eq!(eu.arm, Prices::builtin().region("eu-west-1").unwrap().arm);
        assert_eq!((eu.effective.as_str(), eu.source.as_str()), ("2026-11-01", "our enterprise discount sheet"));
        let sa = prices.region("sa-east-1").unwrap();
        assert_eq!(sa.x86, Some(Rate { vcpu_hour: 0.0696, gb_hour: 0.0076 }));
        assert_eq!(sa.x86_spot, None);
        // Untouched regions keep the built-in note.
        assert_eq!(prices.region("us-east-1"), Prices::builtin().region("us-east-1"));
    }

    #[test]
    fn a_bad_file_warns_and_keeps_the_builtin_prices() {
        let (prices, warnings) = Prices::parse("[regions.eu-west-1\nx86 =", PRICES_FILE, &Prices::builtin());
        assert_eq!(prices, Prices::builtin());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("prices.toml: syntax error at line 1"), "{warnings:?}");
        assert!(warnings[0].ends_with("(using the built-in prices)"));

        let text = r#"
colour = "red"
[regions.eu-west-1]
x86 = { vcpu_hour = "cheap", gb_hour = 0.004 }
arm = { vcpu_hour = -1.0, gb_hour = 0.004 }
gpu = { vcpu_hour = 1.0, gb_hour = 1.0 }
[regions.mars-north-1]
x86 = 3
[regions.moon-1]
x86_spot = { vcpu_hour = 0.01 }
"#;
        let (prices, mut warnings) = Prices::parse(text, PRICES_FILE, &Prices::builtin());
        warnings.sort();
        assert_eq!(
            warnings,
            vec![
                "prices.toml: [regions.eu-west-1] arm: vcpu_hour: -1 is not a price (kept the built-in rate)",
                "prices.toml: [regions.eu-west-1] gpu: unknown rate (ignored; known: x86, arm, x86_spot, arm_spot)",
                "prices.toml: [regions.eu-west-1] x86: vcpu_hour: expected a number, found a string (kept the built-in rate)",
                "prices.toml: [regions.mars-north-1] x86: expected { vcpu_hour = …, gb_hour = … }, found an integer (no rate)",
                "prices.toml: [regions.moon-1] x86_spot: gb_hour is missing (no rate)",
                "prices.toml: colour: unknown key (ignored; known: effective, source, regions)",
            ]
        );
        assert_eq!(prices, Prices::builtin());
        assert!(prices.region("mars-north-1").is_none());
    }

    #[test]
    fn load_reads_the_config_dir() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prices::load(dir.path()), (Prices::builtin(), vec![]));
        std::fs::write(
            dir.path().join(PRICES_FILE),
            "[regions.il-central-1]\nx86 = { vcpu_hour = 0.05, gb_hour = 0.005 }\n",
        )
        .unwrap();
        let (prices, warnings) = Prices::load(dir.path());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(prices.region("il-central-1").unwrap().source, "prices.toml");
        assert_eq!(prices.region("il-central-1").unwrap().effective, "unknown");
        // A directory where the file should be: a warning, the built-in prices.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(PRICES_FILE)).unwrap();
        let (prices, warnings) = Prices::load(dir.path());
        assert_eq!(prices, Prices::builtin());
        assert!(warnings[0].starts_with("prices.toml: cannot read"), "{warnings:?}");
    }

    #[test]
    fn architectures_as_ecs_names_them() {
        assert_eq!(Arch::from_aws("ARM64"), Some(Arch::Arm));
        assert_eq!(Arch::from_aws("x86_64"), Some(Arch::X86));
        assert_eq!(Arch::from_aws("sparc"), None);
    }
}
