// A page that opens another: its very first request is refused.
const { test, expect } = require('@playwright/test');

const frontend = process.env.FIXTURE_FRONTEND;

test('the popup renders', async ({ page }) => {
  await page.goto(frontend + '/opener.html');
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.evaluate(() => window.open('/first-request.html')),
  ]);
  await expect(popup).toHaveTitle('done');
});
