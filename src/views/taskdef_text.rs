//! What the task definition view shows, as toned lines: a summary for a quick read, the
//! definition as YAML or JSON with every environment value masked unless revealed, and the
//! line diff of two definitions. Pure: the view calls these when its data changes.
//!
//! Masking happens on the object before it is rendered, so a masked value is in no line: not
//! on screen, not in what `/` searches, not in a diff. The diff compares each side rendered
//! with its real values made one-line (an internal key, never shown) and shows the masked
//! rendering of the same lines; a value that differs between the two sides reads
//! `•••••• (changed)`.
use super::{DescribeFormat, Tone};
use crate::model::{ContainerDefinition, HealthCheck, TaskDefinition, arn_name};
use similar::{Algorithm, DiffTag, capture_diff_slices, group_diff_ops, udiff::UnifiedHunkHeader};

/// What a masked environment value shows instead of itself.
pub const MASK: &str = "••••••";

/// Lines of context around each change in a diff.
const CONTEXT: usize = 3;

/// One environment value: (container name, variable name).
pub type EnvKey = (String, String);

/// Every environment value of `td`, in document order (what `v` steps through).
pub fn env_keys(td: &TaskDefinition) -> Vec<EnvKey> {
    td.container_definitions
        .iter()
        .flat_map(|c| c.environment.iter().map(|e| (c.name.clone(), e.name.clone())))
        .collect()
}

/// A value on one line: a value with line breaks would otherwise take more YAML lines than
/// its mask, and the diff pairs masked and real lines one for one.
fn one_line(value: &str) -> String {
    value.replace('\r', "\\r").replace('\n', "\\n")
}

/// `td` with each environment value replaced by what `shown` gives for it.
fn with_values(td: &TaskDefinition, shown: impl Fn(&ContainerDefinition, &str, &str) -> String) -> TaskDefinition {
    let mut out = td.clone();
    for (c, orig) in out.container_definitions.iter_mut().zip(&td.container_definitions) {
        for e in &mut c.environment {
            e.value = shown(orig, &e.name, &e.value);
        }
    }
    out
}

fn revealed(reveal: Option<&EnvKey>, c: &ContainerDefinition, name: &str) -> bool {
    reveal.is_some_and(|(rc, rn)| *rc == c.name && rn == name)
}

/// `td` as it may be shown: environment values masked except the revealed one; with `other`
/// (the other side of a diff), a masked value that differs there says `(changed)`.
pub fn masked(td: &TaskDefinition, reveal: Option<&EnvKey>, other: Option<&TaskDefinition>) -> TaskDefinition {
    with_values(td, |c, name, value| {
        if revealed(reveal, c, name) {
            return one_line(value);
        }
        let there =
            other.and_then(|o| o.container(&c.name)).and_then(|oc| oc.environment.iter().find(|e| e.name == name));
        match there {
            Some(e) if e.value != value => format!("{MASK} (changed)"),
            _ => MASK.to_string(),
        }
    })
}

fn render(td: &TaskDefinition, format: DescribeFormat) -> Vec<String> {
    let (yaml, json) = crate::model::describe_text(td);
    let text = match format {
        DescribeFormat::Yaml => yaml,
        DescribeFormat::Json => json,
    };
    text.lines().map(str::to_string).collect()
}

/// The summary, then the definition (values masked), as the view shows it.
pub fn definition(td: &TaskDefinition, reveal: Option<&EnvKey>, format: DescribeFormat) -> Vec<(String, Tone)> {
    let mut out: Vec<(String, Tone)> = summary(td).into_iter().map(|l| (l, Tone::Heading)).collect();
    out.push((String::new(), Tone::Plain));
    out.extend(render(&masked(td, reveal, None), format).into_iter().map(|l| (l, Tone::Plain)));
    out
}

