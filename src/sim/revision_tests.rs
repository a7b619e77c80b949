//! The simulator's service revisions: one for every deployment, current and history, with the
//! task definition that deployment ran; the demo's older deployments on older revisions.
use super::*;
use crate::api::{Loader, limits};
use crate::model::arn_name;
use chrono::TimeZone;

fn demo() -> Arc<Simulator> {
    let start = Utc.with_ymd_and_hms(2026, 3, 14, 3, 0, 0).single().unwrap_or_default();
    Arc::new(Simulator::demo_at(SimOptions { speed: 0.0, ..Default::default() }, start))
}

/// (status, task definition) of each deployment of `service` in prod, newest first.
async fn deployed(sim: &Arc<Simulator>, service: &str) -> Vec<(String, String)> {
    let loader = Loader::new(sim.clone(), 4);
    let history = loader.service_deployments("prod", service, &[]).await.expect("history");
    let targets: Vec<String> = history.items.iter().filter_map(|d| d.target_revision.clone()).collect();
    assert_eq!(targets.len(), history.items.len(), "every deployment names its revision");
    let revisions = loader.service_revisions(&targets).await.expect("revisions");
    assert_eq!(revisions.failures, vec![], "every revision is kept");
    history
        .items
        .iter()
        .zip(&revisions.items)
        .map(|(d, r)| {
            assert_eq!(d.target_revision.as_ref(), Some(&r.arn));
            (d.status.clone(), r.task_definition_short().to_string())
        })
        .collect()
}

fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
    want.iter().map(|(s, t)| (s.to_string(), t.to_string())).collect()
}

#[tokio::test]
async fn every_deployment_keeps_the_revision_it_deployed_older_ones_on_older_definitions() {
    let sim = demo();
    assert_eq!(
        deployed(&sim, "api").await,
        pairs(&[
            ("SUCCESSFUL", "prod-api:42"),
            ("SUCCESSFUL", "prod-api:41"),
            ("ROLLBACK_SUCCESSFUL", "prod-api:42"),
            ("SUCCESSFUL", "prod-api:41"),
        ])
    );
    assert_eq!(
        deployed(&sim, "web").await,
        pairs(&[
            ("IN_PROGRESS", "prod-web:18"),
            ("SUCCESSFUL", "prod-web:17"),
            ("SUCCESSFUL", "prod-web:17"),
            ("STOPPED", "prod-web:17"),
            ("SUCCESSFUL", "prod-web:16"),
        ])
    );
    assert_eq!(deployed(&sim, "checkout").await[0], ("ROLLBACK_IN_PROGRESS".into(), "prod-checkout:37".into()));

    // What a revision holds: placement, wiring, and each container's image with its digest.
    let loader = Loader::new(sim.clone(), 4);
    let api = loader.service_deployments("prod", "api", &[]).await.expect("history");
    let arns: Vec<String> = api.items.iter().filter_map(|d| d.target_revision.clone()).collect();
    let revisions = loader.service_revisions(&arns).await.expect("revisions").items;
    let (now, before) = (&revisions[0], &revisions[3]);
    assert_eq!(now.placement_short(), "FARGATE b1 w1 · SPOT w4");
    assert_eq!(before.placement_short(), "FARGATE w1", "before Spot joined");
    assert_eq!(now.load_balancers.len(), 1);
    assert_eq!(now.service_registries.len(), 1);
    assert_eq!(now.service_connect.as_deref(), Some("prod.local"));
    let images: Vec<(&str, &str)> =
        now.container_images.iter().map(|c| (c.container_name.as_str(), arn_name(&c.image))).collect();
    assert_eq!(images[0].0, "api");
    assert!(now.container_images[0].image.ends_with("api:1.42.0"));
    assert!(before.container_images[0].image.ends_with("api:1.41.0"));
    assert!(now.container_images.iter().all(|c| c.image_digest.as_deref().is_some_and(|d| d.starts_with("sha256:"))));
    // The rollback of the alarmed release went back to what ran before it.
    let rolled = api.items.iter().find(|d| d.status == "ROLLBACK_SUCCESSFUL").expect("rollback");
    let to = rolled.rollback.as_ref().and_then(|r| r.service_revision_arn.clone()).expect("rolled back to");
    let back = loader.service_revisions(&[to]).await.expect("revision").items;
    assert_eq!(back[0].task_definition_short(), "prod-api:41");
}

#[tokio::test]
async fn a_new_deployment_gets_its_revision_and_the_rules_of_the_call_hold() {
    let sim = demo();
    let req = UpdateService { task_definition: Some("prod-api:41".into()), ..UpdateService::new("prod", "api") };
    sim.update_service(req).await.expect("deployed");
    let loader = Loader::new(sim.clone(), 4);
    let history = loader.service_deployments("prod", "api", &[]).await.expect("history");
    let newest = history.items[0].target_revision.clone().expect("its revision");
    let r = sim.describe_service_revisions(vec![newest]).await.expect("described");
    assert_eq!(r.items[0].task_definition_short(), "prod-api:41");

    let gone = "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/api/1".to_string();
    let d = sim.describe_service_revisions(vec![gone.clone()]).await.expect("answered");
    assert_eq!((d.items.len(), d.failures[0].arn.clone(), d.failures[0].reason.as_str()), (0, gone, "MISSING"));
    let e = sim.describe_service_revisions(vec!["x".into(); limits::DESCRIBE_SERVICE_REVISIONS + 1]).await;
    assert_eq!(e.expect_err("21").code.as_deref(), Some("InvalidParameterException"));
    let e = sim.describe_service_revisions(vec![]).await;
    assert_eq!(e.expect_err("none").code.as_deref(), Some("InvalidParameterException"));
}
