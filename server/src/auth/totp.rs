//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as every
//! authenticator app understands them.

use hmac::{Hmac, Mac};

const STEP: u64 = 30;
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A new 160-bit secret, base32 (what people type into their app).
pub fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 20];
    getrandom::getrandom(&mut bytes)?;
    Ok(base32(&bytes))
}

pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            out.push(ALPHABET[((n >> (35 - i * 5)) & 31) as usize] as char);
        }
    }
    out
}

fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut bits = 0u64;
    let mut count = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| !matches!(c, b' ' | b'=')) {
        let v = ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase())? as u64;
        bits = (bits << 5) | v;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

/// The code for one 30-second step.
pub fn code(secret: &[u8], step: u64) -> u32 {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = (hash[19] & 0x0f) as usize;
    let n = u32::from_be_bytes([hash[offset] & 0x7f, hash[offset + 1], hash[offset + 2], hash[offset + 3]]);
    n % 1_000_000
}

/// The step whose code `typed` is: now's, or the one before or after (clock drift).
pub fn matching_step(secret_b32: &str, typed: &str, now_secs: u64) -> Option<u64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let (Some(secret), Ok(typed)) = (base32_decode(secret_b32), typed.parse::<u32>()) else { return None };
    let step = now_secs / STEP;
    // Every candidate is computed, whichever matches, so timing does not tell which did.
    [step.saturating_sub(1), step, step + 1].into_iter().fold(None, |found, s| if code(&secret, s) == typed { Some(s) } else { found })
}

pub fn matches(secret_b32: &str, typed: &str, now_secs: u64) -> bool {
    matching_step(secret_b32, typed, now_secs).is_some()
}

/// The code an authenticator app shows now (tests, and anyone checking a set-up).
pub fn current(secret_b32: &str, now_secs: u64) -> Option<String> {
    base32_decode(secret_b32).map(|secret| format!("{:06}", code(&secret, now_secs / STEP)))
}

/// The `otpauth://` link an authenticator app reads (also as a QR code elsewhere).
pub fn uri(issuer: &str, account: &str, secret_b32: &str) -> String {
    let enc = |s: &str| s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect::<String>();
    format!("otpauth://totp/{}:{}?secret={secret_b32}&issuer={}&digits=6&period=30", enc(issuer), enc(account), enc(issuer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        // The RFC's 8-digit values, last six digits.
        assert_eq!(code(secret, 59 / STEP), 287_082);
        assert_eq!(code(secret, 1_111_111_109 / STEP), 81_804);
        assert_eq!(code(secret, 2_000_000_000 / STEP), 279_037);
        let b32 = base32(secret);
        assert_eq!(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(base32_decode(&b32).unwrap(), secret);
        assert!(matches(&b32, "287 082", 59));
        assert_eq!(current(&b32, 59).as_deref(), Some("287082"));
        assert!(matches(&b32, "287082", 59 + 30), "one step of clock drift");
        assert!(!matches(&b32, "287082", 59 + 90));
        assert!(!matches(&b32, "not a code", 59));
    }
}
