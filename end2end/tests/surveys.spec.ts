import { ANA, SAM, expect, expectAccessible, shot, signIn, test, watchForErrors } from "./helpers";

test("a client answers the survey after a closed conversation and staff see it on the dashboard", async ({ page }) => {
  const errors = watchForErrors(page);
  await signIn(page, ANA);
  await page.goto("/messages/new");
  await page.getByLabel("Subject").fill("Payroll year-end");
  await page.getByLabel("Your message").fill("Can you file our year-end payroll forms?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(/\/messages\/\d+$/);
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, SAM);
  await page.goto("/staff/messages");
  await page.getByTestId("conversations").getByRole("link", { name: "Payroll year-end" }).click();
  await page.getByRole("button", { name: "Close the conversation" }).click();
  await expect(page.locator(".facts")).toContainText("Closed");
  await page.getByRole("button", { name: "Sign out" }).click();

  // Ana is asked how it went, on every page until she answers.
  await signIn(page, ANA);
  await page.getByRole("link", { name: "How are we doing? Answer one short question." }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("How are we doing?");
  const question = page.getByRole("group", { name: /Payroll year-end/ });
  await question.getByLabel("4", { exact: true }).check();
  await page.getByLabel("Anything you would like to tell us? (optional)").fill("Quick and clear, thank you.");
  await shot(page, "client-survey");
  await expectAccessible(page, "survey");
  await page.getByRole("button", { name: "Send answer" }).click();
  await expect(page.getByText("Thank you for your answer.").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "How are we doing? Answer one short question." })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, SAM);
  await page.goto("/staff");
  const satisfaction = page.getByRole("region", { name: "Client satisfaction" });
  await expect(satisfaction.getByTestId("satisfaction")).toContainText("Northwind Studio LLC");
  await expect(satisfaction.getByTestId("comments")).toContainText("Quick and clear, thank you.");
  await expect(page.getByRole("img", { name: "Average satisfaction per quarter" })).toBeVisible();
  await satisfaction.scrollIntoViewIfNeeded();
  await shot(page, "staff-dashboard-satisfaction");
  expect(errors).toEqual([]);
});
