/**
 * Visual regression of the main screens against committed baselines (test/e2e/__screenshots__),
 * tolerant (maxDiffPixelRatio in playwright.config.ts) so font hinting does not fail it; names that
 * differ per run (workspace names, the recent list) are masked.
 */
import { expect, test } from '@playwright/test';
import { goTo, openExample, openStudio, validated } from './support';

test('welcome screen looks as it did', async ({ page }) => {
  await openStudio(page);
  await expect(page.getByRole('list', { name: 'Examples' })).toContainText('Airline');
  // Above the recent-workspaces list, whose length depends on which tests ran first.
  await expect(page).toHaveScreenshot('welcome.png', { clip: { x: 0, y: 0, width: 1360, height: 575 } });
});

test('explorer and object type editor look as they did', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await goTo(page, 'Flight');
  await validated(page);
  await expect(page).toHaveScreenshot('explorer-editor.png', { mask: [page.getByRole('contentinfo')] });
});
