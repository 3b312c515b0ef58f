//! Documents on local disk under the data directory: `objects/<key>`, written through `tmp/`.

use super::{ByteStream, Meter, Storage, StorageError, Stored};
use async_trait::async_trait;
use futures_util::StreamExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

pub struct LocalStorage {
    objects: PathBuf,
    tmp: PathBuf,
}

fn backend(e: std::io::Error) -> StorageError {
    StorageError::Backend(e.to_string())
}

impl LocalStorage {
    pub fn new(root: &Path) -> Result<Self, StorageError> {
        let objects = root.join("objects");
        let tmp = root.join("tmp");
        std::fs::create_dir_all(&objects).map_err(backend)?;
        std::fs::create_dir_all(&tmp).map_err(backend)?;
        // Temp files left by a crash are never referenced by a row: clear them at start.
        if let Ok(entries) = std::fs::read_dir(&tmp) {
            for e in entries.flatten() {
                let _ = std::fs::remove_file(e.path());
            }
        }
        Ok(Self { objects, tmp })
    }

    fn path(&self, key: &str) -> Result<PathBuf, StorageError> {
        // Keys are made by the server; anything else is refused rather than joined to a path.
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(StorageError::NotFound);
        }
        Ok(self.objects.join(key))
    }

    async fn write(&self, tmp: &Path, mut body: ByteStream<'_>, max: u64) -> Result<Stored, StorageError> {
        let mut file = tokio::fs::File::create(tmp).await.map_err(backend)?;
        let mut meter = Meter::new(max);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| StorageError::Interrupted(e.to_string()))?;
            meter.update(&chunk)?;
            file.write_all(&chunk).await.map_err(backend)?;
        }
        file.flush().await.map_err(backend)?;
        file.sync_all().await.map_err(backend)?;
        Ok(meter.finish())
    }
}

#[async_trait]
impl Storage for LocalStorage {
    async fn put<'a>(&self, key: &str, body: ByteStream<'a>, max: u64) -> Result<Stored, StorageError> {
        let target = self.path(key)?;
        let tmp = self.tmp.join(format!("{key}.part"));
        match self.write(&tmp, body, max).await {
            Ok(stored) => {
                tokio::fs::rename(&tmp, &target).await.map_err(backend)?;
                // Make the rename itself durable.
                if let Ok(dir) = tokio::fs::File::open(&self.objects).await {
                    let _ = dir.sync_all().await;
                }
                Ok(stored)
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&tmp).await;
                Err(e)
            }
        }
    }

    async fn open(&self, key: &str) -> Result<(ByteStream<'static>, u64), StorageError> {
        let file = tokio::fs::File::open(self.path(key)?).await.map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StorageError::NotFound,
            _ => backend(e),
        })?;
        let size = file.metadata().await.map_err(backend)?.len();
        Ok((Box::pin(tokio_util::io::ReaderStream::with_capacity(file, 64 * 1024)), size))
    }

    async fn delete(&self, key: &str) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(backend(e)),
        }
    }

    async fn keys(&self) -> Result<Vec<String>, StorageError> {
        let mut out = Vec::new();
        let mut dir = tokio::fs::read_dir(&self.objects).await.map_err(backend)?;
        while let Some(entry) = dir.next_entry().await.map_err(backend)? {
            if let Some(name) = entry.file_name().to_str() {
                out.push(name.to_string());
            }
        }
        Ok(out)
    }

    fn local_path(&self, key: &str) -> Option<PathBuf> {
        self.path(key).ok()
    }

    async fn presign(&self, _: &str, _: Duration, _: &str, _: &str) -> Result<Option<String>, StorageError> {
        Ok(None)
    }
}
