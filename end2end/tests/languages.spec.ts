import fs from "node:fs";
import path from "node:path";
import { Page } from "@playwright/test";
import { ANA, PASSWORD, SAM, expect, expectAccessible, hydrated, shot, test } from "./helpers";

// A browser that asks for Hebrew: every page right to left, translated, and accessible.
test.use({ locale: "he-IL" });

/** A message of a locale's Fluent file, with `{ $name }` filled in (plain one-line messages only). */
function text(locale: string, id: string, args: Record<string, string> = {}): string {
  const file = fs.readFileSync(path.join(__dirname, "..", "..", "app", "locales", `${locale}.ftl`), "utf8");
  const line = file.split("\n").find((l) => l.startsWith(`${id} = `));
  if (!line) throw new Error(`no ${id} in ${locale}.ftl`);
  return line.slice(id.length + 3).replace(/\{ \$(\w+) \}/g, (_, name) => args[name] ?? "");
}

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await hydrated(page);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(PASSWORD);
  await page.getByRole("button", { name: text("he", "sign-in") }).click();
}

async function rightToLeft(page: Page, name: string) {
  await hydrated(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "he");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expectAccessible(page, `${name} in Hebrew`);
  await shot(page, `he-${name}`);
}

/** Opens each page and checks it as [`rightToLeft`] does; the screenshot is named after the path. */
async function visitRightToLeft(page: Page, paths: string[]) {
  for (const path of paths) {
    await page.goto(path);
    await rightToLeft(page, path.slice(1).replaceAll("/", "-"));
  }
}

test("the sign-in page speaks the browser's language and switches on request", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("he", "sign-in-title"));
  await rightToLeft(page, "login");
  await page.getByRole("link", { name: "Ελληνικά" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "el");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("el", "sign-in-title"));
  await shot(page, "el-login");
  await page.getByRole("link", { name: "עברית" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
});

test("every client page in Hebrew is right to left and accessible", async ({ page }) => {
  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  await rightToLeft(page, "dashboard");
  await visitRightToLeft(page, ["/invoices", "/statement", "/documents", "/activity", "/team", "/account"]);
  await page.goto("/invoices");
  await page.getByTestId("invoice-table").getByRole("link", { name: "INV-2026-0158" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("INV-2026-0158");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(text("he", "invoice-title").trim());
  await rightToLeft(page, "invoice");
  await page.goto("/documents");
  await page.locator("table a[href^='/documents/']").first().click();
  await expect(page).toHaveURL(/\/documents\/\d+$/);
  await rightToLeft(page, "document");
});

test("the main staff pages in Hebrew are right to left, and the editor island speaks Hebrew", async ({ page }) => {
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await rightToLeft(page, "staff-clients");
  await page.getByRole("link", { name: "Northwind Studio LLC" }).click();
  await rightToLeft(page, "staff-client");
  await visitRightToLeft(page, ["/staff", "/staff/invoices", "/staff/aging", "/staff/audit", "/staff/engagement", "/staff/invoices/new"]);
  // The editor is an island: the texts it makes in the browser come from the Hebrew file.
  await page.getByRole("button", { name: text("he", "add-line") }).click();
  await expect(page.locator(".line-row").nth(1)).toHaveAttribute("aria-label", new RegExp(text("he", "line-n").trim() + ".*2"));
});
