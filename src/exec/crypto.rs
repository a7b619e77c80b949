//! AES-256-GCM of the KMS-encrypted session.
//!
//! The 64-byte data key from `kms:GenerateDataKey` splits in two: bytes 0..32 protect what
//! the agent sends, bytes 32..64 what the client sends. No additional data; the wire form is
//! `nonce(12) || ciphertext || tag(16)`.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use std::fmt;

/// Length of the plaintext data key requested from KMS.
pub const DATA_KEY_LEN: usize = 64;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Why a payload could not be sealed or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the data key is {0} bytes, {DATA_KEY_LEN} expected")]
    BadKeyLength(usize),
    #[error("ciphertext of {0} bytes is too short")]
    TooShort(usize),
    #[error("payload failed authentication")]
    Authentication,
}

/// The pair of ciphers of one end of a session.
pub struct SessionCipher {
    /// Opens what the other end sends.
    open: Aes256Gcm,
    /// Seals what this end sends.
    seal: Aes256Gcm,
}

impl fmt::Debug for SessionCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Key material never reaches logs.
        f.write_str("SessionCipher(..)")
    }
}

impl SessionCipher {
    /// The client's view: decrypt with the first half, encrypt with the second.
    pub fn client(data_key: &[u8]) -> Result<SessionCipher, CryptoError> {
        let (agent_half, client_half) = halves(data_key)?;
        Ok(SessionCipher { open: Aes256Gcm::new(agent_half.into()), seal: Aes256Gcm::new(client_half.into()) })
    }

    /// The agent's view (used by the loopback peer): the halves the other way round.
    pub fn agent(data_key: &[u8]) -> Result<SessionCipher, CryptoError> {
        let (agent_half, client_half) = halves(data_key)?;
        Ok(SessionCipher { open: Aes256Gcm::new(client_half.into()), seal: Aes256Gcm::new(agent_half.into()) })
    }

    /// Encrypts with a fresh random nonce.
    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let sealed =
            self.seal.encrypt(Nonce::from_slice(&nonce), plaintext).map_err(|_| CryptoError::Authentication)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts and authenticates `nonce || ciphertext || tag`.
    pub fn open(&self, wire: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if wire.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::TooShort(wire.len()));
        }
        let (nonce, body) = wire.split_at(NONCE_LEN);
        self.open.decrypt(Nonce::from_slice(nonce), body).map_err(|_| CryptoError::Authentication)
    }
}

fn halves(data_key: &[u8]) -> Result<(&[u8; 32], &[u8; 32]), CryptoError> {
    if data_key.len() != DATA_KEY_LEN {
        return Err(CryptoError::BadKeyLength(data_key.len()));
    }
    let (a, b) = data_key.split_at(32);
    match (a.try_into(), b.try_into()) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        _ => Err(CryptoError::BadKeyLength(data_key.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Vec<u8> {
        (0..64u8).collect()
    }

    #[test]
    fn client_and_agent_understand_each_other() {
        let client = SessionCipher::client(&key()).unwrap();
        let agent = SessionCipher::agent(&key()).unwrap();
        let up = client.seal(b"ls -l\r").unwrap();
        assert_eq!(up.len(), 12 + 6 + 16);
        assert_eq!(agent.open(&up).unwrap(), b"ls -l\r");
        let down = agent.seal(b"total 0\r\n").unwrap();
        assert_eq!(client.open(&down).unwrap(), b"total 0\r\n");
        // A client cannot open its own traffic: the halves differ per direction.
        assert_eq!(client.open(&up), Err(CryptoError::Authentication));
    }

    #[test]
    fn halves_are_the_right_way_round() {
        // Seal by hand with bytes 0..32: that is what the agent sends, the client opens it.
        let k = key();
        let first_half = Aes256Gcm::new_from_slice(&k[..32]).unwrap();
        let nonce = [7u8; 12];
        let mut wire = nonce.to_vec();
        wire.extend(first_half.encrypt(Nonce::from_slice(&nonce), &b"hi"[..]).unwrap());
        assert_eq!(SessionCipher::client(&k).unwrap().open(&wire).unwrap(), b"hi");
    }

    #[test]
    fn bad_inputs_are_errors() {
        assert_eq!(SessionCipher::client(&[0u8; 32]).err(), Some(CryptoError::BadKeyLength(32)));
        let c = SessionCipher::client(&key()).unwrap();
        assert_eq!(c.open(&[1, 2, 3]), Err(CryptoError::TooShort(3)));
        assert_eq!(c.open(&[0u8; 40]), Err(CryptoError::Authentication));
    }
}
