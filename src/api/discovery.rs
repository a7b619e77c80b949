//! Cloud Map: the name an ECS service's service registry gives its tasks.
use super::{ApiError, ApiResult, ErrorKind};
use crate::model::{DiscoveryService, Namespace, Registry};
use async_trait::async_trait;

/// Cloud Map (`servicediscovery`), read only.
#[async_trait]
pub trait DiscoveryApi: Send + Sync + 'static {
    /// GetService by id (`srv-…`) or ARN (what ECS lists in `serviceRegistries`; AWS needs the
    /// ARN for a service in a namespace shared from another account). An unknown one is a
    /// not-found error (`ServiceNotFound`).
    async fn service(&self, id_or_arn: String) -> ApiResult<DiscoveryService>;
    /// GetNamespace by id (`ns-…`); an unknown one is a not-found error (`NamespaceNotFound`).
    async fn namespace(&self, id: String) -> ApiResult<Namespace>;
}

/// The registry behind `arn`: GetService, then GetNamespace of its namespace. The service's
/// failure is the load's; a namespace that cannot be read leaves the service's own name with
/// the reason, so a role allowed only GetService still sees what it may.
pub async fn registry(api: &dyn DiscoveryApi, arn: &str) -> ApiResult<Registry> {
    let service = api.service(arn.to_string()).await?;
    let (namespace, namespace_problem) = match service.namespace_id.clone().filter(|id| !id.is_empty()) {
        None => (None, Some("Cloud Map did not say which namespace it is in".to_string())),
        Some(id) => match api.namespace(id.clone()).await {
            Ok(ns) => (Some(ns), None),
            Err(e) => (None, Some(namespace_problem(&id, &e))),
        },
    };
    Ok(Registry { service, namespace, namespace_problem })
}

fn namespace_problem(id: &str, e: &ApiError) -> String {
    match e.kind {
        ErrorKind::AccessDenied => format!("namespace {id} unknown: no permission for servicediscovery:GetNamespace"),
        ErrorKind::NotFound => format!("namespace {id} no longer exists"),
        _ => format!("namespace {id} unknown: {}", e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NamespaceKind;

    /// Answers one service; its namespace as `namespace` says.
    struct Fake {
        namespace: Result<Namespace, ApiError>,
    }

    #[async_trait]
    impl DiscoveryApi for Fake {
        async fn service(&self, id_or_arn: String) -> ApiResult<DiscoveryService> {
            if !id_or_arn.ends_with("srv-1") {
                return Err(ApiError::new(ErrorKind::NotFound, "Service not found").with_code("ServiceNotFound"));
            }
            Ok(DiscoveryService {
                id: "srv-1".into(),
                name: "api".into(),
                namespace_id: Some("ns-1".into()),
                ..Default::default()
            })
        }
        async fn namespace(&self, _id: String) -> ApiResult<Namespace> {
            self.namespace.clone()
        }
    }

    const ARN: &str = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-1";

    #[tokio::test]
    async fn the_service_and_its_namespace() {
        let ns = Namespace {
            id: "ns-1".into(),
            name: "prod.local".into(),
            kind: NamespaceKind::DnsPrivate,
            ..Default::default()
        };
        let r = registry(&Fake { namespace: Ok(ns.clone()) }, ARN).await.expect("found");
        assert_eq!((r.dns_name().as_str(), r.namespace, r.namespace_problem), ("api.prod.local", Some(ns), None));
    }

    #[tokio::test]
    async fn a_refused_namespace_keeps_the_service_name_and_says_why() {
        let denied = ApiError::new(ErrorKind::AccessDenied, "not authorized").with_code("AccessDeniedException");
        let r = registry(&Fake { namespace: Err(denied) }, ARN).await.expect("the service is still read");
        assert_eq!(r.dns_name(), "api");
        assert_eq!(
            r.namespace_problem.as_deref(),
            Some("namespace ns-1 unknown: no permission for servicediscovery:GetNamespace")
        );
        let gone = ApiError::new(ErrorKind::NotFound, "ns-1").with_code("NamespaceNotFound");
        let r = registry(&Fake { namespace: Err(gone) }, ARN).await.expect("the service is still read");
        assert_eq!(r.namespace_problem.as_deref(), Some("namespace ns-1 no longer exists"));
    }

    #[tokio::test]
    async fn an_unknown_service_fails_the_load() {
        let ns = Namespace::default();
        let e = registry(&Fake { namespace: Ok(ns) }, "arn:aws:servicediscovery:r:1:service/srv-9").await;
        assert_eq!(e.map_err(|e| e.kind), Err(ErrorKind::NotFound));
    }
}
