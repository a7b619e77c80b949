//! Opening the WebSocket of a data channel and sending OpenDataChannel.

use std::time::Duration;

use futures::SinkExt;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue, StatusCode};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use uuid::Uuid;

use super::payloads::OpenDataChannel;
use super::signing::{UpgradeSigner, is_presigned};

/// The client's socket.
pub type WsStream = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why the data channel did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// The service answered the upgrade with 401 or 403.
    Rejected,
    /// Anything else, in words.
    Failed(String),
}

/// Everything needed to (re)open the channel.
pub struct OpenParams<'a> {
    pub stream_url: &'a str,
    pub token_value: &'a str,
    pub client_id: Uuid,
    pub client_version: &'a str,
    pub signer: Option<&'a dyn UpgradeSigner>,
    pub timeout: Duration,
}

/// Opens the WebSocket and sends the OpenDataChannel text frame.
pub async fn open(params: OpenParams<'_>) -> Result<WsStream, OpenError> {
    let url = url::Url::parse(params.stream_url).map_err(|e| OpenError::Failed(format!("invalid stream URL: {e}")))?;
    if !matches!(url.scheme(), "ws" | "wss") {
        return Err(OpenError::Failed(format!("stream URL scheme {:?} is not ws or wss", url.scheme())));
    }
    if url.scheme() == "wss" {
        // The AWS SDK may compile in a second rustls provider; name one for the process so
        // rustls does not refuse to pick. Failure means one is already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    let mut request =
        params.stream_url.into_client_request().map_err(|e| OpenError::Failed(format!("invalid stream URL: {e}")))?;
    if let Some(signer) = params.signer.filter(|_| !is_presigned(&url)) {
        let headers = signer.upgrade_headers(&url).await.map_err(OpenError::Failed)?;
        for (name, value) in headers {
            let name = HeaderName::try_from(name.as_str())
                .map_err(|e| OpenError::Failed(format!("bad signing header: {e}")))?;
            let value = HeaderValue::try_from(value.as_str())
                .map_err(|e| OpenError::Failed(format!("bad signing header: {e}")))?;
            request.headers_mut().insert(name, value);
        }
    }
    let connect = tokio_tungstenite::connect_async_tls_with_config(request, None, true, None);
    let (mut ws, _response) = match tokio::time::timeout(params.timeout, connect).await {
        Err(_) => return Err(OpenError::Failed("timed out opening the WebSocket".to_owned())),
        Ok(Err(tokio_tungstenite::tungstenite::Error::Http(resp)))
            if matches!(resp.status(), StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) =>
        {
            return Err(OpenError::Rejected);
        }
        Ok(Err(e)) => return Err(OpenError::Failed(e.to_string())),
        Ok(Ok(pair)) => pair,
    };
    let open = OpenDataChannel::new(params.token_value, params.client_id, params.client_version);
    ws.send(Message::text(open.to_json()))
        .await
        .map_err(|e| OpenError::Failed(format!("sending OpenDataChannel failed: {e}")))?;
    Ok(ws)
}
