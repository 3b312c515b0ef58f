//! Which pages a visitor may open. The server applies this to every page request before
//! rendering; server functions check again on their own.

use crate::model::{Capability, Identity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAccess {
    Allow,
    /// Anonymous: go to the sign-in page.
    SignIn,
    /// Signed in, but this page is not theirs to use (e.g. staff on `/`): go here instead.
    Redirect(&'static str),
}

pub fn page_access(path: &str, who: Option<&Identity>) -> PageAccess {
    // An invite link works whoever is signed in on this browser: accepting signs in as the invitee.
    // So does a password reset link (it ends the person's other sessions and signs them in).
    if path == "/welcome" || path == "/reset" {
        return PageAccess::Allow;
    }
    let public = path == "/login" || path == "/forgot";
    let staff_area = path == "/staff" || path.starts_with("/staff/");
    match who {
        None if public => PageAccess::Allow,
        None => PageAccess::SignIn,
        // Two-step sign-in is required and not set up: its set-up is the only page.
        Some(id) if id.must_set_up_two_factor => {
            if path == "/two-step" { PageAccess::Allow } else { PageAccess::Redirect("/two-step") }
        }
        Some(id) if public || path == "/two-step" => PageAccess::Redirect(id.home_path()),
        // A client user in the staff area gets the page frame only: every staff server function
        // refuses them (403), so no staff data is ever rendered for them. The same holds for a
        // client section someone may not use: the page answers 403, an item in it 404.
        Some(_) if staff_area => PageAccess::Allow,
        Some(_) if path == "/account" => PageAccess::Allow,
        Some(id) if id.role.is_staff() => PageAccess::Redirect(id.home_path()),
        // The dashboard is about money owed: someone without billing starts where they can.
        Some(id) if path == "/" && !id.can(Capability::Billing) => PageAccess::Redirect(id.home_path()),
        Some(_) => PageAccess::Allow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn user(role: Role) -> Identity {
        Identity {
            user_id: 1,
            name: "A".into(),
            email: "a@example.com".into(),
            role,
            client_id: (role == Role::Client).then_some(7),
            client_name: None,
            permissions: crate::model::Permissions { billing: true, documents: true, client_admin: false },
            two_factor: false,
            must_set_up_two_factor: false,
            locale: None,
            phone: String::new(),
            token: None,
        }
    }

    #[test]
    fn anonymous_visitors_are_sent_to_sign_in() {
        assert_eq!(page_access("/invoices", None), PageAccess::SignIn);
        assert_eq!(page_access("/staff/clients", None), PageAccess::SignIn);
        assert_eq!(page_access("/login", None), PageAccess::Allow);
        assert_eq!(page_access("/forgot", None), PageAccess::Allow);
        assert_eq!(page_access("/reset", None), PageAccess::Allow);
    }

    #[test]
    fn invite_links_open_for_anyone() {
        assert_eq!(page_access("/welcome", None), PageAccess::Allow);
        assert_eq!(page_access("/welcome", Some(&user(Role::Staff))), PageAccess::Allow);
    }

    #[test]
    fn client_users_keep_their_own_pages() {
        assert_eq!(page_access("/invoices/3", Some(&user(Role::Client))), PageAccess::Allow);
        assert_eq!(page_access("/login", Some(&user(Role::Client))), PageAccess::Redirect("/"));
    }

    #[test]
    fn someone_without_billing_starts_at_their_documents() {
        let mut docs_only = user(Role::Client);
        docs_only.permissions.billing = false;
        assert_eq!(page_access("/", Some(&docs_only)), PageAccess::Redirect("/documents"));
        assert_eq!(page_access("/documents", Some(&docs_only)), PageAccess::Allow);
    }

    #[test]
    fn a_required_second_factor_comes_before_every_other_page() {
        let mut who = user(Role::Staff);
        who.must_set_up_two_factor = true;
        assert_eq!(page_access("/staff/clients", Some(&who)), PageAccess::Redirect("/two-step"));
        assert_eq!(page_access("/account", Some(&who)), PageAccess::Redirect("/two-step"));
        assert_eq!(page_access("/two-step", Some(&who)), PageAccess::Allow);
        who.must_set_up_two_factor = false;
        assert_eq!(page_access("/two-step", Some(&who)), PageAccess::Redirect("/staff/clients"));
    }

    #[test]
    fn staff_land_in_the_staff_area() {
        assert_eq!(page_access("/", Some(&user(Role::Staff))), PageAccess::Redirect("/staff/clients"));
        assert_eq!(page_access("/staff/clients/3", Some(&user(Role::Admin))), PageAccess::Allow);
        assert_eq!(page_access("/login", Some(&user(Role::Staff))), PageAccess::Redirect("/staff/clients"));
    }
}
