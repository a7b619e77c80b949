//! The AWS layer against the real SDK: wire-level tests against the moto emulator (what moto
//! does faithfully) and `aws-smithy-mocks` rules (paging, partial failures, throttling and auth
//! errors, which moto gets wrong or cannot produce). One binary: each links the whole SDK.
#[path = "support/moto.rs"]
mod moto;

#[path = "aws/common.rs"]
mod common;
#[path = "aws/mock_cloudwatch.rs"]
mod mock_cloudwatch;
#[path = "aws/mock_discovery.rs"]
mod mock_discovery;
#[path = "aws/mock_elb.rs"]
mod mock_elb;
#[path = "aws/mock_errors.rs"]
mod mock_errors;
#[path = "aws/mock_health.rs"]
mod mock_health;
#[path = "aws/mock_iam_scaling.rs"]
mod mock_iam_scaling;
#[path = "aws/mock_logs.rs"]
mod mock_logs;
#[path = "aws/mock_paging.rs"]
mod mock_paging;
#[path = "aws/mock_revisions.rs"]
mod mock_revisions;
#[path = "aws/mock_scaling_detail.rs"]
mod mock_scaling_detail;
#[path = "aws/mock_writes.rs"]
mod mock_writes;
#[path = "aws/moto_clusters.rs"]
mod moto_clusters;
#[path = "aws/moto_discovery.rs"]
mod moto_discovery;
#[path = "aws/moto_dump.rs"]
mod moto_dump;
#[path = "aws/moto_elb.rs"]
mod moto_elb;
#[path = "aws/moto_fleet.rs"]
mod moto_fleet;
#[path = "aws/moto_health.rs"]
mod moto_health;
#[path = "aws/moto_iam_scaling.rs"]
mod moto_iam_scaling;
#[path = "aws/moto_logs.rs"]
mod moto_logs;
#[path = "aws/moto_scaling_detail.rs"]
mod moto_scaling_detail;
#[path = "aws/moto_services.rs"]
mod moto_services;
#[path = "aws/moto_tasks.rs"]
mod moto_tasks;
#[path = "aws/moto_writes.rs"]
mod moto_writes;
