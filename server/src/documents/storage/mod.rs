//! Where document bytes live: one interface, two real stores (local disk, S3-compatible).
//! Bytes stream through in chunks both ways; no whole file is held in memory. A `put` is atomic:
//! it either stores the whole object or leaves nothing behind.

mod local;
mod s3;

pub use local::LocalStorage;
pub use s3::{S3Config, S3Storage};

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::Stream;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::pin::Pin;
use std::time::Duration;

/// Bytes arriving in chunks; `'a` lets an upload stream straight from the request body.
pub type ByteStream<'a> = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send + 'a>>;

/// What a completed `put` stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub size: u64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the file is larger than the limit")]
    TooLarge,
    #[error("object not found")]
    NotFound,
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error("storage failed: {0}")]
    Backend(String),
}

#[async_trait]
pub trait Storage: Send + Sync {
    /// Stores `body` under `key`, refusing it once more than `max` bytes arrive.
    async fn put<'a>(&self, key: &str, body: ByteStream<'a>, max: u64) -> Result<Stored, StorageError>;
    /// The object's bytes as a stream, with its size.
    async fn open(&self, key: &str) -> Result<(ByteStream<'static>, u64), StorageError>;
    async fn delete(&self, key: &str) -> Result<(), StorageError>;
    /// Every stored key (for `portico storage check`).
    async fn keys(&self) -> Result<Vec<String>, StorageError>;
    /// The file on local disk, when the store is a local one (served with Range support).
    fn local_path(&self, key: &str) -> Option<PathBuf>;
    /// A short-lived URL the browser may fetch directly, when the store supports it.
    async fn presign(&self, key: &str, expires: Duration, filename_header: &str, content_type: &str) -> Result<Option<String>, StorageError>;
}

/// Counts and hashes bytes as they stream past, enforcing the size limit.
pub(crate) struct Meter {
    hasher: Sha256,
    size: u64,
    max: u64,
}

impl Meter {
    pub fn new(max: u64) -> Self {
        Self { hasher: Sha256::new(), size: 0, max }
    }

    pub fn update(&mut self, chunk: &[u8]) -> Result<(), StorageError> {
        self.size += chunk.len() as u64;
        if self.size > self.max {
            return Err(StorageError::TooLarge);
        }
        self.hasher.update(chunk);
        Ok(())
    }

    pub fn finish(self) -> Stored {
        Stored { size: self.size, sha256: hex::encode(self.hasher.finalize()) }
    }
}

/// Hex SHA-256 of a stream (for `portico storage check`).
pub async fn hash_stream(mut body: ByteStream<'_>) -> Result<Stored, StorageError> {
    use futures_util::StreamExt;
    let mut meter = Meter::new(u64::MAX);
    while let Some(chunk) = body.next().await {
        meter.update(&chunk.map_err(|e| StorageError::Backend(e.to_string()))?)?;
    }
    Ok(meter.finish())
}
