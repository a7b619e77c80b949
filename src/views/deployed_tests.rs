use super::*;
use crate::api::{ApiError, Described, ErrorKind};
use crate::model::{Failure, StrategyItem};
use crate::state::Payload;

const ECR: &str = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

fn image(name: &str, tag: &str, digest: &str) -> ContainerImage {
    ContainerImage {
        container_name: name.into(),
        image: format!("{ECR}/{name}:{tag}"),
        image_digest: Some(format!("sha256:{digest}")),
    }
}

fn revision(id: &str, td: u32, images: Vec<ContainerImage>, on: Strategy) -> ServiceRevision {
    ServiceRevision {
        arn: format!("arn:aws:ecs:eu-west-1:1:service-revision/prod/api/{id}"),
        task_definition: format!("arn:aws:ecs:eu-west-1:1:task-definition/prod-api:{td}"),
        strategy: on,
        platform_version: Some("LATEST".into()),
        container_images: images,
        ..Default::default()
    }
}

fn spot() -> Strategy {
    strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)])
}

#[test]
fn what_changed_is_said_in_a_few_words() {
    let old = revision("1", 41, vec![image("api", "1.41.0", "aaaaaaaaaaaaaaaa"), image("envoy", "v1", "e1")], spot());
    let new = revision("2", 42, vec![image("api", "1.42.0", "bbbbbbbbbbbbbbbb"), image("envoy", "v1", "e1")], spot());
    assert_eq!(
        changes(&Config::of_revision(&old), &Config::of_revision(&new)),
        ["task definition prod-api:41 → prod-api:42", "image api 1.41.0 → 1.42.0"]
    );
    // Placement alone, from a launch type to a strategy.
    let mut ec2 = old.clone();
    (ec2.strategy, ec2.launch_type) = (Strategy::default(), Some("FARGATE".into()));
    assert_eq!(
        changes(&Config::of_revision(&ec2), &Config::of_revision(&old)),
        ["placement launch type FARGATE → FARGATE b1 w1 · SPOT w4"]
    );
    // A tag pushed again: the same image name, another digest.
    let mut pushed = old.clone();
    pushed.container_images[0].image_digest = Some("sha256:cccccccccccccccccccc".into());
    assert_eq!(
        changes(&Config::of_revision(&old), &Config::of_revision(&pushed)),
        ["image api 1.41.0 pushed again (aaaaaaaaaaaa → cccccccccccc)"]
    );
    // Containers come and go; other repositories are named in full.
    let mut other = old.clone();
    other.container_images = vec![ContainerImage { image: "nginx:1.27".into(), ..image("api", "x", "d") }];
    let said = changes(&Config::of_revision(&old), &Config::of_revision(&other));
    assert_eq!(said, [format!("image api {ECR}/api:1.41.0 → nginx:1.27"), "container envoy removed".to_string()]);
    // Nothing compared differs (a forced new deployment).
    assert_eq!(
        changes(
            &Config::of_revision(&old),
            &Config::of_revision(&revision("3", 41, old.container_images.clone(), spot()))
        ),
        ["same task definition, placement and images"]
    );
    // Wiring.
    let mut moved = old.clone();
    moved.platform_version = Some("1.4.0".into());
    moved.service_registries = vec!["arn:aws:servicediscovery:x".into()];
    assert_eq!(
        changes(&Config::of_revision(&old), &Config::of_revision(&moved)),
        ["platform version LATEST → 1.4.0", "service discovery changed"]
    );
    assert_eq!(split_image("localhost:5000/api"), ("localhost:5000/api", "latest"));
    assert_eq!(split_image("api@sha256:abc"), ("api", "sha256:abc"));
}

fn deployment(id: &str, target: &str, sources: &[&str]) -> ServiceDeployment {
    let arn = |r: &str| format!("arn:aws:ecs:eu-west-1:1:service-revision/prod/api/{r}");
    ServiceDeployment {
        arn: format!("arn:aws:ecs:eu-west-1:1:service-deployment/prod/api/{id}"),
        status: "SUCCESSFUL".into(),
        target_revision: Some(arn(target)),
        source_revisions: sources.iter().map(|s| arn(s)).collect(),
        ..Default::default()
    }
}

fn loaded(data: &mut Data, req: u64, arns: &[String], answer: Result<Described<ServiceRevision>, ApiError>) {
    let load = Load::ServiceRevisions { arns: arns.to_vec() };
    data.start(&load, req);
    assert!(data.apply(&load, req, crate::fixtures::now(), answer.map(Payload::ServiceRevisions)));
}

