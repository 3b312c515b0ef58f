//! The one way UI text reaches the page. Pages ask for a [`Key`]; each locale answers with its
//! text, and `<html lang dir>` follows the locale, so a right-to-left language is a new file
//! here and a line in [`Locale`], without touching any page.

mod en;

use crate::money::Money;
use leptos::prelude::*;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
}

impl Locale {
    pub const ALL: &'static [Locale] = &[Locale::En];

    /// BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
        }
    }

    /// Writing direction for `<html dir>`: "rtl" for Hebrew, Arabic, ...
    pub fn dir(self) -> &'static str {
        match self {
            Locale::En => "ltr",
        }
    }

    /// Picks the best supported locale from an `Accept-Language` header or a `lang` attribute.
    pub fn negotiate(header: &str) -> Locale {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .find_map(|tag| {
                Locale::ALL.iter().copied().find(|l| tag == l.tag() || tag.starts_with(&format!("{}-", l.tag())))
            })
            .unwrap_or(Locale::En)
    }

    pub fn text(self, key: Key) -> &'static str {
        match self {
            Locale::En => en::text(key),
        }
    }

    /// Text with `{name}` placeholders filled in.
    pub fn format(self, key: Key, args: &[(&str, &str)]) -> String {
        let mut s = self.text(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A money amount as people of this locale write it, with the currency.
    pub fn money(self, m: &Money) -> String {
        match self {
            Locale::En => en::money(m),
        }
    }

    /// An integer holding `scale` decimals (quantity in thousandths, tax in basis points),
    /// written without trailing zeros: (1500, 3) → "1.5".
    pub fn scaled(self, value: i64, scale: u32) -> String {
        let unit = 10i64.pow(scale);
        let (int, frac) = (value / unit, (value % unit).abs());
        let sign = if value < 0 && int == 0 { "-" } else { "" };
        let frac = format!("{frac:0width$}", width = scale as usize);
        let frac = frac.trim_end_matches('0');
        let sep = match self {
            Locale::En => ".",
        };
        if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}{sep}{frac}") }
    }

    pub fn date(self, d: Date) -> String {
        match self {
            Locale::En => en::date(d),
        }
    }

    /// Translates a validation code sent by the server (see `AppError::Validation`).
    pub fn error_code(self, code: &str) -> &'static str {
        self.text(match code {
            "invalid_credentials" => Key::LoginInvalid,
            "required" => Key::FieldRequired,
            "exceeds_balance" => Key::ErrExceedsBalance,
            "must_be_positive" => Key::ErrPositive,
            "invalid_amount" => Key::ErrAmount,
            "invalid_date" => Key::ErrDate,
            "before_issue_date" => Key::ErrDueBeforeIssue,
            "taken" => Key::ErrTaken,
            "not_editable" => Key::ErrNotEditable,
            "no_lines" => Key::ErrNoLines,
            "unknown_currency" => Key::ErrCurrency,
            "exceeds_paid" => Key::ErrRefundTooLarge,
            "has_payments" => Key::ErrHasPayments,
            "before_from" | "range_too_long" => Key::ErrRange,
            "wrong_password" => Key::ErrWrongPassword,
            "code_required" => Key::CodeRequired,
            "wrong_code" => Key::ErrWrongCode,
            "setup_expired" => Key::ErrSetupExpired,
            "already_on" => Key::TwoFactorOn,
            "too_short" => Key::ErrTooShort,
            "too_long" => Key::ErrTooLong,
            "unknown_client" => Key::ErrClient,
            "invalid_email" => Key::ErrEmail,
            "passwords_differ" => Key::ErrPasswordsDiffer,
            "already_accepted" => Key::ErrAlreadyAccepted,
            "user_disabled" => Key::ErrUserDisabled,
            "two_factor_required" => Key::ErrTwoFactorRequired,
            "two_factor_off" => Key::ErrTwoFactorOff,
            "not_yourself" => Key::ErrNotYourself,
            "too_large" => Key::ErrTooLargeNumber,
            "too_many_lines" => Key::ErrTooManyLines,
            "total_too_large" => Key::ErrTotalTooLarge,
            "unknown_reference" => Key::ErrUnknownReference,
            "not_allowed" => Key::ErrNotAllowed,
            "invalid_steps" => Key::ErrInvalidSteps,
            _ => Key::ErrorGeneric,
        })
    }
}

