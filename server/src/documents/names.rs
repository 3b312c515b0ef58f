//! File names as people gave them are shown as given, but what reaches a header or a disk is
//! made safe: no directories, no control characters, no reserved names.

/// The name as the user named it, without any path and without control characters.
pub fn display_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let cleaned: String = cleaned.chars().take(200).collect();
    let stem = cleaned.split('.').next().unwrap_or("").to_ascii_uppercase();
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4",
        "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if cleaned.is_empty() || cleaned == ".." {
        "file".to_string()
    } else if RESERVED.contains(&stem.as_str()) {
        format!("_{cleaned}")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_control_characters_and_reserved_names_are_neutralised() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\ana\\W-2 2025.pdf"), "W-2 2025.pdf");
        assert_eq!(display_name("evil\r\nname.pdf"), "evilname.pdf");
        assert_eq!(display_name("CON.txt"), "_CON.txt");
        assert_eq!(display_name(".."), "file");
        assert_eq!(display_name(".hidden"), "hidden");
        assert_eq!(display_name("Sutartis – ąčęėįšųūž.pdf"), "Sutartis – ąčęėįšųūž.pdf", "shown as the user named it");
    }
}
