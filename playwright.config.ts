/**
 * The studio UI end to end: Debian's Chromium against the web host (real backend, real store in a
 * temp dir), started once by test/e2e/global-setup.ts. Playwright's own browser download does not
 * work on the build machines (TOOLCHAIN.md), so the executable is pinned.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './test/support/chromium';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './test/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 2,
  // Generous: the build machines run other suites at the same time; a pass never waits this long.
  timeout: 120_000,
  expect: { timeout: 20_000, toHaveScreenshot: { maxDiffPixelRatio: 0.03, animations: 'disabled', caret: 'hide' } },
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  outputDir: 'test-results/playwright',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    viewport: { width: 1360, height: 840 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
});
