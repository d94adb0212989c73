// A Playwright Test project as a team has it: two spec files, two workers.
// Its one line for silentcors is executablePath: under
// `silentcors watch -- npx playwright test`, $SILENTCORS_CHROMIUM is a
// Chromium that silentcors watches; elsewhere it is unset and Playwright
// uses its own browser.
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: __dirname,
  // The tests' own: results where the test that runs this project wants them.
  outputDir: process.env.SUITE_RESULTS_DIR || 'test-results',
  workers: 2,
  fullyParallel: true,
  reporter: 'list',
  // [readme:playwright-test-config]
  use: { launchOptions: { executablePath: process.env.SILENTCORS_CHROMIUM } },
  // [/readme:playwright-test-config]
});
