/**
 * Visual regression of the main screens against committed baselines (test/e2e/__screenshots__),
 * tolerant (maxDiffPixelRatio in playwright.config.ts) so font hinting does not fail it; names that
 * differ per run (workspace names, the recent list) are masked.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { goTo, openExample, openStudio, runCommand, uniqueName, validated } from './support';

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

test('problems panel looks as it did', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await goTo(page, 'Airport');
  await page.getByRole('textbox', { name: 'API name', exact: true }).fill('airport hub');
  await page.keyboard.press('Control+Shift+M');
  await expect(page.getByRole('listbox', { name: 'Problem list' }).getByRole('option', { name: /INVALID_API_NAME airport hub/ })).toBeVisible();
  await validated(page);
  await expect(page).toHaveScreenshot('problems.png', { mask: [page.getByRole('contentinfo')] });
});

test('command palette looks as it did', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await validated(page);
  await page.keyboard.press('Control+Shift+P');
  await page.getByRole('combobox', { name: 'Command' }).fill('new');
  await expect(page.getByRole('option', { name: /New object type/ })).toBeVisible();
  // The open palette makes the page behind it inert (out of the accessibility tree): mask by element.
  await expect(page).toHaveScreenshot('palette.png', { mask: [page.locator('footer.statusbar')] });
});

test('dark theme looks as it did', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openStudio(page);
  await openExample(page);
  await expect(page.locator('html')).toHaveClass(/dark/);
  await goTo(page, 'Flight');
  await validated(page);
  await expect(page).toHaveScreenshot('dark.png', { mask: [page.getByRole('contentinfo')] });
});

test('import report looks as it did', async ({ page }, info) => {
  await openStudio(page);
  await runCommand(page, 'Import OWL');
  const dialog = page.getByRole('dialog', { name: 'Import an ontology' });
  await dialog.getByLabel('File').setInputFiles(join(import.meta.dirname, 'fixtures/pets.ttl'));
  const name = dialog.getByRole('textbox', { name: 'Workspace name' });
  await name.fill(uniqueName(info, 'pets'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('region', { name: 'Import report' })).toBeVisible({ timeout: 30_000 });
  await expect(dialog).toHaveScreenshot('import-report.png', { mask: [name, dialog.getByRole('status').locator('strong')] });
});

test('schema graph looks as it did', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await validated(page);
  await page.keyboard.press('Alt+Shift+G');
  const graph = page.getByRole('region', { name: 'Schema graph' });
  await expect(graph.getByText(/\d+ nodes · \d+ edges/)).toBeVisible({ timeout: 30_000 });
  await expect(graph).toHaveScreenshot('graph.png');
});
