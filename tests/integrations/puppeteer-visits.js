// What both Puppeteer suites do in the browser (puppeteer-suite.js connects
// to silentcors' browser, puppeteer-launch-suite.js launches its own): two
// pages, a popup whose first request is refused, a browser context of its
// own, from `page` on. Returns the failures a real suite's assertions would report.

// Until the page's own script has set its title to 'done', polled with a
// deadline. (The waits that timed out here under `watch` were the page's
// own doing: its script wrote document.body before the parser had made it,
// when a refused fetch settled first; fixture.json opens <body> now.)
async function untilDone(p) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const title = await Promise.race([
      p.evaluate(() => document.title).catch(() => ''),
      new Promise((resolve) => setTimeout(() => resolve(''), 1000)),
    ]);
    if (title === 'done') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(p.url() + ' never set its title to done');
}

async function visitPages(browser, page, frontend) {
  const failures = [];
  for (const path of ['/refused.html', '/passing.html']) {
    await page.goto(frontend + path);
    await untilDone(page);
    const outcome = await page.evaluate(() => document.body.textContent);
    if (!outcome.startsWith('ok')) failures.push(path + ': ' + outcome);
  }
  // A page opened mid-run by the page itself: its first request is refused.
  await page.goto(frontend + '/opener.html');
  const popupTarget = browser.waitForTarget((t) => t.url().endsWith('/first-request.html'));
  await page.evaluate(() => window.open('/first-request.html'));
  const popup = await (await popupTarget).page();
  await untilDone(popup);
  const first = await popup.evaluate(() => document.documentElement.dataset.outcome);
  if (!first.startsWith('ok')) failures.push('/first-request.html: ' + first);
  // A browser context of its own.
  const isolated = await browser.createBrowserContext();
  const other = await isolated.newPage();
  await other.goto(frontend + '/refused.html');
  await untilDone(other);
  await isolated.close();
  return failures;
}

module.exports = { visitPages };
