//! Cloud Map's service and namespace as our [`DiscoveryService`] and [`Namespace`].
use crate::model::{DiscoveryService, DnsRecord, Namespace, NamespaceKind};
use aws_sdk_servicediscovery::types as sdk;

pub fn discovery_service(s: &sdk::Service) -> DiscoveryService {
    let dns = s.dns_config();
    DiscoveryService {
        id: s.id().unwrap_or_default().to_string(),
        arn: s.arn().map(str::to_string),
        name: s.name().unwrap_or_default().to_string(),
        // Services created before `NamespaceId` moved up name it only in their DNS config.
        #[allow(deprecated)]
        namespace_id: s.namespace_id().or_else(|| dns.and_then(|d| d.namespace_id())).map(str::to_string),
        dns_records: dns
            .map(|d| {
                d.dns_records()
                    .iter()
                    .map(|r| DnsRecord { kind: r.r#type().as_str().to_string(), ttl: r.ttl() })
                    .collect()
            })
            .unwrap_or_default(),
        routing_policy: dns.and_then(|d| d.routing_policy()).map(|p| p.as_str().to_string()),
    }
}

pub fn namespace(n: &sdk::Namespace) -> Namespace {
    Namespace {
        id: n.id().unwrap_or_default().to_string(),
        arn: n.arn().map(str::to_string),
        name: n.name().unwrap_or_default().to_string(),
        kind: n.r#type().map(|t| NamespaceKind::from_aws(t.as_str())).unwrap_or_default(),
        hosted_zone: n
            .properties()
            .and_then(|p| p.dns_properties())
            .and_then(|d| d.hosted_zone_id())
            .filter(|z| !z.is_empty())
            .map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dns_service_with_its_records() {
        let dns = sdk::DnsConfig::builder()
            .routing_policy(sdk::RoutingPolicy::Multivalue)
            .dns_records(sdk::DnsRecord::builder().r#type(sdk::RecordType::A).ttl(60).build().expect("valid"))
            .dns_records(sdk::DnsRecord::builder().r#type(sdk::RecordType::Srv).ttl(10).build().expect("valid"))
            .build()
            .expect("valid");
        let s = sdk::Service::builder()
            .id("srv-1")
            .arn("arn:aws:servicediscovery:eu-west-1:1:service/srv-1")
            .name("api")
            .namespace_id("ns-1")
            .dns_config(dns)
            .build();
        let m = discovery_service(&s);
        assert_eq!((m.id.as_str(), m.name.as_str(), m.namespace_id.as_deref()), ("srv-1", "api", Some("ns-1")));
        assert_eq!(crate::model::records_text(&m.dns_records).as_deref(), Some("A 60s, SRV 10s"));
        assert_eq!(m.routing_policy.as_deref(), Some("MULTIVALUE"));
    }

    #[test]
    #[allow(deprecated)]
    fn an_old_service_names_its_namespace_in_its_dns_config() {
        let dns =
            sdk::DnsConfig::builder().namespace_id("ns-old").set_dns_records(Some(vec![])).build().expect("valid");
        let m = discovery_service(&sdk::Service::builder().id("srv-2").name("legacy").dns_config(dns).build());
        assert_eq!(m.namespace_id.as_deref(), Some("ns-old"));
        assert!(m.dns_records.is_empty());
        let http = discovery_service(&sdk::Service::builder().id("srv-3").name("h").namespace_id("ns-h").build());
        assert_eq!((http.namespace_id.as_deref(), http.routing_policy), (Some("ns-h"), None));
    }

    #[test]
    fn namespaces_of_each_kind() {
        let private = sdk::Namespace::builder()
            .id("ns-1")
            .name("prod.local")
            .r#type(sdk::NamespaceType::DnsPrivate)
            .properties(
                sdk::NamespaceProperties::builder()
                    .dns_properties(sdk::DnsProperties::builder().hosted_zone_id("Z123").build())
                    .build(),
            )
            .build();
        let m = namespace(&private);
        assert_eq!(
            (m.name.as_str(), &m.kind, m.hosted_zone.as_deref()),
            ("prod.local", &NamespaceKind::DnsPrivate, Some("Z123"))
        );
        let http =
            namespace(&sdk::Namespace::builder().id("ns-2").name("internal").r#type(sdk::NamespaceType::Http).build());
        assert_eq!((http.kind, http.hosted_zone), (NamespaceKind::Http, None));
        let untyped = namespace(&sdk::Namespace::builder().id("ns-3").name("x").build());
        assert_eq!(untyped.kind, NamespaceKind::Unknown);
    }
}
