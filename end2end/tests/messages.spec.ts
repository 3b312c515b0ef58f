import { ANA, SAM, expect, expectAccessible, shot, signIn, test, watchForErrors } from "./helpers";

test("a client asks about an invoice, staff answer, and the client reads the answer", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, ANA);
  await page.goto("/invoices");
  await page.getByTestId("invoice-table").getByRole("link", { name: "INV-2026-0158" }).click();
  await page.getByRole("link", { name: "Ask about this invoice" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New message");
  await page.getByLabel("Subject").fill("Is the June retainer included?");
  await page.getByLabel("Your message").fill("Hello, does INV-2026-0158 already include the June retainer?");
  await shot(page, "client-new-message");
  await expectAccessible(page, "new message");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/messages\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Is the June retainer included?");
  await expect(page.getByTestId("thread")).toContainText("already include the June retainer");
  await expect(page.getByRole("link", { name: "INV-2026-0158" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, SAM);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByTestId("unread-count")).toBeVisible();
  await nav.getByRole("link", { name: /Messages/ }).click();
  const row = page.getByTestId("conversations").getByRole("row", { name: /June retainer/ });
  await expect(row).toContainText("Unread");
  await expect(row).toContainText("Northwind Studio LLC");
  await shot(page, "staff-messages");
  await expectAccessible(page, "staff messages");
  await row.getByRole("link", { name: "Is the June retainer included?" }).click();
  await page.getByLabel("Your message").fill("Yes: the June retainer is line 1 of that invoice.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("thread")).toContainText("line 1 of that invoice");
  await expect(page.locator(".facts")).toContainText("Waiting for the client");
  await shot(page, "staff-conversation");
  await expectAccessible(page, "staff conversation");
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, ANA);
  await expect(page.getByRole("navigation", { name: "Main" }).getByTestId("unread-count")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Messages/ }).click();
  await page.getByTestId("conversations").getByRole("link", { name: "Is the June retainer included?" }).click();
  await expect(page.getByTestId("thread")).toContainText("line 1 of that invoice");
  await shot(page, "client-conversation");
  await expectAccessible(page, "conversation");
  await page.goto("/messages");
  await expect(page.getByRole("navigation", { name: "Main" }).getByTestId("unread-count")).toHaveCount(0);
  expect(errors).toEqual([]);
});