/// Every piece of UI text. A locale must answer all of them (the match in each locale file is
/// exhaustive, so a missing translation does not compile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppName,
    SkipToContent,
    NavDashboard,
    NavInvoices,
    NavClients,
    SignOut,
    SignedInAs,
    SignInTitle,
    SignInIntro,
    Email,
    Password,
    SignIn,
    SigningIn,
    LoginInvalid,
    FieldRequired,
    Welcome,
    AmountDue,
    NothingDue,
    OverdueInvoices,
    OpenInvoices,
    NextDue,
    NextDueNone,
    ViewInvoices,
    InvoicesTitle,
    InvoicesIntro,
    Number,
    IssueDate,
    DueDate,
    Status,
    Total,
    NoInvoices,
    Overdue,
    StatusDraft,
    StatusOpen,
    StatusPartiallyPaid,
    StatusPaid,
    StatusVoid,
    InvoiceTitle,
    BackToInvoices,
    BilledTo,
    Description,
    Quantity,
    UnitPrice,
    TaxRate,
    Amount,
    Subtotal,
    TaxTotal,
    Paid,
    Balance,
    Payments,
    PaymentDate,
    Method,
    Reference,
    NoPayments,
    Notes,
    ClientsTitle,
    ClientsIntro,
    Client,
    Contact,
    Outstanding,
    Users,
    NoClients,
    BackToClients,
    ClientInvoices,
    NotFoundTitle,
    NotFoundBody,
    ErrorGeneric,
    ErrorForbidden,
    ErrorUnavailable,
    SessionEnded,
    Loading,
    BackHome,
    StatementTitle,
    StatementPeriod,
    StatementEmpty,
    StatementIntro,
    NavStatement,
    Account,
    EntryType,
    Debit,
    Credit,
    RunningBalance,
    OpeningBalance,
    ClosingBalance,
    Aging,
    AgingCurrent,
    Aging1To30,
    Aging31To60,
    Aging61To90,
    AgingOver90,
    EntryInvoice,
    EntryPayment,
    EntryRefund,
    From,
    To,
    Show,
    DownloadPdf,
    DownloadCsv,
    OverdueAmount,
    LastPayment,
    NoPaymentYet,
    FilterStatus,
    AllStatuses,
    StatusUnpaid,
    SearchNumber,
    SortBy,
    SortIssued,
    SortDue,
    SortAmount,
    ApplyFilters,
    ClearFilters,
    NextPage,
    FirstPage,
    NoMatches,
    NavStaffInvoices,
    NavAging,
    StaffInvoicesIntro,
    AgingTitle,
    AgingIntro,
    NewInvoice,
    EditDraft,
    SaveDraft,
    IssueInvoice,
    IssueHint,
    RecordPayment,
    RecordRefund,
    Refund,
    VoidInvoice,
    VoidReason,
    VoidedBecause,
    AddLine,
    RemoveLine,
    LineN,
    CurrencyField,
    TaxPercent,
    Saved,
    PaymentRecorded,
    Actions,
    DateField,
    ErrExceedsBalance,
    ErrPositive,
    ErrAmount,
    ErrDate,
    ErrDueBeforeIssue,
    ErrTaken,
    ErrNotEditable,
    ErrNoLines,
    ErrCurrency,
    ErrRefundTooLarge,
    ErrHasPayments,
    ErrRange,
    ErrClient,
    InvoiceLines,
    AllClients,
    Folder,
    AllFolders,
    DocTitle,
    DocTitleHint,
    Upload,
    ChooseFile,
    ChooseFiles,
    Uploading,
    StartAgain,
    CodeStepIntro,
    UploadedPercent,
    NoDocuments,
    NewMark,
    DeletedUntil,
    FileName,
    Size,
    Updated,
    Download,
    Delete,
    Restore,
    NoRequests,
    Fulfilled,
    Requested,
    SearchDocuments,
    SortName,
    SortSize,
    DocumentsTitle,
    DocumentsIntro,
    Requests,
    SendDocuments,
    OpenPreview,
    Versions,
    Version,
    BackToDocuments,
    NewVersion,
    UploadForClient,
    RequestDocument,
    NavDocuments,
    ErrTooLarge,
    ErrFileType,
    NeverViewed,
    ViewedTimes,
    OutcomeSuccess,
    OutcomeDenied,
    OutcomeFailed,
    KindClient,
    KindStaff,
    KindSystem,
    KindAnonymous,
    Time,
    Who,
    Action,
    Item,
    Outcome,
    Source,
    NoActivity,
    NewestEvents,
    OlderEvents,
    AnyOption,
    AuditTitle,
    AuditIntro,
    ActorFilter,
    IpFilter,
    ExportCsv,
    UserFilter,
    ClientActivity,
    LastSeen,
    NeverSignedIn,
    NotSeenFor,
    ActiveRecently,
    AllInvoicesViewed,
    ClientsQuiet,
    ClientsQuietCount,
    InvoicesNeverViewed,
    People,
    EngagementTitle,
    EngagementIntro,
    ActivityTitle,
    CompanyActivityIntro,
    NavAudit,
    NavEngagement,
    NavActivity,
    SeenByClient,
    AccountTitle,
    AccountIntro,
    NameField,
    SaveProfile,
    ProfileSaved,
    ChangePassword,
    CurrentPassword,
    NewPassword,
    PasswordChanged,
    ErrWrongPassword,
    ErrTooShort,
    ErrTooLong,
    NavAccount,
    CodeField,
    CodeRequired,
    ErrWrongCode,
    ErrSetupExpired,
    TwoFactorTitle,
    TwoFactorOff,
    TwoFactorOn,
    SetUpTwoFactor,
    TwoFactorSecretHint,
    SecretKey,
    OpenInApp,
    TurnOn,
    TurnOff,
    Profile,
    NewClient,
    ContactEmail,
    CreateClient,
    EditClient,
    SaveClient,
    PeopleIntro,
    NoPeople,
    InvitePerson,
    CreateInviteLink,
    PersonActive,
    PersonInvited,
    PersonDisabled,
    Yes,
    No,
    DisablePerson,
    DisablePersonNamed,
    EnablePerson,
    EnablePersonNamed,
    NewInviteLink,
    NewInviteLinkNamed,
    InviteReady,
    InviteLinkLabel,
    WelcomeTitle,
    WelcomeIntro,
    ConfirmPassword,
    SetPasswordAndSignIn,
    InviteInvalidTitle,
    InviteInvalidHint,
    InviteInvalid,
    ErrEmail,
    ErrPasswordsDiffer,
    ErrAlreadyAccepted,
    ErrUserDisabled,
    TeamIntro,
    PermBilling,
    PermDocuments,
    PermClientAdmin,
    NoAccess,
    Access,
    ChangeAccess,
    ChangeAccessNamed,
    SaveAccess,
    ResetTwoFactor,
    ResetTwoFactorNamed,
    TeamTitle,
    NavTeam,
    NavSettings,
    ErrThrottled,
    CodeOrRecoveryField,
    CodeOrRecoveryHint,
    TwoFactorRequiredTitle,
    TwoFactorRequiredIntro,
    TwoFactorStartHint,
    RecoveryCodesHint,
    Continue,
    NewRecoveryCodes,
    MakeNewCodes,
    SessionsTitle,
    SessionsIntro,
    UnknownBrowser,
    ThisBrowser,
    EndSession,
    EndSessionNamed,
    EndThisSessionNamed,
    Browser,
    SignedInAt,
    SettingsTitle,
    TwoFactorPolicyIntro,
    RequireForStaff,
    RequireForClients,
    SaveSettings,
    ErrorForbiddenBody,
    ErrTwoFactorRequired,
    ErrTwoFactorOff,
    ErrNotYourself,
    ErrTooLargeNumber,
    ErrTooManyLines,
    ErrTotalTooLarge,
    ErrUnknownReference,
    ErrNotAllowed,
    ForgotLink,
    ForgotTitle,
    ForgotIntro,
    SendResetLink,
    ResetLinkSent,
    BackToSignIn,
    ResetTitle,
    ResetIntro,
    ResetInvalidTitle,
    ResetInvalidHint,
    AskNewLink,
    MailPrefsTitle,
    MailPrefsIntro,
    MailInvoiceIssued,
    MailPaymentReceived,
    MailInvoiceReminder,
    MailDocumentShared,
    MailDocumentRequested,
    MailRequestReminder,
    MailStaffDigest,
    SaveMailPrefs,
    MailPrefsSaved,
    UndeliveredTitle,
    UndeliveredIntro,
    MailTo,
    MailSubject,
    MailProblem,
    MailRefused,
    MailRetrying,
    RemindersTitle,
    ReminderSentLine,
    RemindersNone,
    StepBefore,
    StepBeforeOne,
    StepOnDue,
    StepAfter,
    StepAfterOne,
    ReminderScheduleIntro,
    ReminderInvoiceField,
    ReminderRequestField,
    SaveSchedule,
    ScheduleSaved,
    ErrInvalidSteps,
    ThisIsYou,
    IpAddress,
    ActAccessDenied,
    ActAuthLoginSucceeded,
    ActAuthLoginFailed,
    ActAuthLogout,
    ActAuthSessionExpired,
    ActAuthPasswordChanged,
    ActAuth2faEnabled,
    ActAuth2faDisabled,
    ActAuth2faReset,
    ActAuthRecoveryCodeUsed,
    ActAuthRecoveryCodesRenewed,
    ActAuthSessionEnded,
    ActAuthThrottled,
    ActAuthResetRequested,
    ActAuthResetCompleted,
    ActSettingsUpdated,
    ActProfileUpdated,
    ActInvoiceListViewed,
    ActInvoiceViewed,
    ActInvoicePdfDownloaded,
    ActInvoiceCreated,
    ActInvoiceUpdated,
    ActInvoiceIssued,
    ActInvoiceVoided,
    ActPaymentRecorded,
    ActPaymentRefunded,
    ActStatementViewed,
    ActStatementDownloaded,
    ActDocumentListViewed,
    ActDocumentViewed,
    ActDocumentPreviewed,
    ActDocumentDownloaded,
    ActDocumentUploaded,
    ActDocumentDeleted,
    ActDocumentRestored,
    ActDocumentRequestCreated,
    ActDocumentRequestFulfilled,
    ActClientCreated,
    ActClientUpdated,
    ActUserCreated,
    ActUserInvited,
    ActUserInviteRenewed,
    ActUserInviteAccepted,
    ActUserUpdated,
    ActUserDisabled,
    ActUserEnabled,
    ActAuditExported,
    ActUserMailPreferences,
    ActSettingsReminders,
    ActInvoiceReminderSent,
    ActRequestReminderSent,
    ActAuditEventRejected,
    ActGroupAuth,
    ActGroupInvoice,
    ActGroupPayment,
    ActGroupStatement,
    ActGroupDocuments,
    ActGroupAccessDenied,
    ActGroupAudit,
    ActGroupClient,
    ActGroupUser,
    ActGroupSettings,
}

/// The locale of the current page, provided by the `App` component.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or(Locale::En)
}

/// Shorthand for pages: `t(Key::SignIn)`.
pub fn t(key: Key) -> &'static str {
    use_locale().text(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_a_supported_locale_or_english() {
        assert_eq!(Locale::negotiate("en-GB,en;q=0.8"), Locale::En);
        assert_eq!(Locale::negotiate("he-IL,he;q=0.9"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
    }

    #[test]
    fn scaled_numbers_drop_trailing_zeros() {
        assert_eq!(Locale::En.scaled(1500, 3), "1.5");
        assert_eq!(Locale::En.scaled(2000, 3), "2");
        assert_eq!(Locale::En.scaled(825, 2), "8.25");
        assert_eq!(Locale::En.scaled(-50, 2), "-0.5");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(Locale::En.format(Key::Welcome, &[("name", "Ana")]), "Welcome, Ana");
    }
}
