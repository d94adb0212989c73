// A small Playwright suite, as a team would have it, run under
// `silentcors watch -- node playwright-suite.js`. Its only silentcors line
// is the connect line; it fails (exit 1) when a page's fetch failed, as a
// real suite's assertion would.
const { chromium } = require('playwright-core');

const frontend = process.env.FIXTURE_FRONTEND;

(async () => {
  // [readme:playwright-connect]
  const browser = await chromium.connectOverCDP(process.env.SILENTCORS_CDP_URL);
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = await context.newPage();
  // [/readme:playwright-connect]
  const failures = [];
  for (const path of ['/refused.html', '/passing.html']) {
    await page.goto(frontend + path);
    await page.waitForFunction(() => document.title === 'done');
    const outcome = await page.textContent('body');
    if (!outcome.startsWith('ok')) failures.push(path + ': ' + outcome);
  }
  // A page opened mid-run by the page itself: its first request is refused.
  await page.goto(frontend + '/opener.html');
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.evaluate(() => window.open('/first-request.html')),
  ]);
  await popup.waitForFunction(() => document.title === 'done');
  const first = await popup.evaluate(() => document.documentElement.dataset.outcome);
  if (!first.startsWith('ok')) failures.push('/first-request.html: ' + first);
  // A second browser context, as Playwright Test gives each test.
  const isolated = await browser.newContext();
  const other = await isolated.newPage();
  await other.goto(frontend + '/refused.html');
  await other.waitForFunction(() => document.title === 'done');
  await isolated.close();
  await browser.close();  // Over CDP this disconnects; the browser is silentcors'.
  for (const failure of failures) console.error('FAILED ' + failure);
  // SUITE_FAILURE_EXIT lets the tests tell the suite's own failure from silentcors' exit 1.
  process.exit(failures.length ? Number(process.env.SUITE_FAILURE_EXIT || 1) : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
