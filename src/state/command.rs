//! `:` command mode: verbs with aliases, parsing, and Tab completion of verbs and names.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Clusters,
    Services(Option<String>),
    Tasks(Option<String>),
    Profile(String),
    Region(String),
    Theme(String),
    Help,
    Quit,
}

/// Verb, aliases, argument, what it does. The help overlay lists these.
pub static COMMANDS: &[(&str, &[&str], &str, &str)] = &[
    ("clusters", &["cl", "cluster", "ctx"], "", "list every cluster"),
    ("services", &["svc", "s", "service"], "[CLUSTER]", "services of CLUSTER (or the current one)"),
    ("tasks", &["t", "task"], "[SERVICE]", "tasks of SERVICE (or the whole current cluster)"),
    ("profile", &["p"], "NAME", "switch AWS profile"),
    ("region", &["r"], "NAME", "switch AWS region"),
    ("theme", &[], "NAME", "switch colour theme"),
    ("help", &["h", "?"], "", "show keys and commands"),
    ("quit", &["q", "q!", "exit"], "", "leave bosun"),
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
    let arg = words.next().map(str::to_string);
    if let Some(extra) = words.next() {
        return Err(format!("unexpected `{extra}`"));
    }
    let need = |what: &str| arg.clone().ok_or_else(|| format!(":{first} needs a {what}"));
    match verb(first) {
        Some("clusters") => Ok(Command::Clusters),
        Some("services") => Ok(Command::Services(arg)),
        Some("tasks") => Ok(Command::Tasks(arg)),
        Some("profile") => need("profile name").map(Command::Profile),
        Some("region") => need("region name").map(Command::Region),
        Some("theme") => need("theme name").map(Command::Theme),
        Some("help") => Ok(Command::Help),
        Some("quit") => Ok(Command::Quit),
        _ => Err(format!("unknown command `{first}` (try :help)")),
    }
}

/// Names each verb's argument can take, supplied by the caller from what is loaded.
#[derive(Debug, Default, Clone)]
pub struct Candidates<'a> {
    pub clusters: Vec<&'a str>,
    pub services: Vec<&'a str>,
    pub profiles: Vec<&'a str>,
    pub themes: Vec<&'a str>,
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
        [v] => match verb(v) {
            Some("services") => names.clusters.iter().map(|s| s.to_string()).collect(),
            Some("tasks") => names.services.iter().map(|s| s.to_string()).collect(),
            Some("profile") => names.profiles.iter().map(|s| s.to_string()).collect(),
            Some("theme") => names.themes.iter().map(|s| s.to_string()).collect(),
            Some("region") => REGIONS.iter().map(|s| s.to_string()).collect(),
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
        assert_eq!(complete("clu", &names), ("clusters ".to_string(), vec![]));
        let (out, hint) = complete("t", &names);
        assert_eq!(out, "t");
        assert_eq!(hint, vec!["tasks".to_string(), "theme".to_string()]);
        assert_eq!(complete("services d", &names), ("services dev".to_string(), vec![]));
        let (out, hint) = complete("services p", &names);
        assert_eq!(out, "services prod");
        assert_eq!(hint.len(), 2);
        assert_eq!(complete("region eu-west-", &names).1.len(), 3);
    }
}
