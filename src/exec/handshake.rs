//! Handshake payloads (JSON inside PayloadType 5..9) and the client's handshake phases.
//!
//! Without a cluster KMS key there is no handshake: the first frame from the agent is
//! Output. With one, the agent asks for a `KMSEncryption` action, the client answers with a
//! data key wrapped by KMS, proves it holds the key by re-encrypting a challenge, and the
//! agent confirms with HandshakeComplete. Input waits until either has happened.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

use super::crypto::{CryptoError, SessionCipher};

/// Deadline of each handshake step, as the agent keeps it.
pub const HANDSHAKE_STEP_TIMEOUT: Duration = Duration::from_secs(15);

/// `ActionStatus` values of a processed action.
pub const ACTION_SUCCESS: i32 = 1;
pub const ACTION_FAILED: i32 = 2;
pub const ACTION_UNSUPPORTED: i32 = 3;

/// Why a handshake payload could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    #[error("handshake payload is not valid JSON: {0}")]
    Json(String),
    #[error("handshake field {0} is not valid base64")]
    Base64(&'static str),
    #[error("the KMS encryption action names no key")]
    MissingKeyId,
    #[error("challenge could not be decrypted: {0}")]
    Crypto(#[from] CryptoError),
    #[error("{0} arrived out of order")]
    OutOfOrder(&'static str),
}

/// One action the agent asks the client to perform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestedAction {
    #[serde(rename = "ActionType")]
    pub action_type: String,
    #[serde(rename = "ActionParameters", default)]
    pub action_parameters: Value,
}

/// PayloadType 5, agent to client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandshakeRequest {
    #[serde(rename = "AgentVersion", default)]
    pub agent_version: String,
    #[serde(rename = "RequestedClientActions", default)]
    pub requested_client_actions: Vec<RequestedAction>,
}

/// One answered action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessedAction {
    #[serde(rename = "ActionType")]
    pub action_type: String,
    #[serde(rename = "ActionStatus")]
    pub action_status: i32,
    #[serde(rename = "ActionResult")]
    pub action_result: Value,
    #[serde(rename = "Error")]
    pub error: String,
}

/// PayloadType 6, client to agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandshakeResponse {
    #[serde(rename = "ClientVersion")]
    pub client_version: String,
    #[serde(rename = "ProcessedClientActions")]
    pub processed_client_actions: Vec<ProcessedAction>,
    #[serde(rename = "Errors")]
    pub errors: Option<Vec<String>>,
}

/// PayloadType 8 and 9: the encrypted challenge, base64 in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncChallenge {
    #[serde(rename = "Challenge")]
    pub challenge: String,
}

/// PayloadType 7, agent to client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandshakeComplete {
    #[serde(rename = "HandshakeTimeToComplete", default)]
    pub handshake_time_to_complete: i64,
    #[serde(rename = "CustomerMessage", default)]
    pub customer_message: String,
}

/// What a HandshakeRequest asks of this client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakePlan {
    /// The `SessionType` the agent announced (e.g. `InteractiveCommands`).
    pub session_type: Option<String>,
    /// The KMS key to wrap a data key with, when encryption is asked for.
    pub kms_key_id: Option<String>,
}

impl HandshakeRequest {
    pub fn parse(payload: &[u8]) -> Result<HandshakeRequest, HandshakeError> {
        serde_json::from_slice(payload).map_err(|e| HandshakeError::Json(e.to_string()))
    }

    /// Reads the actions this client knows.
    pub fn plan(&self) -> Result<HandshakePlan, HandshakeError> {
        let mut plan = HandshakePlan { session_type: None, kms_key_id: None };
        for action in &self.requested_client_actions {
            match action.action_type.as_str() {
                "SessionType" => {
                    plan.session_type =
                        action.action_parameters.get("SessionType").and_then(Value::as_str).map(str::to_owned);
                }
                "KMSEncryption" => {
                    let key = action
                        .action_parameters
                        .get("KMSKeyId")
                        .and_then(Value::as_str)
                        .filter(|k| !k.is_empty())
                        .ok_or(HandshakeError::MissingKeyId)?;
                    plan.kms_key_id = Some(key.to_owned());
                }
                _ => {}
            }
        }
        Ok(plan)
    }

