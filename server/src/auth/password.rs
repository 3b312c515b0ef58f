//! Argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1) on a fixed set of worker threads,
//! one per core.
//!
//! Each worker owns one 19 MiB work buffer and reuses it for every hash, so memory stays at
//! workers × 19 MiB however many sign-ins arrive (a flood once drove one allocation per attempt
//! on an unbounded set of blocking threads to 18 GB). A request waits at most [`MAX_WAIT`] for a
//! worker, and at most [`MAX_WAITING`] requests wait at once; past either the answer is "busy"
//! ([`AppError::Busy`], a 503 with `Retry-After`), not a pile-up. Workers run at a lower CPU
//! priority so that pages stay fast while they are busy.
//!
//! Hand-written around the argon2 crate because it has no pool: its `hash_password` allocates
//! the work buffer on every call.

use app::error::AppError;
use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

/// The longest a sign-in waits for a free worker before it is told to come back.
pub const MAX_WAIT: Duration = Duration::from_secs(2);
/// How many requests may wait for a worker at once, per worker.
const WAITING_PER_WORKER: usize = 16;

fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters")
}

/// A password kept out of `Debug` output and logs.
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

pub const MIN_LENGTH: usize = 10;
/// Longer input is refused before hashing (argon2 takes any length, but nobody types this).
pub const MAX_LENGTH: usize = 1024;

type Job = Box<dyn FnOnce(&mut [Block]) + Send>;

static HASHES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many argon2 computations this process has run (each costs the same): tests use it to
/// check that every kind of failed sign-in does the same work, and that refused ones do none.
pub fn hashes_computed() -> u64 {
    HASHES.load(Ordering::Relaxed)
}

struct Pool {
    jobs: Mutex<mpsc::Sender<(Job, OwnedSemaphorePermit)>>,
    workers: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl Pool {
    fn new(workers: usize) -> Self {
        let (tx, rx) = mpsc::channel::<(Job, OwnedSemaphorePermit)>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..workers {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    lower_priority();
                    let mut blocks = vec![Block::default(); params().block_count()];
                    // Ends when the pool is dropped.
                    while let Ok(Ok((job, permit))) = rx.lock().map(|r| r.recv()) {
                        job(&mut blocks);
                        drop(permit);
                    }
                })
                .expect("argon2 worker thread");
        }
        Pool { jobs: Mutex::new(tx), workers: Arc::new(Semaphore::new(workers)), waiting: AtomicUsize::new(0), max_waiting: workers * WAITING_PER_WORKER }
    }

    /// Runs `f` on a worker with its reusable buffer, or answers `Busy`.
    async fn run<T: Send + 'static>(&self, f: impl FnOnce(&mut [Block]) -> T + Send + 'static) -> Result<T, AppError> {
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            // Answered after a moment, so that a flood retrying at once does not spin on refusals.
            tokio::time::sleep(crate::auth::throttle::REFUSAL_DELAY).await;
            return Err(AppError::Busy);
        }
        let permit = tokio::time::timeout(MAX_WAIT, self.workers.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        let permit = permit.map_err(|_| AppError::Busy)?.map_err(|_| AppError::Internal)?;
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |blocks| {
            let _ = tx.send(f(blocks));
        });
        self.jobs.lock().map_err(|_| AppError::Internal)?.send((job, permit)).map_err(|_| AppError::Internal)?;
        rx.await.map_err(|_| AppError::Internal)
    }
}

/// The process's pool: one worker per core.
fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| Pool::new(std::thread::available_parallelism().map_or(1, |n| n.get())))
}

