//! What the trail records: each action and outcome, with the code the trail stores and the key
//! of its label. The codes are part of the sealed trail (the hash chain covers them): never
//! change one, add a new action instead.

use crate::i18n::Key;
use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident = $code:literal, $label:ident;)*) => {
        /// One kind of audit event.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// As the trail stores it: `invoice.viewed`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Action::$variant => $code,)*
                }
            }

            pub fn label(self) -> Key {
                match self {
                    $(Action::$variant => Key::$label,)*
                }
            }
        }
    };
}

actions! {
    AccessDenied = "access.denied", ActAccessDenied;
    AuthLoginSucceeded = "auth.login.succeeded", ActAuthLoginSucceeded;
    AuthLoginFailed = "auth.login.failed", ActAuthLoginFailed;
    AuthLogout = "auth.logout", ActAuthLogout;
    AuthSessionExpired = "auth.session.expired", ActAuthSessionExpired;
    AuthPasswordChanged = "auth.password.changed", ActAuthPasswordChanged;
    Auth2faEnabled = "auth.2fa.enabled", ActAuth2faEnabled;
    Auth2faDisabled = "auth.2fa.disabled", ActAuth2faDisabled;
    Auth2faReset = "auth.2fa.reset", ActAuth2faReset;
    AuthRecoveryCodeUsed = "auth.recovery_code.used", ActAuthRecoveryCodeUsed;
    AuthRecoveryCodesRenewed = "auth.recovery_codes.renewed", ActAuthRecoveryCodesRenewed;
    AuthSessionEnded = "auth.session.ended", ActAuthSessionEnded;
    AuthThrottled = "auth.throttled", ActAuthThrottled;
    AuthResetRequested = "auth.reset.requested", ActAuthResetRequested;
    AuthResetCompleted = "auth.reset.completed", ActAuthResetCompleted;
    SettingsUpdated = "settings.updated", ActSettingsUpdated;
    ProfileUpdated = "profile.updated", ActProfileUpdated;
    InvoiceListViewed = "invoice.list_viewed", ActInvoiceListViewed;
    InvoiceViewed = "invoice.viewed", ActInvoiceViewed;
    InvoicePdfDownloaded = "invoice.pdf_downloaded", ActInvoicePdfDownloaded;
    InvoiceCreated = "invoice.created", ActInvoiceCreated;
    InvoiceUpdated = "invoice.updated", ActInvoiceUpdated;
    InvoiceIssued = "invoice.issued", ActInvoiceIssued;
    InvoiceVoided = "invoice.voided", ActInvoiceVoided;
    PaymentRecorded = "payment.recorded", ActPaymentRecorded;
    PaymentRefunded = "payment.refunded", ActPaymentRefunded;
    StatementViewed = "statement.viewed", ActStatementViewed;
    StatementDownloaded = "statement.downloaded", ActStatementDownloaded;
    DocumentListViewed = "document.list_viewed", ActDocumentListViewed;
    DocumentViewed = "document.viewed", ActDocumentViewed;
    DocumentPreviewed = "document.previewed", ActDocumentPreviewed;
    DocumentDownloaded = "document.downloaded", ActDocumentDownloaded;
    DocumentUploaded = "document.uploaded", ActDocumentUploaded;
    DocumentDeleted = "document.deleted", ActDocumentDeleted;
    DocumentRestored = "document.restored", ActDocumentRestored;
    DocumentRequestCreated = "document_request.created", ActDocumentRequestCreated;
    DocumentRequestFulfilled = "document_request.fulfilled", ActDocumentRequestFulfilled;
    ClientCreated = "client.created", ActClientCreated;
    ClientUpdated = "client.updated", ActClientUpdated;
    UserCreated = "user.created", ActUserCreated;
    UserInvited = "user.invited", ActUserInvited;
    UserInviteRenewed = "user.invite_renewed", ActUserInviteRenewed;
    UserInviteAccepted = "user.invite_accepted", ActUserInviteAccepted;
    UserUpdated = "user.updated", ActUserUpdated;
    UserDisabled = "user.disabled", ActUserDisabled;
    UserEnabled = "user.enabled", ActUserEnabled;
    AuditExported = "audit.exported", ActAuditExported;
    AuditRetired = "audit.retired", ActAuditRetired;
    UserMailPreferences = "user.mail_preferences", ActUserMailPreferences;
    SettingsReminders = "settings.reminders", ActSettingsReminders;
    InvoiceReminderSent = "invoice.reminder_sent", ActInvoiceReminderSent;
    RequestReminderSent = "request.reminder_sent", ActRequestReminderSent;
    AuditEventRejected = "audit.event_rejected", ActAuditEventRejected;
    MessageSent = "message.sent", ActMessageSent;
    MessageRead = "message.read", ActMessageRead;
    ConversationAssigned = "message.conversation_assigned", ActConversationAssigned;
    ConversationClosed = "message.conversation_closed", ActConversationClosed;
    ConversationReopened = "message.conversation_reopened", ActConversationReopened;
    ChangeRequested = "client.change_requested", ActChangeRequested;
    ChangeApproved = "client.change_approved", ActChangeApproved;
    ChangeRejected = "client.change_rejected", ActChangeRejected;
    SurveyAnswered = "survey.answered", ActSurveyAnswered;
    ApiCalled = "api.called", ActApiCalled;
    ApiTokenCreated = "api.token_created", ActApiTokenCreated;
    ApiTokenRevoked = "api.token_revoked", ActApiTokenRevoked;
    DataImported = "data.imported", ActDataImported;
}

