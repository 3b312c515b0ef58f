//! Documents in any S3-compatible store, through aws-sdk-s3. Uploads go up in 8 MiB parts
//! (multipart), so memory stays flat whatever the file size; a failed upload is aborted, so no
//! part is left behind.

use super::{ByteStream, Meter, Storage, StorageError, Stored};
use async_trait::async_trait;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream as Body;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use aws_sdk_s3::Client;
use futures_util::StreamExt;
use std::path::PathBuf;
use std::time::Duration;

const PART_SIZE: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct S3Config {
    pub endpoint: Option<String>,
    pub region: String,
    pub bucket: String,
    pub access_key: String,
    pub secret_key: String,
    pub path_style: bool,
}

pub struct S3Storage {
    client: Client,
    bucket: String,
}

fn backend(e: impl std::error::Error) -> StorageError {
    StorageError::Backend(DisplayErrorContext(e).to_string())
}

impl S3Storage {
    pub fn new(c: &S3Config) -> Self {
        let mut conf = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(c.region.clone()))
            .credentials_provider(Credentials::new(&c.access_key, &c.secret_key, None, None, "portico"))
            .force_path_style(c.path_style);
        if let Some(endpoint) = &c.endpoint {
            conf = conf.endpoint_url(endpoint);
        }
        Self { client: Client::from_conf(conf.build()), bucket: c.bucket.clone() }
    }

    /// Creates the bucket (for tests and first runs against an empty store).
    pub async fn create_bucket(&self) -> Result<(), StorageError> {
        match self.client.create_bucket().bucket(&self.bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let service = e.into_service_error();
                if service.is_bucket_already_owned_by_you() || service.is_bucket_already_exists() {
                    Ok(())
                } else {
                    Err(backend(service))
                }
            }
        }
    }

    /// Fills `buf` up to one part from the stream; false when the stream has ended.
    async fn fill(body: &mut ByteStream<'_>, buf: &mut Vec<u8>, meter: &mut Meter, pending: &mut Option<bytes::Bytes>) -> Result<bool, StorageError> {
        loop {
            // Bytes carried over from the previous part were metered when they arrived.
            let chunk = match pending.take() {
                Some(c) => c,
                None => match body.next().await {
                    Some(c) => {
                        let c = c.map_err(|e| StorageError::Interrupted(e.to_string()))?;
                        meter.update(&c)?;
                        c
                    }
                    None => return Ok(false),
                },
            };
            let room = PART_SIZE - buf.len();
            if chunk.len() > room {
                buf.extend_from_slice(&chunk[..room]);
                *pending = Some(chunk.slice(room..));
                return Ok(true);
            }
            buf.extend_from_slice(&chunk);
            if buf.len() == PART_SIZE {
                return Ok(true);
            }
        }
    }

    async fn upload_part(&self, key: &str, upload_id: &str, number: i32, data: Vec<u8>) -> Result<CompletedPart, StorageError> {
        let part = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(number)
            .body(Body::from(data))
            .send()
            .await
            .map_err(backend)?;
        Ok(CompletedPart::builder().e_tag(part.e_tag().unwrap_or_default()).part_number(number).build())
    }

    async fn multipart(&self, key: &str, first: Vec<u8>, mut body: ByteStream<'_>, mut meter: Meter, mut pending: Option<bytes::Bytes>) -> Result<Stored, StorageError> {
        let upload = self.client.create_multipart_upload().bucket(&self.bucket).key(key).send().await.map_err(backend)?;
        let upload_id = upload.upload_id().unwrap_or_default().to_string();
        let result = async {
            let mut parts = Vec::new();
            let mut buf = first;
            let mut more = true;
            // `first` is a full part and more follows; each round sends one part, then refills.
            while !buf.is_empty() {
                let number = parts.len() as i32 + 1;
                parts.push(self.upload_part(key, &upload_id, number, std::mem::take(&mut buf)).await?);
                if !more {
                    break;
                }
                more = Self::fill(&mut body, &mut buf, &mut meter, &mut pending).await?;
            }
            self.client
                .complete_multipart_upload()
                .bucket(&self.bucket)
                .key(key)
                .upload_id(&upload_id)
                .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
                .send()
                .await
                .map_err(backend)?;
            Ok::<_, StorageError>(())
        }
        .await;
        match result {
            Ok(()) => Ok(meter.finish()),
            Err(e) => {
                let _ = self.client.abort_multipart_upload().bucket(&self.bucket).key(key).upload_id(&upload_id).send().await;
                Err(e)
            }
        }
    }
}

#[async_trait]
impl Storage for S3Storage {
    async fn put<'a>(&self, key: &str, mut body: ByteStream<'a>, max: u64) -> Result<Stored, StorageError> {
        let mut meter = Meter::new(max);
        let mut buf = Vec::with_capacity(64 * 1024);
        let mut pending = None;
        let more = Self::fill(&mut body, &mut buf, &mut meter, &mut pending).await?;
        if !more {
            // Small enough for one request.
            self.client.put_object().bucket(&self.bucket).key(key).body(Body::from(buf)).send().await.map_err(backend)?;
            return Ok(meter.finish());
        }
        self.multipart(key, buf, body, meter, pending).await
    }

    async fn open(&self, key: &str) -> Result<(ByteStream<'static>, u64), StorageError> {
        let out = self.client.get_object().bucket(&self.bucket).key(key).send().await.map_err(|e| {
            let service = e.into_service_error();
            if service.is_no_such_key() {
                StorageError::NotFound
            } else {
                backend(service)
            }
        })?;
        let size = out.content_length().unwrap_or(0).max(0) as u64;
        let reader = out.body.into_async_read();
        Ok((Box::pin(tokio_util::io::ReaderStream::with_capacity(reader, 64 * 1024)), size))
    }

    async fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.client.delete_object().bucket(&self.bucket).key(key).send().await.map_err(backend)?;
        Ok(())
    }

    async fn keys(&self) -> Result<Vec<String>, StorageError> {
        let mut out = Vec::new();
        let mut pages = self.client.list_objects_v2().bucket(&self.bucket).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(backend)?;
            out.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
        }
        Ok(out)
    }

    fn local_path(&self, _: &str) -> Option<PathBuf> {
        None
    }

    async fn presign(&self, key: &str, expires: Duration, disposition: &str, content_type: &str) -> Result<Option<String>, StorageError> {
        let config = PresigningConfig::expires_in(expires).map_err(backend)?;
        let req = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .response_content_disposition(disposition)
            .response_content_type(content_type)
            .presigned(config)
            .await
            .map_err(backend)?;
        Ok(Some(req.uri().to_string()))
    }
}
