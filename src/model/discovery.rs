//! Cloud Map (AWS Cloud Map, `servicediscovery`): the service registry an ECS service registers
//! its tasks in, and the namespace that gives it the name clients resolve.
use serde::{Deserialize, Serialize};

/// A Cloud Map service (GetService): its name within its namespace and the DNS records each
/// registered task gets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DiscoveryService {
    /// `srv-…`.
    pub id: String,
    pub arn: Option<String>,
    pub name: String,
    /// `ns-…`; AWS always sends it (older services only inside `DnsConfig`).
    pub namespace_id: Option<String>,
    /// The records Route 53 answers for each registered task; none in an HTTP namespace.
    pub dns_records: Vec<DnsRecord>,
    /// `MULTIVALUE` or `WEIGHTED`.
    pub routing_policy: Option<String>,
}

/// One DNS record kind of a Cloud Map service and its TTL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsRecord {
    /// `A`, `AAAA`, `SRV` or `CNAME`.
    pub kind: String,
    pub ttl: i64,
}

/// How clients find a namespace's services.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NamespaceKind {
    /// Route 53 private hosted zone: resolvable inside the namespace's VPC only.
    DnsPrivate,
    /// Route 53 public hosted zone.
    DnsPublic,
    /// No DNS: clients call DiscoverInstances (or use Service Connect).
    Http,
    /// A type this version does not know, as AWS spelled it.
    Other(String),
    #[default]
    Unknown,
}

impl NamespaceKind {
    /// From AWS's `Type` (`DNS_PRIVATE`, `DNS_PUBLIC`, `HTTP`).
    pub fn from_aws(s: &str) -> Self {
        match s {
            "DNS_PRIVATE" => Self::DnsPrivate,
            "DNS_PUBLIC" => Self::DnsPublic,
            "HTTP" => Self::Http,
            "" => Self::Unknown,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn words(&self) -> &str {
        match self {
            Self::DnsPrivate => "DNS private",
            Self::DnsPublic => "DNS public",
            Self::Http => "HTTP",
            Self::Other(s) => s,
            Self::Unknown => "type not reported",
        }
    }

    pub fn is_dns(&self) -> bool {
        matches!(self, Self::DnsPrivate | Self::DnsPublic)
    }
}

/// A Cloud Map namespace (GetNamespace).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Namespace {
    /// `ns-…`.
    pub id: String,
    pub arn: Option<String>,
    /// The domain, e.g. `prod.local`.
    pub name: String,
    pub kind: NamespaceKind,
    /// The Route 53 hosted zone of a DNS namespace.
    pub hosted_zone: Option<String>,
}

/// A service registry as the console shows it: the Cloud Map service and, when it could be
/// read, its namespace; otherwise why not (in words, e.g. the action that was refused).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Registry {
    pub service: DiscoveryService,
    pub namespace: Option<Namespace>,
    pub namespace_problem: Option<String>,
}

impl Registry {
    /// The name clients use: `<service>.<namespace>` (`api.prod.local`), or the service's
    /// name alone while its namespace is unknown.
    pub fn dns_name(&self) -> String {
        match &self.namespace {
            Some(ns) if !ns.name.is_empty() => format!("{}.{}", self.service.name, ns.name),
            _ => self.service.name.clone(),
        }
    }

    /// `DNS private, A 60s` / `HTTP, no DNS records`: the namespace's kind and the records.
    pub fn how(&self) -> String {
        let kind = self.namespace.as_ref().map(|n| n.kind.words().to_string());
        let records = records_text(&self.service.dns_records);
        let http = self.namespace.as_ref().is_some_and(|n| n.kind == NamespaceKind::Http);
        let records = match records {
            Some(r) => Some(r),
            None if http => Some("no DNS: clients call DiscoverInstances".to_string()),
            None => Some("no DNS records".to_string()),
        };
        [kind, records].into_iter().flatten().collect::<Vec<_>>().join(", ")
    }
}

/// `A 60s` or `A, SRV 60s` (one TTL shared) or `A 60s, SRV 10s`; `None` without records.
pub fn records_text(records: &[DnsRecord]) -> Option<String> {
    let first = records.first()?;
    let kinds: Vec<&str> = records.iter().map(|r| r.kind.as_str()).collect();
    if records.iter().all(|r| r.ttl == first.ttl) {
        return Some(format!("{} {}s", kinds.join(", "), first.ttl));
    }
    Some(records.iter().map(|r| format!("{} {}s", r.kind, r.ttl)).collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(records: &[(&str, i64)], ns: Option<(&str, NamespaceKind)>) -> Registry {
        Registry {
            service: DiscoveryService {
                id: "srv-1".into(),
                name: "api".into(),
                namespace_id: Some("ns-1".into()),
                dns_records: records.iter().map(|(k, t)| DnsRecord { kind: k.to_string(), ttl: *t }).collect(),
                ..Default::default()
            },
            namespace: ns.map(|(name, kind)| Namespace {
                id: "ns-1".into(),
                name: name.into(),
                kind,
                ..Default::default()
            }),
            namespace_problem: None,
        }
    }

    #[test]
    fn the_name_clients_use_and_how_it_resolves() {
        let r = registry(&[("A", 60)], Some(("prod.local", NamespaceKind::DnsPrivate)));
        assert_eq!(r.dns_name(), "api.prod.local");
        assert_eq!(r.how(), "DNS private, A 60s");
        let r = registry(&[("A", 60), ("SRV", 60)], Some(("example.com", NamespaceKind::DnsPublic)));
        assert_eq!(r.how(), "DNS public, A, SRV 60s");
        let r = registry(&[("A", 60), ("SRV", 10)], Some(("example.com", NamespaceKind::DnsPublic)));
        assert_eq!(r.how(), "DNS public, A 60s, SRV 10s");
        let r = registry(&[], Some(("internal", NamespaceKind::Http)));
        assert_eq!(
            (r.dns_name().as_str(), r.how().as_str()),
            ("api.internal", "HTTP, no DNS: clients call DiscoverInstances")
        );
    }

    #[test]
    fn without_its_namespace_the_service_name_stands_alone() {
        let r = registry(&[("A", 60)], None);
        assert_eq!((r.dns_name().as_str(), r.how().as_str()), ("api", "A 60s"));
    }

    #[test]
    fn namespace_types_from_aws() {
        assert_eq!(NamespaceKind::from_aws("DNS_PRIVATE").words(), "DNS private");
        assert_eq!(NamespaceKind::from_aws("DNS_PUBLIC").words(), "DNS public");
        assert_eq!(NamespaceKind::from_aws("HTTP").words(), "HTTP");
        assert_eq!(NamespaceKind::from_aws("NEW_KIND"), NamespaceKind::Other("NEW_KIND".into()));
        assert!(NamespaceKind::DnsPublic.is_dns() && !NamespaceKind::Http.is_dns());
    }
}
