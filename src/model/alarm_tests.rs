use super::*;

fn metric(name: &str, ns: &str, metric: &str, dims: &[(&str, &str)]) -> Alarm {
    Alarm {
        name: name.into(),
        arn: format!("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:{name}"),
        metrics: vec![AlarmMetric {
            namespace: Some(ns.into()),
            name: Some(metric.into()),
            dimensions: dims.iter().map(|(n, v)| Dimension::new(*n, *v)).collect(),
        }],
        ..Default::default()
    }
}

fn composite(name: &str, rule: &str) -> Alarm {
    Alarm { name: name.into(), kind: AlarmKind::Composite, rule: Some(rule.into()), ..Default::default() }
}

const TG: &str = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/0123abcd";

fn names<'a>(v: &[(&'a Alarm, Why)]) -> Vec<(&'a str, Why)> {
    v.iter().map(|(a, w)| (a.name.as_str(), *w)).collect()
}

#[test]
fn a_service_gets_its_dimension_target_group_and_deployment_alarms() {
    let alarms = vec![
        metric("api-cpu", "AWS/ECS", "CPUUtilization", &[("ClusterName", "prod"), ("ServiceName", "api")]),
        metric(
            "api-mem",
            "ECS/ContainerInsights",
            "MemoryUtilized",
            &[("ServiceName", "api"), ("ClusterName", "prod")],
        ),
        // Same service name in another cluster, and another service of the cluster.
        metric("dev-api-cpu", "AWS/ECS", "CPUUtilization", &[("ClusterName", "dev"), ("ServiceName", "api")]),
        metric("web-cpu", "AWS/ECS", "CPUUtilization", &[("ClusterName", "prod"), ("ServiceName", "web")]),
        // The right dimensions in a namespace that is not ECS's.
        metric("custom", "Acme/App", "Queue", &[("ClusterName", "prod"), ("ServiceName", "api")]),
        metric(
            "api-5xx",
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            &[("LoadBalancer", "app/prod/ffff"), ("TargetGroup", "targetgroup/prod-api/0123abcd")],
        ),
        metric("other-tg", "AWS/ApplicationELB", "RequestCount", &[("TargetGroup", "targetgroup/prod-web/9999")]),
        metric("whole-alb", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", &[("LoadBalancer", "app/prod/ffff")]),
        metric("queue-depth", "AWS/SQS", "ApproximateNumberOfMessagesVisible", &[("QueueName", "jobs")]),
        composite("api-page", "ALARM(\"api-cpu\") OR ALARM(api-5xx)"),
        composite("unrelated", "ALARM(web-cpu)"),
    ];
    let tgs = vec![TG.to_string()];
    let deploy = vec!["queue-depth".to_string()];
    let key = ServiceKey {
        cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
        service: "api",
        target_groups: &tgs,
        load_balancers: &[],
        deployment_alarms: &deploy,
    };
    let got = alarms_of_service(&alarms, &key);
    assert_eq!(
        names(&got),
        vec![
            ("api-cpu", Why::Dimensions),
            ("api-mem", Why::Dimensions),
            ("api-5xx", Why::LoadBalancer),
            ("queue-depth", Why::Deployment),
            ("api-page", Why::Composite),
        ]
    );
    // Knowing its load balancer adds the alarm on the whole load balancer.
    let lbs = vec!["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prod/ffff".to_string()];
    let key = ServiceKey { load_balancers: &lbs, ..key };
    assert!(names(&alarms_of_service(&alarms, &key)).contains(&("whole-alb", Why::LoadBalancer)));
}

#[test]
fn a_service_without_anything_matching_has_no_alarms() {
    let alarms = vec![metric("x", "AWS/ECS", "CPUUtilization", &[("ClusterName", "prod"), ("ServiceName", "web")])];
    let key =
        ServiceKey { cluster: "prod", service: "api", target_groups: &[], load_balancers: &[], deployment_alarms: &[] };
    assert!(alarms_of_service(&alarms, &key).is_empty());
    assert!(alarms_of_service(&[], &key).is_empty());
}

#[test]
fn cluster_alarms_are_cluster_name_without_a_service() {
    let alarms = vec![
        metric("prod-cpu-reserved", "AWS/ECS", "CPUReservation", &[("ClusterName", "prod")]),
        metric("prod-tasks", "ECS/ContainerInsights", "TaskCount", &[("ClusterName", "prod")]),
        metric("api-cpu", "AWS/ECS", "CPUUtilization", &[("ClusterName", "prod"), ("ServiceName", "api")]),
        metric("dev-cpu", "AWS/ECS", "CPUReservation", &[("ClusterName", "dev")]),
        metric("custom", "Acme/App", "X", &[("ClusterName", "prod")]),
    ];
    let got: Vec<&str> = alarms_of_cluster(&alarms, "arn:aws:ecs:eu-west-1:1:cluster/prod")
        .into_iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(got, ["prod-cpu-reserved", "prod-tasks"]);
}

#[test]
fn composite_rules_name_their_alarms() {
    assert_eq!(
        rule_alarms("ALARM(\"a b\") AND (OK(c) OR INSUFFICIENT_DATA(arn:aws:cloudwatch:eu-west-1:1:alarm:d)) OR TRUE"),
        ["a b", "c", "d"]
    );
    assert_eq!(rule_alarms("ALARM(a) OR ALARM(a)"), ["a"]);
    assert!(rule_alarms("TRUE").is_empty());
    assert!(rule_alarms("ALARM(unclosed").is_empty(), "never a panic on a rule cut short");
}

#[test]
fn dimension_values_are_the_arn_suffixes() {
    assert_eq!(target_group_dimension(TG), "targetgroup/prod-api/0123abcd");
    assert_eq!(
        load_balancer_dimension("arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/prod/ffff"),
        "app/prod/ffff"
    );
    assert_eq!(load_balancer_dimension("app/prod/ffff"), "app/prod/ffff", "a dimension value stays");
    let alarms = vec![metric(
        "api-5xx",
        "AWS/ApplicationELB",
        "HTTPCode_Target_5XX_Count",
        &[("LoadBalancer", "app/prod/ffff"), ("TargetGroup", "targetgroup/prod-api/0123abcd")],
    )];
    assert_eq!(load_balancer_of(&alarms, TG).as_deref(), Some("app/prod/ffff"));
    assert_eq!(load_balancer_of(&alarms, "arn:…:targetgroup/other/1"), None);
}

#[test]
fn alarms_sort_firing_first_then_no_data_then_ok() {
    let at = |m: i64| Some(crate::fixtures::now() - chrono::Duration::minutes(m));
    let mk = |name: &str, state: AlarmState, ago: i64| Alarm {
        name: name.into(),
        state,
        state_updated_at: at(ago),
        ..Default::default()
    };
    let all = [
        mk("ok", AlarmState::Ok, 5),
        mk("nodata", AlarmState::InsufficientData, 5),
        mk("fresh", AlarmState::Alarm, 1),
        mk("long", AlarmState::Alarm, 30),
        mk("odd", AlarmState::Other("MUTED".into()), 5),
    ];
    let mut v: Vec<&Alarm> = all.iter().collect();
    sort_by_state(&mut v);
    let order: Vec<&str> = v.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(order, ["long", "fresh", "odd", "nodata", "ok"]);
    assert_eq!(AlarmState::from_aws("MUTED").as_str(), "MUTED", "an unknown state stays text");
}

#[test]
fn threshold_and_metric_read_as_words() {
    let mut a = metric("api-cpu", "AWS/ECS", "CPUUtilization", &[("ClusterName", "prod"), ("ServiceName", "api")]);
    a.threshold = Some(80.0);
    a.comparison = Some("GreaterThanThreshold".into());
    a.evaluation_periods = Some(3);
    a.datapoints_to_alarm = Some(2);
    a.period = Some(60);
    a.statistic = Some("Average".into());
    assert_eq!(a.threshold_text().as_deref(), Some("> 80 for 2 of 3 periods of 60s"));
    assert_eq!(a.metric_text(), "Average of CPUUtilization (AWS/ECS) ClusterName=prod ServiceName=api");
    assert_eq!(composite("c", "ALARM(x)").metric_text(), "rule: ALARM(x)");
    assert_eq!(number(0.5), "0.5");
}
