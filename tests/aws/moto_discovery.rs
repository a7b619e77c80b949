//! Cloud Map's GetService and GetNamespace through moto: names, namespace types, hosted zones
//! and DNS records come back as stored. Where moto differs from AWS (docs/testing.md): it finds
//! a service by id only, so these tests ask by id; the ARN the console sends is checked
//! against mock rules (`mock_discovery.rs`).
use crate::common::{AccountHeader, moto_config};
use crate::moto::{self, MotoAccount};
use aws_sdk_servicediscovery::types::{DnsConfig, DnsRecord, RecordType, RoutingPolicy};
use bosun::api::{DiscoveryApi, ErrorKind, discovery};
use bosun::aws::SdkDiscovery;
use bosun::model::NamespaceKind;

fn client(acct: &MotoAccount) -> aws_sdk_servicediscovery::Client {
    let conf = aws_sdk_servicediscovery::config::Builder::from(&moto_config(acct))
        .interceptor(AccountHeader(acct.account.clone()));
    aws_sdk_servicediscovery::Client::from_conf(conf.build())
}

/// The id of the namespace named `name` (the create calls answer an operation, not the id).
async fn namespace_id(sd: &aws_sdk_servicediscovery::Client, name: &str) -> String {
    let out = sd.list_namespaces().send().await.expect("ListNamespaces");
    let ns = out.namespaces().iter().find(|n| n.name() == Some(name)).expect("the namespace was created");
    ns.id().expect("an id").to_string()
}

fn records(records: &[(RecordType, i64)]) -> DnsConfig {
    let mut dns = DnsConfig::builder().routing_policy(RoutingPolicy::Multivalue);
    for (kind, ttl) in records {
        dns = dns.dns_records(DnsRecord::builder().r#type(kind.clone()).ttl(*ttl).build().expect("valid record"));
    }
    dns.build().expect("valid DNS config")
}

#[tokio::test]
async fn a_private_dns_registry_reads_as_its_dns_name() {
    let acct = moto::account();
    let sd = client(&acct);
    sd.create_private_dns_namespace().name("prod.local").vpc("vpc-0a1b2c3d").send().await.expect("namespace");
    let ns = namespace_id(&sd, "prod.local").await;
    let created = sd
        .create_service()
        .name("api")
        .namespace_id(&ns)
        .dns_config(records(&[(RecordType::A, 60)]))
        .send()
        .await
        .expect("CreateService");
    let id = created.service().and_then(|s| s.id()).expect("service id").to_string();

    let api = SdkDiscovery::from_client(sd.clone(), None);
    let svc = api.service(id.clone()).await.expect("GetService");
    assert_eq!(
        (svc.id.as_str(), svc.name.as_str(), svc.namespace_id.as_deref()),
        (id.as_str(), "api", Some(ns.as_str()))
    );
    assert!(svc.arn.as_deref().is_some_and(|a| a.ends_with(&format!(":service/{id}"))), "{:?}", svc.arn);
    assert_eq!(svc.routing_policy.as_deref(), Some("MULTIVALUE"));

    let namespace = api.namespace(ns.clone()).await.expect("GetNamespace");
    assert_eq!((namespace.name.as_str(), &namespace.kind), ("prod.local", &NamespaceKind::DnsPrivate));
    assert!(namespace.hosted_zone.is_some(), "a private DNS namespace has its hosted zone");

    let r = discovery::registry(&api, &id).await.expect("the registry");
    assert_eq!((r.dns_name().as_str(), r.how().as_str()), ("api.prod.local", "DNS private, A 60s"));
    assert_eq!(r.namespace_problem, None);
}

#[tokio::test]
async fn public_and_http_namespaces_say_their_kind() {
    let acct = moto::account();
    let sd = client(&acct);
    sd.create_public_dns_namespace().name("example.com").send().await.expect("public namespace");
    sd.create_http_namespace().name("internal").send().await.expect("HTTP namespace");
    let public = namespace_id(&sd, "example.com").await;
    let http = namespace_id(&sd, "internal").await;
    let web = sd
        .create_service()
        .name("web")
        .namespace_id(&public)
        .dns_config(records(&[(RecordType::A, 300), (RecordType::Srv, 300)]))
        .send()
        .await
        .expect("CreateService web");
    let jobs = sd.create_service().name("jobs").namespace_id(&http).send().await.expect("CreateService jobs");
    let api = SdkDiscovery::from_client(sd.clone(), None);

    let web = web.service().and_then(|s| s.id()).expect("id").to_string();
    let r = discovery::registry(&api, &web).await.expect("web");
    assert_eq!((r.dns_name().as_str(), r.how().as_str()), ("web.example.com", "DNS public, A, SRV 300s"));
    let jobs = jobs.service().and_then(|s| s.id()).expect("id").to_string();
    let r = discovery::registry(&api, &jobs).await.expect("jobs");
    assert_eq!(r.dns_name(), "jobs.internal");
    assert_eq!(r.how(), "HTTP, no DNS: clients call DiscoverInstances");
}

#[tokio::test]
async fn a_deleted_registry_is_not_found() {
    let acct = moto::account();
    let sd = client(&acct);
    sd.create_http_namespace().name("internal").send().await.expect("namespace");
    let ns = namespace_id(&sd, "internal").await;
    let created = sd.create_service().name("old").namespace_id(&ns).send().await.expect("CreateService");
    let id = created.service().and_then(|s| s.id()).expect("id").to_string();
    sd.delete_service().id(&id).send().await.expect("DeleteService");

    let api = SdkDiscovery::from_client(sd, None);
    let e = api.service(id).await.expect_err("deleted");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("ServiceNotFound")));
    let e = api.namespace("ns-doesnotexist0000".into()).await.expect_err("no such namespace");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("NamespaceNotFound")));
}
