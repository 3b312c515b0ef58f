//! The small word lists the generated names, services and browsers come from.

pub const FIRST_NAMES: &[&str] = &[
    "Maria", "James", "Aiko", "Olusegun", "Elena", "Mateo", "Priya", "Liam", "Sofia", "Noah", "Amara", "Lucas",
    "Chen", "Fatima", "Daniel", "Isabel", "Kwame", "Hannah", "Diego", "Yuki", "Ahmed", "Grace", "Jonas", "Leila",
    "Miguel", "Rosa", "Tomas", "Ingrid", "Rafael", "Mei", "Samuel", "Zara", "Andrei", "Carmen", "Felix", "Nadia",
    "Oscar", "Ruth", "Viktor", "Lucia", "Ethan", "Amelia", "Jose", "Ana", "Paolo", "Greta", "Kofi", "Sara",
];

pub const LAST_NAMES: &[&str] = &[
    "Santos", "Smith", "Tanaka", "Adeyemi", "Petrova", "Garcia", "Sharma", "Murphy", "Rossi", "Cohen", "Okafor",
    "Silva", "Wang", "Haddad", "Novak", "Reyes", "Mensah", "Schmidt", "Lopez", "Sato", "Hassan", "Walker", "Berg",
    "Karimi", "Dela Cruz", "Fernandez", "Kowalski", "Johansson", "Moreau", "Lim", "Osei", "Nielsen", "Popescu",
    "Ortiz", "Weber", "Kazlauskas", "Bautista", "Kim", "Brennan", "Costa", "Nakamura", "Varga", "Quinn", "Ibrahim",
];

/// Company names are `<first> <second> <suffix>`.
pub const COMPANY_FIRST: &[&str] = &[
    "Cedar", "Harbor", "Summit", "Blue", "Granite", "Silver", "Maple", "North", "Coastal", "Red", "Iron", "Golden",
    "Pacific", "Meadow", "Atlas", "Lumen", "Orchid", "Falcon", "River", "Pine", "Crescent", "Beacon", "Willow", "Evergreen",
    "Copper", "Sunrise", "Oak", "Highland", "Bright", "Polar", "Prairie", "Amber",
];

pub const COMPANY_SECOND: &[&str] = &[
    "Ridge", "Point", "Valley", "Bay", "Stone", "Bridge", "Field", "Works", "Labs", "Studio", "Trading", "Logistics",
    "Dental", "Bakery", "Architects", "Consulting", "Foods", "Motors", "Design", "Media", "Health", "Builders",
    "Imports", "Systems", "Farms", "Textiles", "Analytics", "Clinic", "Legal", "Outfitters",
];

pub const COMPANY_SUFFIX: &[&str] = &["LLC", "Inc.", "Ltd", "GmbH", "Co.", "Group", "Partners", "& Sons"];

/// Services billed: description, the usual quantity in thousandths (0: hours, drawn), and the
/// unit price in US cents (scaled for other currencies).
pub const SERVICES: &[(&str, i64, i64)] = &[
    ("Monthly bookkeeping", 1000, 95_000),
    ("Payroll processing", 1000, 45_000),
    ("Quarterly tax estimate", 1000, 65_000),
    ("Annual financial statements", 1000, 240_000),
    ("Advisory, hours", 0, 17_500),
    ("Bookkeeping catch-up, hours", 0, 9_500),
    ("Software subscription", 1000, 4_900),
    ("Sales tax filing", 1000, 32_000),
    ("Audit support, hours", 0, 18_000),
    ("Year-end planning meeting", 2000, 18_000),
    ("Expense report review", 1000, 12_500),
    ("Cash-flow forecast", 1000, 85_000),
];

pub const MONTHS: &[&str] = &["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// Document folders and the titles filed in them (a year or period is added).
pub const FOLDERS: &[(&str, &[&str])] = &[
    ("Contracts", &["Engagement letter", "Mutual NDA", "Service agreement", "Fee schedule"]),
    ("Tax forms", &["Form W-2", "Form 1099-NEC", "Tax return", "Estimated tax vouchers"]),
    ("Reports", &["General ledger", "Profit and loss", "Balance sheet", "Cash-flow report"]),
    ("Bank statements", &["Bank statement", "Credit card statement"]),
    ("Payroll", &["Payroll summary", "Timesheets"]),
    ("Correspondence", &["Letter from the tax office", "Meeting notes"]),
];

pub const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
];

/// Addresses reserved for documentation (RFC 5737): made-up activity never names a real one.
pub const NETWORKS: &[&str] = &["192.0.2", "198.51.100", "203.0.113"];

pub const PAYMENT_METHODS: &[&str] = &["Bank transfer", "Card", "Check", "ACH"];

pub const VOID_REASONS: &[&str] = &["Issued twice by mistake", "Replaced by a corrected invoice", "Wrong client", "Engagement cancelled"];

/// Lower-case ASCII letters and digits of `s`, words joined by `-`: for email domains.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_plain() {
        assert_eq!(super::slug("Oak Works & Sons"), "oak-works-sons");
        assert_eq!(super::slug("Dela Cruz"), "dela-cruz");
    }
}
