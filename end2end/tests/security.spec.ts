import { ANA, expect, expectAccessible, hydrated, shot, signIn, test, watchForErrors } from "./helpers";
import type { Page } from "@playwright/test";

/** Collects every Content-Security-Policy violation the page reports. */
async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as any).__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as any).__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (window as any).__cspViolations as string[]);
}

test("pages hydrate under their nonce policy with no violation", async ({ page }) => {
  const errors = watchForErrors(page);
  const violations = await watchPolicy(page);
  const seen: string[] = [];
  page.on("response", (r) => {
    // Pages (a plain form's post answers with a redirect to one).
    if (r.request().resourceType() === "document" && r.status() === 200) seen.push(r.headers()["content-security-policy"] ?? "none");
  });
  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  for (const path of ["/", "/invoices", "/statement", "/documents", "/activity", "/team", "/account"]) {
    await page.goto(path);
    await hydrated(page);
    expect(await violations(), path).toEqual([]);
  }
  expect(seen.every((csp) => csp.includes("'nonce-") && csp.includes("frame-ancestors 'none'"))).toBe(true);
  expect(errors).toEqual([]);
});

test("a client admin gives a colleague access to documents at /team", async ({ page, browser, baseURL }) => {
  const errors = watchForErrors(page);
  await signIn(page, ANA);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await expect(page).toHaveURL("/team");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your team");
  await hydrated(page);
  const row = page.getByTestId("people-table").locator('tr[data-person="ben@northwind.example"]');
  await expect(row.getByTestId("access")).toHaveText("Billing");
  await expectAccessible(page, "/team");
  await shot(page, "client-team");

  // Ben has billing only: no Documents in his navigation, and the section says so.
  const benContext = await browser.newContext({ baseURL });
  const ben = await benContext.newPage();
  await signIn(ben, "ben@northwind.example");
  await expect(ben).toHaveURL("/");
  const nav = ben.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Invoices" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Documents" })).toHaveCount(0);
  await ben.goto("/documents");
  await expect(ben.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page.");
  await expectAccessible(ben, "forbidden page");
  await shot(ben, "client-forbidden");

  await row.locator("summary").click();
  await row.getByLabel("Documents").check();
  await row.getByRole("button", { name: "Save access" }).click();
  await expect(row.getByTestId("access")).toHaveText("Billing · Documents");
  await ben.goto("/documents");
  await expect(ben.getByRole("heading", { level: 1 })).toHaveText("Documents");
  await benContext.close();
  expect(errors).toEqual([]);
});

test("an admin requires two-step sign-in for client users, who set it up right after their password", async ({ page, browser, baseURL }) => {
  const errors = watchForErrors(page);
  await signIn(page, "admin@harborpine.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL("/staff/settings");
  await hydrated(page);
  await expectAccessible(page, "/staff/settings");
  await shot(page, "staff-settings");
  await page.getByLabel("Require two-step sign-in for client users").check();
  await page.getByRole("region", { name: "Two-step sign-in" }).getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("section", { has: page.locator("#tf-policy") }).getByRole("status")).toContainText("Saved");

  const linaContext = await browser.newContext({ baseURL });
  const lina = await linaContext.newPage();
  await signIn(lina, "lina@balticamber.example");
  await expect(lina).toHaveURL("/two-step");
  await expect(lina.getByRole("heading", { level: 1 })).toHaveText("Set up two-step sign-in");
  await hydrated(lina);
  await lina.goto("/invoices");
  await expect(lina).toHaveURL("/two-step");
  await hydrated(lina);
  await expectAccessible(lina, "/two-step");
  await shot(lina, "two-step-required");
  await linaContext.close();

  // Back to the firm's default, for the other tests.
  await page.getByLabel("Require two-step sign-in for client users").uncheck();
  await page.getByRole("region", { name: "Two-step sign-in" }).getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("section", { has: page.locator("#tf-policy") }).getByRole("status")).toContainText("Saved");
  expect(errors).toEqual([]);
});

test("too many wrong passwords ask the visitor to wait", async ({ page }) => {
  for (let i = 0; i < 6; i++) {
    await signIn(page, "noa@galil.example", "wrong password " + i);
    await expect(page.getByRole("alert")).not.toBeEmpty();
  }
  await expect(page.getByRole("alert")).toHaveText(/Too many attempts\. Please try again in \d+ seconds?\./);
  await shot(page, "login-throttled");
});
