import fs from "node:fs";
import path from "node:path";
import { expect, Page, test } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const PASSWORD = "portico-demo-2026";
export const ANA = "ana@northwind.example";
export const SAM = "sam@harborpine.example";

/** Fails the test on any uncaught error in the page (a hydration mismatch shows up here). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}

/** Waits until the wasm app has hydrated the server-rendered page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Saves a screenshot for people to look at (end2end/screenshots, ignored by git). */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

/** axe-core scan: no serious or critical WCAG 2.1 A/AA violation. */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `accessibility of ${what}`,
  ).toEqual([]);
}

/** A mail the test SMTP server accepted (see server/tests/smtp_sink.py). */
export type Mail = { rcpt_tos: string[]; subject: string; text: string; html: string; headers: Record<string, string> };

/** Waits for the newest mail to `to` whose subject matches, as the SMTP server wrote it down
 * (in end2end/.mail, or PORTICO_E2E_MAIL_DIR when the portal is someone else's). */
export async function mailTo(to: string, subject: RegExp): Promise<Mail> {
  const dir = process.env.PORTICO_E2E_MAIL_DIR ?? path.join(__dirname, "..", ".mail");
  for (let i = 0; i < 150; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().reverse() : [];
    for (const f of files) {
      const mail = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Mail;
      if (mail.rcpt_tos.includes(to) && subject.test(mail.subject)) return mail;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} matching ${subject}`);
}

/** The first link in a mail's text that goes to `pathPrefix` on the portal. */
export function linkIn(mail: Mail, pathPrefix: string): string {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[?]/g, "\\?")}[^\\s]*`));
  if (!match) throw new Error(`no ${pathPrefix} link in: ${mail.text}`);
  return new URL(match[0]).pathname + new URL(match[0]).search;
}

export { expect, test };
