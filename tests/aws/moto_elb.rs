//! ELBv2 through moto: a target group behind a load balancer, targets registered and read back
//! with bosun's SDK implementation and its load. What moto gets wrong (docs/testing.md): every
//! registered target is `healthy` (it runs no health checks, so no reason codes), a
//! deregistered target vanishes at once instead of draining, and no availability zone comes
//! back; those are covered by `mock_elb.rs` and the simulator.
use crate::common::{AccountHeader, moto_config};
use crate::moto::{self, ACCOUNT_HEADER, MotoAccount, REGION};
use aws_sdk_elasticloadbalancingv2::types::{Action, ActionTypeEnum, ProtocolEnum, TargetDescription, TargetTypeEnum};
use bosun::api::{ElbApi, ErrorKind, elb};
use bosun::aws::SdkElb;
use bosun::model::TargetState;
use std::io::{Read, Write};
use std::net::TcpStream;

fn client(acct: &MotoAccount) -> aws_sdk_elasticloadbalancingv2::Client {
    let conf = aws_sdk_elasticloadbalancingv2::config::Builder::from(&moto_config(acct))
        .interceptor(AccountHeader(acct.account.clone()));
    aws_sdk_elasticloadbalancingv2::Client::from_conf(conf.build())
}

/// One EC2 query call to moto (the tests link no EC2 SDK for two lookups): moto routes by the
/// service named in the credential scope and checks no signature.
fn ec2_query(acct: &MotoAccount, action: &str) -> String {
    let addr = acct.endpoint.trim_start_matches("http://");
    let body = format!("Action={action}&Version=2016-11-15");
    let mut s = TcpStream::connect(addr).expect("moto is up");
    let req = format!(
        "POST / HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/{REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0\r\n\
         {ACCOUNT_HEADER}: {}\r\nContent-Length: {}\r\n\r\n{body}",
        acct.account,
        body.len()
    );
    s.write_all(req.as_bytes()).expect("sent");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("answered");
    out
}

/// Every `<tag>value</tag>` in `xml`.
fn values(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}>");
    xml.split(&open).skip(1).filter_map(|rest| rest.split(&format!("</{tag}>")).next()).map(str::to_string).collect()
}

#[tokio::test]
async fn registered_targets_read_back_with_their_group_and_load_balancer() {
    let acct = moto::account();
    let raw = client(&acct);
    // moto's default VPC and its subnets.
    let vpc = values(&ec2_query(&acct, "DescribeVpcs"), "vpcId").into_iter().next().expect("the default VPC");
    let subnets = values(&ec2_query(&acct, "DescribeSubnets"), "subnetId");
    assert!(subnets.len() >= 2, "{subnets:?}");

    let tg = raw
        .create_target_group()
        .name("prod-api")
        .protocol(ProtocolEnum::Http)
        .port(8080)
        .vpc_id(&vpc)
        .target_type(TargetTypeEnum::Ip)
        .send()
        .await
        .expect("CreateTargetGroup");
    let tg_arn = tg.target_groups()[0].target_group_arn().expect("an ARN").to_string();
    let lb = raw
        .create_load_balancer()
        .name("prod-public")
        .set_subnets(Some(subnets[..2].to_vec()))
        .send()
        .await
        .expect("CreateLoadBalancer");
    let lb_arn = lb.load_balancers()[0].load_balancer_arn().expect("an ARN").to_string();
    raw.create_listener()
        .load_balancer_arn(&lb_arn)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(&tg_arn).build())
        .send()
        .await
        .expect("CreateListener");
    for ip in ["10.0.1.11", "10.0.1.12"] {
        raw.register_targets()
            .target_group_arn(&tg_arn)
            .targets(TargetDescription::builder().id(ip).port(8080).build())
            .send()
            .await
            .expect("RegisterTargets");
    }

    let api = SdkElb::from_client(raw.clone(), None);
    let groups = api.describe_target_groups(vec![tg_arn.clone()]).await.expect("DescribeTargetGroups");
    let g = &groups[0];
    assert_eq!((g.name.as_str(), g.protocol.as_deref(), g.port), ("prod-api", Some("HTTP"), Some(8080)));
    assert_eq!(g.load_balancer_arns, std::slice::from_ref(&lb_arn));

    let out = elb::target_health(&api, std::slice::from_ref(&tg_arn)).await;
    let health = out[0].1.as_ref().expect("the load");
    let mut ids: Vec<(&str, Option<i32>, &TargetState)> =
        health.targets.iter().map(|t| (t.id.as_str(), t.port, &t.state)).collect();
    ids.sort_by_key(|(id, _, _)| *id);
    // moto: every registered target is healthy, with no reason and no zone.
    assert_eq!(
        ids,
        [("10.0.1.11", Some(8080), &TargetState::Healthy), ("10.0.1.12", Some(8080), &TargetState::Healthy)]
    );
    assert!(health.targets.iter().all(|t| t.reason.is_none() && t.availability_zone.is_none()));
    assert_eq!(health.load_balancer_arns, [lb_arn]);

    // moto: a deregistered target is gone at once (AWS keeps it draining for the delay).
    raw.deregister_targets()
        .target_group_arn(&tg_arn)
        .targets(TargetDescription::builder().id("10.0.1.12").port(8080).build())
        .send()
        .await
        .expect("DeregisterTargets");
    let after = api.describe_target_health(tg_arn.clone()).await.expect("DescribeTargetHealth");
    assert_eq!(after.len(), 1, "{after:?}");

    // A group that does not exist: TargetGroupNotFound, as AWS says it.
    let gone = tg_arn.replace("/prod-api/", "/prod-old/");
    let e = api.describe_target_health(gone.clone()).await.expect_err("gone");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("TargetGroupNotFound")));
    let e = api.describe_target_groups(vec![tg_arn, gone]).await.expect_err("one of them is gone");
    assert_eq!(e.kind, ErrorKind::NotFound);
}
