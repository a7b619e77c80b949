//! `:` command mode: verbs with aliases, parsing, Tab completion of verbs and names, and
//! running a command. A name that does not exist opens nothing: the closest names are offered.
use super::{actions, nav};
use crate::state::{Effect, Layer, Level, State};
use crate::views::View;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Clusters,
    Cluster(Option<String>),
    Services(Option<String>),
    Tasks(Option<String>),
    Profile(String),
    Region(String),
    Theme(String),
    Deploy(Option<String>),
    Scale(String),
    Stop(Option<String>),
    Rollback(Option<String>),
    Strategy(Option<String>),
    EnableExec(Option<String>),
    Watch(Option<String>),
    Journal,
    /// A task definition by `family:revision` (or ARN); none: the selected row's.
    TaskDef(Option<String>),
    /// Two names: from the first to the second; one: from its previous revision; none: the
    /// view's task definition against its previous revision.
    Diff(Vec<String>),
    /// CloudWatch alarms: of the named cluster (`all`: every cluster); none: the current
    /// cluster's, or every cluster's outside one.
    Alarms(Option<String>),
    /// A log group by name; none: the logs of the selected row (as `l`).
    Logs(Option<String>),
    /// A log view reads from this moment on (`2h`, `14:05`, …).
    Since(String),
    /// A log view reads this fixed range (`TO` none or `now`: following).
    Range(String, Option<String>),
    Help,
    Quit,
    /// What is broken across every cluster.
    Triage,
}

/// Verb, aliases, argument, what it does. The help overlay lists these.
pub static COMMANDS: &[(&str, &[&str], &str, &str)] = &[
    ("clusters", &["cl", "ctx"], "", "list every cluster"),
    ("cluster", &["info"], "[CLUSTER]", "CLUSTER (or the current one) in detail"),
    ("services", &["svc", "s", "service"], "[CLUSTER]", "services of CLUSTER (or the current one)"),
    ("tasks", &["t", "task"], "[SERVICE]", "tasks of SERVICE (or the whole current cluster)"),
    ("profile", &["p"], "NAME", "switch AWS profile"),
    ("region", &["r"], "NAME", "switch AWS region"),
    ("theme", &[], "NAME", "switch colour theme"),
    ("deploy", &["redeploy"], "[SERVICE]", "force a new deployment of SERVICE or the selected one"),
    ("scale", &[], "N", "set the selected service's desired count to N"),
    ("stop", &["kill"], "[REASON]", "stop the selected task, ECS recording REASON"),
    ("rollback", &["undo"], "[SERVICE]", "roll back SERVICE's deployment, or deploy the revision before"),
    ("strategy", &["cps"], "[SERVICE]", "edit the strategy of SERVICE, or the selected service or cluster"),
    ("enable-exec", &["exec-on"], "[SERVICE]", "enable ECS Exec on SERVICE (redeploys it)"),
    ("watch", &["rollout"], "[SERVICE]", "watch SERVICE's rollout"),
    ("journal", &["audit", "j"], "", "every change bosun made, newest first"),
    ("taskdef", &["td"], "[FAMILY:REV]", "the task definition FAMILY:REV, or the selected row's"),
    ("diff", &[], "[A [B]]", "diff task definitions A → B (one: from the revision before A)"),
    (
        "alarms",
        &["alarm", "cw"],
        "[CLUSTER|all]",
        "CloudWatch alarms of CLUSTER (or the current one, or all), ALARM first",
    ),
    ("logs", &["log"], "[GROUP]", "the log group GROUP, or the selected service's, task's or container's logs"),
    ("since", &[], "WHEN", "in a log view: read from WHEN on (2h, 90m, 14:05, 2026-11-29 14:05)"),
    ("range", &[], "FROM [TO]", "in a log view: read from FROM to TO (times as :since takes)"),
    ("help", &["h", "?"], "", "show keys and commands"),
    ("quit", &["q", "q!", "exit"], "", "leave bosun"),
    ("triage", &["problems", "tr"], "", "what is broken across every cluster, worst first"),
];

/// Regions offered by `:region` completion.
pub static REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

fn verb(word: &str) -> Option<&'static str> {
    COMMANDS.iter().find(|(v, aliases, _, _)| *v == word || aliases.contains(&word)).map(|(v, ..)| *v)
}

