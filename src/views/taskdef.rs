//! A task definition, or the diff of two. Its own text view rather than a describe subject:
//! it masks environment values (revealed one at a time), has a summary above the document,
//! loads two definitions for a diff and colours lines by tone; it shares the text body, the
//! describe format and the text keys with describe. Revisions never change, so what it shows
//! is rebuilt only when a load answers, the format flips or another value is revealed.
use super::taskdef_text::{self, EnvKey};
use super::{Acted, DescribeFormat, Screen, TextState, Tone, View};
use crate::config::{Action, Context};
use crate::model::{TaskDefinition, Time};
use crate::state::{Data, Load};

/// What the view shows: one definition, or the change from `old` to `new`. Each is the
/// ARN or `family:revision` it is loaded under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shows {
    Definition { arn: String },
    Diff { old: String, new: String },
}

#[derive(Debug, Clone)]
pub struct TaskDefView {
    pub shows: Shows,
    pub format: DescribeFormat,
    /// The one environment value shown in clear, if any.
    pub revealed: Option<EnvKey>,
    pub text: TextState,
    /// Data version, format and revealed value the lines were made from.
    made: Option<(u64, DescribeFormat, Option<EnvKey>)>,
}

impl TaskDefView {
    pub fn new(shows: Shows) -> Self {
        Self { shows, format: DescribeFormat::Yaml, revealed: None, text: TextState::new(), made: None }
    }

    fn names(&self) -> Vec<&str> {
        match &self.shows {
            Shows::Definition { arn } => vec![arn],
            Shows::Diff { old, new } => vec![old, new],
        }
    }