#[test]
fn the_history_says_what_each_deployment_deployed_against_what_it_replaced() {
    // Newest first: 3 replaced 1 (a rollback of 2 went back to 1 before it), 2 replaced 1.
    let history = vec![deployment("c", "3", &["1"]), deployment("b", "2", &["1"]), deployment("a", "1", &[])];
    let arns = revision_arns(&history);
    assert_eq!(arns.len(), 3, "each revision once: {arns:?}");
    let mut data = Data::default();
    assert_eq!(to_load(&data, &arns), Some(Load::ServiceRevisions { arns: arns.clone() }));
    assert_eq!(of_history(&data, &history), vec![Deployed::Loading; 3]);

    let images = |tag: &str| vec![image("api", tag, tag)];
    let revisions = vec![
        revision("3", 42, images("1.42.0"), spot()),
        revision("2", 42, images("1.42.0"), strategy(&[("FARGATE", 0, 1)])),
        revision("1", 41, images("1.41.0"), strategy(&[("FARGATE", 0, 1)])),
    ];
    loaded(&mut data, 1, &arns, Ok(Described { items: revisions, failures: vec![] }));
    assert_eq!(to_load(&data, &arns), None, "kept forever: nothing more to load");
    let deployed = of_history(&data, &history);
    let said: Vec<(Option<&str>, Vec<String>)> = deployed
        .iter()
        .map(|d| {
            (
                d.task_definition().map(arn_name),
                match d {
                    Deployed::Known { changes, .. } => changes.clone(),
                    _ => vec![],
                },
            )
        })
        .collect();
    fn td<'a>(t: &'a str, c: &[&str]) -> (Option<&'a str>, Vec<String>) {
        (Some(t), c.iter().map(|s| s.to_string()).collect())
    }
    assert_eq!(
        said,
        vec![
            // Against its source (1), not the rolled-back 2 listed before it.
            td(
                "prod-api:42",
                &[
                    "task definition prod-api:41 → prod-api:42",
                    "placement FARGATE w1 → FARGATE b1 w1 · SPOT w4",
                    "image api 1.41.0 → 1.42.0",
                ]
            ),
            td("prod-api:42", &["task definition prod-api:41 → prod-api:42", "image api 1.41.0 → 1.42.0"]),
            // The first: nothing before it to compare with.
            td("prod-api:41", &[]),
        ]
    );
}

#[test]
fn revisions_ecs_lost_are_not_asked_again_but_a_refused_load_is_said() {
    let history = vec![deployment("b", "2", &["1"])];
    let arns = revision_arns(&history);
    let mut data = Data::default();
    let missing = Failure { arn: arns[0].clone(), reason: "MISSING".into(), detail: None };
    let one = revision("1", 41, vec![], Strategy::default());
    loaded(&mut data, 1, &arns, Ok(Described { items: vec![one], failures: vec![missing] }));
    assert_eq!(of_history(&data, &history), vec![Deployed::Unknown]);
    assert_eq!(error(&data, &arns), None, "a missing revision is no error to report");
    let load = Load::ServiceRevisions { arns: arns.clone() };
    let later = crate::fixtures::now() + chrono::Duration::hours(1);
    assert!(!data.stale(&load, later, std::time::Duration::from_secs(10)), "never asked again");

    let mut data = Data::default();
    let denied = ApiError::new(ErrorKind::AccessDenied, "not authorized to perform: ecs:DescribeServiceRevisions");
    loaded(&mut data, 2, &arns, Err(denied));
    assert_eq!(of_history(&data, &history), vec![Deployed::Unknown]);
    assert!(error(&data, &arns).is_some_and(|e| e.contains("DescribeServiceRevisions")));
    assert!(data.stale(&load, later, std::time::Duration::from_secs(10)), "asked again at a later refresh");
}

#[test]
fn current_deployments_say_what_they_change_from_the_one_still_running() {
    let dep = |id: &str, td: u32, on: Strategy| Deployment {
        id: id.into(),
        task_definition: format!("arn:aws:ecs:eu-west-1:1:task-definition/prod-api:{td}"),
        strategy: on,
        ..Default::default()
    };
    let (new, old) = (dep("ecs-svc/2", 42, spot()), dep("ecs-svc/1", 41, spot()));
    let history = vec![deployment("b", "2", &["1"]), deployment("a", "1", &[])];
    let arns = revision_arns(&history);
    let mut data = Data::default();
    let revisions = vec![
        revision("2", 42, vec![image("api", "1.42.0", "b")], spot()),
        revision("1", 41, vec![image("api", "1.41.0", "a")], spot()),
    ];
    loaded(&mut data, 1, &arns, Ok(Described { items: revisions, failures: vec![] }));
    let deployed = of_history(&data, &history);
    let said = of_current(&[&new, &old], &history, &deployed, &data);
    assert_eq!(said[0], ["task definition prod-api:41 → prod-api:42", "image api 1.41.0 → 1.42.0"]);
    // The oldest still running: what the history says of the deployment that made it.
    assert_eq!(said[1], Vec::<String>::new(), "the first deployment: nothing before it");
    let said = of_current(&[&new], &history, &deployed, &data);
    assert_eq!(said[0], ["task definition prod-api:41 → prod-api:42", "image api 1.41.0 → 1.42.0"]);
}
