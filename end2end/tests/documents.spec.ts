import { readFileSync } from "node:fs";
import { ANA, SAM, expect, expectAccessible, hydrated, shot, signIn, test, watchForErrors } from "./helpers";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

test("staff upload a PDF; the client sees it as new, previews and downloads it", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.getByRole("link", { name: "Northwind Studio LLC" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Northwind Studio LLC");
  const panel = page.locator("section", { has: page.getByRole("heading", { name: "Upload documents" }) });
  await panel.getByLabel("Folder").selectOption("Tax forms");
  await panel.getByLabel("Title").fill("W-2 2026");
  await panel.getByLabel("Files").setInputFiles({ name: "w2-2026.pdf", mimeType: "application/pdf", buffer: PDF });
  await panel.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("document-table")).toContainText("W-2 2026");
  await shot(page, "staff-client-documents");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");

  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Documents" }).click();
  const row = page.getByTestId("document-table").getByRole("row", { name: /W-2 2026/ });
  await expect(row).toContainText("New");
  await expect(row).toContainText("Tax forms");
  await shot(page, "client-documents");
  await expectAccessible(page, "documents");
  await row.getByRole("link", { name: "W-2 2026", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("W-2 2026");
  await expect(page.locator("iframe.preview")).toHaveAttribute("src", /\/documents\/\d+\/preview$/);
  const preview = await page.request.get((await page.locator("iframe.preview").getAttribute("src"))!);
  expect(preview.headers()["content-security-policy"]).toContain("sandbox");
  await expectAccessible(page, "document");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download", exact: true }).click()]);
  expect(download.suggestedFilename()).toBe("w2-2026.pdf");
  expect(readFileSync(await download.path()).equals(PDF)).toBe(true);
  await page.goto("/documents");
  await expect(page.getByTestId("document-table").getByRole("row", { name: /W-2 2026/ })).not.toContainText("New");
  expect(errors).toEqual([]);
});

test("a client fulfils a document request by uploading, and staff download the file", async ({ page }) => {
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.getByRole("link", { name: "Baltic Amber Imports UAB" }).click();
  await hydrated(page);
  const request = page.locator("section", { has: page.getByRole("heading", { name: "Request a document" }) });
  await request.getByLabel("Title").fill("Signed engagement letter");
  await request.getByLabel("Due").fill("2026-12-31");
  await request.getByRole("button", { name: "Request a document" }).click();
  await expect(page.getByTestId("requests")).toContainText("Signed engagement letter");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");

  await signIn(page, "lina@balticamber.example");
  await expect(page).toHaveURL("/");
  await page.goto("/documents");
  const item = page.getByTestId("requests").getByRole("listitem").filter({ hasText: "Signed engagement letter" });
  await expect(item).toContainText("Requested");
  await item.getByLabel("File").setInputFiles({ name: "engagement-signed.pdf", mimeType: "application/pdf", buffer: PDF });
  await item.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("requests").getByRole("listitem").filter({ hasText: "Signed engagement letter" })).toContainText("Received");
  await expect(page.getByTestId("document-table")).toContainText("From client");
  await shot(page, "client-request-fulfilled");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");

  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.getByRole("link", { name: "Baltic Amber Imports UAB" }).click();
  const row = page.getByTestId("document-table").getByRole("row", { name: /engagement-signed\.pdf/ });
  await expect(row).toContainText("From client");
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /Download/ }).click()]);
  expect(readFileSync(await download.path()).equals(PDF)).toBe(true);
});