    /// The definitions shown, once loaded.
    fn loaded<'a>(&self, data: &'a Data) -> Vec<Option<&'a TaskDefinition>> {
        self.names().into_iter().map(|n| data.task_definition_of(n)).collect()
    }

    /// Every environment value of what is shown, in order, both sides of a diff.
    fn env_keys(&self, data: &Data) -> Vec<EnvKey> {
        let mut keys: Vec<EnvKey> = Vec::new();
        for td in self.loaded(data).into_iter().flatten() {
            for k in taskdef_text::env_keys(td) {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        keys
    }

    /// The lines for what is loaded; `None` while something is still loading.
    fn lines(&self, data: &Data, reveal: Option<&EnvKey>) -> Option<Vec<(String, Tone)>> {
        let problems: Vec<(String, Tone)> = self
            .names()
            .into_iter()
            .filter(|n| data.task_definition_of(n).is_none())
            .filter_map(|n| {
                let error = data.task_definitions.get(n)?.error.as_ref()?;
                Some((cannot_load(n, &error.to_string()), Tone::Problem))
            })
            .collect();
        if !problems.is_empty() {
            return Some(problems);
        }
        match (&self.shows, self.loaded(data).as_slice()) {
            (Shows::Definition { .. }, [Some(td)]) => Some(taskdef_text::definition(td, reveal, self.format)),
            (Shows::Diff { .. }, [Some(old), Some(new)]) => Some(taskdef_text::diff(old, new, reveal, self.format)),
            _ => None,
        }
    }
}

/// A revision that cannot be read, in words: ECS keeps deregistered revisions for a while
/// (INACTIVE) and then deletes them, and a revision number may never have been registered.
fn cannot_load(name: &str, error: &str) -> String {
    format!(
        "{} cannot be loaded: {error} — it may have been deregistered and deleted, or never registered",
        taskdef_text::short(name)
    )
}

const ACTIONS: &[Action] = super::text::text_actions!(Diff, Reveal, HideValues, ToggleFormat);

impl Screen for TaskDefView {
    fn context(&self) -> Context {
        Context::TaskDef
    }
    fn title(&self) -> String {
        match &self.shows {
            Shows::Definition { arn } => format!("task definition · {}", taskdef_text::short(arn)),
            Shows::Diff { old, new } => {
                format!("diff · {} → {}", taskdef_text::short(old), taskdef_text::short(new))
            }
        }
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        match &self.shows {
            Shows::Definition { arn } => vec![taskdef_text::short(arn).to_string()],
            Shows::Diff { old, new } => {
                vec![format!("diff {} → {}", taskdef_text::short(old), taskdef_text::short(new))]
            }
        }
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        self.names().into_iter().map(|n| Load::TaskDefinition { arn: n.to_string() }).collect()
    }
    fn primary(&self) -> Option<Load> {
        let new = match &self.shows {
            Shows::Definition { arn } => arn,
            Shows::Diff { new, .. } => new,
        };
        Some(Load::TaskDefinition { arn: new.clone() })
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    super::text::text_body!();
    fn sync(&mut self, data: &Data, _now: Time, page: usize) {
        let version = self.loads(data).iter().map(|l| data.version(l)).max().unwrap_or(0);
        let made = (version, self.format, self.revealed.clone());
        if self.made.as_ref() == Some(&made) {
            return;
        }
        let newly_revealed = self.revealed.is_some() && self.made.as_ref().is_none_or(|m| m.2 != self.revealed);
        self.made = Some(made);
        let Some(lines) = self.lines(data, self.revealed.as_ref()) else { return };
        // Bring the value just revealed into view: the first line that differs from the masked text.
        let at = if newly_revealed {
            self.lines(data, None).and_then(|masked| taskdef_text::first_difference(&lines, &masked))
        } else {
            None
        };
        self.text.set_toned(lines);
        if let Some(at) = at
            && (at < self.text.offset || at >= self.text.offset + page.max(1))
        {
            self.text.offset = at.saturating_sub(2);
        }
    }
    fn empty_text(&self) -> String {
        "no task definition here".into()
    }
    fn act(&mut self, action: Action, data: &Data) -> Acted {
        match action {
            Action::ToggleFormat => {
                self.format = match self.format {
                    DescribeFormat::Yaml => DescribeFormat::Json,
                    DescribeFormat::Json => DescribeFormat::Yaml,
                };
                self.text.offset = 0;
                Acted::Done { reload: false }
            }
            Action::Reveal => {
                let keys = self.env_keys(data);
                if keys.is_empty() {
                    return Acted::Said("no environment values here to reveal".into());
                }
                let next = match &self.revealed {
                    None => keys.first(),
                    Some(k) => keys.iter().skip_while(|x| *x != k).nth(1),
                };
                self.revealed = next.cloned();
                match next {
                    Some((c, name)) => Acted::Said(format!("showing {name} of {c} — v: the next value, V: mask all")),
                    None => Acted::Said("every value masked again (that was the last one)".into()),
                }
            }
            Action::HideValues => match self.revealed.take() {
                Some((c, name)) => Acted::Said(format!("{name} of {c} masked again: every value is masked")),
                None => Acted::Said("every value is masked already".into()),
            },
            Action::Diff => match &self.shows {
                Shows::Diff { .. } => Acted::Said("this is a diff already — esc goes back".into()),
                Shows::Definition { arn } => match data.task_definition_of(arn) {
                    None => Acted::Said("the task definition has not loaded yet".into()),
                    Some(td) => match td.previous() {
                        Some(prev) => Acted::Open(Box::new(View::task_definition_diff(prev, arn.clone()))),
                        None => Acted::Said(format!(
                            "{} is the first revision: there is none before it",
                            td.family_revision()
                        )),
                    },
                },
            },
            _ => super::text::text_act(&mut self.text, action),
        }
    }
    fn labels(&self) -> Vec<&'static str> {
        let format = match self.format {
            DescribeFormat::Yaml => "yaml",
            DescribeFormat::Json => "json",
        };
        match self.revealed {
            Some(_) => vec![format, "1 value shown"],
            None => vec![format, "values masked"],
        }
    }
}