impl Action {
    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.code() == code)
    }

    /// `('invoice.viewed', 'invoice.pdf_downloaded')`, for an SQL `IN`: the codes are fixed
    /// identifiers, never user input.
    pub fn sql_list(actions: &[Action]) -> String {
        let codes: Vec<String> = actions.iter().map(|a| format!("'{}'", a.code())).collect();
        format!("({})", codes.join(", "))
    }
}

/// A stored action in words; one the portal no longer writes is shown as it is stored.
pub fn action_text(locale: crate::i18n::Locale, code: &str) -> String {
    match Action::parse(code) {
        Some(a) => locale.text(a.label()).to_string(),
        None => code.to_string(),
    }
}

/// The groups of actions the filters offer: a code prefix and its label.
pub const ACTION_GROUPS: &[(&str, Key)] = &[
    ("auth.", Key::ActGroupAuth),
    ("invoice.", Key::ActGroupInvoice),
    ("payment.", Key::ActGroupPayment),
    ("statement.", Key::ActGroupStatement),
    ("document", Key::ActGroupDocuments),
    ("client.", Key::ActGroupClient),
    ("user.", Key::ActGroupUser),
    ("access.denied", Key::ActGroupAccessDenied),
    ("audit.", Key::ActGroupAudit),
    ("settings.", Key::ActGroupSettings),
    ("message.", Key::ActGroupMessages),
    ("survey.", Key::ActGroupSurveys),
    ("api.", Key::ActGroupApi),
];

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    /// Asked for something outside their scope (answered as not found).
    Denied,
    /// Tried and did not succeed (a wrong password, for one).
    Failed,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Success, Outcome::Denied, Outcome::Failed];

    pub const fn code(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn label(self) -> Key {
        match self {
            Outcome::Success => Key::OutcomeSuccess,
            Outcome::Denied => Key::OutcomeDenied,
            Outcome::Failed => Key::OutcomeFailed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_code_and_a_label() {
        let mut codes: Vec<&str> = Action::ALL.iter().map(|a| a.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Action::ALL.len(), "two actions share a code");
        for a in Action::ALL {
            assert_eq!(Action::parse(a.code()), Some(*a));
            let label = crate::i18n::Locale::En.text(a.label());
            assert!(!label.is_empty() && label != a.code(), "{} has no label", a.code());
        }
        assert_eq!(action_text(crate::i18n::Locale::En, "invoice.viewed"), "Viewed invoice");
        assert_eq!(action_text(crate::i18n::Locale::En, "retired.action"), "retired.action");
        assert_eq!(Action::sql_list(&[Action::InvoiceViewed, Action::InvoicePdfDownloaded]), "('invoice.viewed', 'invoice.pdf_downloaded')");
    }
}