pub fn parse_command(input: &str) -> Result<Command, String> {
    let mut words = input.trim().trim_start_matches(':').split_whitespace();
    let Some(first) = words.next() else { return Err("empty command".into()) };
    // A stop reason is free text: every word after the verb.
    if verb(first) == Some("stop") {
        let rest: Vec<&str> = words.collect();
        return Ok(Command::Stop((!rest.is_empty()).then(|| rest.join(" "))));
    }
    // A diff takes up to two task definitions.
    if verb(first) == Some("diff") {
        let names: Vec<String> = words.map(str::to_string).collect();
        if names.len() > 2 {
            return Err(format!("unexpected `{}`: :diff takes two task definitions at most", names[2]));
        }
        return Ok(Command::Diff(names));
    }
    // Times may hold a space (`2026-11-29 14:05`, `1h 30m`).
    if verb(first) == Some("since") {
        let rest: Vec<&str> = words.collect();
        if rest.is_empty() {
            return Err(":since needs a time: 2h, 90m, 14:05 or 2026-11-29 14:05".into());
        }
        return Ok(Command::Since(rest.join(" ")));
    }
    if verb(first) == Some("range") {
        let times = join_date_times(words.collect());
        return match times.as_slice() {
            [from] => Ok(Command::Range(from.clone(), None)),
            [from, to] => Ok(Command::Range(from.clone(), Some(to.clone()))),
            [] => Err(":range needs FROM [TO]: e.g. :range 14:00 14:30".into()),
            [_, _, extra, ..] => Err(format!("unexpected `{extra}`: :range takes FROM and TO")),
        };
    }
    let arg = words.next().map(str::to_string);
    if let Some(extra) = words.next() {
        return Err(format!("unexpected `{extra}`"));
    }
    let need = |what: &str| arg.clone().ok_or_else(|| format!(":{first} needs a {what}"));
    match verb(first) {
        Some("clusters") => Ok(Command::Clusters),
        Some("cluster") => Ok(Command::Cluster(arg)),
        Some("services") => Ok(Command::Services(arg)),
        Some("tasks") => Ok(Command::Tasks(arg)),
        Some("profile") => need("profile name").map(Command::Profile),
        Some("region") => need("region name").map(Command::Region),
        Some("theme") => need("theme name").map(Command::Theme),
        Some("deploy") => Ok(Command::Deploy(arg)),
        Some("scale") => need("desired count").map(Command::Scale),
        Some("rollback") => Ok(Command::Rollback(arg)),
        Some("strategy") => Ok(Command::Strategy(arg)),
        Some("enable-exec") => Ok(Command::EnableExec(arg)),
        Some("watch") => Ok(Command::Watch(arg)),
        Some("journal") if arg.is_none() => Ok(Command::Journal),
        Some("journal") => Err(":journal takes no argument (filter it with / once open)".into()),
        Some("taskdef") => Ok(Command::TaskDef(arg)),
        Some("alarms") => Ok(Command::Alarms(arg)),
        Some("logs") => Ok(Command::Logs(arg)),
        Some("help") => Ok(Command::Help),
        Some("quit") => Ok(Command::Quit),
        Some("triage") if arg.is_none() => Ok(Command::Triage),
        Some("triage") => Err(":triage takes no argument (filter it with / once open)".into()),
        _ => Err(format!("unknown command `{first}` (try :help)")),
    }
}

/// `2026-11-29 14:05` typed as two words is one time.
fn join_date_times(words: Vec<&str>) -> Vec<String> {
    let is_date = |w: &str| w.len() == 10 && w.as_bytes().get(4) == Some(&b'-') && w.as_bytes().get(7) == Some(&b'-');
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match words.get(i + 1) {
            Some(next) if is_date(words[i]) && next.contains(':') => {
                out.push(format!("{} {next}", words[i]));
                i += 2;
            }
            _ => {
                out.push(words[i].to_string());
                i += 1;
            }
        }
    }
    out
}

