//! The mails that changes cause. Each function runs on the caller's transaction, finds who
//! should hear of the change (active people of the client who may use that part of the portal
//! and have not turned the kind off), and queues one mail each.

use super::compose::Letter;
use super::outbox::queue;
use super::text::T;
use super::{prefs, Kind, Mailer, Recipient, RECIPIENT_LOCALE};
use crate::db::query::{Arg, Query};
use crate::db::{col, date_from_sql, OrDb};
use app::error::AppError;
use app::i18n::Locale;
use app::money::{Currency, Money};
use sqlx::AnyConnection;

/// The client's active people (signed up, not disabled) with `capability` (`can_billing`,
/// `can_documents`) who get `kind`.
pub(super) async fn client_people(conn: &mut AnyConnection, client_id: i64, capability: &str, kind: Kind) -> Result<Vec<Recipient>, AppError> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(&format!(
        "SELECT u.id, u.name, u.email, {RECIPIENT_LOCALE} FROM users u WHERE u.role = 'client' AND u.client_id = $1 AND u.disabled_at IS NULL \
         AND u.password_hash <> '' AND u.{capability} = 1 AND {} ORDER BY u.id",
        prefs::wants(kind, "$2")
    ))
    .bind(client_id)
    .bind(kind.as_str())
    .fetch_all(&mut *conn)
    .await
    .or_db()?;
    Ok(rows.into_iter().map(|(user_id, name, email, locale)| Recipient::new(user_id, name, email, &locale)).collect())
}

pub(super) fn money(l: Locale, minor: i64, currency: &str) -> String {
    Currency::parse(currency).map(|c| l.money(&Money::new(minor, c))).unwrap_or_else(|_| format!("{minor} {currency}"))
}

pub(super) fn date(l: Locale, s: &str) -> String {
    date_from_sql(s).map(|d| l.date(d)).unwrap_or_else(|_| s.to_string())
}

/// The invitation with its one-time link (always sent: it is how the person gets in).
pub async fn invitation(conn: &mut AnyConnection, m: &Mailer, client_id: i64, invite: &app::clients::model::Invite) -> Result<i64, AppError> {
    let client: String = sqlx::query_scalar("SELECT name FROM clients WHERE id = $1").bind(client_id).fetch_one(&mut *conn).await.or_db()?;
    let locale: String = sqlx::query_scalar(&format!("SELECT {RECIPIENT_LOCALE} FROM users u WHERE u.id = $1")).bind(invite.user_id).fetch_one(&mut *conn).await.or_db()?;
    let to = Recipient::new(invite.user_id, invite.name.clone(), invite.email.clone(), &locale);
    let firm = &m.firm_name();
    let expires = time::OffsetDateTime::from_unix_timestamp(invite.expires_at).map(|t| to.locale.date(t.date())).unwrap_or_default();
    let letter = Letter::new(Kind::Invitation, &to, Some(client_id), T::InvitationSubject, &[("firm", firm)])
        .text(T::InvitationBody, &[("firm", firm), ("client", &client)])
        .action(T::InvitationAction, format!("/welcome?token={}", invite.token))
        .note(T::InvitationExpiry, &[("date", &expires), ("firm", firm)]);
    queue(conn, m, &letter).await
}

/// The "forgot your password" link.
pub async fn password_reset(conn: &mut AnyConnection, m: &Mailer, to: &Recipient, client_id: Option<i64>, token: &str) -> Result<i64, AppError> {
    let firm = &m.firm_name();
    let letter = Letter::new(Kind::PasswordReset, to, client_id, T::ResetSubject, &[("firm", firm)])
        .text(T::ResetBody, &[])
        .action(T::ResetAction, format!("/reset?token={token}"))
        .note(T::ResetExpiry, &[])
        .note(T::ResetNotYou, &[]);
    queue(conn, m, &letter).await
}

/// An invoice as a mail needs it.
pub(super) struct InvoiceFacts {
    pub id: i64,
    pub client_id: i64,
    pub client: String,
    pub number: String,
    due: String,
    balance_minor: i64,
    currency: String,
}

impl InvoiceFacts {
    pub fn due(&self, l: Locale) -> String {
        date(l, &self.due)
    }

    pub fn balance(&self, l: Locale) -> String {
        money(l, self.balance_minor, &self.currency)
    }
}

