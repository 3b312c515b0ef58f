import { ANA, SAM, expect, hydrated, shot, signIn, test, watchForErrors } from "./helpers";

test("a client signs in, sees their invoices and opens one", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Northwind Studio LLC");
  await expect(page.getByTestId("overdue-count")).toHaveText("2");
  await shot(page, "client-dashboard");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Invoices" }).click();
  await expect(page).toHaveURL("/invoices");
  const table = page.getByTestId("invoice-table");
  await expect(table.getByRole("row", { name: /INV-2026-0158/ })).toContainText("Overdue");
  await expect(table).not.toContainText("INV-2026-0180"); // a draft
  await shot(page, "client-invoices");

  await table.getByRole("link", { name: "INV-2026-0131" }).click();
  await expect(page).toHaveURL(/\/invoices\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoice INV-2026-0131");
  await expect(page.getByTestId("lines")).toContainText("W-2 preparation");
  await expect(page.getByTestId("payments")).toContainText("$624.00");
  await expect(page.getByTestId("balance")).toHaveText("$936.00");
  await shot(page, "client-invoice");
  expect(errors).toEqual([]);
});

test("a wrong password shows an error and keeps the visitor on the sign-in page", async ({ page }) => {
  await signIn(page, ANA, "not-the-password");
  await expect(page.getByRole("alert")).toHaveText(/email or password is not correct/);
  // Still the sign-in page (the plain form came back with the failure in its query).
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await shot(page, "login-error");
});

test("staff sign in, see every client and open one", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  const clients = page.getByTestId("client-table");
  // The demo's three clients (other tests may have added more).
  for (const name of ["Northwind Studio LLC", "Baltic Amber Imports UAB", "Galil Engineering Ltd"]) {
    await expect(clients.getByRole("link", { name })).toBeVisible();
  }
  await shot(page, "staff-clients");

  // The search narrows the list (by name or contact email); the page says what it searched.
  await page.getByLabel("Name or email").fill("baltic");
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(page).toHaveURL("/staff/clients?q=baltic");
  await expect(clients.getByRole("link")).toHaveText(["Baltic Amber Imports UAB"]);
  await expect(page.getByLabel("Name or email")).toHaveValue("baltic");

  await clients.getByRole("link", { name: "Baltic Amber Imports UAB" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Baltic Amber Imports UAB");
  await expect(page.getByTestId("invoice-table")).toContainText("INV-2026-0149");
  await shot(page, "staff-client");

  await page.getByTestId("invoice-table").getByRole("link", { name: "INV-2026-0149" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoice INV-2026-0149");
  expect(errors).toEqual([]);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  await hydrated(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");
  await page.goto("/invoices");
  await expect(page).toHaveURL("/login");
});

test("the portal can be used with the keyboard alone", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(ANA);
  await page.keyboard.press("Tab");
  await page.keyboard.type("portico-demo-2026");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL("/");
  await hydrated(page);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
});

test("pages fit a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  await shot(page, "phone-dashboard");
  await page.goto("/invoices");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "phone-invoices");
});