/// Complete the word under the cursor (the input's end). Returns the new input and the
/// candidates still possible (shown as a hint when there is more than one).
pub fn complete(input: &str, names: &Candidates<'_>) -> (String, Vec<String>) {
    let trailing_space = input.ends_with(' ');
    let words: Vec<&str> = input.split_whitespace().collect();
    let (done, partial) = match (words.len(), trailing_space) {
        (0, _) => (vec![], ""),
        (n, false) => (words[..n - 1].to_vec(), words[n - 1]),
        (_, true) => (words.clone(), ""),
    };
    let pool: Vec<String> = match done.as_slice() {
        [] => COMMANDS.iter().map(|(v, ..)| v.to_string()).collect(),
        [v, _] if verb(v) == Some("diff") => names.task_definitions.iter().map(|s| s.to_string()).collect(),
        [v] => match verb(v) {
            Some("services" | "cluster") => names.clusters.iter().map(|s| s.to_string()).collect(),
            Some("alarms") => names.clusters.iter().map(|s| s.to_string()).chain(["all".to_string()]).collect(),
            Some("tasks" | "deploy" | "rollback" | "strategy" | "enable-exec" | "watch") => {
                names.services.iter().map(|s| s.to_string()).collect()
            }
            Some("profile") => names.profiles.iter().map(|s| s.to_string()).collect(),
            Some("theme") => names.themes.iter().map(|s| s.to_string()).collect(),
            Some("region") => REGIONS.iter().map(|s| s.to_string()).collect(),
            Some("taskdef" | "diff") => names.task_definitions.iter().map(|s| s.to_string()).collect(),
            _ => vec![],
        },
        _ => vec![],
    };
    let mut hits: Vec<String> = pool.into_iter().filter(|c| c.starts_with(partial)).collect();
    hits.sort();
    hits.dedup();
    let prefix = done.join(" ");
    let join = |word: &str, space: bool| {
        let mut s = if prefix.is_empty() { word.to_string() } else { format!("{prefix} {word}") };
        if space {
            s.push(' ');
        }
        s
    };
    match hits.len() {
        0 => (input.to_string(), vec![]),
        1 => (join(&hits[0], done.is_empty()), vec![]),
        _ => {
            let common = hits.iter().skip(1).fold(hits[0].clone(), |acc, h| {
                acc.chars().zip(h.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect()
            });
            let out = if common.len() > partial.len() { join(&common, false) } else { input.to_string() };
            (out, hits)
        }
    }
}

/// Names each verb's argument can take, supplied by the caller from what is loaded.
#[derive(Debug, Default, Clone)]
pub struct Candidates<'a> {
    pub clusters: Vec<&'a str>,
    pub services: Vec<&'a str>,
    pub profiles: Vec<&'a str>,
    pub themes: Vec<&'a str>,
    /// `family:revision` of the current cluster's services and of every definition loaded.
    pub task_definitions: Vec<&'a str>,
}

pub fn candidates(state: &State) -> Candidates<'_> {
    let clusters = state.data.clusters.value.as_deref().unwrap_or(&[]).iter().map(|c| c.name.as_str()).collect();
    let in_cluster = state.view().screen().cluster().and_then(|c| state.data.services_of(c)).unwrap_or(&[]);
    let services = in_cluster.iter().map(|s| s.name.as_str()).collect();
    // Cheap: names already in memory, no load.
    let task_definitions = in_cluster
        .iter()
        .map(|s| s.task_definition_short())
        .chain(state.data.task_definitions.keys().map(|k| crate::model::arn_name(k)))
        .collect();
    Candidates {
        task_definitions,
        clusters,
        services,
        profiles: state.profiles.iter().map(String::as_str).collect(),
        themes: state.settings.themes.iter().map(String::as_str).collect(),
    }
}

/// Up to three known names closest to a mistyped one, closest first.
pub fn closest<'a>(typed: &str, known: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .map(|k| {
            let contains = k.contains(typed) || typed.contains(*k);
            (strsim::jaro_winkler(typed, k) + if contains { 1.0 } else { 0.0 }, *k)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// "no cluster `x` — closest: a, b" (or what is known when nothing is close).
pub fn unknown(what: &str, typed: &str, known: &[&str]) -> String {
    if known.is_empty() {
        return format!("no {what} `{typed}` here");
    }
    format!("no {what} `{typed}` — closest: {}", closest(typed, known).join(", "))
}

