//! One progress bar per phase (indicatif, on stderr, hidden when stderr is not a terminal), and
//! the phase's line on stdout when it ends: what it wrote, how long it took, rows per second.

use indicatif::{HumanBytes, HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// What one phase did.
#[derive(Debug, Clone)]
struct PhaseReport {
    pub name: &'static str,
    /// Rows (or, for stored bytes, bytes) written.
    pub units: u64,
    pub what: String,
    pub elapsed: Duration,
}

impl PhaseReport {
    pub fn per_second(&self) -> f64 {
        self.units as f64 / self.elapsed.as_secs_f64().max(1e-6)
    }
}

impl std::fmt::Display for PhaseReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<10} {} in {} ({} rows/s)", self.name, self.what, seconds(self.elapsed), HumanCount(self.per_second() as u64))
    }
}

/// `2 min 05 s`, `12.3 s`.
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1} s")
    } else {
        format!("{} min {:02} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

/// A phase being run.
pub struct Phase {
    name: &'static str,
    bar: ProgressBar,
    started: Instant,
}

impl Phase {
    /// A bar counting `total` rows (or bytes, when `bytes`).
    pub fn start(name: &'static str, total: u64, bytes: bool) -> Self {
        let target = if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(Some(total), target);
        let template = if bytes {
            "{prefix:<10} [{bar:36}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}"
        } else {
            "{prefix:<10} [{bar:36}] {human_pos}/{human_len} {rate} ETA {eta}"
        };
        // The templates are constants: a bad one is a programming error, shown as a plain bar.
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/s", HumanCount(state.per_sec() as u64));
            })
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(name);
        bar.enable_steady_tick(Duration::from_millis(200));
        Self { name, bar, started: Instant::now() }
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Ends the bar and prints the phase's line.
    /// Clears the bar and prints what the phase wrote and how fast.
    pub fn finish(self, units: u64, what: String) {
        self.bar.finish_and_clear();
        println!("{}", PhaseReport { name: self.name, units, what, elapsed: self.started.elapsed() });
    }
}

/// `1,024 MiB`-style sizes for the closing note.
pub fn bytes(n: u64) -> String {
    HumanBytes(n).to_string()
}

pub fn count(n: u64) -> String {
    HumanCount(n).to_string()
}
