//! Optional signing of the WebSocket upgrade request.
//!
//! *Unverified*: newer official clients SigV4-sign the upgrade (service `ssmmessages`, only
//! `Host` signed, empty-body hash, skipped when the URL is presigned); older clients do not
//! and the token alone opens the channel. The engine therefore signs only when a signer is
//! configured in [`ExecOptions::sign_upgrade`](super::ExecOptions), which is off by default.

use async_trait::async_trait;

/// Adds headers to the upgrade request of a stream URL.
#[async_trait]
pub trait UpgradeSigner: Send + Sync {
    /// Headers (name, value) to add to the GET upgrade request of `url`.
    async fn upgrade_headers(&self, url: &url::Url) -> Result<Vec<(String, String)>, String>;
}

/// Whether a URL already carries a SigV4 query signature (then it must not be signed again).
pub fn is_presigned(url: &url::Url) -> bool {
    url.query_pairs().any(|(k, _)| k == "X-Amz-Signature")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presigned_urls_are_recognised() {
        let plain =
            url::Url::parse("wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/s?role=publish_subscribe")
                .unwrap();
        assert!(!is_presigned(&plain));
        let signed = url::Url::parse("wss://h/v1/data-channel/s?role=publish_subscribe&X-Amz-Signature=ab").unwrap();
        assert!(is_presigned(&signed));
    }
}
