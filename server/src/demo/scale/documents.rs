//! Documents of mixed sizes, stored through the configured `Storage` (local disk or S3), then
//! their rows. Sizes are log-distributed from 1 KB to 4 MB (most small, a few large), plus one
//! big document for the download benchmark, owned by the benchmark's client.
//!
//! The bytes are generated: real one-page PDFs padded with comment lines, CSV ledgers and text
//! notes, each a header followed by a repeated pattern. The rows record the size and SHA-256
//! that the store measured, so `portico storage check` passes.

use super::bulk::{Target, Tx, Val};
use super::model::{Calendar, Document, Model};
use super::rng::{apportion, Rng};
use super::words::{slug, FOLDERS, MONTHS};
use super::Sizes;
use crate::documents::storage::{ByteStream, Storage};
use bytes::Bytes;
use futures_util::StreamExt;
use std::io::Write;

/// Regular documents of the benchmark's client (besides the big one).
const BENCH_DOCUMENTS: u64 = 10;
/// Files stored at once (each local `put` waits for an fsync; S3 for a round trip).
const CONCURRENT_PUTS: usize = 8;
const BIG_TITLE: &str = "General ledger export, all years";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pdf,
    Csv,
    Text,
}

impl Kind {
    fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Csv => "text/csv",
            Kind::Text => "text/plain",
        }
    }
    fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Csv => "csv",
            Kind::Text => "txt",
        }
    }
}

pub struct Planned {
    client: u32,
    folder: &'static str,
    title: String,
    kind: Kind,
    day: u32,
    uploader: Option<u32>,
    /// Size of each version, in bytes.
    sizes: Vec<u64>,
}

/// One stored version: (key, size, sha256).
type StoredVersion = (String, u64, String);

/// Rows written and bytes stored.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub documents: u64,
    pub versions: u64,
    pub bytes: u64,
}

/// How many bytes the documents will take, for the progress bar.
pub fn planned_bytes(planned: &[Planned]) -> u64 {
    planned.iter().flat_map(|p| p.sizes.iter()).sum()
}

/// Stores the bytes, then writes the rows in one transaction; on failure removes what it stored.
pub async fn write(target: &Target, storage: &dyn Storage, rng: &Rng, cal: &Calendar, planned: &[Planned], model: &mut Model, progress: &dyn Fn(u64)) -> Result<Counts, String> {
    let mut stored: Vec<Vec<StoredVersion>> = (0..planned.len()).map(|_| Vec::new()).collect();
    let mut keys = Vec::new();
    let block = pattern(rng);
    let result = async {
        let jobs = planned.iter().enumerate().flat_map(|(d, p)| p.sizes.iter().enumerate().map(move |(v, size)| (d, v, *size)));
        let mut puts = futures_util::stream::iter(jobs)
            .map(|(d, v, size)| {
                let (p, client) = (&planned[d], &model.clients[planned[d].client as usize].name);
                let body = body(p, v, size, client, &block);
                async move {
                    let key = uuid::Uuid::new_v4().to_string();
                    let put = storage.put(&key, body, size + 1).await;
                    (d, key, put)
                }
            })
            .buffered(CONCURRENT_PUTS);
        while let Some((d, key, put)) = puts.next().await {
            let s = put.map_err(|e| format!("storing a generated document failed: {e}"))?;
            keys.push(key.clone());
            progress(s.size);
            stored[d].push((key, s.size, s.sha256));
        }
        drop(puts);
        write_rows(target, cal, planned, &stored, model).await.map_err(|e| format!("writing document rows failed: {e}"))
    }
    .await;
    if result.is_err() {
        for key in keys {
            let _ = storage.delete(&key).await;
        }
    }
    result
}

