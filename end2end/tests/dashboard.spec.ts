import { SAM, expect, expectAccessible, shot, signIn, test, watchForErrors } from "./helpers";

test("staff see receivables with charts, who needs attention and what each client is worth", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, SAM);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  await expect(page).toHaveURL("/staff");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview");
  // Each chart is an image with a name, and its figures are in a table beside it.
  await expect(page.getByRole("img", { name: "Aging of USD receivables" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Billed and paid per month, USD" })).toBeVisible();
  const usd = page.getByTestId("position").filter({ hasText: "USD" });
  await expect(usd.getByRole("row", { name: /Current/ })).toBeVisible();
  await expect(page.getByTestId("client-value")).toContainText("Northwind Studio LLC");
  await expect(page.getByTestId("recent-activity")).toBeVisible();
  await shot(page, "staff-dashboard");
  await expectAccessible(page, "staff dashboard");
  // Every table downloads as CSV.
  for (const table of ["receivables", "attention", "activity", "clients"]) {
    const res = await page.request.get(`/staff/dashboard/${table}.csv`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
  }
  await page.getByRole("link", { name: "Aging by client" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aging report");
  expect(errors).toEqual([]);
});
