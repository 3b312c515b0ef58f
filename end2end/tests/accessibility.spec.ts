import { ANA, SAM, expect, expectAccessible, hydrated, shot, signIn, test } from "./helpers";

test("the sign-in page has no serious accessibility violation", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await expectAccessible(page, "/login");
  await shot(page, "login");
});

test("every client page has no serious accessibility violation", async ({ page }) => {
  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  for (const path of ["/", "/invoices"]) {
    await page.goto(path);
    await hydrated(page);
    await expectAccessible(page, path);
  }
  await page.getByTestId("invoice-table").getByRole("link", { name: "INV-2026-0158" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoice INV-2026-0158");
  await expectAccessible(page, "invoice detail");
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectAccessible(page, "not found");
  await shot(page, "not-found");
});

test("every staff page has no serious accessibility violation", async ({ page }) => {
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await hydrated(page);
  await expectAccessible(page, "/staff/clients");
  await page.getByRole("link", { name: "Northwind Studio LLC" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Northwind Studio LLC");
  await expectAccessible(page, "staff client page");
  await page.getByRole("link", { name: "INV-2026-0180" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoice INV-2026-0180");
  await expectAccessible(page, "staff invoice preview");
  await shot(page, "staff-invoice");
});

test("the account page is accessible and shows a two-step sign-in key on request", async ({ page }) => {
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.getByRole("link", { name: "Sam Carter" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
  await hydrated(page);
  await expect(page.getByTestId("sessions-table")).toContainText("This browser");
  await page.locator("#tf-start-password").fill("portico-demo-2026");
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  await expect(page.getByTestId("totp-secret")).toHaveText(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "/account");
  await shot(page, "account");
});
