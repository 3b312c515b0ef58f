//! The hashed names of the site's files. `portico site-assets` (a build step) renames each file
//! to carry its content hash and writes `assets.txt` ("portico.css portico.1f2e….css" per line);
//! without that file (a plain `cargo build`) the names stay as they are.

use std::collections::HashMap;
use std::sync::OnceLock;

pub fn hashed(site_root: &str, pkg_dir: &str, name: &str) -> String {
    static NAMES: OnceLock<HashMap<String, String>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let list = std::fs::read_to_string(format!("{site_root}/{pkg_dir}/assets.txt")).unwrap_or_default();
            list.lines().filter_map(|l| l.split_once(' ')).map(|(a, b)| (a.to_string(), b.trim().to_string())).collect()
        })
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
}
