//! A flood of wrong-password sign-ins against a release build of the `portico` binary, with a
//! no-flood baseline measured by the same run on the same server:
//!
//! - **botnet**: 200 concurrent sign-ins for 30 s, each from a new address (through a trusted
//!   proxy's `X-Forwarded-For`) and for a new email, so no throttling counter ever fills: every
//!   attempt costs a password hash. This is what bounds the hashing.
//! - **one script**: the same 200 for 30 s from one address, all for one real account: the
//!   throttling is what answers.
//!
//! For each it prints the server's peak resident memory, the invoice page's p50/p99 (one signed-in
//! client, one request at a time) without and during the flood, and the sign-ins answered per
//! second by status.
//!
//!     cargo build --release -p server
//!     cargo run --release -p server --example flood_bench [-- SECONDS]
//!
//! `PORTICO_BIN` names another binary (an older build, to compare).

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ANA: &str = "ana@northwind.example";
const PASSWORD: &str = "portico-demo-2026";
const CONCURRENCY: usize = 200;

struct Server {
    child: Child,
    base: String,
    dir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port()
}

async fn start(bin: &str, name: &str) -> Server {
    let dir = std::env::temp_dir().join(format!("portico_flood_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let port = free_port();
    let child = Command::new(bin)
        .args(["--data-dir", dir.to_str().expect("path"), "serve", "--demo", "--addr", &format!("127.0.0.1:{port}"), "--trusted-proxies", "127.0.0.1"])
        .env("PORTICO_LOG", "error")
        .env("PORTICO_AUDIT_SEAL_SECONDS", "3600")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the portico binary (build it with cargo build --release -p server)");
    // Dropping the server (also on a panic) stops the process and removes its data.
    let server = Server { child, base: format!("http://127.0.0.1:{port}"), dir };
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client.get(format!("{}/readyz", server.base)).send().await.is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become ready");
}

fn client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("sec-fetch-site", reqwest::header::HeaderValue::from_static("same-origin"));
    headers.insert("accept", reqwest::header::HeaderValue::from_static("application/json"));
    reqwest::Client::builder().cookie_store(true).default_headers(headers).pool_max_idle_per_host(CONCURRENCY).timeout(Duration::from_secs(60)).build().expect("client")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Invoice-page latencies (ms) while `running` holds, one request at a time.
async fn probe(client: reqwest::Client, url: String, running: Arc<AtomicBool>) -> Vec<f64> {
    let mut times = Vec::new();
    while running.load(Ordering::Relaxed) {
        let t = Instant::now();
        let ok = client.get(&url).send().await.is_ok_and(|r| r.status().is_success());
        if ok {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    times.sort_by(f64::total_cmp);
    times
}

struct Phase {
    p50: f64,
    p99: f64,
    pages: usize,
    peak_rss: f64,
    answered: BTreeMap<u16, u64>,
}

async fn phase(server: &Server, signed_in: &reqwest::Client, flood: Option<bool>, secs: u64) -> Phase {
    let running = Arc::new(AtomicBool::new(true));
    let peak = Arc::new(Mutex::new(0f64));
    let pid = server.child.id();
    let sampler = {
        let (running, peak) = (running.clone(), peak.clone());
        tokio::spawn(async move {
            while running.load(Ordering::Relaxed) {
                let rss = rss_mib(pid);
                {
                    let mut p = peak.lock().unwrap();
                    *p = p.max(rss);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let counts: Arc<Mutex<BTreeMap<u16, u64>>> = Arc::default();
    let seq = Arc::new(AtomicU64::new(0));
    let mut flooders = Vec::new();
    if let Some(botnet) = flood {
        for _ in 0..CONCURRENCY {
            let (running, counts, seq, base) = (running.clone(), counts.clone(), seq.clone(), server.base.clone());
            let c = client();
            flooders.push(tokio::spawn(async move {
                while running.load(Ordering::Relaxed) {
                    let n = seq.fetch_add(1, Ordering::Relaxed);
                    let (email, from) = if botnet {
                        (format!("guess{n}@example.com"), format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255))
                    } else {
                        (ANA.to_string(), "203.0.113.7".to_string())
                    };
                    let res = c.post(format!("{base}/api/login")).header("x-forwarded-for", from).form(&[("email", email.as_str()), ("password", "wrong guess 123")]).send().await;
                    let status = res.map_or(0, |r| r.status().as_u16());
                    *counts.lock().unwrap().entry(status).or_default() += 1;
                }
            }));
        }
    }
    let prober = tokio::spawn(probe(signed_in.clone(), format!("{}/invoices", server.base), running.clone()));
    tokio::time::sleep(Duration::from_secs(secs)).await;
    running.store(false, Ordering::Relaxed);
    let times = prober.await.expect("probe");
    for f in flooders {
        let _ = f.await;
    }
    let _ = sampler.await;
    let answered = counts.lock().unwrap().clone();
    let peak_rss = *peak.lock().unwrap();
    Phase { p50: percentile(&times, 0.5), p99: percentile(&times, 0.99), pages: times.len(), peak_rss, answered }
}

fn statuses(p: &Phase, secs: u64) -> String {
    if p.answered.is_empty() {
        return "—".into();
    }
    let total: u64 = p.answered.values().sum();
    let parts: Vec<String> = p.answered.iter().map(|(s, n)| format!("{}: {:.0}/s", if *s == 0 { "no answer".to_string() } else { s.to_string() }, *n as f64 / secs as f64)).collect();
    format!("{:.0}/s ({})", total as f64 / secs as f64, parts.join(", "))
}

#[tokio::main]
async fn main() {
    let secs: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(30);
    let bin = std::env::var("PORTICO_BIN").unwrap_or_else(|_| {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        format!("{target}/release/portico")
    });
    println!("flood benchmark: {CONCURRENCY} concurrent wrong-password sign-ins for {secs} s against {bin}\n");
    println!("| scenario | phase | server peak RSS | invoice page p50 | p99 | pages | sign-ins answered |");
    println!("|---|---|---|---|---|---|---|");
    for (name, botnet) in [("botnet (new address and email each time)", true), ("one script (one address, one account)", false)] {
        let server = start(&bin, if botnet { "botnet" } else { "script" }).await;
        let signed_in = client();
        let res = signed_in.post(format!("{}/api/login", server.base)).form(&[("email", ANA), ("password", PASSWORD)]).send().await.expect("sign in");
        assert!(res.status().is_success(), "Ana signs in: {}", res.status());
        let idle = rss_mib(server.child.id());
        let base = phase(&server, &signed_in, None, 10).await;
        let mut flood = phase(&server, &signed_in, Some(botnet), secs).await;
        // Work queued during the flood may go on after it: the peak counts the next 5 s too.
        for _ in 0..50 {
            flood.peak_rss = flood.peak_rss.max(rss_mib(server.child.id()));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let after = rss_mib(server.child.id());
        println!("| {name} | no flood (idle RSS {idle:.0} MiB) | {:.0} MiB | {:.1} ms | {:.1} ms | {} | — |", base.peak_rss, base.p50, base.p99, base.pages);
        println!(
            "| | flood (peak counts the 5 s after; RSS then {after:.0} MiB) | {:.0} MiB ({:.1}×) | {:.1} ms ({:.1}×) | {:.1} ms ({:.1}×) | {} | {} |",
            flood.peak_rss,
            flood.peak_rss / base.peak_rss,
            flood.p50,
            flood.p50 / base.p50,
            flood.p99,
            flood.p99 / base.p99,
            flood.pages,
            statuses(&flood, secs)
        );
    }
    println!("\ntargets: peak RSS < 300 MiB, invoice page p99 < 50 ms during the flood");
}
