// A small Puppeteer suite run under `silentcors watch -- node
// puppeteer-suite.js`: only the connect line knows of silentcors. It fails
// (exit 1) when a page's fetch failed, as a real suite's assertion would.
const puppeteer = require('puppeteer-core');
const { visitPages } = require('./puppeteer-visits');

const frontend = process.env.FIXTURE_FRONTEND;

(async () => {
  // [readme:puppeteer-connect]
  const browser = await puppeteer.connect({ browserWSEndpoint: process.env.SILENTCORS_CDP_URL });
  const page = await browser.newPage();
  // [/readme:puppeteer-connect]
  const failures = await visitPages(browser, page, frontend);
  await browser.disconnect();  // The browser is silentcors'; it closes it.
  for (const failure of failures) console.error('FAILED ' + failure);
  // SUITE_FAILURE_EXIT lets the tests tell the suite's own failure from silentcors' exit 1.
  process.exit(failures.length ? Number(process.env.SUITE_FAILURE_EXIT || 1) : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