/// A unified diff from `old` to `new`: what changed in words, then hunks of the rendered
/// definitions (values masked on both sides unless revealed), apart from the lines that name
/// the revision.
pub fn diff(
    old: &TaskDefinition,
    new: &TaskDefinition,
    reveal: Option<&EnvKey>,
    format: DescribeFormat,
) -> Vec<(String, Tone)> {
    let old_name = old.family_revision();
    // The ARN, revision and registration time differ between any two revisions, and the
    // first line names both: compare the rest, so the first hunk is a real change.
    let old = &TaskDefinition {
        arn: new.arn.clone(),
        revision: new.revision,
        registered_at: new.registered_at,
        ..old.clone()
    };
    let (a, b) = (old_name, new.family_revision());
    // Lines compare by their real values (one-line): two masks that hide different values differ.
    let key = |td: &TaskDefinition| render(&with_values(td, |_, _, v| one_line(v)), format);
    let (old_key, new_key) = (key(old), key(new));
    let (mut old_shown, mut new_shown) =
        (render(&masked(old, reveal, Some(new)), format), render(&masked(new, reveal, Some(old)), format));
    // The two renderings differ only in single-line string values, so their lines pair up; if
    // they ever did not, compare what is shown rather than risk showing a hidden value.
    let paired = old_key.len() == old_shown.len() && new_key.len() == new_shown.len();
    let (old_cmp, new_cmp) = if paired { (&old_key, &new_key) } else { (&old_shown, &new_shown) };
    let ops = capture_diff_slices(Algorithm::Myers, old_cmp, new_cmp);
    let hunks = group_diff_ops(ops, CONTEXT);

    let mut out = vec![(format!("{a} → {b}"), Tone::Heading)];
    let changes = changed_in_words(old, new);
    if changes.is_empty() && hunks.is_empty() {
        out.push(("no difference".into(), Tone::Muted));
        return out;
    }
    out.extend(changes.into_iter().map(|l| (l, Tone::Heading)));
    out.push((format!("--- {a}"), Tone::Removed));
    out.push((format!("+++ {b}"), Tone::Added));
    for hunk in &hunks {
        out.push((UnifiedHunkHeader::new(hunk).to_string(), Tone::Hunk));
        for op in hunk {
            let (tag, olds, news) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => {
                    out.extend(news.map(|i| (format!(" {}", take(&mut new_shown, i)), Tone::Muted)));
                }
                DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                    out.extend(olds.map(|i| (format!("-{}", take(&mut old_shown, i)), Tone::Removed)));
                    out.extend(news.map(|i| (format!("+{}", take(&mut new_shown, i)), Tone::Added)));
                }
            }
        }
    }
    out
}

fn take(lines: &mut [String], i: usize) -> String {
    lines.get_mut(i).map(std::mem::take).unwrap_or_default()
}

/// The changes a reader looks for first: images (old → new), environment values by name
/// (their values stay masked), task size, containers added or removed.
pub fn changed_in_words(old: &TaskDefinition, new: &TaskDefinition) -> Vec<String> {
    let mut out = Vec::new();
    if (&old.cpu, &old.memory) != (&new.cpu, &new.memory) {
        out.push(format!("size: {} → {}", size(old), size(new)));
    }
    for c in &new.container_definitions {
        let Some(o) = old.container(&c.name) else {
            out.push(format!("{}: added ({})", c.name, c.image));
            continue;
        };
        if o.image != c.image {
            out.push(format!("{}: image {} → {}", c.name, o.image, c.image));
        }
        let env: Vec<&str> = c
            .environment
            .iter()
            .filter(|e| o.environment.iter().find(|oe| oe.name == e.name).is_none_or(|oe| oe.value != e.value))
            .map(|e| e.name.as_str())
            .chain(
                o.environment
                    .iter()
                    .filter(|oe| !c.environment.iter().any(|e| e.name == oe.name))
                    .map(|oe| oe.name.as_str()),
            )
            .collect();
        if !env.is_empty() {
            out.push(format!("{}: environment {} changed", c.name, env.join(", ")));
        }
        if o.secrets != c.secrets {
            out.push(format!("{}: secrets changed", c.name));
        }
    }
    for o in &old.container_definitions {
        if new.container(&o.name).is_none() {
            out.push(format!("{}: removed", o.name));
        }
    }
    out
}

/// `1 vCPU, 2 GiB` from CPU units and MiB as ECS gives them (strings).
fn size(td: &TaskDefinition) -> String {
    let cpu = td.cpu.as_deref().and_then(|c| c.parse::<f64>().ok()).map(|u| format!("{} vCPU", trim(u / 1024.0)));
    let mem = td
        .memory
        .as_deref()
        .and_then(|m| m.parse::<f64>().ok())
        .map(|m| if m >= 1024.0 { format!("{} GiB", trim(m / 1024.0)) } else { format!("{m} MiB") });
    match (cpu, mem) {
        (Some(c), Some(m)) => format!("{c}, {m}"),
        (Some(c), None) => format!("{c}, memory per container"),
        (None, Some(m)) => format!("CPU per container, {m}"),
        (None, None) => "size per container".into(),
    }
}

