import { ANA, SAM, expect, expectAccessible, hydrated, shot, signIn, test, watchForErrors } from "./helpers";

test("a client's download shows in the client's timeline for staff within a second, with IP and browser", async ({ page, browser, baseURL }) => {
  // A long journey across seven pages (each with an accessibility scan and a full-page shot).
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  // Staff first: the Northwind page with its activity timeline, ready to refresh.
  const staffContext = await browser.newContext({ baseURL });
  const staff = await staffContext.newPage();
  await signIn(staff, SAM);
  await expect(staff).toHaveURL("/staff/clients");
  await staff.getByRole("link", { name: "Northwind Studio LLC" }).click();
  const timeline = staff.locator("section.activity-section");
  await expect(timeline.getByRole("heading", { name: "Activity" })).toBeVisible();
  await hydrated(staff);

  await signIn(page, ANA);
  await expect(page).toHaveURL("/");
  const userAgent = await page.evaluate(() => navigator.userAgent);
  await page.goto("/documents");
  const row = page.getByTestId("document-table").getByRole("row").nth(1);
  const title = (await row.getByRole("link").first().textContent())!.trim();
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /Download/ }).click()]);
  await download.path();
  const downloadedAt = Date.now();

  await timeline.getByLabel("Action").selectOption("document");
  await timeline.getByRole("button", { name: "Apply" }).click();
  const event = timeline.getByTestId("activity-table").locator('tr[data-action="document.downloaded"]').first();
  await expect(event).toContainText(title, { timeout: 1000 });
  const seenAfter = Date.now() - downloadedAt;
  console.log(`staff saw the download ${seenAfter} ms after it finished`);
  expect(seenAfter).toBeLessThan(1000);
  await expect(event).toContainText("Ana Reyes");
  await expect(event.getByTestId("event-ip")).toHaveText("127.0.0.1");
  await expect(event.getByTestId("event-ua")).toHaveAttribute("title", userAgent);
  await expect(event.getByTestId("event-ua")).toHaveText(/^Chrome \d+ on /);
  await shot(staff, "staff-client-timeline");
  await expectAccessible(staff, "client timeline");

  // The invoice list's read receipts, the audit search and engagement.
  await staff.goto("/staff/invoices");
  await expect(staff.getByTestId("invoice-table")).toContainText(/viewed (once|\d+ times) · last .* by /);
  await expect(staff.getByTestId("invoice-table")).toContainText("never viewed");
  await shot(staff, "staff-invoices-receipts");
  await staff.goto("/staff/audit?outcome=failed");
  await hydrated(staff);
  await expect(staff.getByTestId("activity-table")).toContainText("Sign-in failed");
  await expectAccessible(staff, "/staff/audit");
  await shot(staff, "staff-audit");
  await staff.goto("/staff/engagement");
  await expect(staff.getByTestId("engagement-clients")).toContainText("Not seen for 30+ days");
  await expect(staff.getByTestId("never-viewed")).toContainText("INV-2026-");
  await expectAccessible(staff, "/staff/engagement");
  await shot(staff, "staff-engagement");
  await staffContext.close();

  // Ana is Northwind's admin: she sees her company's activity, and no staff activity.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Activity");
  await expect(page.getByTestId("activity-table")).toContainText("Downloaded document");
  await expect(page.getByTestId("activity-table")).not.toContainText("Sam Carter");
  await expectAccessible(page, "/activity");
  await shot(page, "client-activity");
  expect(errors).toEqual([]);
});