    /// Builds the answer. `kms` is the outcome of GenerateDataKey: the ciphertext blob, or
    /// the error to report to the agent.
    pub fn respond(&self, client_version: &str, kms: Option<&Result<Vec<u8>, String>>) -> HandshakeResponse {
        let processed = self
            .requested_client_actions
            .iter()
            .map(|action| {
                let (status, result, error) = match action.action_type.as_str() {
                    "SessionType" => (ACTION_SUCCESS, Value::Null, String::new()),
                    "KMSEncryption" => match kms {
                        Some(Ok(blob)) => {
                            (ACTION_SUCCESS, serde_json::json!({ "KMSCipherTextKey": B64.encode(blob) }), String::new())
                        }
                        Some(Err(e)) => (ACTION_FAILED, Value::Null, e.clone()),
                        None => (ACTION_FAILED, Value::Null, "no data key".to_owned()),
                    },
                    _ => (ACTION_UNSUPPORTED, Value::Null, String::new()),
                };
                ProcessedAction {
                    action_type: action.action_type.clone(),
                    action_status: status,
                    action_result: result,
                    error,
                }
            })
            .collect();
        HandshakeResponse {
            client_version: client_version.to_owned(),
            processed_client_actions: processed,
            errors: None,
        }
    }
}

impl HandshakeResponse {
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain strings, numbers and JSON values cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn parse(payload: &[u8]) -> Result<HandshakeResponse, HandshakeError> {
        serde_json::from_slice(payload).map_err(|e| HandshakeError::Json(e.to_string()))
    }

    /// The wrapped data key of a successful KMSEncryption action.
    pub fn kms_ciphertext(&self) -> Option<Vec<u8>> {
        self.processed_client_actions
            .iter()
            .find(|a| a.action_type == "KMSEncryption" && a.action_status == ACTION_SUCCESS)
            .and_then(|a| a.action_result.get("KMSCipherTextKey"))
            .and_then(Value::as_str)
            .and_then(|s| B64.decode(s).ok())
    }
}

impl EncChallenge {
    pub fn parse(payload: &[u8]) -> Result<EncChallenge, HandshakeError> {
        serde_json::from_slice(payload).map_err(|e| HandshakeError::Json(e.to_string()))
    }

    pub fn from_bytes(challenge: &[u8]) -> EncChallenge {
        EncChallenge { challenge: B64.encode(challenge) }
    }

    pub fn bytes(&self) -> Result<Vec<u8>, HandshakeError> {
        B64.decode(&self.challenge).map_err(|_| HandshakeError::Base64("Challenge"))
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// Answers an EncChallengeRequest: open with the agent's half, seal with the client's.
pub fn answer_challenge(cipher: &SessionCipher, payload: &[u8]) -> Result<Vec<u8>, HandshakeError> {
    let request = EncChallenge::parse(payload)?;
    let plain = cipher.open(&request.bytes()?)?;
    Ok(EncChallenge::from_bytes(&cipher.seal(&plain)?).to_json())
}

impl HandshakeComplete {
    pub fn parse(payload: &[u8]) -> Result<HandshakeComplete, HandshakeError> {
        serde_json::from_slice(payload).map_err(|e| HandshakeError::Json(e.to_string()))
    }
}

/// Where the client is in the handshake. Input flows only in [`Phase::Ready`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing received yet.
    Start,
    /// HandshakeRequest answered is pending a data key from KMS.
    AwaitingDataKey,
    /// HandshakeResponse sent; waiting for the EncChallengeRequest.
    AwaitingChallenge,
    /// Waiting for HandshakeComplete.
    AwaitingComplete,
    /// Handshake complete, or the first Output arrived without one.
    Ready,
}

/// A handshake event the driver observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    FirstOutput,
    Request { kms: bool },
    DataKeyReady,
    Challenge,
    Complete,
}

impl Phase {
    /// The phase after `step`, or why `step` cannot happen now.
    pub fn advance(self, step: Step) -> Result<Phase, HandshakeError> {
        match (self, step) {
            (Phase::Start, Step::FirstOutput) => Ok(Phase::Ready),
            (Phase::Ready, Step::FirstOutput) => Ok(Phase::Ready),
            (Phase::Start, Step::Request { kms: true }) => Ok(Phase::AwaitingDataKey),
            (Phase::Start, Step::Request { kms: false }) => Ok(Phase::AwaitingComplete),
            (Phase::AwaitingDataKey, Step::DataKeyReady) => Ok(Phase::AwaitingChallenge),
            (Phase::AwaitingChallenge, Step::Challenge) => Ok(Phase::AwaitingComplete),
            (Phase::AwaitingComplete, Step::Complete) => Ok(Phase::Ready),
            (_, Step::FirstOutput) => Err(HandshakeError::OutOfOrder("Output")),
            (_, Step::Request { .. }) => Err(HandshakeError::OutOfOrder("HandshakeRequest")),
            (_, Step::DataKeyReady) => Err(HandshakeError::OutOfOrder("data key")),
            (_, Step::Challenge) => Err(HandshakeError::OutOfOrder("EncChallengeRequest")),
            (_, Step::Complete) => Err(HandshakeError::OutOfOrder("HandshakeComplete")),
        }
    }