/// `0.25`, `1`, `1.5`: no trailing zeros.
fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The lines above the document: the task, then three per container.
pub fn summary(td: &TaskDefinition) -> Vec<String> {
    let platform = td
        .runtime_platform
        .as_ref()
        .map(|p| {
            [p.cpu_architecture.as_deref(), p.operating_system_family.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "platform not set (X86_64 LINUX)".into());
    let mut first = vec![td.family_revision()];
    first.extend(td.status.clone());
    first.push(size(td));
    first.push(platform);
    first.push(td.network_mode.clone().map(|n| format!("network {n}")).unwrap_or_else(|| "network bridge".into()));
    if !td.requires_compatibilities.is_empty() {
        first.push(td.requires_compatibilities.join("+"));
    }
    let mut out = vec![first.join(" · ")];
    for c in &td.container_definitions {
        out.extend(container_summary(c));
    }
    out
}

fn container_summary(c: &ContainerDefinition) -> Vec<String> {
    let essential = if c.essential { "essential" } else { "not essential" };
    let init = match c.linux_parameters.as_ref().and_then(|l| l.init_process_enabled) {
        Some(true) => "init process",
        _ => "no init process",
    };
    let root = if c.readonly_root_filesystem == Some(true) { "read-only root" } else { "writable root" };
    let ports: Vec<String> = c
        .port_mappings
        .iter()
        .filter_map(|p| {
            let port = p.container_port?;
            Some(format!("{port}/{}", p.protocol.as_deref().unwrap_or("tcp")))
        })
        .collect();
    let ports = if ports.is_empty() { "no ports".to_string() } else { format!("ports {}", ports.join(", ")) };
    let logs = match (&c.log_configuration, c.awslogs()) {
        (_, Some(a)) => {
            let mut l = format!("logs awslogs {}", a.group);
            if let Some(r) = a.region {
                l.push_str(&format!(" in {r}"));
            }
            if let Some(p) = a.stream_prefix {
                l.push_str(&format!(", prefix {p}"));
            }
            l
        }
        (Some(l), None) => format!("logs {}", l.log_driver),
        (None, None) => "no log configuration".into(),
    };
    let env = match c.environment.len() {
        0 => "no environment".to_string(),
        n => format!("{n} env (masked)"),
    };
    let secrets = match c.secrets.len() {
        0 => "no secrets".to_string(),
        n => format!("{n} secret{}", if n == 1 { "" } else { "s" }),
    };
    vec![
        format!("{}: {} · {essential} · {init} · {root}", c.name, c.image),
        format!("  {ports} · {}", health(c.health_check.as_ref())),
        format!("  {logs} · {env} · {secrets}"),
    ]
}

fn health(h: Option<&HealthCheck>) -> String {
    let Some(h) = h else { return "no health check".into() };
    let command = match h.command.split_first() {
        Some((kind, rest)) if kind == "CMD-SHELL" || kind == "CMD" => rest.join(" "),
        _ => h.command.join(" "),
    };
    let mut timing = Vec::new();
    if let Some(i) = h.interval {
        timing.push(format!("every {i}s"));
    }
    if let Some(t) = h.timeout {
        timing.push(format!("timeout {t}s"));
    }
    if let Some(r) = h.retries {
        timing.push(format!("{r} retries"));
    }
    if let Some(s) = h.start_period {
        timing.push(format!("grace {s}s"));
    }
    if timing.is_empty() { format!("health {command}") } else { format!("health {command} ({})", timing.join(", ")) }
}

/// The first line where `lines` and `masked_lines` differ: where the revealed value is.
pub fn first_difference(lines: &[(String, Tone)], masked_lines: &[(String, Tone)]) -> Option<usize> {
    lines.iter().zip(masked_lines).position(|(a, b)| a.0 != b.0)
}

/// The short name a person types (`prod-api:42`) for an ARN or a short name.
pub fn short(arn_or_name: &str) -> &str {
    arn_name(arn_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{PEPPER, task_definition};

    fn text(lines: &[(String, Tone)]) -> String {
        lines.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn masked_values_are_in_no_line_of_yaml_or_json() {
        let td = task_definition(42);
        for format in [DescribeFormat::Yaml, DescribeFormat::Json] {
            let shown = text(&definition(&td, None, format));
            assert!(!shown.contains(PEPPER) && !shown.contains(": prod\n") && !shown.contains("\"prod\""), "{shown}");
            assert_eq!(shown.matches(MASK).count(), 3, "each of the 3 values masked: {shown}");
            let key = ("api".to_string(), "SESSION_PEPPER".to_string());
            let revealed = text(&definition(&td, Some(&key), format));
            assert_eq!(revealed.matches(PEPPER).count(), 1, "{revealed}");
            assert_eq!(revealed.matches(MASK).count(), 2, "the others stay masked: {revealed}");
        }
    }

    #[test]
    fn secrets_carry_a_name_and_a_source_never_a_value() {
        let shown = masked(&task_definition(42), None, None);
        let json = serde_json::to_value(&shown).expect("serializes");
        let secrets = json["containerDefinitions"][0]["secrets"].as_array().expect("secrets");
        assert_eq!(secrets.len(), 1);
        for s in secrets {
            let keys: Vec<&String> = s.as_object().expect("an object").keys().collect();
            assert_eq!(keys, vec!["name", "valueFrom"], "{s}");
            assert!(s["valueFrom"].as_str().is_some_and(|v| v.starts_with("arn:aws:secretsmanager:")));
        }
    }

    #[test]
    fn a_diff_shows_the_image_and_a_changed_masked_value() {
        let (old, new) = (task_definition(41), task_definition(42));
        let lines = diff(&old, &new, None, DescribeFormat::Yaml);
        let all = text(&lines);
        assert!(!all.contains(PEPPER) && !all.contains("value: 1.4"), "{all}");
        let tone = |l: &str| lines.iter().find(|(x, _)| x == l).map(|(_, t)| *t);
        let image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api";
        assert_eq!(tone(&format!("-  image: {image}:1.41.0")), Some(Tone::Removed), "{all}");
        assert_eq!(tone(&format!("+  image: {image}:1.42.0")), Some(Tone::Added), "{all}");
        assert_eq!(tone("+    value: •••••• (changed)"), Some(Tone::Added), "{all}");
        // The unchanged pepper is context, masked and not marked changed.
        assert_eq!(tone(&format!("     value: {MASK}")), Some(Tone::Muted), "{all}");
        assert!(lines.iter().any(|(l, t)| l.starts_with("@@ -") && *t == Tone::Hunk), "{all}");

        // Revealed, the value shows on both sides.
        let key = ("api".to_string(), "APP_VERSION".to_string());
        let all = text(&diff(&old, &new, Some(&key), DescribeFormat::Yaml));
        assert!(all.contains("-    value: 1.41.0") && all.contains("+    value: 1.42.0"), "{all}");
        assert!(!all.contains(PEPPER), "{all}");

        // A value that changed only in the environment still shows as a change.
        let mut quiet = new.clone();
        quiet.container_definitions[0].environment[2].value = "other".into();
        let all = text(&diff(&new, &quiet, None, DescribeFormat::Json));
        assert!(all.contains("-          \"value\": \"•••••• (changed)\""), "{all}");
        assert!(!all.contains("other") && !all.contains(PEPPER), "{all}");
    }

    #[test]
    fn the_same_revision_twice_has_no_difference() {
        let td = task_definition(42);
        let lines = diff(&td, &td, None, DescribeFormat::Yaml);
        assert_eq!(text(&lines), "prod-api:42 → prod-api:42\nno difference");
    }

    #[test]
    fn sizes_read_in_vcpu_and_gib() {
        let mut td = task_definition(42);
        assert_eq!(size(&td), "1 vCPU, 2 GiB");
        (td.cpu, td.memory) = (Some("256".into()), Some("512".into()));
        assert_eq!(size(&td), "0.25 vCPU, 512 MiB");
        (td.cpu, td.memory) = (None, None);
        assert_eq!(size(&td), "size per container");
    }
}