/// Pages are served by the runtime's threads; hashing yields the CPU to them.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority with `who = 0` changes only the calling thread's nice value on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for a password of acceptable length.
pub async fn hash(password: Password) -> Result<String, AppError> {
    let len = password.0.chars().count();
    if len < MIN_LENGTH {
        return Err(AppError::invalid("password", "too_short"));
    }
    if password.0.len() > MAX_LENGTH {
        return Err(AppError::invalid("password", "too_long"));
    }
    pool().run(move |blocks| hash_with(blocks, password.0.as_bytes())).await?.map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

fn hash_with(blocks: &mut [Block], password: &[u8]) -> Result<String, argon2::password_hash::Error> {
    HASHES.fetch_add(1, Ordering::Relaxed);
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.decode_b64(&mut salt_bytes)?;
    let params = params();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone()).hash_password_into_with_memory(password, salt_raw, &mut out, blocks)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the stored PHC string. A malformed or empty hash (someone invited
/// who has not set a password) never matches, but costs the same time as a real check, so that
/// the answer's timing does not tell the two apart.
pub async fn verify(password: Password, phc: String) -> Result<bool, AppError> {
    if password.0.len() > MAX_LENGTH {
        return Ok(false);
    }
    pool().run(move |blocks| match PasswordHash::new(&phc) {
        Ok(parsed) => verify_with(blocks, password.0.as_bytes(), &parsed),
        Err(_) => {
            let _ = hash_with(blocks, password.0.as_bytes());
            false
        }
    })
    .await
}

fn verify_with(blocks: &mut [Block], password: &[u8], phc: &PasswordHash<'_>) -> bool {
    let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else { return false };
    let Ok(params) = Params::try_from(phc) else { return false };
    let Ok(algorithm) = Algorithm::try_from(phc.algorithm) else { return false };
    let version = phc.version.map_or(Ok(Version::V0x13), Version::try_from);
    let Ok(version) = version else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    // A hash made with more memory than the workers hold (stronger settings of the future)
    // gets a buffer of its own, within reason.
    let mut own;
    let blocks = if params.block_count() <= blocks.len() {
        blocks
    } else if params.block_count() <= 4 * blocks.len() {
        own = vec![Block::default(); params.block_count()];
        &mut own[..]
    } else {
        tracing::error!(m_cost = params.m_cost(), "a stored password hash asks for too much memory");
        return false;
    };
    HASHES.fetch_add(1, Ordering::Relaxed);
    let mut out = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(password, salt, &mut out, blocks);
    // Output's equality is constant-time.
    computed.is_ok() && Output::new(&out).is_ok_and(|o| o == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_the_right_password() {
        let phc = hash(Password::new("correct horse battery")).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert_eq!(verify(Password::new("correct horse battery"), phc.clone()).await, Ok(true));
        assert_eq!(verify(Password::new("wrong horse battery"), phc).await, Ok(false));
        assert_eq!(verify(Password::new("anything at all"), String::new()).await, Ok(false));
    }

    #[tokio::test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let phc = Argon2::new(Algorithm::Argon2id, Version::V0x13, params()).hash_password(b"an older password", &salt).unwrap().to_string();
        assert_eq!(verify(Password::new("an older password"), phc.clone()).await, Ok(true));
        assert_eq!(verify(Password::new("an older passwore"), phc).await, Ok(false));
    }

    #[tokio::test]
    async fn short_and_absurdly_long_passwords_are_refused() {
        assert_eq!(hash(Password::new("short")).await, Err(AppError::invalid("password", "too_short")));
        assert_eq!(hash(Password::new("x".repeat(MAX_LENGTH + 1))).await, Err(AppError::invalid("password", "too_long")));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_flood_waits_for_the_workers_or_is_told_it_is_busy() {
        let pool = Arc::new(Pool::new(1));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let attempts: Vec<_> = (0..100)
            .map(|_| {
                let (pool, running, most) = (pool.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    pool.run(move |blocks| {
                        most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                        let _ = hash_with(blocks, b"wrong password");
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        let (mut answered, mut busy) = (0, 0);
        for a in attempts {
            match a.await.unwrap() {
                Ok(()) => answered += 1,
                Err(AppError::Busy) => busy += 1,
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(most.load(Ordering::SeqCst), 1, "never more hashes at once than workers");
        assert!(busy >= 50, "those beyond the waiting room are told to come back: {busy} of 100");
        assert!(answered >= 1, "the worker keeps answering");
    }

    #[test]
    fn debug_output_hides_the_password() {
        assert_eq!(format!("{:?}", Password::new("hunter2hunter2")), "Password(***)");
    }
}
