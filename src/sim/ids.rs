//! Identity of the simulated account: ARNs shaped like real ones, random ids drawn from the
//! seeded generator, and the opaque pagination tokens.
use crate::api::{ApiError, ErrorKind};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use rand::rngs::StdRng;

/// The fixed demo account.
pub const ACCOUNT: &str = "123456789012";
/// The demo account's alias (IAM ListAccountAliases), shown next to [`ACCOUNT`].
pub const ACCOUNT_ALIAS: &str = "acme-demo";
/// The demo region.
pub const REGION: &str = "eu-west-1";
/// Availability zones tasks are spread over.
pub const ZONES: [&str; 3] = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

pub fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{name}")
}

pub fn service_arn(cluster: &str, name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}")
}

pub fn task_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task/{cluster}/{id}")
}

pub fn task_definition_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{revision}")
}

pub fn container_arn(cluster: &str, task_id: &str, container_uuid: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:container/{cluster}/{task_id}/{container_uuid}")
}

pub fn container_instance_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:container-instance/{cluster}/{id}")
}

/// A Secrets Manager secret's ARN (AWS appends six random characters; these are fixed).
pub fn secret_arn(name: &str) -> String {
    format!("arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:{name}-Xy7Qp2")
}

pub fn role_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

pub fn capacity_provider_arn(name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:capacity-provider/{name}")
}

pub fn auto_scaling_group_arn(name: &str, rng: &mut StdRng) -> String {
    format!("arn:aws:autoscaling:{REGION}:{ACCOUNT}:autoScalingGroup:{}:autoScalingGroupName/{name}", uuid(rng))
}

pub fn image(repo: &str, tag: &str) -> String {
    format!("{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{repo}:{tag}")
}

pub fn target_group_arn(name: &str, rng: &mut StdRng) -> String {
    format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/{name}/{}", hex(rng, 16))
}

pub fn discovery_service_arn(rng: &mut StdRng) -> String {
    format!("arn:aws:servicediscovery:{REGION}:{ACCOUNT}:service/srv-{}", hex(rng, 16))
}

pub fn kms_key_arn(rng: &mut StdRng) -> String {
    format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{}", uuid(rng))
}

/// Lower-case hex of `len` characters.
pub fn hex(rng: &mut StdRng, len: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..len).map(|_| DIGITS[rng.random_range(0..16)] as char).collect()
}

/// A version-4 shaped UUID (event ids, container ids, KMS key ids).
pub fn uuid(rng: &mut StdRng) -> String {
    let h = hex(rng, 32);
    format!("{}-{}-4{}-a{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..])
}

/// ECS deployment ids: `ecs-svc/` and 19 digits.
pub fn deployment_id(rng: &mut StdRng) -> String {
    format!("ecs-svc/{}", rng.random_range(1_000_000_000_000_000_000u64..10_000_000_000_000_000_000u64))
}

/// The last `/`-separated part of a name or ARN (`prod`, `.../cluster/prod`, `.../task/prod/abc`).
pub fn last_segment(name_or_arn: &str) -> &str {
    name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
}

/// The cluster a service or task ARN names (new ARN format only), if any.
pub fn cluster_of(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let resource = rest.split(':').nth(4)?;
    let parts: Vec<&str> = resource.split('/').collect();
    (parts.len() == 3).then(|| parts[1])
}

pub fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorKind::InvalidInput, message).with_code("InvalidParameterException")
}

/// What a List* continuation points at: the call it belongs to and the last key returned.
/// AWS tokens are opaque; ours are base64 so clients cannot rely on their shape either.
pub fn encode_token(scope: &str, last_key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{scope}\n{last_key}"))
}

/// The last key of a token, provided it was issued for the same call (`scope`).
pub fn decode_token(scope: &str, token: &str) -> Result<String, ApiError> {
    let bad = || invalid("Invalid nextToken: it was not issued for this request.");
    let raw = URL_SAFE_NO_PAD.decode(token).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    match text.split_once('\n') {
        Some((s, key)) if s == scope => Ok(key.to_string()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn arn_parts() {
        assert_eq!(last_segment(&task_arn("prod", "abc")), "abc");
        assert_eq!(last_segment("prod"), "prod");
        assert_eq!(cluster_of(&service_arn("prod", "api")), Some("prod"));
        assert_eq!(cluster_of("arn:aws:ecs:eu-west-1:1:service/api"), None);
        assert_eq!(cluster_of("api"), None);
    }

    #[test]
    fn tokens_are_scoped() {
        let t = encode_token("ListTasks prod", "abc");
        assert_eq!(decode_token("ListTasks prod", &t), Ok("abc".to_string()));
        assert_eq!(decode_token("ListTasks dev", &t).map_err(|e| e.kind), Err(ErrorKind::InvalidInput));
        assert!(decode_token("ListTasks prod", "%%%").is_err());
    }

    #[test]
    fn random_ids_have_aws_shapes() {
        let mut rng = StdRng::seed_from_u64(7);
        let id = hex(&mut rng, 32);
        assert!(id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()));
        let u = uuid(&mut rng);
        assert_eq!(u.len(), 36);
        assert_eq!(u.matches('-').count(), 4);
        let d = deployment_id(&mut rng);
        assert_eq!(d.len(), "ecs-svc/".len() + 19);
    }
}
