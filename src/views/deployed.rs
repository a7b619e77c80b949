//! What each deployment of a service deployed, and what changed from the one before it, in
//! a few words: the service detail's deployments pane shows these under each deployment.
//! Pure: from service revisions (DescribeServiceRevisions) and the current deployments.
use crate::api::ServiceDeployment;
use crate::model::{ContainerImage, Deployment, LoadBalancer, ServiceRevision, Strategy, arn_name};
use crate::state::{Data, Load};

/// What one deployment in the history deployed, as far as its service revision is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Deployed {
    /// Its service revision is not loaded yet: its ids are all there is.
    Loading,
    /// Its service revision could not be loaded (the reason is said once, above the history).
    Unknown,
    Known {
        /// The task definition ARN it ran.
        task_definition: String,
        /// What changed from the revision before it (empty when that is not known).
        changes: Vec<String>,
    },
}

impl Deployed {
    /// The task definition it ran, once known.
    pub fn task_definition(&self) -> Option<&str> {
        match self {
            Deployed::Known { task_definition, .. } => Some(task_definition),
            _ => None,
        }
    }
}

/// What a deployment deployed, as far as it is compared.
#[derive(Debug, Clone, Copy)]
pub struct Config<'a> {
    pub task_definition: &'a str,
    pub strategy: &'a Strategy,
    pub launch_type: Option<&'a str>,
    /// Known from a service revision only.
    pub images: Option<&'a [ContainerImage]>,
    pub platform_version: Option<&'a str>,
    pub load_balancers: Option<&'a [LoadBalancer]>,
    pub service_registries: Option<&'a [String]>,
}

impl<'a> Config<'a> {
    pub fn of_revision(r: &'a ServiceRevision) -> Self {
        Config {
            task_definition: &r.task_definition,
            strategy: &r.strategy,
            launch_type: r.launch_type.as_deref(),
            images: Some(&r.container_images),
            platform_version: r.platform_version.as_deref(),
            load_balancers: Some(&r.load_balancers),
            service_registries: Some(&r.service_registries),
        }
    }

    /// A current deployment; its images when a loaded revision ran the same task definition.
    pub fn of_deployment(d: &'a Deployment, images: Option<&'a [ContainerImage]>) -> Self {
        Config {
            task_definition: &d.task_definition,
            strategy: &d.strategy,
            launch_type: d.launch_type.as_deref(),
            images,
            platform_version: None,
            load_balancers: None,
            service_registries: None,
        }
    }

    fn placement(&self) -> String {
        match (self.strategy.is_empty(), self.launch_type) {
            (false, _) => self.strategy.short(),
            (true, Some(lt)) => format!("launch type {lt}"),
            (true, None) => "the cluster default".into(),
        }
    }
}

/// `repo` and `tag` of an image (`host:5000/repo:tag`, `repo@sha256:…`); no tag is `latest`.
fn split_image(image: &str) -> (&str, &str) {
    if let Some((repo, digest)) = image.split_once('@') {
        return (repo, digest);
    }
    match image.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => (repo, tag),
        _ => (image, "latest"),
    }
}

/// The first 12 hex digits of a digest, as registries show them.
fn short_digest(digest: &str) -> &str {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    hex.get(..12).unwrap_or(hex)
}

/// What changed from `before` to `after`, in a few words each; when nothing compared
/// differs, one entry says so.
pub fn changes(before: &Config<'_>, after: &Config<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if before.task_definition != after.task_definition {
        out.push(format!("task definition {} → {}", arn_name(before.task_definition), arn_name(after.task_definition)));
    }
    let (was, now) = (before.placement(), after.placement());
    if was != now {
        out.push(format!("placement {was} → {now}"));
    }
    if let (Some(old), Some(new)) = (before.images, after.images) {
        for c in new {
            match old.iter().find(|o| o.container_name == c.container_name) {
                None => out.push(format!("container {} added ({})", c.container_name, c.image)),
                Some(o) if o.image != c.image => {
                    let ((old_repo, old_tag), (repo, tag)) = (split_image(&o.image), split_image(&c.image));
                    if old_repo == repo {
                        out.push(format!("image {} {old_tag} → {tag}", c.container_name));
                    } else {
                        out.push(format!("image {} {} → {}", c.container_name, o.image, c.image));
                    }
                }
                Some(o) => {
                    // The same tag resolved to another image: it was pushed again.
                    if let (Some(a), Some(b)) = (&o.image_digest, &c.image_digest)
                        && a != b
                    {
                        let tag = split_image(&c.image).1;
                        out.push(format!(
                            "image {} {tag} pushed again ({} → {})",
                            c.container_name,
                            short_digest(a),
                            short_digest(b)
                        ));
                    }
                }
            }
        }
        for o in old.iter().filter(|o| !new.iter().any(|c| c.container_name == o.container_name)) {
            out.push(format!("container {} removed", o.container_name));
        }
    }
    if let (Some(a), Some(b)) = (before.platform_version, after.platform_version)
        && a != b
    {
        out.push(format!("platform version {a} → {b}"));
    }
    if let (Some(a), Some(b)) = (before.load_balancers, after.load_balancers)
        && a != b
    {
        out.push("load balancers changed".into());
    }
    if let (Some(a), Some(b)) = (before.service_registries, after.service_registries)
        && a != b
    {
        out.push("service discovery changed".into());
    }
    if out.is_empty() {
        let what = if after.images.is_some() && before.images.is_some() {
            "same task definition, placement and images"
        } else {
            "same task definition and placement"
        };
        out.push(what.into());
    }
    out
}

