//! The words of every mail, per language, as the pages' `app::i18n` does for the UI: a key per
//! piece of text and an exhaustive match per language, so a missing translation does not
//! compile. Kept apart from the UI's keys so that mail text never reaches the browser bundle.

use app::i18n::Locale;

#[derive(Debug, Clone, Copy)]
pub enum T {
    Hello,
    Signature,
    WhyYouGetThis,
    ChangePreferences,
    Unsubscribe,
    InvitationSubject,
    InvitationBody,
    InvitationAction,
    InvitationExpiry,
    ResetSubject,
    ResetBody,
    ResetAction,
    ResetExpiry,
    ResetNotYou,
    InvoiceIssuedSubject,
    InvoiceIssuedBody,
    ViewInvoice,
    AmountDue,
    DueOn,
    PaymentSubject,
    PaymentBody,
    Paid,
    PaidOn,
    Remaining,
    PaidInFull,
    ReminderBeforeSubject,
    ReminderDueSubject,
    ReminderAfterSubject,
    ReminderBeforeBody,
    ReminderDueBody,
    ReminderAfterBody,
    DocumentSubject,
    DocumentBody,
    ViewDocument,
    RequestSubject,
    RequestBody,
    RequestDue,
    UploadAction,
    RequestReminderSubject,
    RequestReminderBody,
    DigestSubject,
    DigestBody,
    DigestUploads,
    DigestFulfilled,
    DigestPayments,
    OpenActivity,
}

/// Text with `{name}` placeholders filled in.
pub fn fill(locale: Locale, key: T, args: &[(&str, &str)]) -> String {
    let mut s = text(locale, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

pub fn text(locale: Locale, key: T) -> &'static str {
    match locale {
        Locale::En => en(key),
    }
}

fn en(key: T) -> &'static str {
    use T::*;
    match key {
        Hello => "Hello {name},",
        Signature => "{firm}",
        WhyYouGetThis => "You get this mail because you use {firm}'s client portal.",
        ChangePreferences => "Choose which mails you get",
        Unsubscribe => "Stop mails like this one",
        InvitationSubject => "{firm} invites you to its client portal",
        InvitationBody => "{firm} has opened a client portal account for you at {client}. There you will find your documents, invoices and payments in one place, at any hour. Set your password to start.",
        InvitationAction => "Set your password",
        InvitationExpiry => "The link works once, until {date}. If it has expired, ask {firm} for a new one.",
        ResetSubject => "Set a new password for {firm}'s client portal",
        ResetBody => "Someone (we hope you) asked to set a new password for your account. Follow the link to choose one; it signs you out everywhere else.",
        ResetAction => "Set a new password",
        ResetExpiry => "The link works once, for 30 minutes.",
        ResetNotYou => "If you did not ask for this, ignore this mail: your password stays as it is.",
        InvoiceIssuedSubject => "New invoice {number} from {firm}",
        InvoiceIssuedBody => "{firm} has issued invoice {number} to {client}.",
        ViewInvoice => "View the invoice",
        AmountDue => "Amount due",
        DueOn => "Due on",
        PaymentSubject => "Payment received for invoice {number}",
        PaymentBody => "Thank you: {firm} has received your payment for invoice {number}.",
        Paid => "Paid",
        PaidOn => "Paid on",
        Remaining => "Still due on this invoice",
        PaidInFull => "Invoice {number} is now paid in full.",
        ReminderBeforeSubject => "Invoice {number} is due on {date}",
        ReminderDueSubject => "Invoice {number} is due today",
        ReminderAfterSubject => "Invoice {number} is overdue",
        ReminderBeforeBody => "A friendly reminder: invoice {number} from {firm} is due in {days} days. If you have already paid, thank you, and please ignore this mail.",
        ReminderDueBody => "A friendly reminder: invoice {number} from {firm} is due today. If you have already paid, thank you, and please ignore this mail.",
        ReminderAfterBody => "Invoice {number} from {firm} was due {days} days ago and is still unpaid. If you have already paid, thank you, and please ignore this mail.",
        DocumentSubject => "New document from {firm}: {title}",
        DocumentBody => "{firm} has shared a document with {client}: {title}.",
        ViewDocument => "Open the document",
        RequestSubject => "{firm} asks you for a document: {title}",
        RequestBody => "{firm} asks {client} for a document: {title}.",
        RequestDue => "Needed by",
        UploadAction => "Send the document",
        RequestReminderSubject => "Reminder: {firm} is waiting for {title}",
        RequestReminderBody => "A friendly reminder: {firm} still needs {title} from {client}, by {date}.",
        DigestSubject => "{firm} portal: what clients did on {date}",
        DigestBody => "In the portal since this time yesterday:",
        DigestUploads => "Documents uploaded by clients",
        DigestFulfilled => "Document requests fulfilled",
        DigestPayments => "Payments received",
        OpenActivity => "Open the activity trail",
    }
}
