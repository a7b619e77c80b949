//! Task definitions, capacity providers and container instances through moto: what it stores
//! comes back through our conversions. What moto gets wrong here is in docs/testing.md.
use crate::common::{moto_api, moto_ecs};
use crate::moto::{self, ACCOUNT_HEADER, MotoAccount, REGION};
use aws_sdk_ecs::types::{
    AutoScalingGroupProvider, Compatibility, ContainerCondition, ContainerDefinition, ContainerDependency,
    ContainerInstanceStatus, CpuArchitecture, HealthCheck, KeyValuePair, LinuxParameters, LogConfiguration, LogDriver,
    ManagedDraining, ManagedScaling, ManagedScalingStatus, ManagedTerminationProtection, NetworkMode, OsFamily,
    PortMapping, RuntimePlatform, Secret, TransportProtocol,
};
use bosun::api::{EcsApi, Loader};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

fn api_container(tag: &str) -> ContainerDefinition {
    ContainerDefinition::builder()
        .name("api")
        .image(format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:{tag}"))
        .cpu(896)
        .memory_reservation(1536)
        .essential(true)
        .port_mappings(
            PortMapping::builder()
                .container_port(8080)
                .host_port(8080)
                .protocol(TransportProtocol::Tcp)
                .name("http")
                .build(),
        )
        .health_check(
            HealthCheck::builder()
                .command("CMD-SHELL")
                .command("curl -f http://localhost:8080/health || exit 1")
                .interval(30)
                .timeout(5)
                .retries(3)
                .start_period(60)
                .build()
                .expect("health check"),
        )
        .log_configuration(
            LogConfiguration::builder()
                .log_driver(LogDriver::Awslogs)
                .options("awslogs-group", "/ecs/prod/api")
                .options("awslogs-region", REGION)
                .options("awslogs-stream-prefix", "ecs")
                .build()
                .expect("log configuration"),
        )
        .environment(KeyValuePair::builder().name("APP_VERSION").value(tag).build())
        .secrets(
            Secret::builder()
                .name("DATABASE_URL")
                .value_from("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/db-AbCdEf")
                .build()
                .expect("secret"),
        )
        .linux_parameters(LinuxParameters::builder().init_process_enabled(true).build())
        .readonly_root_filesystem(true)
        .depends_on(
            ContainerDependency::builder()
                .container_name("envoy")
                .condition(ContainerCondition::Start)
                .build()
                .expect("dependency"),
        )
        .build()
}

async fn register(ecs: &aws_sdk_ecs::Client, tag: &str) {
    ecs.register_task_definition()
        .family("prod-api")
        .cpu("1024")
        .memory("2048")
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(Compatibility::Fargate)
        .runtime_platform(
            RuntimePlatform::builder()
                .cpu_architecture(CpuArchitecture::Arm64)
                .operating_system_family(OsFamily::Linux)
                .build(),
        )
        .task_role_arn("arn:aws:iam::123456789012:role/prod-api-task")
        .execution_role_arn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
        .container_definitions(api_container(tag))
        .container_definitions(ContainerDefinition::builder().name("envoy").image("envoy:v1").essential(false).build())
        .send()
        .await
        .expect("RegisterTaskDefinition");
}

#[tokio::test]
async fn describe_task_definition_returns_what_was_registered() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    register(&ecs, "1.41.0").await;
    register(&ecs, "1.42.0").await;
    let api = moto_api(&acct);
    let td = api.describe_task_definition("prod-api:2".into()).await.expect("DescribeTaskDefinition");
    assert_eq!((td.family_revision(), td.status.as_deref()), ("prod-api:2".to_string(), Some("ACTIVE")));
    assert!(td.arn.ends_with(":task-definition/prod-api:2") && td.arn.contains(&acct.account), "{}", td.arn);
    assert_eq!((td.cpu.as_deref(), td.memory.as_deref()), (Some("1024"), Some("2048")));
    assert_eq!(
        (td.network_mode.as_deref(), td.requires_compatibilities.as_slice()),
        (Some("awsvpc"), &["FARGATE".to_string()][..])
    );
    let platform = td.runtime_platform.clone().expect("runtime platform");
    assert_eq!(platform.cpu_architecture.as_deref(), Some("ARM64"));
    assert_eq!(td.task_role_arn.as_deref(), Some("arn:aws:iam::123456789012:role/prod-api-task"));
    let c = td.container("api").expect("api container");
    assert_eq!(c.image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.42.0");
    assert_eq!((c.cpu, c.memory_reservation, c.essential), (896, Some(1536), true));
    assert_eq!(c.port_mappings[0].container_port, Some(8080));
    assert_eq!(c.port_mappings[0].name.as_deref(), Some("http"));
    assert_eq!(
        c.health_check.as_ref().map(|h| (h.interval, h.retries, h.start_period)),
        Some((Some(30), Some(3), Some(60)))
    );
    let logs = td.awslogs("api").expect("awslogs");
    assert_eq!(
        (logs.group.as_str(), logs.region.as_deref(), logs.stream_prefix.as_deref()),
        ("/ecs/prod/api", Some(REGION), Some("ecs"))
    );
    assert_eq!(c.environment[0].value, "1.42.0");
    assert_eq!(c.secrets[0].value_from, "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api/db-AbCdEf");
    assert_eq!(c.linux_parameters.as_ref().and_then(|l| l.init_process_enabled), Some(true));
    assert_eq!((c.readonly_root_filesystem, c.depends_on[0].condition.as_str()), (Some(true), "START"));
    assert!(!td.container("envoy").expect("envoy").essential);

    let previous = api.describe_task_definition(td.previous().expect("revision 1")).await.expect("revision 1");
    assert_eq!(previous.container("api").map(|c| c.environment[0].value.as_str()), Some("1.41.0"));
    let latest = api.describe_task_definition("prod-api".into()).await.expect("a bare family");
    assert_eq!(latest.revision, 2, "a bare family is its latest revision");
    let e = api.describe_task_definition("prod-api:9".into()).await.expect_err("no such revision");
    // As ECS answers (and the simulator).
    assert_eq!(
        (e.code.as_deref(), e.message.as_str()),
        (Some("ClientException"), "Unable to describe task definition.")
    );
    assert_eq!(e.kind, bosun::api::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn an_auto_scaling_group_provider_is_described_by_name() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    let group = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b7e:autoScalingGroupName/batch-asg";
    let provider = AutoScalingGroupProvider::builder()
        .auto_scaling_group_arn(group)
        .managed_scaling(
            ManagedScaling::builder()
                .status(ManagedScalingStatus::Enabled)
                .target_capacity(100)
                .minimum_scaling_step_size(1)
                .maximum_scaling_step_size(10)
                .instance_warmup_period(300)
                .build(),
        )
        .managed_termination_protection(ManagedTerminationProtection::Enabled)
        .managed_draining(ManagedDraining::Enabled)
        .build()
        .expect("provider");
    ecs.create_capacity_provider()
        .name("batch-ondemand")
        .auto_scaling_group_provider(provider)
        .send()
        .await
        .expect("CreateCapacityProvider");
    ecs.create_cluster()
        .cluster_name("batch")
        .capacity_providers("batch-ondemand")
        .capacity_providers("FARGATE")
        .send()
        .await
        .expect("CreateCluster");

    let api = Arc::new(moto_api(&acct));
    let page =
        api.describe_capacity_providers(vec!["batch-ondemand".into(), "ghost".into()], None).await.expect("describe");
    assert_eq!(page.next_token, None);
    let p = &page.described.items[0];
    assert_eq!((p.name.as_str(), p.status.as_str()), ("batch-ondemand", "ACTIVE"));
    assert!(p.arn.as_deref().is_some_and(|a| a.ends_with(":capacity-provider/batch-ondemand")));
    let asg = p.auto_scaling_group.clone().expect("group");
    assert_eq!((asg.arn.as_str(), asg.name()), (group, "batch-asg"));
    let ms = asg.managed_scaling.expect("managed scaling");
    assert_eq!(
        (ms.status.as_deref(), ms.target_capacity, ms.min_step, ms.max_step, ms.instance_warmup),
        (Some("ENABLED"), Some(100), Some(1), Some(10), Some(300))
    );
    assert_eq!(
        (asg.managed_termination_protection.as_deref(), asg.managed_draining.as_deref()),
        (Some("ENABLED"), Some("ENABLED"))
    );
    assert_eq!(page.described.failures.len(), 1);
    assert_eq!(page.described.failures[0].reason, "MISSING");

    // The cluster's providers through the loader: FARGATE is AWS's, never asked about (moto
    // would answer it MISSING).
    let loaded = Loader::new(api, 2).cluster_capacity_providers("batch").await.expect("cluster providers");
    assert!(loaded.failures.is_empty(), "{:?}", loaded.failures);
    let names: Vec<&str> = loaded.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["batch-ondemand", "FARGATE"]);
    assert!(loaded.items[1].auto_scaling_group.is_none());
}

/// RunInstances on moto's EC2 (the SDK's EC2 crate is not a dependency): the instance id.
fn run_instance(acct: &MotoAccount, instance_type: &str) -> String {
    let addr = acct.endpoint.trim_start_matches("http://");
    let body = format!(
        "Action=RunInstances&ImageId=ami-12c6146b&MinCount=1&MaxCount=1&InstanceType={instance_type}&Version=2016-11-15"
    );
    let req = format!(
        "POST / HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/{REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n\
         {ACCOUNT_HEADER}: {}\r\nContent-Length: {}\r\n\r\n{body}",
        acct.account,
        body.len()
    );
    let mut s = TcpStream::connect(addr).expect("moto");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    s.write_all(req.as_bytes()).expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("answer");
    let at = out.find("<instanceId>").expect("an instance id in the answer") + "<instanceId>".len();
    out[at..].split('<').next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn container_instances_registered_on_moto_are_listed_and_described() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("batch").send().await.expect("CreateCluster");
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = run_instance(&acct, "m6i.xlarge");
        let doc = format!(r#"{{"instanceId":"{id}"}}"#);
        ecs.register_container_instance()
            .cluster("batch")
            .instance_identity_document(doc)
            .send()
            .await
            .expect("RegisterContainerInstance");
        ids.push(id);
    }
    let api = Arc::new(moto_api(&acct));
    let first = api.list_container_instances("batch".into(), None).await.expect("ListContainerInstances");
    assert_eq!(first.arns.len(), 3);
    ecs.update_container_instances_state()
        .cluster("batch")
        .container_instances(&first.arns[0])
        .status(ContainerInstanceStatus::Draining)
        .send()
        .await
        .expect("UpdateContainerInstancesState");

    let loaded = Loader::new(api.clone(), 2).container_instances("batch").await.expect("instances");
    assert_eq!(loaded.items.len(), 3);
    let draining = loaded.items.iter().find(|i| i.arn == first.arns[0]).expect("the drained one");
    assert_eq!(draining.status, "DRAINING");
    assert!(draining.needs_attention());
    for i in &loaded.items {
        assert!(i.ec2_instance_id.as_ref().is_some_and(|id| ids.contains(id)));
        assert_eq!(i.instance_type.as_deref(), Some("m6i.xlarge"), "from the ecs.instance-type attribute");
        assert!(i.availability_zone.as_deref().is_some_and(|z| z.starts_with(REGION)));
        assert!(i.agent_connected && i.registered_at.is_some());
        assert_eq!((i.running_tasks, i.pending_tasks), (0, 0));
        assert_eq!(i.registered_cpu, Some(4096), "4 vCPUs");
        assert_eq!(i.remaining_cpu, i.registered_cpu, "no tasks");
    }
    let d = api.describe_container_instances("batch".into(), vec!["nope".into()]).await.expect("describe");
    assert_eq!((d.items.len(), d.failures[0].reason.as_str()), (0, "MISSING"));
}
