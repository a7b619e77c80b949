//! Describe: one object in full, as YAML or JSON. It reads the same data as the lists (and
//! loads what its object needs), so it refreshes like every view and shows its age.
use super::{Acted, Screen, TextState, View};
use crate::config::{Action, Context};
use crate::model::{Time, arn_name, short_id};
use crate::state::{Data, Load};

/// The object a describe view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Cluster {
        arn: String,
    },
    Service {
        cluster: String,
        arn: String,
    },
    Task {
        cluster: String,
        arn: String,
    },
    Container {
        cluster: String,
        task: String,
        name: String,
    },
    /// One entry of the audit journal, as it was read (an entry never changes once written).
    JournalEntry(Box<crate::audit::Entry>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DescribeFormat {
    #[default]
    Yaml,
    Json,
}

#[derive(Debug, Clone)]
pub struct DescribeView {
    pub subject: Subject,
    pub format: DescribeFormat,
    pub text: TextState,
    /// Data version and format the lines were made from.
    made: Option<(u64, DescribeFormat)>,
}

impl DescribeView {
    pub fn new(subject: Subject) -> Self {
        Self { subject, format: DescribeFormat::Yaml, text: TextState::new(), made: None }
    }

    /// The title, as the title line shows it.
    pub fn screen_title(&self) -> String {
        Screen::title(self)
    }

    fn load(&self) -> Load {
        match &self.subject {
            Subject::Cluster { .. } => Load::Clusters,
            Subject::Service { cluster, .. } => Load::Services { cluster: cluster.clone() },
            Subject::Task { cluster, arn } | Subject::Container { cluster, task: arn, .. } => {
                Load::Task { cluster: cluster.clone(), arn: arn.clone() }
            }
            Subject::JournalEntry(_) => Load::Journal,
        }
    }

    /// The object as (YAML, JSON), from the freshest data that has it.
    fn text(&self, data: &Data) -> Option<(String, String)> {
        use crate::model::describe_text;
        match &self.subject {
            Subject::Cluster { arn } => {
                data.clusters.value.as_deref()?.iter().find(|c| &c.arn == arn).map(describe_text)
            }
            Subject::Service { cluster, arn } => {
                data.services_of(cluster)?.iter().find(|s| &s.arn == arn).map(describe_text)
            }
            Subject::Task { cluster, arn } => data.task_of(cluster, arn).map(describe_text),
            Subject::Container { cluster, task, name } => {
                data.task_of(cluster, task)?.containers.iter().find(|c| &c.name == name).map(describe_text)
            }
            Subject::JournalEntry(entry) => Some(describe_text(entry.as_ref())),
        }
    }

    fn version(&self, data: &Data) -> u64 {
        // Tasks also come from the lists below (until the task's own load answers).
        let lists = match self.subject {
            Subject::Task { .. } | Subject::Container { .. } => data.tasks.values().map(|r| r.version).max(),
            _ => None,
        };
        data.version(&self.load()).max(lists.unwrap_or(0))
    }
}

const ACTIONS: &[Action] = super::text::text_actions!(ToggleFormat);

impl Screen for DescribeView {
    fn context(&self) -> Context {
        Context::Describe
    }
    fn title(&self) -> String {
        let what = match &self.subject {
            Subject::Cluster { arn } => format!("cluster {}", arn_name(arn)),
            Subject::Service { arn, .. } => format!("service {}", arn_name(arn)),
            Subject::Task { arn, .. } => format!("task {}", short_id(arn)),
            Subject::Container { name, .. } => format!("container {name}"),
            Subject::JournalEntry(e) => format!("change {} {}", e.action, crate::table::target_name(&e.target)),
        };
        format!("describe · {what}")
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec![self.title().trim_start_matches("describe · ").to_string()]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![self.load()]
    }
    fn primary(&self) -> Option<Load> {
        Some(self.load())
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    super::text::text_body!();
    fn sync(&mut self, data: &Data, now: Time, _page: usize) {
        let made = (self.version(data), self.format);
        if self.made == Some(made) {
            return;
        }
        self.made = Some(made);
        let Some((yaml, json)) = self.text(data) else {
            // Keep what was shown if the object left the data (e.g. a stopped task forgotten).
            return;
        };
        let lines = match self.format {
            // YAML has comments: each time gets its age beside it (as of this refresh).
            DescribeFormat::Yaml => yaml.lines().map(|l| with_age(l, now)).collect(),
            DescribeFormat::Json => json.lines().map(str::to_string).collect(),
        };
        self.text.set_lines(lines);
    }
    fn empty_text(&self) -> String {
        "this object is not in the loaded data (any more)".into()
    }
    fn act(&mut self, action: Action, _data: &Data) -> Acted {
        match action {
            Action::ToggleFormat => {
                self.format = match self.format {
                    DescribeFormat::Yaml => DescribeFormat::Json,
                    DescribeFormat::Json => DescribeFormat::Yaml,
                };
                self.text.offset = 0;
                Acted::Done { reload: false }
            }
            _ => super::text::text_act(&mut self.text, action),
        }
    }
    fn labels(&self) -> Vec<&'static str> {
        vec![match self.format {
            DescribeFormat::Yaml => "yaml",
            DescribeFormat::Json => "json",
        }]
    }
    fn subject(&self) -> Option<&Subject> {
        Some(&self.subject)
    }
    fn cluster(&self) -> Option<&str> {
        match &self.subject {
            Subject::Cluster { .. } | Subject::JournalEntry(_) => None,
            Subject::Service { cluster, .. } | Subject::Task { cluster, .. } | Subject::Container { cluster, .. } => {
                Some(cluster)
            }
        }
    }
}

/// `createdAt: 2026-11-29T09:41:07Z` → `createdAt: 2026-11-29T09:41:07Z  # 3m ago`.
fn with_age(line: &str, now: Time) -> String {
    const LEN: usize = "2026-11-29T09:41:07Z".len();
    let bytes = line.as_bytes();
    let found = (0..bytes.len().saturating_sub(LEN - 1)).find_map(|i| {
        let candidate = line.get(i..i + LEN)?;
        if bytes[i + 4] != b'-' || bytes[i + 10] != b'T' {
            return None;
        }
        chrono::NaiveDateTime::parse_from_str(candidate, "%Y-%m-%dT%H:%M:%SZ").ok().map(|t| t.and_utc())
    });
    match found {
        Some(at) if at <= now => format!("{line}  # {} ago", crate::model::age(at, now)),
        Some(_) => format!("{line}  # in the future"),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_get_their_age_in_yaml() {
        let now = crate::fixtures::now();
        let at = (now - chrono::Duration::minutes(3)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
        assert_eq!(with_age(&format!("createdAt: '{at}'"), now), format!("createdAt: '{at}'  # 3m ago"));
        assert_eq!(with_age("desiredCount: 3", now), "desiredCount: 3");
        assert_eq!(with_age("x: 2026-13-99T99:99:99Z", now), "x: 2026-13-99T99:99:99Z");
    }
}