async fn write_rows(target: &Target, cal: &Calendar, planned: &[Planned], stored: &[Vec<StoredVersion>], model: &mut Model) -> Result<Counts, sqlx::Error> {
    let mut tx = Tx::begin(target).await?;
    tx.lock(&["documents"]).await?;
    let first = tx.next_id("documents").await?;
    let mut counts = Counts::default();
    let mut w = tx.table("documents", &["id", "client_id", "folder", "title", "from_client", "created_at", "updated_at"]).await?;
    for (i, (p, versions)) in planned.iter().zip(stored).enumerate() {
        let created = cal.secs(p.day) + 11 * 3600;
        let updated = created + (versions.len() as i64 - 1) * 7 * 86_400;
        let client_id = model.clients[p.client as usize].id;
        w.row(&[(first + i as i64).into(), client_id.into(), p.folder.into(), (&p.title).into(), (p.uploader.is_some() as i64).into(), created.into(), updated.into()])
            .await?;
        counts.documents += 1;
    }
    w.finish().await?;
    let columns = ["document_id", "version", "storage_key", "file_name", "content_type", "size_bytes", "sha256", "uploaded_by", "created_at"];
    let mut w = tx.table("document_versions", &columns).await?;
    for (i, (p, versions)) in planned.iter().zip(stored).enumerate() {
        let file_name = format!("{}.{}", slug(&p.title), p.kind.extension());
        let uploaded_by = p.uploader.map(|u| model.people[u as usize].id).or(model.staff.first().map(|s| s.id));
        for (v, (key, size, sha256)) in versions.iter().enumerate() {
            let created = cal.secs(p.day) + 11 * 3600 + v as i64 * 7 * 86_400;
            w.row(&[
                (first + i as i64).into(),
                (v as i64 + 1).into(),
                key.into(),
                (&file_name).into(),
                p.kind.content_type().into(),
                (*size as i64).into(),
                sha256.into(),
                uploaded_by.map_or(Val::Null, Val::Int),
                created.into(),
            ])
            .await?;
            counts.versions += 1;
            counts.bytes += size;
        }
        model.documents.push(Document {
            id: first + i as i64,
            client: p.client,
            title: p.title.clone(),
            file_name,
            day: p.day,
            uploader: p.uploader,
            versions: versions.len() as i64,
        });
    }
    w.finish().await?;
    tx.sync_ids("documents").await?;
    tx.commit().await?;
    Ok(counts)
}

/// Which documents each client has: the big one first, then the benchmark client's, then the
/// rest in proportion to the clients' size.
pub fn plan(rng: &Rng, cal: &Calendar, sizes: &Sizes, model: &Model) -> Vec<Planned> {
    let mut r = rng.fork(0xD0C);
    let mut out = Vec::new();
    if sizes.big_document > 0 && !model.clients.is_empty() {
        out.push(Planned { client: 0, folder: "Reports", title: BIG_TITLE.into(), kind: Kind::Csv, day: cal.today.saturating_sub(3), uploader: None, sizes: vec![sizes.big_document] });
    }
    let bench = BENCH_DOCUMENTS.min(sizes.documents);
    let weights: Vec<f64> = model.clients.iter().skip(1).map(|c| c.weight.sqrt()).collect();
    let mut per_client = vec![bench];
    per_client.extend(apportion(sizes.documents - bench, &weights, 0));
    // Each client's people who may upload (documents permission).
    let mut uploaders_of = vec![Vec::new(); model.clients.len()];
    for (i, p) in model.people.iter().enumerate().filter(|(_, p)| p.documents) {
        uploaders_of[p.client as usize].push(i as u32);
    }
    for (ci, n) in per_client.into_iter().enumerate() {
        let Some(client) = model.clients.get(ci) else { break };
        let uploaders = &uploaders_of[ci];
        for _ in 0..n {
            let (folder, titles) = *r.pick(FOLDERS);
            let day = r.range(client.since as i64, cal.today as i64) as u32;
            let date = cal.date(day);
            let title = match folder {
                "Bank statements" | "Payroll" => format!("{}, {} {}", r.pick(titles), MONTHS[date.month() as usize - 1], date.year()),
                "Reports" => format!("{} Q{} {}", r.pick(titles), (date.month() as u8 - 1) / 3 + 1, date.year()),
                _ => format!("{} {}", r.pick(titles), date.year()),
            };
            let kind = match folder {
                "Reports" | "Bank statements" if r.chance(50) => Kind::Csv,
                "Correspondence" if r.chance(50) => Kind::Text,
                _ => Kind::Pdf,
            };
            let uploader = if !uploaders.is_empty() && r.chance(25) { Some(*r.pick(&uploaders)) } else { None };
            let versions = if r.chance(10) { 2 } else { 1 };
            let sizes = (0..versions).map(|_| size(&mut r)).collect();
            out.push(Planned { client: ci as u32, folder, title, kind, day, uploader, sizes });
        }
    }
    out
}

/// Most files are small: 75 % of 1–100 KB, 22 % of 100 KB–1 MB, 3 % of 1–4 MB (about 170 KB
/// on average), each range log-uniform.
fn size(r: &mut Rng) -> u64 {
    const KB: u64 = 1024;
    match r.weighted(&[75, 22, 3]) {
        0 => r.log_uniform(KB, 100 * KB),
        1 => r.log_uniform(100 * KB, 1024 * KB),
        _ => r.log_uniform(1024 * KB, 4096 * KB),
    }
}

