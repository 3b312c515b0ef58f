import { SAM, expect, expectAccessible, hydrated, shot, signIn, test, watchForErrors } from "./helpers";

test("staff add a client, invite someone, who sets a password and signs in; staff then disable them", async ({ page, browser, baseURL }) => {
  const errors = watchForErrors(page);
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await hydrated(page);

  // A new client, then a correction to its name.
  await page.locator("summary", { hasText: "New client" }).click();
  await shot(page, "staff-clients-new");
  await page.getByLabel("Name", { exact: true }).fill("Lakeside Dental");
  await page.getByLabel("Contact email").fill("front-desk@lakeside.example");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page).toHaveURL(/\/staff\/clients\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lakeside Dental");
  await hydrated(page);
  await page.locator("summary", { hasText: "Edit details" }).click();
  await page.locator("#ec-name").fill("Lakeside Dental Care");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lakeside Dental Care");

  // Invite Maya; the one-time link is shown once.
  const people = page.locator("section.people-section");
  await expect(people).toContainText("Nobody signs in for this client yet.");
  await people.locator("summary", { hasText: "Invite someone" }).click();
  await people.getByLabel("Name").fill("Maya Cohen");
  await people.getByLabel("Email").fill("maya@lakeside.example");
  await people.locator("#ip-client_admin").check();
  await people.getByRole("button", { name: "Create invite link" }).click();
  const link = people.getByTestId("invite-url");
  await expect(link).toHaveValue(/\/welcome\?token=[0-9a-f]{64}$/);
  const row = people.getByTestId("people-table").locator('tr[data-person="maya@lakeside.example"]');
  await expect(row).toContainText("Invited");
  await expectAccessible(page, "client page with people");
  await shot(page, "staff-client-people");
  await expect(people.getByLabel("Email")).toHaveValue("");
  const url = await link.inputValue();

  // Maya opens the link in her own browser.
  const mayaContext = await browser.newContext({ baseURL });
  const maya = await mayaContext.newPage();
  const mayaErrors = watchForErrors(maya);
  await maya.goto(url);
  await expect(maya.getByRole("heading", { level: 1 })).toHaveText("Welcome, Maya Cohen");
  await hydrated(maya);
  await expectAccessible(maya, "/welcome");
  await shot(maya, "welcome");
  await maya.getByLabel("New password (at least 10 characters)").fill("maya's own passphrase");
  await maya.getByLabel("New password again").fill("maya's own passphrase");
  await maya.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(maya).toHaveURL("/");
  await expect(maya.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" })).toBeVisible();

  // Staff see her active, and both steps in the client's timeline.
  await page.reload();
  await hydrated(page);
  await expect(row).toContainText("Active");
  const timeline = page.locator("section.activity-section");
  await timeline.getByLabel("Action").selectOption("user.");
  await timeline.getByRole("button", { name: "Apply" }).click();
  const events = timeline.getByTestId("activity-table");
  await expect(events.locator('tr[data-action="user.invited"]')).toContainText("Sam Carter");
  await expect(events.locator('tr[data-action="user.invite_accepted"]')).toContainText("Maya Cohen");

  // Disabled: her next page sends her to sign in, and the link cannot be used again.
  await row.getByRole("button", { name: "Disable Maya Cohen" }).click();
  await expect(row).toContainText("Disabled");
  await maya.goto("/invoices");
  await expect(maya).toHaveURL("/login");
  await maya.goto(url);
  await expect(maya.getByRole("heading", { level: 1 })).toHaveText("This invite link does not work");
  await mayaContext.close();
  expect(errors).toEqual([]);
  expect(mayaErrors).toEqual([]);
});
