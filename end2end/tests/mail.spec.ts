import { SAM, expect, expectAccessible, hydrated, linkIn, mailTo, shot, signIn, test, watchForErrors } from "./helpers";

// The server sends through a real SMTP server (aiosmtpd, started by playwright.config.ts); these
// tests read what it delivered and follow the links, as the recipient would.

test("staff invite someone, who follows the mailed link, sets a password and lands on the dashboard", async ({ page, browser, baseURL }) => {
  const errors = watchForErrors(page);
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.getByRole("link", { name: "Galil Engineering Ltd" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Galil Engineering Ltd");
  await hydrated(page);
  const people = page.locator("section.people-section");
  await people.locator("summary", { hasText: "Invite someone" }).click();
  await people.getByLabel("Name").fill("Dana Levi");
  await people.getByLabel("Email").fill("dana@galil.example");
  await people.locator("#ip-documents").uncheck();
  await people.getByRole("button", { name: "Create invite link" }).click();
  await expect(people.getByTestId("invite-url")).toHaveValue(/\/welcome\?token=/);

  const mail = await mailTo("dana@galil.example", /invites you to its client portal/);
  expect(mail.text).toContain("Hello Dana Levi,");
  expect(mail.html).toContain("Set your password");
  const danaContext = await browser.newContext({ baseURL });
  const dana = await danaContext.newPage();
  const danaErrors = watchForErrors(dana);
  await dana.goto(linkIn(mail, "/welcome?token="));
  await expect(dana.getByRole("heading", { level: 1 })).toHaveText("Welcome, Dana Levi");
  await hydrated(dana);
  await dana.getByLabel("New password (at least 10 characters)").fill("dana's own passphrase");
  await dana.getByLabel("New password again").fill("dana's own passphrase");
  await dana.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(dana).toHaveURL("/");
  await expect(dana.getByRole("heading", { level: 1 })).toBeVisible();

  // Her mail choices are on her account page.
  await dana.goto("/account#mail");
  await hydrated(dana);
  const prefs = dana.locator("section#mail");
  await expect(prefs.getByLabel("New invoices")).toBeChecked();
  await expect(prefs.getByLabel("New documents")).toHaveCount(0);
  await prefs.getByLabel("Reminders before and after an invoice is due").uncheck();
  await prefs.getByRole("button", { name: "Save mail choices" }).click();
  await expect(prefs.getByText("Your mail choices are saved.")).toBeVisible();
  await dana.reload();
  await expect(dana.locator("section#mail").getByLabel("Reminders before and after an invoice is due")).not.toBeChecked();
  await expectAccessible(dana, "/account with mail choices");
  await shot(dana, "account-mail");
  expect(errors).toEqual([]);
  expect(danaErrors).toEqual([]);
  await danaContext.close();
});

test("forgot password: the mailed link sets a new password and signs in", async ({ page }) => {
  const errors = watchForErrors(page);
  await page.goto("/login");
  await hydrated(page);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL("/forgot");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Forgot your password");
  await hydrated(page);
  await expectAccessible(page, "/forgot");
  await shot(page, "forgot");
  await page.getByLabel("Email").fill("noa@galil.example");
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("a link to set a new password is on its way");
  await shot(page, "forgot-sent");

  const mail = await mailTo("noa@galil.example", /Set a new password/);
  await page.goto(linkIn(mail, "/reset?token="));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set a new password");
  await expect(page.getByText("noa@galil.example")).toBeVisible();
  await hydrated(page);
  await expectAccessible(page, "/reset");
  await shot(page, "reset");
  await page.getByLabel("New password (at least 10 characters)").fill("noa's brand new passphrase");
  await page.getByLabel("New password again").fill("noa's brand new passphrase");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page).toHaveURL("/");

  // The link worked once: opening it again says so, calmly.
  await page.goto(linkIn(mail, "/reset?token="));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link does not work");
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await shot(page, "reset-invalid");
  // And the new password signs in.
  await page.context().clearCookies();
  await signIn(page, "noa@galil.example", "noa's brand new passphrase");
  await expect(page).toHaveURL("/");
  expect(errors).toEqual([]);
});