pub(super) async fn invoice_facts(conn: &mut AnyConnection, invoice_id: i64) -> Result<InvoiceFacts, AppError> {
    let (client_id, client, number, due, total, paid, currency): (i64, String, String, String, i64, i64, String) = sqlx::query_as(
        "SELECT i.client_id, c.name, i.number, i.due_date, i.total_minor, i.paid_minor, i.currency FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.id = $1",
    )
    .bind(invoice_id)
    .fetch_one(&mut *conn)
    .await
    .or_db()?;
    Ok(InvoiceFacts { id: invoice_id, client_id, client, number, due, balance_minor: total - paid, currency })
}

/// A new invoice, to the client's people who handle billing.
pub async fn invoice_issued(conn: &mut AnyConnection, m: &Mailer, invoice_id: i64) -> Result<(), AppError> {
    let inv = invoice_facts(conn, invoice_id).await?;
    let firm = &m.firm_name();
    for to in client_people(conn, inv.client_id, "can_billing", Kind::InvoiceIssued).await? {
        let letter = Letter::new(Kind::InvoiceIssued, &to, Some(inv.client_id), T::InvoiceIssuedSubject, &[("number", &inv.number), ("firm", firm)])
            .text(T::InvoiceIssuedBody, &[("firm", firm), ("number", &inv.number), ("client", &inv.client)])
            .fact(T::AmountDue, inv.balance(to.locale))
            .fact(T::DueOn, inv.due(to.locale))
            .action(T::ViewInvoice, format!("/invoices/{}", inv.id));
        queue(conn, m, &letter).await?;
    }
    Ok(())
}

/// A receipt: the amount paid and what is still due. Refunds send nothing.
pub async fn payment_received(conn: &mut AnyConnection, m: &Mailer, payment_id: i64) -> Result<(), AppError> {
    let (invoice_id, amount, paid_on, currency, status): (i64, i64, String, String, String) = sqlx::query_as(
        "SELECT p.invoice_id, p.amount_minor, p.paid_on, i.currency, i.status FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.id = $1",
    )
    .bind(payment_id)
    .fetch_one(&mut *conn)
    .await
    .or_db()?;
    if amount <= 0 {
        return Ok(());
    }
    let inv = invoice_facts(conn, invoice_id).await?;
    let firm = &m.firm_name();
    for to in client_people(conn, inv.client_id, "can_billing", Kind::PaymentReceived).await? {
        let mut letter = Letter::new(Kind::PaymentReceived, &to, Some(inv.client_id), T::PaymentSubject, &[("number", &inv.number)])
            .text(T::PaymentBody, &[("firm", firm), ("number", &inv.number)])
            .fact(T::Paid, money(to.locale, amount, &currency))
            .fact(T::PaidOn, date(to.locale, &paid_on))
            .fact(T::Remaining, inv.balance(to.locale));
        if status == "paid" {
            letter = letter.text(T::PaidInFull, &[("number", &inv.number)]);
        }
        queue(conn, m, &letter.action(T::ViewInvoice, format!("/invoices/{}", inv.id))).await?;
    }
    Ok(())
}

/// A document staff shared with the client (a new one or a new version).
pub async fn document_shared(conn: &mut AnyConnection, m: &Mailer, document_id: i64) -> Result<(), AppError> {
    let (client_id, client, title): (i64, String, String) =
        sqlx::query_as("SELECT d.client_id, c.name, d.title FROM documents d JOIN clients c ON c.id = d.client_id WHERE d.id = $1")
            .bind(document_id)
            .fetch_one(&mut *conn)
            .await
            .or_db()?;
    let firm = &m.firm_name();
    for to in client_people(conn, client_id, "can_documents", Kind::DocumentShared).await? {
        let letter = Letter::new(Kind::DocumentShared, &to, Some(client_id), T::DocumentSubject, &[("firm", firm), ("title", &title)])
            .text(T::DocumentBody, &[("firm", firm), ("client", &client), ("title", &title)])
            .action(T::ViewDocument, format!("/documents/{document_id}"));
        queue(conn, m, &letter).await?;
    }
    Ok(())
}

