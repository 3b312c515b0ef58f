import { Page } from "@playwright/test";
import { expect, test, expectAccessible, hydrated, shot, signIn, watchForErrors } from "./helpers";

test("an admin makes an API token, sees it once, the firm's program uses it, and the admin revokes it", async ({ page, request }) => {
  const errors = watchForErrors(page);
  await signIn(page, "admin@harborpine.example");
  await page.goto("/staff/settings");
  await hydrated(page);
  const panel = page.getByRole("region", { name: "API tokens" });
  await panel.locator("summary", { hasText: "Make a token" }).click();
  await panel.getByLabel("Name").fill("Books sync (e2e)");
  await panel.getByLabel("Invoices").selectOption("write");
  await panel.getByLabel("Audit trail").selectOption("read");
  await panel.getByRole("button", { name: "Make a token" }).click();
  const shown = panel.getByRole("status").filter({ hasText: "it is not shown again" });
  await expect(shown).toBeVisible();
  const token = (await shown.locator("code").textContent())!.trim();
  expect(token).toMatch(/^ptk_[0-9a-f]{64}$/);
  const row = panel.getByRole("row", { name: /Books sync \(e2e\)/ });
  await expect(row).toContainText("Invoices: read and write · Audit trail: read");
  await expect(row).toContainText("Never");
  await expectAccessible(page, "/staff/settings with a new API token");
  await shot(page, "staff-api-tokens");

  const answer = await request.get("/api/v1/invoices", { headers: { Authorization: `Bearer ${token}` } });
  expect(answer.status()).toBe(200);
  expect((await answer.json()).items.length).toBeGreaterThan(0);
  await page.reload();
  await hydrated(page);
  await expect(panel.getByRole("row", { name: /Books sync \(e2e\)/ })).not.toContainText("Never");

  await panel.getByRole("row", { name: /Books sync \(e2e\)/ }).getByRole("button", { name: /Revoke/ }).click();
  await expect(panel.getByRole("row", { name: /Books sync \(e2e\)/ })).toContainText("Revoked");
  const refused = await request.get("/api/v1/invoices", { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
  expect(errors).toEqual([]);
});

test("the API reference is rendered from the OpenAPI document", async ({ page }) => {
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Portico API reference");
  await expect(page.getByRole("heading", { name: "POST /api/v1/invoices/{id}/payments" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Problem", exact: true })).toBeVisible();
  await expectAccessible(page, "/api/v1/docs");
  await shot(page, "api-reference");
});

test("an admin registers a webhook address and is shown its signing secret once", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, "admin@harborpine.example");
  await page.goto("/staff/settings");
  await hydrated(page);
  const panel = page.getByRole("region", { name: "Webhooks" });
  await panel.locator("summary", { hasText: "Add an address" }).click();
  await panel.getByLabel("Address").fill("https://books.example.com/portico");
  await panel.getByLabel("A client viewed an invoice").check();
  await panel.getByLabel("A payment was recorded").check();
  await panel.getByRole("button", { name: "Add an address" }).click();
  const shown = panel.getByRole("status").filter({ hasText: "It is not shown again" });
  await expect(shown.locator("code")).toHaveText(/^whsec_[0-9a-f]{48}$/);
  await expect(panel.getByRole("row", { name: /books\.example\.com/ })).toContainText("A client viewed an invoice · A payment was recorded");
  await expectAccessible(page, "/staff/settings with a webhook");
  await shot(page, "staff-webhooks");
  await panel.getByRole("row", { name: /books\.example\.com/ }).getByRole("button", { name: /Stop/ }).click();
  await expect(panel.getByRole("row", { name: /books\.example\.com/ })).toContainText("Stopped");
  expect(errors).toEqual([]);
});

test("staff check a CSV file of clients on the import page, see the refused rows, then import it", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, "sam@harborpine.example");
  await page.goto("/staff/clients");
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page).toHaveURL("/staff/import");
  const bad = "external_id,name,email\nE2E-1,Cobalt Design,hello@cobalt.example\nE2E-2,,x@example.com\n";
  await page.getByLabel("What it holds").selectOption("clients");
  await page.getByLabel("CSV file").setInputFiles({ name: "clients.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByRole("alert")).toHaveText("Nothing was imported: mend the rows below and try again.");
  await expect(page.getByRole("table", { name: "Refused rows" })).toContainText("name: required");
  await expectAccessible(page, "/staff/import with a report");
  await shot(page, "staff-import-report");
  const good = "external_id,name,email\nE2E-1,Cobalt Design,hello@cobalt.example\n";
  await page.getByLabel("CSV file").setInputFiles({ name: "clients.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported." })).toBeVisible();
  await page.goto("/staff/clients?q=Cobalt");
  await expect(page.getByRole("link", { name: "Cobalt Design" })).toBeVisible();
  expect(errors).toEqual([]);
});

/** The header in this colour: behind a balancer the other instance follows a change within
 * seconds, so the page is opened again until it does. */
async function expectHeader(page: Page, colour: string) {
  await expect(async () => {
    await page.reload();
    await expect(page.locator(".site-header")).toHaveCSS("background-color", colour, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

test("an admin brands the portal: a colour too light is refused, a dark one colours every page", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, "admin@harborpine.example");
  await page.goto("/staff/settings");
  const panel = page.getByRole("region", { name: "Branding" });
  await panel.getByLabel("Main colour").fill("#f5c518");
  await panel.getByRole("button", { name: "Save settings" }).click();
  await expect(panel.getByRole("status")).toContainText("Too light");
  await panel.getByLabel("Main colour").fill("#0b5d3b");
  await panel.getByRole("button", { name: "Save settings" }).click();
  await expect(panel.getByRole("status")).toContainText("Saved");
  await expectHeader(page, "rgb(11, 93, 59)");
  await expectAccessible(page, "/staff/settings in the firm's colour");
  await shot(page, "staff-branding");
  // Back to the portal's own colour, for the other tests.
  await panel.getByLabel("Main colour").fill("");
  await panel.getByRole("button", { name: "Save settings" }).click();
  await expectHeader(page, "rgb(31, 78, 121)");
  expect(errors).toEqual([]);
});
