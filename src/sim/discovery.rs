//! The simulated account's Cloud Map: the namespaces and services the demo's ECS services
//! register in, answered by GetService (by id or ARN) and GetNamespace with Cloud Map's
//! not-found codes.
use super::ids;
use super::world::World;
use crate::api::{ApiError, ApiResult, ErrorKind};
use crate::model::{DiscoveryService, DnsRecord, Namespace, NamespaceKind};

/// The demo's private DNS namespace (fixed ids: the seeded random stream is left as it was).
pub const PROD_LOCAL: &str = "ns-prodlocal0demo001";

/// Registers the Cloud Map service `arn` (from [`ids::discovery_service_arn`]) as `name` in the
/// namespace `namespace`, which is created private DNS `domain` the first time.
pub fn register(w: &mut World, arn: &str, name: &str, namespace: &str, domain: &str, records: &[(&str, i64)]) {
    w.namespaces.entry(namespace.to_string()).or_insert_with(|| Namespace {
        id: namespace.to_string(),
        arn: Some(format!("arn:aws:servicediscovery:{}:{}:namespace/{namespace}", ids::REGION, ids::ACCOUNT)),
        name: domain.to_string(),
        kind: NamespaceKind::DnsPrivate,
        hosted_zone: Some("Z0PRODLOCAL4DEMO".into()),
    });
    let id = ids::last_segment(arn).to_string();
    w.discovery_services.insert(
        id.clone(),
        DiscoveryService {
            id,
            arn: Some(arn.to_string()),
            name: name.to_string(),
            namespace_id: Some(namespace.to_string()),
            dns_records: records.iter().map(|(k, ttl)| DnsRecord { kind: k.to_string(), ttl: *ttl }).collect(),
            routing_policy: Some("MULTIVALUE".into()),
        },
    );
}

impl World {
    pub fn discovery_service(&self, id_or_arn: &str) -> ApiResult<DiscoveryService> {
        let id = ids::last_segment(id_or_arn);
        self.discovery_services.get(id).cloned().ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound, format!("Service not found: {id}")).with_code("ServiceNotFound")
        })
    }

    pub fn namespace(&self, id: &str) -> ApiResult<Namespace> {
        let id = ids::last_segment(id);
        self.namespaces.get(id).cloned().ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound, format!("Namespace not found: {id}")).with_code("NamespaceNotFound")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SimOptions, Simulator};
    use crate::api::{DiscoveryApi, ErrorKind, Loader, discovery};
    use crate::model::NamespaceKind;
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    fn demo() -> Arc<Simulator> {
        let start = Utc.with_ymd_and_hms(2026, 3, 14, 3, 0, 0).single().unwrap_or_default();
        Arc::new(Simulator::demo_at(SimOptions { speed: 0.0, ..Default::default() }, start))
    }

    /// Every registry a demo service names, by service name.
    async fn registries(sim: &Arc<Simulator>) -> Vec<(String, String)> {
        let fleet = Loader::new(sim.clone(), 8).fleet(None).await.expect("fleet");
        let services = fleet.clusters.iter().flat_map(|c| &c.services);
        let mut out: Vec<(String, String)> =
            services.flat_map(|s| s.service_registries.iter().map(|r| (s.name.clone(), r.clone()))).collect();
        out.sort();
        out
    }

    #[tokio::test]
    async fn every_demo_registry_has_a_name_in_prod_local() {
        let sim = demo();
        let regs = registries(&sim).await;
        let names: Vec<&str> = regs.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["api", "notifications"]);
        let clients = sim.clients();
        sim.reset_calls();
        for (service, arn) in &regs {
            let r = discovery::registry(&*clients.discovery, arn).await.expect("the registry answers");
            assert_eq!(r.dns_name(), format!("{service}.prod.local"));
            assert_eq!(r.service.arn.as_deref(), Some(arn.as_str()));
            let ns = r.namespace.as_ref().expect("its namespace");
            assert_eq!((&ns.kind, ns.hosted_zone.is_some()), (&NamespaceKind::DnsPrivate, true));
        }
        // One GetService and one GetNamespace per registry.
        let calls = sim.calls();
        assert_eq!((calls.get("GetService"), calls.get("GetNamespace")), (Some(&2), Some(&2)));
        let api = discovery::registry(&*clients.discovery, &regs[0].1).await.expect("api");
        assert_eq!(api.how(), "DNS private, A 60s");
        let notifications = discovery::registry(&*clients.discovery, &regs[1].1).await.expect("notifications");
        assert_eq!(notifications.how(), "DNS private, A, SRV 10s");
    }

    #[tokio::test]
    async fn by_id_or_arn_and_unknown_ones_are_not_found_with_cloud_maps_codes() {
        let sim = demo();
        let (_, arn) = registries(&sim).await.into_iter().next().expect("a registry");
        let id = crate::model::arn_name(&arn).to_string();
        let by_id = sim.service(id.clone()).await.expect("by id");
        assert_eq!(by_id, sim.service(arn).await.expect("by ARN"));
        assert_eq!(by_id.id, id);

        let e = sim.service("srv-0000000000000000".into()).await.expect_err("unknown service");
        assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("ServiceNotFound")));
        let e = sim.namespace("ns-nothere".into()).await.expect_err("unknown namespace");
        assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("NamespaceNotFound")));
        // A registry removed from Cloud Map is gone for the load too.
        let e = discovery::registry(&*sim.clients().discovery, "arn:aws:servicediscovery:eu-west-1:1:service/srv-gone")
            .await
            .expect_err("gone");
        assert_eq!(e.kind, ErrorKind::NotFound);
    }
}