pub fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Quit => {
            state.quit = true;
            vec![Effect::Quit]
        }
        Command::Help => {
            state.layers.push(Layer::Help { scroll: 0 });
            vec![]
        }
        Command::Clusters => nav::jump(state, vec![]),
        Command::Cluster(name) => {
            let cluster = match name {
                Some(n) => match cluster_by_name(state, &n) {
                    Ok(c) => c,
                    Err(msg) => {
                        state.flash(Level::Warn, msg);
                        return vec![];
                    }
                },
                None => match need_cluster(state, ":cluster needs a cluster: give its name (:cluster NAME)") {
                    Some(c) => c,
                    None => return vec![],
                },
            };
            nav::jump(state, vec![View::cluster(cluster)])
        }
        Command::Services(name) => {
            let cluster = match name {
                Some(n) => match cluster_by_name(state, &n) {
                    Ok(c) => c,
                    Err(msg) => {
                        state.flash(Level::Warn, msg);
                        return vec![];
                    }
                },
                None => match need_cluster(state, ":services needs a cluster: give its name (:services NAME)") {
                    Some(c) => c,
                    None => return vec![],
                },
            };
            nav::jump(state, vec![View::services(cluster)])
        }
        Command::Tasks(service) => {
            let Some(cluster) = need_cluster(
                state,
                ":tasks SERVICE works inside a cluster: open one first (enter, or :services CLUSTER)",
            ) else {
                return vec![];
            };
            if let Some(s) = &service
                && let Some(known) = state.data.services_of(&cluster)
                && !known.iter().any(|k| &k.name == s || &k.arn == s)
            {
                let names: Vec<&str> = known.iter().map(|k| k.name.as_str()).collect();
                let text = unknown("service", s, &names);
                state.flash(Level::Warn, text);
                return vec![];
            }
            nav::jump(state, vec![View::services(cluster.clone()), View::tasks(cluster, service)])
        }
        Command::Theme(name) => {
            if state.settings.themes.iter().any(|t| t == &name) {
                state.theme = name.clone();
                state.flash(Level::Info, format!("theme {name}"));
            } else {
                let themes: Vec<&str> = state.settings.themes.iter().map(String::as_str).collect();
                let text = unknown("theme", &name, &themes);
                state.flash(Level::Error, text);
            }
            vec![]
        }
        Command::Deploy(s) => actions::deploy(state, s.as_deref()),
        Command::Scale(n) => actions::scale(state, Some(&n)),
        Command::Stop(reason) => actions::stop(state, reason.as_deref(), false),
        Command::Rollback(s) => actions::rollback(state, s.as_deref()),
        Command::Strategy(s) => actions::strategy(state, s.as_deref()),
        Command::EnableExec(s) => actions::enable_exec(state, s.as_deref()),
        Command::Watch(s) => actions::watch(state, s.as_deref()),
        Command::Journal => actions::journal(state),
        Command::Triage => nav::jump(state, vec![View::triage(state.triage.clone(), false)]),
        Command::TaskDef(Some(name)) => nav::push(state, View::task_definition(name)),
        Command::TaskDef(None) => selected_task_definition(state, ":taskdef"),
        Command::Diff(names) => diff(state, names),
        Command::Alarms(name) => {
            let cluster = match name.as_deref() {
                Some("all" | "*") => None,
                Some(n) => match cluster_by_name(state, n) {
                    Ok(c) => Some(c),
                    Err(msg) => {
                        state.flash(Level::Warn, msg);
                        return vec![];
                    }
                },
                None => state.view().screen().cluster().map(str::to_string),
            };
            nav::push(state, View::alarms(cluster))
        }
        Command::Logs(group) => super::logs::open_group(state, group),
        Command::Since(when) => super::logs::since(state, &when),
        Command::Range(from, to) => super::logs::range(state, &from, to.as_deref()),
        Command::Profile(p) => switch(state, Some(p), state.target.region.clone()),
        Command::Region(r) => switch(state, state.target.profile.clone(), Some(r)),
    }
}

/// The task definition of the selected service or task (what `T` opens), else say how to name one.
fn selected_task_definition(state: &mut State, verb: &str) -> Vec<Effect> {
    if state.view().offers(crate::config::Action::TaskDefinition) {
        return super::keys::act(state, crate::config::Action::TaskDefinition);
    }
    state.flash(Level::Warn, format!("{verb} needs FAMILY:REVISION here (or select a service or a task first)"));
    vec![]
}

/// `:diff A B`, `:diff A` (A's previous revision → A), `:diff` (in a task definition: as `D`).
fn diff(state: &mut State, mut names: Vec<String>) -> Vec<Effect> {
    let (old, new) = match names.len() {
        2 => {
            let new = names.pop().unwrap_or_default();
            (names.pop().unwrap_or_default(), new)
        }
        1 => {
            let new = names.pop().unwrap_or_default();
            match actions::previous_revision(&new) {
                Some(old) => (old, new),
                None => {
                    state.flash(Level::Warn, format!("{new}: no revision before it (give two: :diff A B)"));
                    return vec![];
                }
            }
        }
        _ if state.view().offers(crate::config::Action::Diff) => {
            return super::keys::act(state, crate::config::Action::Diff);
        }
        _ => {
            state.flash(Level::Warn, ":diff needs task definitions here: :diff FAMILY:REV [FAMILY:REV]");
            return vec![];
        }
    };
    nav::push(state, View::task_definition_diff(old, new))
}

