import { readFileSync } from "node:fs";
import { ANA, SAM, expect, expectAccessible, hydrated, shot, signIn, test, watchForErrors } from "./helpers";

test("a client finds an overdue invoice, downloads its PDF and a statement", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  await page.goto("/invoices");
  await hydrated(page);
  await page.getByLabel("Status").selectOption("overdue");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=overdue/);
  const table = page.getByTestId("invoice-table");
  await expect(table.getByRole("row")).toHaveCount(3); // header + two overdue invoices
  await expect(table.getByRole("row", { name: /INV-2026-0158/ })).toContainText("Overdue");
  await shot(page, "client-invoices-overdue");

  await table.getByRole("link", { name: "INV-2026-0158" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoice INV-2026-0158");
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  expect(pdf.suggestedFilename()).toBe("INV-2026-0158.pdf");
  expect(readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe("%PDF-");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Statement" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statement of account");
  await expect(page.getByTestId("account-USD").getByTestId("closing")).toHaveText("$2,565.29");
  await shot(page, "client-statement");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(readFileSync(await csv.path(), "utf8")).toContain(",closing_balance,,,,2565.29,USD");
  const [statementPdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  expect(readFileSync(await statementPdf.path()).subarray(0, 5).toString()).toBe("%PDF-");
  await expectAccessible(page, "statement");
  expect(errors).toEqual([]);
});

test("staff record a partial payment and the client sees the new balance", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.getByRole("link", { name: "Northwind Studio LLC" }).click();
  await page.getByTestId("invoice-table").getByRole("link", { name: "INV-2026-0172" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoice INV-2026-0172");
  await hydrated(page);
  await expect(page.getByTestId("balance")).toHaveText("$979.29");
  await page.getByLabel("Amount (USD)").fill("300.00");
  await page.getByLabel("Reference").fill("WIRE-7781");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByRole("status")).toHaveText("Payment recorded.");
  await expect(page.getByTestId("balance")).toHaveText("$679.29");
  await expect(page.getByTestId("payments")).toContainText("WIRE-7781");
  await shot(page, "staff-invoice-paid-partly");
  await expectAccessible(page, "staff invoice page");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/login");

  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  await page.goto("/invoices");
  const row = page.getByTestId("invoice-table").getByRole("row", { name: /INV-2026-0172/ });
  await expect(row).toContainText("Partially paid");
  await expect(row).toContainText("$679.29");
  expect(errors).toEqual([]);
});

test("staff write a draft invoice with several lines, then issue it", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.goto("/staff/invoices/new");
  await hydrated(page);
  await page.getByLabel("Client").selectOption({ label: "Galil Engineering Ltd" });
  await page.getByLabel("Number").fill("INV-2026-0500");
  await page.getByLabel("Currency").selectOption("EUR");
  const first = page.getByRole("group", { name: "Line 1" });
  await first.getByLabel("Description").fill("Structural review");
  await first.getByLabel("Qty").fill("4");
  await first.getByLabel("Unit price").fill("150");
  await page.getByRole("button", { name: "Add line" }).click();
  const second = page.getByRole("group", { name: "Line 2" });
  await second.getByLabel("Description").fill("Site visit");
  await second.getByLabel("Qty").fill("1");
  await second.getByLabel("Unit price").fill("80.50");
  await second.getByLabel("Tax %").fill("17");
  await shot(page, "staff-new-invoice");
  await expectAccessible(page, "new invoice form");
  await page.getByRole("button", { name: "Save draft" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invoice INV-2026-0500");
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
  // €600.00 + €80.50 + 17 % of €80.50 (€13.69) = €694.19
  await expect(page.getByTestId("lines")).toContainText("Site visit");
  await page.getByRole("button", { name: "Issue invoice" }).click();
  await expect(page.locator(".invoice-head .badge")).toHaveText("Open");
  await expect(page.getByTestId("balance")).toHaveText("€694.19");
  expect(errors).toEqual([]);
});

test("the staff invoice list and aging report are accessible", async ({ page }) => {
  await signIn(page, SAM);
  await expect(page).toHaveURL("/staff/clients");
  await page.goto("/staff/invoices?status=overdue");
  await hydrated(page);
  await expect(page.getByTestId("invoice-table").getByRole("row")).toHaveCount(4);
  await page.getByLabel("Client").selectOption({ label: "Baltic Amber Imports UAB" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/client=\d+/);
  await expect(page.getByTestId("invoice-table").getByRole("row")).toHaveCount(2);
  await expect(page.getByTestId("invoice-table")).toContainText("INV-2026-0149");
  await expectAccessible(page, "staff invoices");
  await shot(page, "staff-invoices");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  await page.getByRole("link", { name: "Aging by client" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aging report");
  await expect(page.getByTestId("aging-table")).toContainText("Northwind Studio LLC");
  await expectAccessible(page, "aging report");
  await shot(page, "staff-aging");
});
