// The same Puppeteer suite, unchanged but for where its Chromium comes from:
// run as `PUPPETEER_EXECUTABLE_PATH=$SILENTCORS_CHROMIUM silentcors watch --
// node puppeteer-launch-suite.js`, it launches silentcors-chromium, which
// silentcors watches. It fails (exit 1) when a page's fetch failed.
const puppeteer = require('puppeteer-core');
const { visitPages } = require('./puppeteer-visits');

const frontend = process.env.FIXTURE_FRONTEND;

(async () => {
  // [readme:puppeteer-launch]
  const browser = await puppeteer.launch({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH });
  // [/readme:puppeteer-launch]
  const failures = await visitPages(browser, await browser.newPage(), frontend);
  await browser.close();
  for (const failure of failures) console.error('FAILED ' + failure);
  process.exit(failures.length ? Number(process.env.SUITE_FAILURE_EXIT || 1) : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