    pub fn is_ready(self) -> bool {
        self == Phase::Ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = r#"{"AgentVersion":"3.3.40.0","RequestedClientActions":[{"ActionType":"SessionType","ActionParameters":{"SessionType":"InteractiveCommands","Properties":null}},{"ActionType":"KMSEncryption","ActionParameters":{"KMSKeyId":"arn:aws:kms:eu-west-1:111122223333:key/k","Challenge":"AAEC"}}]}"#;

    #[test]
    fn plan_reads_session_type_and_key() {
        let req = HandshakeRequest::parse(REQUEST.as_bytes()).unwrap();
        let plan = req.plan().unwrap();
        assert_eq!(plan.session_type.as_deref(), Some("InteractiveCommands"));
        assert_eq!(plan.kms_key_id.as_deref(), Some("arn:aws:kms:eu-west-1:111122223333:key/k"));
    }

    #[test]
    fn response_matches_the_official_shape() {
        let req = HandshakeRequest::parse(REQUEST.as_bytes()).unwrap();
        let json = req.respond("1.2.0", Some(&Ok(vec![1, 2, 3]))).to_json();
        assert_eq!(
            String::from_utf8(json).unwrap(),
            r#"{"ClientVersion":"1.2.0","ProcessedClientActions":[{"ActionType":"SessionType","ActionStatus":1,"ActionResult":null,"Error":""},{"ActionType":"KMSEncryption","ActionStatus":1,"ActionResult":{"KMSCipherTextKey":"AQID"},"Error":""}],"Errors":null}"#
        );
    }

    #[test]
    fn unknown_actions_are_unsupported_and_kms_failures_reported() {
        let req = HandshakeRequest {
            agent_version: String::new(),
            requested_client_actions: vec![
                RequestedAction { action_type: "Telepathy".into(), action_parameters: Value::Null },
                RequestedAction {
                    action_type: "KMSEncryption".into(),
                    action_parameters: serde_json::json!({"KMSKeyId": "k"}),
                },
            ],
        };
        let resp = req.respond("v", Some(&Err("denied".into())));
        assert_eq!(resp.processed_client_actions[0].action_status, ACTION_UNSUPPORTED);
        assert_eq!(resp.processed_client_actions[1].action_status, ACTION_FAILED);
        assert_eq!(resp.processed_client_actions[1].error, "denied");
        assert_eq!(resp.kms_ciphertext(), None);
    }

    #[test]
    fn bad_json_and_missing_key_are_errors() {
        assert!(matches!(HandshakeRequest::parse(b"{not json"), Err(HandshakeError::Json(_))));
        let req = HandshakeRequest::parse(
            br#"{"RequestedClientActions":[{"ActionType":"KMSEncryption","ActionParameters":{}}]}"#,
        )
        .unwrap();
        assert_eq!(req.plan(), Err(HandshakeError::MissingKeyId));
    }

    #[test]
    fn challenge_is_reencrypted_with_the_client_half() {
        let key: Vec<u8> = (100..164u8).collect();
        let agent = SessionCipher::agent(&key).unwrap();
        let client = SessionCipher::client(&key).unwrap();
        let secret = b"0123456789abcdef".to_vec();
        let request = EncChallenge::from_bytes(&agent.seal(&secret).unwrap()).to_json();
        let answer = answer_challenge(&client, &request).unwrap();
        let answer = EncChallenge::parse(&answer).unwrap().bytes().unwrap();
        assert_eq!(agent.open(&answer).unwrap(), secret);
    }

    #[test]
    fn phases_advance_in_order_only() {
        let p = Phase::Start.advance(Step::Request { kms: true }).unwrap();
        assert_eq!(p, Phase::AwaitingDataKey);
        assert!(p.advance(Step::Complete).is_err());
        let p = p.advance(Step::DataKeyReady).unwrap();
        let p = p.advance(Step::Challenge).unwrap();
        let p = p.advance(Step::Complete).unwrap();
        assert!(p.is_ready());
        assert_eq!(Phase::Start.advance(Step::FirstOutput), Ok(Phase::Ready));
        assert!(Phase::AwaitingChallenge.advance(Step::FirstOutput).is_err());
    }
}