/// A document request: what the firm needs and by when.
pub async fn document_requested(conn: &mut AnyConnection, m: &Mailer, request_id: i64) -> Result<(), AppError> {
    let (client_id, client, title, description, due): (i64, String, String, String, Option<String>) = sqlx::query_as(
        "SELECT r.client_id, c.name, r.title, r.description, r.due_date FROM document_requests r JOIN clients c ON c.id = r.client_id WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_one(&mut *conn)
    .await
    .or_db()?;
    let firm = &m.firm_name();
    for to in client_people(conn, client_id, "can_documents", Kind::DocumentRequested).await? {
        let mut letter = Letter::new(Kind::DocumentRequested, &to, Some(client_id), T::RequestSubject, &[("firm", firm), ("title", &title)])
            .text(T::RequestBody, &[("firm", firm), ("client", &client), ("title", &title)]);
        if !description.is_empty() {
            letter = letter.para(description.clone());
        }
        if let Some(d) = &due {
            letter = letter.fact(T::RequestDue, date(to.locale, d));
        }
        queue(conn, m, &letter.action(T::UploadAction, "/documents#requests".into())).await?;
    }
    Ok(())
}

/// A new message: the other side hears of it, if not in the portal right now (nothing was
/// done for five minutes). The mail says who wrote and about what, never the message itself,
/// which stays in the portal. A client's message goes to the staff member who has the
/// conversation, or to all staff while nobody has; the firm's answer goes to the client's
/// people who wrote in the conversation and may still see it.
pub async fn message_received(conn: &mut AnyConnection, m: &Mailer, conversation_id: i64, message_id: i64, author: &app::model::Identity) -> Result<(), AppError> {
    let (client_id, client, subject, assignee, invoice, document): (i64, String, String, Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT c.client_id, k.name, c.subject, c.assignee_id, c.invoice_id, c.document_id FROM conversations c JOIN clients k ON k.id = c.client_id WHERE c.id = $1",
    )
    .bind(conversation_id)
    .fetch_one(&mut *conn)
    .await
    .or_db()?;
    // Not in the portal now: nothing done in the last five minutes.
    let recent = (time::OffsetDateTime::now_utc().unix_timestamp() - 300) * 1_000_000;
    let kind = Kind::MessageReceived;
    let mut q = Query::new(&format!("SELECT u.id, u.name, u.email, {RECIPIENT_LOCALE} AS locale FROM users u"));
    let (kind_p, recent_p, author_p) = (q.arg(Arg::Text(kind.as_str().into())), q.arg(Arg::Int(recent)), q.arg(Arg::Int(author.user_id)));
    q.and(&format!(
        "u.disabled_at IS NULL AND u.password_hash <> '' AND u.id <> {author_p} AND {} AND COALESCE({}, 0) < {recent_p}",
        prefs::wants(kind, &kind_p),
        crate::audit::queries::latest_event_sql()
    ));
    let path = if author.role.is_staff() {
        let (client_p, conversation_p) = (q.arg(Arg::Int(client_id)), q.arg(Arg::Int(conversation_id)));
        q.and(&format!("u.role = 'client' AND u.client_id = {client_p} AND u.id IN (SELECT author_id FROM messages WHERE conversation_id = {conversation_p})"));
        if invoice.is_some() {
            q.and("u.can_billing = 1");
        }
        if document.is_some() {
            q.and("u.can_documents = 1");
        }
        "/messages"
    } else if let Some(staff) = assignee {
        let staff_p = q.arg(Arg::Int(staff));
        q.and(&format!("u.id = {staff_p}"));
        "/staff/messages"
    } else {
        q.and("u.role IN ('staff', 'admin')");
        "/staff/messages"
    };
    let rows = q.fetch_all_in(&mut *conn).await?;
    let firm = &m.firm_name();
    let from = if author.role.is_staff() { firm.to_string() } else { format!("{} ({client})", author.name) };
    for r in &rows {
        let to = Recipient::new(col(r, "id")?, col(r, "name")?, col(r, "email")?, &col::<String>(r, "locale")?);
        let letter = Letter::new(kind, &to, Some(client_id), T::MessageSubject, &[("from", &from), ("subject", &subject)])
            .text(T::MessageBody, &[("from", &from), ("subject", &subject)])
            .action(T::ReadMessage, format!("{path}/{conversation_id}#m{message_id}"));
        queue(conn, m, &letter).await?;
    }
    Ok(())
}
