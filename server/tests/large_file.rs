//! A 200 MiB document goes up and comes back byte-identical while the portal's memory stays
//! flat: bytes stream through in chunks (S3: 8 MiB parts), never as a whole file. Its own test
//! binary, so the peak RSS it reads belongs to this test alone.

#[path = "api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use futures_util::StreamExt;
use helpers::*;
use reqwest::multipart::{Form, Part};
use sha2::{Digest, Sha256};

const SIZE: usize = 200 * 1024 * 1024;
const CHUNK: usize = 256 * 1024;

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: f64 = status.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).unwrap().parse().unwrap();
    kb / 1024.0
}

fn chunk(i: usize) -> bytes::Bytes {
    if i == 0 {
        let mut first = b"%PDF-1.7\n".to_vec();
        first.resize(CHUNK, b'a');
        return bytes::Bytes::from(first);
    }
    bytes::Bytes::from(vec![(i % 251) as u8; CHUNK])
}

#[tokio::test]
async fn a_200_mib_file_round_trips_byte_identical_in_constant_memory() {
    let app = spawn_with(server::config::Config { max_upload_bytes: 256 * 1024 * 1024, ..server::config::Config::for_tests() }).await;
    let sam = app.signed_in(SAM).await;
    let client = client_id(&app, "Northwind").await;
    let before = peak_rss_mib();

    let mut expected = Sha256::new();
    for i in 0..SIZE / CHUNK {
        expected.update(chunk(i));
    }
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter((0..SIZE / CHUNK).map(|i| Ok::<_, std::io::Error>(chunk(i)))));
    let form = Form::new()
        .text("client_id", client.to_string())
        .text("folder", "Reports")
        .part("file", Part::stream_with_length(body, SIZE as u64).file_name("archive.pdf"));
    let res = sam.post(app.url("/documents/upload")).header("accept", "application/json").multipart(form).send().await.unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let id = res.json::<serde_json::Value>().await.unwrap()[0]["id"].as_i64().unwrap();

    let ana = app.signed_in(ANA).await;
    let mut res = app.get(&ana, &format!("/documents/{id}/download")).await;
    if res.status().is_redirection() {
        res = reqwest::get(location(&res).unwrap()).await.unwrap();
    }
    assert_eq!(res.status(), 200);
    let mut stream = res.bytes_stream();
    let mut actual = Sha256::new();
    let mut size = 0;
    while let Some(part) = stream.next().await {
        let part = part.unwrap();
        size += part.len();
        actual.update(&part);
    }
    assert_eq!(size, SIZE);
    assert_eq!(actual.finalize(), expected.finalize(), "byte-identical");
    let grew = peak_rss_mib() - before;
    eprintln!("200 MiB round trip: peak RSS grew by {grew:.1} MiB");
    assert!(grew < 64.0, "memory grew by {grew:.1} MiB while moving 200 MiB");
}
