//! Demo services whose containers log elsewhere than to an awslogs stream, so the log view's
//! words about them can be seen: staging's `gateway` sends its app's lines through FireLens
//! (a Fluent Bit log router, itself logging with awslogs, forwarding to Datadog) beside a
//! collector with no log configuration, and `mailer` keeps no logs at all.
//!
//! Laid down after the rest of the fleet, so the seeded ids of everything else stay as they were.
use crate::model::{FirelensConfiguration, LogConfiguration};
use crate::sim::build::{Builder, Ctr};
use std::collections::BTreeMap;

/// The Fluent Bit image AWS publishes for FireLens.
const FLUENT_BIT: &str = "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2";

fn options(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// `staging-gateway:REVISION` running gateway `version`: the app through FireLens to Datadog,
/// the Fluent Bit router with awslogs, the collector with no log configuration.
fn gateway(b: &mut Builder<'_>, revision: u32, version: &str) -> String {
    let def = b.task_def(
        "staging-gateway",
        revision,
        512,
        1024,
        "/ecs/staging/gateway",
        vec![
            Ctr::app("gateway", "gateway", version, Some(8080)),
            Ctr::sidecar("log_router", FLUENT_BIT, true),
            Ctr::sidecar("otel-collector", "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", false),
        ],
    );
    if let Some(td) = b.w.task_defs.get_mut(&def) {
        for ctr in &mut td.container_definitions {
            match ctr.name.as_str() {
                "gateway" => {
                    ctr.log_configuration = Some(LogConfiguration {
                        log_driver: "awsfirelens".into(),
                        options: options(&[
                            ("Name", "datadog"),
                            ("Host", "http-intake.logs.datadoghq.eu"),
                            ("TLS", "on"),
                            ("dd_service", "gateway"),
                            ("dd_source", "gateway"),
                            ("provider", "ecs"),
                        ]),
                    });
                }
                "log_router" => {
                    ctr.firelens_configuration = Some(FirelensConfiguration {
                        kind: "fluentbit".into(),
                        options: options(&[("enable-ecs-log-metadata", "true")]),
                    });
                }
                _ => ctr.log_configuration = None,
            }
        }
    }
    def
}

/// `staging-mailer:REVISION`: one container, no log configuration.
fn mailer(b: &mut Builder<'_>, revision: u32, version: &str) -> String {
    let def = b.task_def(
        "staging-mailer",
        revision,
        256,
        512,
        "/ecs/staging/mailer",
        vec![Ctr::app("mailer", "mailer", version, None)],
    );
    if let Some(td) = b.w.task_defs.get_mut(&def) {
        td.container_definitions.iter_mut().for_each(|ctr| ctr.log_configuration = None);
    }
    def
}

pub fn build(b: &mut Builder<'_>) {
    let c = "staging";
    // Each family has the revision before its current one, as the rest of the fleet does.
    gateway(b, 11, "2.3.9");
    let def = gateway(b, 12, "2.4.1");
    let mut svc = b.service(c, "gateway", 2, 40);
    svc.launch_type = Some("FARGATE".into());
    svc.strategy = Default::default();
    super::steady(b, svc, &def, 3);

    mailer(b, 3, "0.5.2");
    let def = mailer(b, 4, "0.6.0");
    let mut svc = b.service(c, "mailer", 1, 20);
    svc.launch_type = Some("FARGATE".into());
    svc.strategy = Default::default();
    super::steady(b, svc, &def, 6);
}