/// 1 MiB of ledger lines, repeated to fill CSV and text files.
fn pattern(rng: &Rng) -> Bytes {
    let mut r = rng.fork(0xB10C);
    let mut out = Vec::with_capacity(1 << 20);
    const ACCOUNTS: &[(&str, &str)] = &[("1000", "Bank"), ("4000", "Consulting revenue"), ("5100", "Subcontractors"), ("6100", "Office rent"), ("6400", "Software"), ("6800", "Travel")];
    while out.len() < (1 << 20) - 128 {
        let (account, what) = r.pick(ACCOUNTS);
        let cents = r.range(100, 2_500_000);
        let _ = writeln!(out, "2026-{:02}-{:02},{account},{what},{}.{:02},", r.range(1, 12), r.range(1, 28), cents / 100, cents % 100);
    }
    Bytes::from(out)
}

/// The bytes of version `v` of a document, `size` long, in chunks of the shared pattern.
fn body(p: &Planned, v: usize, size: u64, client: &str, block: &Bytes) -> ByteStream<'static> {
    let head = match p.kind {
        Kind::Pdf => return one(pdf(&p.title, &format!("{client}, version {}", v + 1), size as usize)),
        Kind::Csv => format!("date,account,description,debit,credit\n2026-01-01,0000,{} ({client} version {}),,\n", p.title.replace(',', " "), v + 1),
        Kind::Text => format!("{}\n{client}, version {}\n\n", p.title, v + 1),
    };
    let head = Bytes::from(head.into_bytes());
    let mut left = size;
    let mut chunks = Vec::new();
    let first = head.slice(..head.len().min(left as usize));
    left -= first.len() as u64;
    chunks.push(first);
    while left > 0 {
        let take = left.min(block.len() as u64) as usize;
        chunks.push(block.slice(..take));
        left -= take as u64;
    }
    Box::pin(futures_util::stream::iter(chunks.into_iter().map(Ok)))
}

fn one(bytes: Vec<u8>) -> ByteStream<'static> {
    Box::pin(futures_util::stream::once(async move { Ok(Bytes::from(bytes)) }))
}

/// Text for a PDF string: ASCII only, with `\`, `(` and `)` escaped.
fn pdf_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\\' | '(' | ')' => format!("\\{c}"),
            c if c.is_ascii() && !c.is_ascii_control() => c.to_string(),
            _ => "?".into(),
        })
        .collect()
}

/// A valid one-page PDF of about `size` bytes: its content stream is padded with comments,
/// which viewers skip, and the cross-reference table has the real offsets.
fn pdf(title: &str, subtitle: &str, size: usize) -> Vec<u8> {
    let mut content = format!(
        "BT /F1 16 Tf 72 770 Td ({}) Tj ET\nBT /F1 10 Tf 72 750 Td ({}) Tj ET\nBT /F1 8 Tf 72 730 Td (Generated by portico demo --scale.) Tj ET\n",
        pdf_text(title),
        pdf_text(subtitle)
    )
    .into_bytes();
    const PAD: &[u8] = b"% padding: this generated document stands in for a real file of this size\n";
    const OVERHEAD: usize = 620;
    content.reserve(size.saturating_sub(OVERHEAD));
    while content.len() + PAD.len() + OVERHEAD <= size {
        content.extend_from_slice(PAD);
    }
    let objects: [Vec<u8>; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"\nendstream".to_vec()].concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = writeln!(out, "{} 0 obj", i + 1);
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(out, "{o:010} 00000 n ");
    }
    let _ = write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_pdfs_have_the_size_asked_and_a_true_cross_reference() {
        for size in [1024, 50_000, 3_000_000] {
            let bytes = pdf("Tax return (2024)", "Oak Works", size);
            assert!(bytes.len() <= size && bytes.len() + 200 > size, "{} for {size}", bytes.len());
            let text = String::from_utf8_lossy(&bytes);
            let start: usize = text.rsplit("startxref\n").next().and_then(|t| t.lines().next()).and_then(|n| n.parse().ok()).unwrap_or(0);
            assert!(text[start..].starts_with("xref"));
            let second = text[start..].lines().nth(4).and_then(|l| l.split(' ').next()).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
            assert!(text[second..].starts_with("2 0 obj"));
            assert!(text.contains("(Tax return \\(2024\\))"));
        }
    }
}