/// The cluster ARN for a name typed by the user; the name itself while clusters are not
/// loaded (ECS accepts both); an error naming the closest clusters if it does not exist.
pub fn cluster_by_name(state: &State, name: &str) -> Result<String, String> {
    let Some(clusters) = state.data.clusters.value.as_deref() else { return Ok(name.to_string()) };
    match clusters.iter().find(|c| c.name == name || c.arn == name) {
        Some(c) => Ok(c.arn.clone()),
        None => {
            let names: Vec<&str> = clusters.iter().map(|c| c.name.as_str()).collect();
            Err(unknown("cluster", name, &names))
        }
    }
}

fn need_cluster(state: &mut State, why: &str) -> Option<String> {
    let c = state.view().screen().cluster().map(str::to_string);
    if c.is_none() {
        state.flash(Level::Warn, why);
    }
    c
}

/// Build the clients anew; the answer is tied to this request.
pub fn connect(state: &mut State, profile: Option<String>, region: Option<String>) -> Vec<Effect> {
    let req = state.req();
    state.connect_req = Some(req);
    vec![Effect::Connect { req, profile, region }]
}

fn switch(state: &mut State, profile: Option<String>, region: Option<String>) -> Vec<Effect> {
    if state.target.demo {
        state.flash(Level::Warn, "demo mode: profiles and regions are those of the simulator");
        return vec![];
    }
    state.flash(
        Level::Info,
        format!(
            "connecting to {} · {}…",
            profile.as_deref().unwrap_or("default"),
            region.as_deref().unwrap_or("default region")
        ),
    );
    connect(state, profile, region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_verbs_and_aliases() {
        assert_eq!(parse_command("clusters"), Ok(Command::Clusters));
        assert_eq!(parse_command(":svc prod"), Ok(Command::Services(Some("prod".into()))));
        assert_eq!(parse_command("tasks"), Ok(Command::Tasks(None)));
        assert_eq!(parse_command("q"), Ok(Command::Quit));
        assert_eq!(parse_command("theme light"), Ok(Command::Theme("light".into())));
        assert!(parse_command("theme").unwrap_err().contains("needs a theme name"));
        assert!(parse_command("frobnicate").unwrap_err().contains("unknown command"));
        assert!(parse_command("svc a b").unwrap_err().contains("unexpected"));
    }

    #[test]
    fn completes_verbs_then_names() {
        let names = Candidates { clusters: vec!["prod", "prod-eu", "dev"], ..Default::default() };
        assert_eq!(complete("clusters", &names), ("clusters ".to_string(), vec![]));
        // `cluster` (one in detail) and `clusters` (the list) share a prefix: both are offered.
        let (out, hint) = complete("clu", &names);
        assert_eq!(out, "cluster");
        assert_eq!(hint, vec!["cluster".to_string(), "clusters".to_string()]);
        assert_eq!(complete("cluster d", &names), ("cluster dev".to_string(), vec![]));
        let (out, hint) = complete("t", &names);
        assert_eq!(out, "t");
        assert_eq!(hint, vec!["taskdef".to_string(), "tasks".to_string(), "theme".to_string(), "triage".to_string()]);
        assert_eq!(complete("services d", &names), ("services dev".to_string(), vec![]));
        let (out, hint) = complete("services p", &names);
        assert_eq!(out, "services prod");
        assert_eq!(hint.len(), 2);
        assert_eq!(complete("region eu-west-", &names).1.len(), 3);
        // Task definitions for :taskdef and both names of :diff.
        let names = Candidates { task_definitions: vec!["prod-api:42", "prod-api:41", "prod-web:18"], ..names };
        assert_eq!(complete("taskdef prod-w", &names).0, "taskdef prod-web:18");
        assert_eq!(complete("diff prod-api:41 prod-a", &names).0, "diff prod-api:41 prod-api:4");
        assert_eq!(complete("diff prod-api:41 prod-w", &names).0, "diff prod-api:41 prod-web:18");
    }

    #[test]
    fn diff_takes_up_to_two_names() {
        assert_eq!(parse_command("diff"), Ok(Command::Diff(vec![])));
        assert_eq!(parse_command("diff a:1 a:2"), Ok(Command::Diff(vec!["a:1".into(), "a:2".into()])));
        assert!(parse_command("diff a b c").unwrap_err().contains("two task definitions at most"));
        assert_eq!(parse_command("td api:3"), Ok(Command::TaskDef(Some("api:3".into()))));
    }
}
