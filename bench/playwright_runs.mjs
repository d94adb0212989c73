// Playwright's side of scripts/bench-vs-playwright: RUNS loads of URL, each
// in a fresh browser context (what a Playwright test gets), waiting for the
// page's own "done" (document.title === 'done'). Prints "ms/run X" for the
// RUNS runs after one warm-up run; the browser's start is not counted.
//   node playwright_runs.mjs URL RUNS CHROMIUM
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const [url, runsText, executablePath] = process.argv.slice(2);
const runs = Number(runsText);
const browser = await chromium.launch({ executablePath, headless: true,
  args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [] });
const once = async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'done', null, { polling: 5 });
  await context.close();
};
try {
  await once();
  const started = performance.now();
  for (let i = 0; i < runs; i++) await once();
  console.log(`ms/run ${(performance.now() - started) / runs}`);
} finally {
  await browser.close();
}
