//! The service detail's "service discovery" lines: each registry the service names, by the
//! DNS name clients use (`api.prod.local`), how it resolves and its Cloud Map id, or why the
//! name is not known (loading, no permission, the registry is gone).
use super::service::Fact;
use crate::api::ErrorKind;
use crate::model::{Service, arn_name};
use crate::state::{Data, Load};
use crate::table::Tone;

pub const LABEL: &str = "service discovery";

/// One load per registry the service names (cached by ARN, shared between services).
pub fn loads(svc: &Service) -> impl Iterator<Item = Load> + '_ {
    svc.service_registries.iter().map(|arn| Load::Discovery { arn: arn.clone() })
}

/// The line of registry `arn` as far as it is known.
pub fn fact(arn: &str, data: &Data) -> Fact {
    let id = arn_name(arn);
    let line = |value: String, tone| Fact { label: LABEL, value, tone };
    let load = Load::Discovery { arn: arn.to_string() };
    let status = data.status_of(&load);
    let value = data.discovery.get(arn).and_then(|r| r.value.as_ref());
    // A registry deleted since it was read is gone, whatever was read before.
    match (status.and_then(|s| s.error), value) {
        (Some(e), _) if e.kind == ErrorKind::NotFound => line(
            format!(
                "{id} is gone: Cloud Map has no such service (deleted?), so clients cannot resolve this service by name"
            ),
            Tone::Error,
        ),
        (_, Some(r)) => {
            let text = format!("{} ({}) · {id}", r.dns_name(), r.how());
            match &r.namespace_problem {
                Some(p) => line(format!("{text} — {p}"), Tone::Warn),
                None => line(text, Tone::Normal),
            }
        }
        (Some(e), None) if e.kind == ErrorKind::AccessDenied => {
            line(format!("{id} — name unknown: no permission for servicediscovery:GetService"), Tone::Warn)
        }
        (Some(e), None) => line(format!("{id} — name unknown: {}", e.message), Tone::Warn),
        (None, None) => line(format!("{id} (looking up its name)"), Tone::Muted),
    }
}

