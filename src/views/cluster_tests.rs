use super::*;
use crate::fixtures;
use crate::model::{CapacityProvider, Prices};
use crate::state::Resource;

fn loaded<T>(value: T) -> Resource<T> {
    Resource { value: Some(value), loaded_at: Some(fixtures::now()), version: 1, ..Default::default() }
}

fn texts(entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| match e {
            Entry::Heading { text, .. } | Entry::Note { text, .. } => text.clone(),
            Entry::Fact { label, value, .. } => format!("{label}: {value}"),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn instances_that_want_a_look_come_first_marked_and_said_why() {
    let (rows, notes) = instance_rows(&fixtures::batch_instances());
    let marks: Vec<&str> = rows.iter().map(|r| r.mark.as_str()).collect();
    assert_eq!(marks, ["✖", "▲", "", ""]);
    let lost = &rows[0];
    assert_eq!((lost.id.as_str(), lost.agent.as_str(), lost.tone), ("i-0a8d281efbc65c13a", "NO", Tone::Error));
    assert_eq!(lost.cpu, "4096/2048");
    assert_eq!(lost.memory, "15722/12650");
    assert_eq!((rows[1].status.as_str(), rows[1].tone), ("DRAINING", Tone::Warn));
    assert_eq!(rows[2].tone, Tone::Normal);
    // One note per mark, naming the instance, the draining one with ECS's reason.
    let notes = texts(&notes);
    assert_eq!(notes.len(), 2);
    assert!(notes[0].starts_with("✖ i-0a8d281efbc65c13a: the agent is disconnected"), "{notes:?}");
    assert!(notes[1].contains("draining (Spot interruption notice)"), "{notes:?}");
}

#[test]
fn an_instance_both_lost_and_draining_carries_both_marks_and_counts_twice() {
    let mut both = fixtures::batch_instances()[2].clone();
    both.agent_connected = false;
    let row = InstanceRow::of(&both);
    assert_eq!((row.mark.as_str(), row.disconnected, row.draining, row.tone), ("✖▲", true, true, Tone::Error));
    let row = InstanceRow::of(&ContainerInstance { registered_cpu: None, ..both });
    assert_eq!(row.cpu, "-");
}

fn batch_data() -> Data {
    let arn = fixtures::cluster_arn("batch");
    let mut data = Data::default();
    data.prices = Prices::builtin();
    data.clusters = loaded(vec![fixtures::batch_cluster()]);
    data.services.insert(arn.clone(), loaded(fixtures::batch_services()));
    let running = TaskFilter { service: None, status: TaskStatusFilter::Running };
    data.tasks.insert((arn.clone(), running), loaded(fixtures::batch_tasks()));
    data.capacity_providers.insert(arn.clone(), loaded(fixtures::batch_providers()));
    data.container_instances.insert(arn, loaded(fixtures::batch_instances()));
    data
}

fn derived(data: &Data, arn: &str) -> Detail {
    let mut view = ClusterView::new(arn.to_string());
    view.sync(data, fixtures::now(), 20);
    view.panes.detail().cloned().expect("the cluster is loaded")
}

#[test]
fn the_title_counts_match_the_marked_rows() {
    let d = derived(&batch_data(), &fixtures::cluster_arn("batch"));
    assert_eq!(d.notes[Pane::Instances.index()], "4 · ✖ 1 agent disconnected · ▲ 1 draining");
    assert_eq!(d.tones[Pane::Instances.index()], Tone::Error);
    assert_eq!(d.instances.iter().filter(|r| r.mark.contains('✖')).count(), 1);
    assert_eq!(d.instances.iter().filter(|r| r.mark.contains('▲')).count(), 1);
    assert_eq!(d.notes[Pane::Providers.index()], "2");
}

#[test]
fn auto_scaling_group_providers_say_how_ecs_manages_them() {
    let c = fixtures::batch_cluster();
    let text = texts(&providers(&c, &fixtures::batch_providers()));
    for want in [
        "batch-ondemand",
        "status: ACTIVE · update UPDATE_COMPLETE",
        "group: batch-ondemand-asg",
        "scaling: managed, target 100% · step 1–10 instances · warmup 300s",
        "termination: on: instances running tasks are not scaled in",
        "draining: managed: instances are drained before they end",
    ] {
        assert!(text.iter().any(|t| t == want), "{want} not in {text:?}");
    }
    // A provider the cluster names but DescribeCapacityProviders did not return is said so.
    let text = texts(&providers(&c, &fixtures::batch_providers()[..1]));
    assert!(text.iter().any(|t| t.contains("not returned by DescribeCapacityProviders")), "{text:?}");
    // Fargate's providers are AWS-managed.
    let prod = &fixtures::clusters()[0];
    let fargate = [CapacityProvider::aws_managed("FARGATE"), CapacityProvider::aws_managed("FARGATE_SPOT")];
    let text = texts(&providers(prod, &fargate));
    assert!(text.iter().any(|t| t == "kind: AWS-managed Fargate Spot: no Auto Scaling group"), "{text:?}");
}

#[test]
fn the_summary_reads_the_strategy_insights_and_exec_configuration() {
    let text = texts(&summary(&fixtures::batch_cluster(), Some(1)));
    for want in [
        "default: batch-ondemand base 2 weight 1 / batch-spot weight 3",
        &format!(": {}", Strategy::LEGEND),
        "insights: enabled",
        "logging: OVERRIDE: the destinations below",
        "S3: s3://acme-ecs-exec-audit/batch (encrypted)",
        "CloudWatch: -",
        "KMS key: none: the session data is encrypted by TLS only",
        "team: data",
    ] {
        assert!(text.iter().any(|t| t == want), "{want} not in {text:?}");
    }
}

#[test]
fn a_fargate_only_cluster_says_so_instead_of_an_empty_pane() {
    let prod = fixtures::cluster_arn("prod");
    let mut data = Data::default();
    data.prices = Prices::builtin();
    data.clusters = loaded(fixtures::clusters());
    data.container_instances.insert(prod.clone(), loaded(vec![]));
    let d = derived(&data, &prod);
    assert_eq!(texts(&d.panes[Pane::Instances.index()]), ["no container instances: Fargate only"]);
    // The panes whose loads have not answered say they are loading.
    assert_eq!(texts(&d.panes[Pane::Providers.index()]), ["loading the capacity providers…"]);
    assert_eq!(texts(&d.panes[Pane::Mix.index()]), ["loading the services…"]);
}

#[test]
fn a_failed_load_is_said_in_words_in_its_pane() {
    let arn = fixtures::cluster_arn("batch");
    let mut data = batch_data();
    let err = crate::api::ApiError::new(
        crate::api::ErrorKind::AccessDenied,
        "not authorized to perform: ecs:ListContainerInstances",
    );
    data.container_instances.insert(arn.clone(), Resource { error: Some(err), ..Default::default() });
    let d = derived(&data, &arn);
    let text = texts(&d.panes[Pane::Instances.index()]);
    assert_eq!(text[0], "the container instances could not be loaded:");
    assert!(text[1].contains("ecs:ListContainerInstances"), "{text:?}");
    assert!(d.instances.is_empty());
}

#[test]
fn the_mix_sums_the_services_and_the_cost_is_an_estimate_of_ec2_capacity() {
    let d = derived(&batch_data(), &fixtures::cluster_arn("batch"));
    let mix = d.mix.as_ref().expect("services and tasks are loaded");
    let placed: Vec<(&str, u32)> = mix.rows.iter().map(|r| (r.name.as_str(), r.running)).collect();
    assert_eq!(placed, [("batch-ondemand", 3), ("batch-spot", 2)]);
    let text = texts(&d.panes[Pane::Mix.index()]);
    assert!(text.iter().any(|t| t.starts_with("Spot share: 40% of placed tasks")), "{text:?}");
    assert!(
        text.iter().any(|t| t == "estimate: none: EC2 capacity: cost is the instances', not the tasks'"),
        "{text:?}"
    );
    assert_eq!(d.notes[Pane::Mix.index()], "Spot 40%");
}

#[test]
fn pane_keys_focus_cycle_zoom_and_scroll_within_the_pane() {
    let data = batch_data();
    let mut view = ClusterView::new(fixtures::cluster_arn("batch"));
    view.sync(&data, fixtures::now(), 4);
    assert!(matches!(view.act(Action::PaneInstances, &data), Acted::Done { reload: false }));
    assert_eq!(view.panes.focus, Pane::Instances);
    view.act(Action::NextPane, &data);
    assert_eq!(view.panes.focus, Pane::Mix);
    view.act(Action::NextPane, &data);
    assert_eq!(view.panes.focus, Pane::Summary);
    view.act(Action::PrevPane, &data);
    assert_eq!(view.panes.focus, Pane::Mix);
    view.act(Action::Zoom, &data);
    assert!(view.panes.zoomed && view.title().ends_with("mix and cost (zoomed)"));
    // Scrolling moves the focused pane only, and never past its last entry.
    view.cursor(Move::Bottom);
    let last = view.panes.detail().map(|d| d.panes[Pane::Mix.index()].len() - 1).unwrap_or(0);
    assert_eq!((view.panes.offset(Pane::Mix), view.panes.offset(Pane::Summary)), (last, 0));
    view.cursor(Move::By(5));
    assert_eq!(view.panes.offset(Pane::Mix), last);
    view.cursor(Move::Top);
    assert_eq!(view.panes.offset(Pane::Mix), 0);
    assert!(matches!(view.act(Action::ClusterTasks, &data), Acted::Open(v) if matches!(*v, View::Tasks(_))));
    assert!(matches!(view.act(Action::ClusterServices, &data), Acted::Open(v) if matches!(*v, View::Services(_))));
}
