//! One shape for every mail: a greeting, paragraphs, a few labelled facts, one button, the
//! firm's name and (unless it is a security mail) how to get fewer mails. Rendered as plain
//! text and as HTML, so that each template is data and nothing else.

use super::text::{fill, text, T};
use super::{Kind, Mailer, Recipient};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;

pub struct Letter {
    pub kind: Kind,
    /// Who it goes to; the mail is written in their language.
    pub to: Recipient,
    pub client_id: Option<i64>,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub facts: Vec<(String, String)>,
    /// The button: its label and the portal path it opens.
    pub action: Option<(String, String)>,
    /// Small print under the button (how long a link works).
    pub notes: Vec<String>,
}

impl Letter {
    /// A mail whose subject is `subject` filled in with `args`, in the recipient's language.
    pub fn new(kind: Kind, to: &Recipient, client_id: Option<i64>, subject: T, args: &[(&str, &str)]) -> Self {
        let subject = fill(to.locale, subject, args);
        Self { kind, to: to.clone(), client_id, subject, paragraphs: Vec::new(), facts: Vec::new(), action: None, notes: Vec::new() }
    }

    /// A paragraph of the mail's own words.
    pub fn text(self, key: T, args: &[(&str, &str)]) -> Self {
        let p = fill(self.to.locale, key, args);
        self.para(p)
    }

    /// A paragraph as it is (what staff typed, a list the server made).
    pub fn para(mut self, p: String) -> Self {
        self.paragraphs.push(p);
        self
    }

    pub fn fact(mut self, label: T, value: String) -> Self {
        self.facts.push((text(self.to.locale, label), value));
        self
    }

    pub fn action(mut self, label: T, path: String) -> Self {
        self.action = Some((text(self.to.locale, label), path));
        self
    }

    pub fn note(mut self, key: T, args: &[(&str, &str)]) -> Self {
        self.notes.push(fill(self.to.locale, key, args));
        self
    }
}

/// The plain-text and HTML bodies and the whole message, ready for the outbox.
pub fn render(m: &Mailer, l: &Letter) -> Result<Message, String> {
    let brand = m.brand.current();
    let firm = &brand.name;
    // The firm's colour for links and the button (checked for contrast on white when set).
    let accent = brand.colour.as_deref().unwrap_or("#1d4ed8");
    let hello = fill(l.to.locale, T::Hello, &[("name", &l.to.name)]);
    let action = l.action.as_ref().map(|(label, path)| (label.as_str(), m.link(path)));
    let footer = (!l.kind.is_security()).then(|| {
        (
            fill(l.to.locale, T::WhyYouGetThis, &[("firm", firm)]),
            (text(l.to.locale, T::ChangePreferences), m.link("/account#mail")),
            (text(l.to.locale, T::Unsubscribe), m.link(&super::prefs::unsubscribe_path(m, l.to.user_id, l.kind))),
        )
    });

    let mut plain = format!("{hello}\n\n");
    for p in &l.paragraphs {
        plain.push_str(&format!("{p}\n\n"));
    }
    for (k, v) in &l.facts {
        plain.push_str(&format!("{k}: {v}\n"));
    }
    if !l.facts.is_empty() {
        plain.push('\n');
    }
    if let Some((label, url)) = &action {
        plain.push_str(&format!("{label}: {url}\n\n"));
    }
    for n in &l.notes {
        plain.push_str(&format!("{n}\n\n"));
    }
    plain.push_str(&format!("{}\n", fill(l.to.locale, T::Signature, &[("firm", firm)])));
    if let Some((why, (prefs, prefs_url), (unsub, unsub_url))) = &footer {
        plain.push_str(&format!("\n--\n{why}\n{prefs}: {prefs_url}\n{unsub}: {unsub_url}\n"));
    }

    let e = |s: &str| html_escape::encode_text(s).into_owned();
    let a = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let mut html = format!(
        "<!doctype html><html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2933;line-height:1.5\">\
         <div style=\"max-width:560px;margin:0 auto;background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:24px\">\
         {}<p style=\"margin:0 0 16px;font-weight:600;color:{accent}\">{}</p><p>{}</p>",
        l.to.locale.tag(),
        l.to.locale.dir(),
        e(&l.subject),
        // The logo above the name (the name says it all where images are blocked).
        brand.logo.as_deref().map(|src| format!("<img src=\"{}\" alt=\"\" height=\"40\" style=\"display:block;margin:0 0 8px\">", a(&format!("{}{src}", m.public_url)))).unwrap_or_default(),
        e(firm),
        e(&hello)
    );
    for p in &l.paragraphs {
        html.push_str(&format!("<p>{}</p>", e(p).replace('\n', "<br>")));
    }
    if !l.facts.is_empty() {
        html.push_str("<table role=\"presentation\" style=\"border-collapse:collapse;margin:8px 0 16px\">");
        for (k, v) in &l.facts {
            html.push_str(&format!("<tr><td style=\"padding:2px 16px 2px 0;color:#52606d\">{}</td><td style=\"padding:2px 0;font-weight:600\">{}</td></tr>", e(k), e(v)));
        }
        html.push_str("</table>");
    }
    if let Some((label, url)) = &action {
        html.push_str(&format!(
            "<p style=\"margin:24px 0\"><a href=\"{}\" style=\"background:{accent};color:#fff;text-decoration:none;padding:10px 18px;border-radius:6px;display:inline-block\">{}</a></p>\
             <p style=\"font-size:14px;color:#52606d\">{}</p>",
            a(url),
            e(label),
            e(url)
        ));
    }
    for n in &l.notes {
        html.push_str(&format!("<p style=\"font-size:14px;color:#52606d\">{}</p>", e(n)));
    }
    html.push_str(&format!("<p>{}</p></div>", e(&fill(l.to.locale, T::Signature, &[("firm", firm)]))));
    if let Some((why, (prefs, prefs_url), (unsub, unsub_url))) = &footer {
        html.push_str(&format!(
            "<p style=\"max-width:560px;margin:16px auto 0;font-size:13px;color:#52606d\">{} <a href=\"{}\" style=\"color:{accent}\">{}</a> · <a href=\"{}\" style=\"color:{accent}\">{}</a></p>",
            e(why),
            a(prefs_url),
            e(prefs),
            a(unsub_url),
            e(unsub)
        ));
    }
    html.push_str("</body></html>");

    let address = l.to.email.parse().map_err(|_| format!("{:?} is not a mail address", l.to.email))?;
    let to = Mailbox::new(Some(l.to.name.chars().filter(|c| !c.is_control()).collect()), address);
    let mut builder = Message::builder()
        .from(m.from.clone())
        .to(to)
        .subject(l.subject.clone())
        .message_id(Some(format!("<{}@{}>", uuid::Uuid::new_v4().simple(), m.from.email.domain())))
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Content-Language"), l.to.locale.tag().to_string()))
        .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("X-Portico-Kind"), l.kind.as_str().to_string()));
    if let Some((_, _, (_, unsub_url))) = &footer {
        // RFC 2369 and RFC 8058: mail programs offer a one-click "unsubscribe".
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe"), format!("<{unsub_url}>")))
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click".into()));
    } else {
        // Security mails: ask auto-responders and list software to leave them alone.
        builder = builder.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".into()));
    }
    builder.multipart(MultiPart::alternative_plain_html(plain, html)).map_err(|e| e.to_string())
}