/// Replaces the summary's registry lines (one per registry, in order) with what is known.
pub fn resolve(summary: &mut [Fact], svc: &Service, data: &Data) {
    let lines = summary.iter_mut().filter(|f| f.label == LABEL);
    for (line, arn) in lines.zip(&svc.service_registries) {
        *line = fact(arn, data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::fixtures;
    use crate::model::{DiscoveryService, DnsRecord, Namespace, NamespaceKind, Registry};
    use crate::state::Payload;

    const ARN: &str = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0a1b2c3d4e5f6a7b";

    fn registry(namespace: Option<Namespace>, problem: Option<&str>) -> Registry {
        Registry {
            service: DiscoveryService {
                id: "srv-0a1b2c3d4e5f6a7b".into(),
                arn: Some(ARN.into()),
                name: "api".into(),
                namespace_id: Some("ns-1".into()),
                dns_records: vec![DnsRecord { kind: "A".into(), ttl: 60 }],
                routing_policy: Some("MULTIVALUE".into()),
            },
            namespace,
            namespace_problem: problem.map(str::to_string),
        }
    }

    fn prod_local() -> Namespace {
        Namespace {
            id: "ns-1".into(),
            name: "prod.local".into(),
            kind: NamespaceKind::DnsPrivate,
            ..Default::default()
        }
    }

    fn answered(d: &mut Data, req: u64, result: Result<Payload, ApiError>) {
        let load = Load::Discovery { arn: ARN.into() };
        d.start(&load, req);
        assert!(d.apply(&load, req, fixtures::now(), result));
    }

    fn denied() -> ApiError {
        ApiError::new(ErrorKind::AccessDenied, "not authorized").with_code("AccessDeniedException")
    }

    #[test]
    fn the_name_clients_use_with_its_kind_records_and_id() {
        let mut d = Data::default();
        assert_eq!(fact(ARN, &d).value, "srv-0a1b2c3d4e5f6a7b (looking up its name)");
        assert_eq!(fact(ARN, &d).tone, Tone::Muted);
        answered(&mut d, 1, Ok(Payload::Discovery(Box::new(registry(Some(prod_local()), None)))));
        let f = fact(ARN, &d);
        assert_eq!(f.value, "api.prod.local (DNS private, A 60s) · srv-0a1b2c3d4e5f6a7b");
        assert_eq!((f.label, f.tone), (LABEL, Tone::Normal));
    }

    #[test]
    fn a_refused_call_says_which_permission_is_missing() {
        let mut d = Data::default();
        answered(&mut d, 1, Err(denied()));
        let f = fact(ARN, &d);
        assert_eq!(f.value, "srv-0a1b2c3d4e5f6a7b — name unknown: no permission for servicediscovery:GetService");
        assert_eq!(f.tone, Tone::Warn);
        // Only the namespace refused: the service's own name and records, and why the rest is missing.
        let problem = "namespace ns-1 unknown: no permission for servicediscovery:GetNamespace";
        answered(&mut d, 2, Ok(Payload::Discovery(Box::new(registry(None, Some(problem))))));
        let f = fact(ARN, &d);
        assert_eq!(f.value, format!("api (A 60s) · srv-0a1b2c3d4e5f6a7b — {problem}"));
        assert_eq!(f.tone, Tone::Warn);
    }

    #[test]
    fn a_registry_deleted_since_it_was_read_is_gone() {
        let mut d = Data::default();
        answered(&mut d, 1, Ok(Payload::Discovery(Box::new(registry(Some(prod_local()), None)))));
        let gone = ApiError::new(ErrorKind::NotFound, "Service not found.").with_code("ServiceNotFound");
        answered(&mut d, 2, Err(gone));
        let f = fact(ARN, &d);
        assert!(f.value.starts_with("srv-0a1b2c3d4e5f6a7b is gone: Cloud Map has no such service"), "{}", f.value);
        assert!(f.value.contains("clients cannot resolve this service by name"), "{}", f.value);
        assert_eq!(f.tone, Tone::Error);
        // Any other failure after a good read keeps what was read.
        answered(&mut d, 3, Ok(Payload::Discovery(Box::new(registry(Some(prod_local()), None)))));
        answered(&mut d, 4, Err(ApiError::new(ErrorKind::Throttled, "Rate exceeded")));
        assert!(fact(ARN, &d).value.starts_with("api.prod.local"));
    }

    #[test]
    fn the_summary_lines_are_replaced_in_order_and_loaded_per_registry() {
        let mut svc = fixtures::services().into_iter().next().expect("a service");
        let other = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-other";
        svc.service_registries = vec![ARN.into(), other.into()];
        let mut summary = super::super::service::summary(&svc, fixtures::now());
        let ids: Vec<&str> = summary.iter().filter(|f| f.label == LABEL).map(|f| f.value.as_str()).collect();
        assert_eq!(ids, ["srv-0a1b2c3d4e5f6a7b", "srv-other"], "the ids before anything is known");
        let mut d = Data::default();
        answered(&mut d, 1, Ok(Payload::Discovery(Box::new(registry(Some(prod_local()), None)))));
        resolve(&mut summary, &svc, &d);
        let lines: Vec<&str> = summary.iter().filter(|f| f.label == LABEL).map(|f| f.value.as_str()).collect();
        assert_eq!(
            lines,
            ["api.prod.local (DNS private, A 60s) · srv-0a1b2c3d4e5f6a7b", "srv-other (looking up its name)"]
        );
        let loads: Vec<Load> = loads(&svc).collect();
        assert_eq!(loads, vec![Load::Discovery { arn: ARN.into() }, Load::Discovery { arn: other.into() }]);
    }
}
