import { ANA, SAM, expect, expectAccessible, shot, signIn, test, watchForErrors } from "./helpers";

test("a client admin asks to change the company's details and staff approve it", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, ANA);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Company" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Company details");
  await expect(page.locator(".facts")).toContainText("EIN 91-1234567");
  await page.getByLabel("Phone").fill("+1 206 555 0177");
  await page.getByLabel("Billing address").fill("77 Market Street\nSeattle, WA 98101\nUnited States");
  await page.getByRole("button", { name: "Send for approval" }).click();
  await expect(page.getByText("Sent. The firm will check it")).toBeVisible();
  const mine = page.getByTestId("change-request").first();
  await expect(mine).toContainText("Waiting for the firm");
  await expect(mine).toContainText("+1 206 555 0177");
  await shot(page, "client-company");
  await expectAccessible(page, "company details");
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, SAM);
  await page.goto("/staff/clients");
  await page.getByRole("link", { name: "Changes to approve" }).click();
  const request = page.getByTestId("change-request").filter({ hasText: "Northwind Studio LLC" }).first();
  await expect(request).toContainText("77 Market Street");
  await shot(page, "staff-changes");
  await expectAccessible(page, "changes to approve");
  await request.getByLabel("Note to the client (optional)").fill("Thanks, updated.");
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, ANA);
  await page.goto("/company");
  await expect(page.locator(".facts")).toContainText("+1 206 555 0177");
  const answered = page.getByTestId("change-request").first();
  await expect(answered).toContainText("Approved");
  await expect(answered).toContainText("Thanks, updated.");
  expect(errors).toEqual([]);
});
