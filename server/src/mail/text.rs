//! The words of every mail. Their texts live with the UI's in `app/locales/{tag}.ftl` under
//! `email-…` ids (one file per language for translators); the server reads them through
//! `app::i18n::message`, so mail text never reaches the browser bundle.

use app::i18n::{message, Locale};

app::text_ids! { T {
    Hello = "email-hello",
    Signature = "email-signature",
    WhyYouGetThis = "email-why-you-get-this",
    ChangePreferences = "email-change-preferences",
    Unsubscribe = "email-unsubscribe",
    InvitationSubject = "email-invitation-subject",
    InvitationBody = "email-invitation-body",
    InvitationAction = "email-invitation-action",
    InvitationExpiry = "email-invitation-expiry",
    ResetSubject = "email-reset-subject",
    ResetBody = "email-reset-body",
    ResetAction = "email-reset-action",
    ResetExpiry = "email-reset-expiry",
    ResetNotYou = "email-reset-not-you",
    InvoiceIssuedSubject = "email-invoice-issued-subject",
    InvoiceIssuedBody = "email-invoice-issued-body",
    ViewInvoice = "email-view-invoice",
    AmountDue = "email-amount-due",
    DueOn = "email-due-on",
    PaymentSubject = "email-payment-subject",
    PaymentBody = "email-payment-body",
    Paid = "email-paid",
    PaidOn = "email-paid-on",
    Remaining = "email-remaining",
    PaidInFull = "email-paid-in-full",
    ReminderBeforeSubject = "email-reminder-before-subject",
    ReminderDueSubject = "email-reminder-due-subject",
    ReminderAfterSubject = "email-reminder-after-subject",
    ReminderBeforeBody = "email-reminder-before-body",
    ReminderDueBody = "email-reminder-due-body",
    ReminderAfterBody = "email-reminder-after-body",
    DocumentSubject = "email-document-subject",
    DocumentBody = "email-document-body",
    ViewDocument = "email-view-document",
    RequestSubject = "email-request-subject",
    RequestBody = "email-request-body",
    RequestDue = "email-request-due",
    UploadAction = "email-upload-action",
    RequestReminderSubject = "email-request-reminder-subject",
    RequestReminderBody = "email-request-reminder-body",
    DigestSubject = "email-digest-subject",
    DigestBody = "email-digest-body",
    DigestUploads = "email-digest-uploads",
    DigestFulfilled = "email-digest-fulfilled",
    DigestPayments = "email-digest-payments",
    OpenActivity = "email-open-activity",
    UnsubscribeTitle = "email-unsubscribe-title",
    UnsubscribeQuestion = "email-unsubscribe-question",
    UnsubscribeAll = "email-unsubscribe-all",
    UnsubscribedTitle = "email-unsubscribed-title",
    UnsubscribedBody = "email-unsubscribed-body",
    LinkInvalidTitle = "email-link-invalid-title",
    LinkInvalidBody = "email-link-invalid-body",
    MailChoices = "email-mail-choices",
    MessageSubject = "email-message-subject",
    MessageBody = "email-message-body",
    ReadMessage = "email-read-message",
    SurveySubject = "email-survey-subject",
    SurveyBody = "email-survey-body",
    AnswerSurvey = "email-answer-survey",
} }

/// Text with its `{ $name }` placeholders filled in.
pub fn fill(locale: Locale, key: T, args: &[(&str, &str)]) -> String {
    message(locale, key.id(), args)
}

pub fn text(locale: Locale, key: T) -> String {
    message(locale, key.id(), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mail_text_is_in_every_locale() {
        for locale in Locale::ALL {
            for key in T::ALL {
                let s = text(*locale, *key);
                assert_ne!(s, key.id(), "{}: no text for {}", locale.tag(), key.id());
            }
        }
        let ids: Vec<&str> = T::ALL.iter().map(|t| t.id()).collect();
        let unused: Vec<String> = app::i18n::message_ids(Locale::En).into_iter().filter(|id| id.starts_with("email-") && !ids.contains(&id.as_str())).collect();
        assert!(unused.is_empty(), "mail texts no code uses: {unused:?}");
        assert_eq!(fill(Locale::En, T::Hello, &[("name", "Ana")]), "Hello Ana,");
    }
}
