// The team's tests check what the page shows, not CORS: they pass while a
// refused traceparent makes the page's call fail silently. (The pages are
// fixture.json's, served by the built-in fixture app.)
const { test, expect } = require('@playwright/test');

const frontend = process.env.FIXTURE_FRONTEND;

test('the refused page renders', async ({ page }) => {
  await page.goto(frontend + '/refused.html');
  await expect(page).toHaveTitle('done');
});

test('the passing page renders', async ({ page }) => {
  await page.goto(frontend + '/passing.html');
  await expect(page).toHaveTitle('done');
  await expect(page.locator('body')).toHaveText(/^ok/);
});
