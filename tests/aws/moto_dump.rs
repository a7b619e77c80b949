//! The real `bosun dump --json` binary against a moto fleet: every seeded cluster, service and
//! task is listed. The binary cannot send moto's per-test account header, so it gets a moto
//! server of its own and uses moto's default account.
use crate::common::moto_ecs;
use crate::moto::{self, MotoAccount, MotoServer};
use crate::moto_fleet::seed;
use std::collections::BTreeSet;

#[tokio::test]
async fn dump_json_lists_every_seeded_cluster_service_and_task() {
    let server = MotoServer::start();
    let acct = MotoAccount { endpoint: server.endpoint.clone(), account: "123456789012".into() };
    let ecs = moto_ecs(&acct);
    let layout: [(&str, &[&str]); 2] = [("prod", &["api", "worker"]), ("dev", &["api"])];
    let (want, want_tasks) = seed(&ecs, &layout, 1).await;
    let home = tempfile::tempdir().expect("home");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(["dump", "--json", "--endpoint-url", &server.endpoint, "--region", moto::REGION])
        .env("HOME", home.path())
        .env("AWS_CONFIG_FILE", home.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("BOSUN_CONFIG_DIR", home.path().join("cfg"))
        .env("BOSUN_STATE_DIR", home.path().join("state"))
        .output()
        .await
        .expect("run bosun dump");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("dump prints JSON");
    let clusters = v["clusters"].as_array().expect("clusters");
    let mut got = BTreeSet::new();
    let mut got_tasks = BTreeSet::new();
    for c in clusters {
        let name = c["cluster"]["clusterName"].as_str().unwrap_or_default().to_string();
        for s in c["services"].as_array().expect("services") {
            got.insert(format!("{name}/{}", s["serviceName"].as_str().unwrap_or_default()));
        }
        for t in c["tasks"].as_array().expect("tasks") {
            got_tasks.insert(t["taskArn"].as_str().unwrap_or_default().to_string());
        }
    }
    let names: BTreeSet<&str> = clusters.iter().filter_map(|c| c["cluster"]["clusterName"].as_str()).collect();
    assert_eq!(names, BTreeSet::from(["dev", "prod"]));
    assert_eq!(got, want);
    assert_eq!(got_tasks, want_tasks.into_iter().map(|(_, arn)| arn).collect());
}
