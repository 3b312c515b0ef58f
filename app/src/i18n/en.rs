//! English: the reference locale.

use super::Key::{self, *};
use crate::money::Money;
use time::Date;

pub fn text(key: Key) -> &'static str {
    match key {
        AppName => "Portico",
        SkipToContent => "Skip to main content",
        NavDashboard => "Overview",
        NavInvoices => "Invoices",
        NavClients => "Clients",
        SignOut => "Sign out",
        SignedInAs => "Signed in as",
        SignInTitle => "Sign in",
        SignInIntro => "Your documents, invoices and payments in one place.",
        Email => "Email",
        Password => "Password",
        SignIn => "Sign in",
        SigningIn => "Signing in…",
        LoginInvalid => "The email or password is not correct, or the account is not active.",
        FieldRequired => "This field is required.",
        Welcome => "Welcome, {name}",
        AmountDue => "Amount due",
        NothingDue => "Nothing to pay right now.",
        OverdueInvoices => "Overdue invoices",
        OpenInvoices => "Unpaid invoices",
        NextDue => "Next payment due",
        NextDueNone => "No upcoming payments",
        ViewInvoices => "View all invoices",
        InvoicesTitle => "Invoices",
        InvoicesIntro => "Every invoice we have sent you, newest first.",
        Number => "Number",
        IssueDate => "Issued",
        DueDate => "Due",
        Status => "Status",
        Total => "Total",
        NoInvoices => "There are no invoices yet.",
        Overdue => "Overdue",
        StatusDraft => "Draft",
        StatusOpen => "Open",
        StatusPartiallyPaid => "Partially paid",
        StatusPaid => "Paid",
        StatusVoid => "Void",
        InvoiceTitle => "Invoice {number}",
        BackToInvoices => "Back to invoices",
        BilledTo => "Billed to",
        Description => "Description",
        Quantity => "Qty",
        UnitPrice => "Unit price",
        TaxRate => "Tax",
        Amount => "Amount",
        Subtotal => "Subtotal",
        TaxTotal => "Tax",
        Paid => "Paid",
        Balance => "Balance due",
        Payments => "Payments",
        PaymentDate => "Date",
        Method => "Method",
        Reference => "Reference",
        NoPayments => "No payments recorded yet.",
        Notes => "Notes",
        ClientsTitle => "Clients",
        ClientsIntro => "All clients and what they owe.",
        Client => "Client",
        Contact => "Contact",
        Outstanding => "Outstanding",
        Users => "Portal users",
        NoClients => "No clients yet.",
        BackToClients => "Back to clients",
        ClientInvoices => "Invoices",
        NotFoundTitle => "Page not found",
        NotFoundBody => "We could not find that page. It may have moved, or the link may be wrong.",
        ErrorGeneric => "Something went wrong. Please try again.",
        ErrorForbidden => "You do not have access to this page.",
        ErrorUnavailable => "The portal is busy right now. Please try again in a minute.",
        SessionEnded => "Your session has ended. Please sign in again.",
        Loading => "Loading…",
        BackHome => "Go to the start page",
        StatementTitle => "Statement of account",
        StatementPeriod => "{from} – {to}",
        StatementEmpty => "No invoices or payments in this period.",
        StatementIntro => "Everything invoiced and paid in a period, with what is still owed by age.",
        NavStatement => "Statement",
        Account => "Account",
        EntryType => "Type",
        Debit => "Charges",
        Credit => "Payments",
        RunningBalance => "Balance",
        OpeningBalance => "Opening balance",
        ClosingBalance => "Closing balance",
        Aging => "Aging",
        AgingCurrent => "Current",
        Aging1To30 => "1–30 days",
        Aging31To60 => "31–60 days",
        Aging61To90 => "61–90 days",
        AgingOver90 => "Over 90 days",
        EntryInvoice => "Invoice",
        EntryPayment => "Payment",
        EntryRefund => "Refund",
        From => "From",
        To => "To",
        Show => "Show",
        DownloadPdf => "Download PDF",
        DownloadCsv => "Download CSV",
        OverdueAmount => "Overdue amount",
        LastPayment => "Last payment",
        NoPaymentYet => "No payments yet",
        FilterStatus => "Status",
        AllStatuses => "All",
        StatusUnpaid => "Unpaid",
        SearchNumber => "Invoice number",
        SortBy => "Sort by",
        SortIssued => "Newest first",
        SortDue => "Due date",
        SortAmount => "Largest amount",
        ApplyFilters => "Apply",
        ClearFilters => "Clear",
        NextPage => "Next page",
        FirstPage => "First page",
        NoMatches => "No invoices match these filters.",
        NavStaffInvoices => "Invoices",
        NavAging => "Aging",
        StaffInvoicesIntro => "Invoices of every client.",
        AgingTitle => "Aging report",
        AgingIntro => "What each client still owes, by how long it is past due.",
        NewInvoice => "New invoice",
        EditDraft => "Edit draft",
        SaveDraft => "Save draft",
        IssueInvoice => "Issue invoice",
        IssueHint => "Issuing makes the invoice visible to the client. It can no longer be edited.",
        RecordPayment => "Record payment",
        RecordRefund => "Record refund",
        Refund => "This is a refund",
        VoidInvoice => "Void invoice",
        VoidReason => "Reason for voiding",
        VoidedBecause => "Voided: {reason}",
        AddLine => "Add line",
        RemoveLine => "Remove line {n}",
        LineN => "Line {n}",
        CurrencyField => "Currency",
        TaxPercent => "Tax %",
        Saved => "Saved.",
        PaymentRecorded => "Payment recorded.",
        Actions => "Actions",
        DateField => "Date",
        ErrExceedsBalance => "The amount is more than the balance due.",
        ErrPositive => "Enter an amount greater than zero.",
        ErrAmount => "Enter an amount such as 1,250.00.",
        ErrDate => "Enter a date as YYYY-MM-DD.",
        ErrDueBeforeIssue => "The due date cannot be before the issue date.",
        ErrTaken => "That invoice number is already used.",
        ErrNotEditable => "Only drafts can be changed.",
        ErrNoLines => "Add at least one line.",
        ErrCurrency => "Choose a known currency.",
        ErrRefundTooLarge => "A refund cannot exceed what was paid.",
        ErrHasPayments => "Refund the payments before voiding.",
        ErrRange => "The end date must be on or after the start date, within ten years.",
        ErrClient => "Choose a client.",
        InvoiceLines => "Invoice lines",
        AllClients => "All clients",
        Folder => "Folder",
        AllFolders => "All folders",
        DocTitle => "Title",
        DocTitleHint => "Optional: the file name is used otherwise",
        Upload => "Upload",
        ChooseFile => "File",
        ChooseFiles => "Files",
        NoDocuments => "No documents here yet.",
        NewMark => "New",
        DeletedUntil => "Deleted · restorable until {date}",
        FileName => "File",
        Size => "Size",
        Updated => "Updated",
        Download => "Download",
        Delete => "Delete",
        Restore => "Restore",
        NoRequests => "No document requests.",
        Fulfilled => "Received",
        Requested => "Requested",
        SearchDocuments => "Search by name",
        SortName => "Name",
        SortSize => "Largest first",
        DocumentsTitle => "Documents",
        DocumentsIntro => "Contracts, tax forms and reports from us, and everything you have sent.",
        Requests => "Document requests",
        SendDocuments => "Send us documents",
        OpenPreview => "Open preview",
        Versions => "Versions",
        Version => "Version",
        BackToDocuments => "Back to documents",
        NewVersion => "Upload a new version",
        UploadForClient => "Upload documents",
        RequestDocument => "Request a document",
        NavDocuments => "Documents",
        ErrTooLarge => "The file is larger than the upload limit.",
        ErrFileType => "This kind of file is not accepted. Send PDFs, images, office documents, text, CSV or zip files.",
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

pub fn date(d: Date) -> String {
    format!("{} {}, {}", MONTHS[d.month() as usize - 1], d.day(), d.year())
}

pub fn money(m: &Money) -> String {
    let decimal = m.decimal();
    let (sign, digits) = decimal.strip_prefix('-').map_or(("", decimal.as_str()), |d| ("-", d));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let number = match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    };
    match m.currency.code() {
        "USD" => format!("{sign}${number}"),
        "EUR" => format!("{sign}€{number}"),
        "GBP" => format!("{sign}£{number}"),
        "JPY" => format!("{sign}¥{number}"),
        code => format!("{sign}{code} {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn money_is_grouped_with_the_currency_symbol() {
        let m = |minor, c| money(&Money::new(minor, Currency::parse(c).unwrap()));
        assert_eq!(m(123456789, "USD"), "$1,234,567.89");
        assert_eq!(m(-50, "EUR"), "-€0.50");
        assert_eq!(m(1500, "JPY"), "¥1,500");
        assert_eq!(m(1234567, "KWD"), "KWD 1,234.567");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(date(time::macros::date!(2026 - 11 - 05)), "Nov 5, 2026");
    }
}
