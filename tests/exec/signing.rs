//! The optional SigV4 signing of the WebSocket upgrade, seen from the peer. (Whether the
//! service accepts the signature is unverified; these check what is sent.)

use std::sync::Arc;

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use bosun::exec::peer::{AgentPeer, PeerConfig};
use bosun::exec::signing::SigV4UpgradeSigner;
use bosun::exec::{ExecOptions, ExecSession};

use crate::support::{options, rig_with};

fn signing_options() -> ExecOptions {
    // The AWS documentation's example key pair: not a real secret.
    let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None, "fixed");
    // The loopback host names no region, so it is given.
    let signer = SigV4UpgradeSigner::new(SharedCredentialsProvider::new(creds)).with_region("eu-west-1");
    ExecOptions { sign_upgrade: Some(Arc::new(signer)), ..options() }
}

#[tokio::test]
async fn unsigned_by_default() {
    let mut r = rig_with(PeerConfig::default(), options()).await;
    r.ready().await;
    assert_eq!(r.record().authorization, vec![None]);
}

#[tokio::test]
async fn signer_signs_every_upgrade_including_resumes() {
    let mut r = rig_with(PeerConfig::default(), signing_options()).await;
    r.ready().await;
    r.peer.drop_socket(&r.session.session_id);
    r.handle.send_input("x").await.unwrap();
    r.output_until(b"$ x").await;
    let rec = r.record();
    assert_eq!(rec.opens.len(), 2);
    assert_eq!(rec.authorization.len(), 2);
    for auth in &rec.authorization {
        let auth = auth.as_deref().expect("signed");
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{auth}");
        assert!(auth.contains("/eu-west-1/ssmmessages/aws4_request, SignedHeaders=host;x-amz-date, Signature="));
    }
}

#[tokio::test]
async fn presigned_urls_are_not_signed_again() {
    let peer = AgentPeer::start(PeerConfig::default()).await.unwrap();
    let session = peer.new_session();
    let presigned =
        ExecSession { stream_url: format!("{}&X-Amz-Signature=0123abcd", session.stream_url), ..session.clone() };
    let mut h = bosun::exec::connect(presigned, signing_options(), peer.kms(), peer.control()).await.unwrap();
    loop {
        match tokio::time::timeout(crate::support::LIMIT, h.next_event()).await.unwrap() {
            Some(bosun::exec::ExecEvent::Ready) => break,
            Some(bosun::exec::ExecEvent::Ended(r)) => panic!("ended: {r}"),
            _ => {}
        }
    }
    assert_eq!(peer.record(&session.session_id).authorization, vec![None]);
}