/// Every service revision the history names (each deployment's target and sources), in
/// order, once each.
pub fn revision_arns(history: &[ServiceDeployment]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in history {
        for a in d.target_revision.iter().chain(d.source_revisions.iter()) {
            if !out.contains(a) {
                out.push(a.clone());
            }
        }
    }
    out
}

/// The revisions of `arns` still to load: none loaded and none in flight (the load skips
/// those known to be missing, and waits after a failure).
pub fn to_load(data: &Data, arns: &[String]) -> Option<Load> {
    let missing: Vec<String> = arns
        .iter()
        .filter(|a| data.service_revisions.get(*a).is_none_or(|r| r.value.is_none() && r.pending.is_none()))
        .cloned()
        .collect();
    (!missing.is_empty()).then_some(Load::ServiceRevisions { arns: missing })
}

/// What each deployment of `history` (newest first) deployed, and what changed from the one
/// before it: the revision it replaced (its source), else the next older deployment's.
pub fn of_history(data: &Data, history: &[ServiceDeployment]) -> Vec<Deployed> {
    let revision = |arn: Option<&String>| arn.and_then(|a| data.service_revision_of(a));
    history
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let Some(target) = d.target_revision.as_ref() else { return Deployed::Unknown };
            let Some(after) = data.service_revision_of(target) else {
                let failed =
                    data.service_revisions.get(target).is_some_and(|r| r.error.is_some() && r.pending.is_none());
                return if failed { Deployed::Unknown } else { Deployed::Loading };
            };
            let before = revision(d.source_revisions.first())
                .or_else(|| revision(history.get(i + 1).and_then(|o| o.target_revision.as_ref())));
            let changes = match before {
                Some(b) if b.arn != after.arn => changes(&Config::of_revision(b), &Config::of_revision(after)),
                _ => Vec::new(),
            };
            Deployed::Known { task_definition: after.task_definition.clone(), changes }
        })
        .collect()
}

/// The error of the revisions load, in words, when any revision of `arns` failed for a reason
/// other than not being known to ECS.
pub fn error(data: &Data, arns: &[String]) -> Option<String> {
    arns.iter()
        .filter_map(|a| data.service_revisions.get(a))
        .filter(|r| r.value.is_none() && r.pending.is_none())
        .filter_map(|r| r.error.as_ref())
        .find(|e| e.kind != crate::api::ErrorKind::NotFound)
        .map(|e| e.to_string())
}

/// What each current deployment (the primary first) changed: from the next one still running,
/// and for the oldest, what the newest history entry with its task definition says. Images come from any loaded revision of the same task definition.
pub fn of_current(
    current: &[&Deployment],
    history: &[ServiceDeployment],
    deployed: &[Deployed],
    data: &Data,
) -> Vec<Vec<String>> {
    let revisions: Vec<&ServiceRevision> =
        history.iter().filter_map(|d| d.target_revision.as_ref()).filter_map(|a| data.service_revision_of(a)).collect();
    let images = |td: &str| revisions.iter().find(|r| r.task_definition == td).map(|r| r.container_images.as_slice());
    current
        .iter()
        .enumerate()
        .map(|(i, d)| match current.get(i + 1) {
            Some(older) => changes(
                &Config::of_deployment(older, images(&older.task_definition)),
                &Config::of_deployment(d, images(&d.task_definition)),
            ),
            None => history
                .iter()
                .zip(deployed)
                .find(|(h, _)| {
                    h.target_revision
                        .as_ref()
                        .and_then(|a| data.service_revision_of(a))
                        .is_some_and(|r| r.task_definition == d.task_definition)
                })
                .and_then(|(_, dep)| match dep {
                    Deployed::Known { changes, .. } => Some(changes.clone()),
                    _ => None,
                })
                .unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
#[path = "deployed_tests.rs"]
mod tests;
