/** Import with its report, the graph (focus, click through), the palette and the dark theme. */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openExample, openStudio, runCommand, shot, uniqueName } from './support';

test('imports a Turtle file and reads its report', async ({ page }, info) => {
  await openStudio(page);
  await runCommand(page, 'Import OWL');
  const dialog = page.getByRole('dialog', { name: 'Import an ontology' });
  await dialog.getByLabel('File').setInputFiles(join(import.meta.dirname, 'fixtures/pets.ttl'));
  await expect(dialog.getByRole('combobox', { name: 'Format' })).toHaveValue('turtle');
  await dialog.getByRole('textbox', { name: 'Workspace name' }).fill(uniqueName(info, 'pets'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.getByRole('status')).toContainText('3 object types');
  await expect(report.getByRole('region', { name: 'Mapped', exact: true })).toContainText('class → object type');
  await expect(report.getByRole('region', { name: 'Not mapped' })).toContainText('rdf:type');
  await shot(page, 'import-report');
  await report.getByRole('button', { name: 'Open workspace' }).click();
  await expect(page.getByRole('tree', { name: 'Elements' }).getByRole('treeitem', { name: 'Pet' })).toBeVisible();
});

test('the graph: focus a type and its neighbourhood, click through to the editor', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await page.keyboard.press('Alt+Shift+G');
  const graph = page.getByRole('region', { name: 'Schema graph' });
  await expect(graph).toBeVisible();
  await expect(graph.getByText(/\d+ nodes · \d+ edges/)).toBeVisible({ timeout: 30_000 });
  await shot(page, 'graph');
  // A searchable combobox (a select of every type was 50k options at 50k): type, Enter.
  await graph.getByRole('combobox', { name: 'Focus on' }).click();
  await page.keyboard.type('Runway');
  await page.keyboard.press('Enter');
  await expect(graph.getByRole('combobox', { name: 'Focus on' })).toHaveValue('Runway');
  await expect(graph.getByText(/^2 nodes · 1 edge$/)).toBeVisible({ timeout: 30_000 });
  await graph.getByRole('combobox', { name: 'Neighbourhood hops' }).selectOption('2');
  await expect(graph.getByText(/^(\d+) nodes/)).not.toHaveText(/^2 nodes/, { timeout: 30_000 });
  await graph.getByRole('group', { name: 'Object type Airport' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Airport' })).toBeVisible();
});

test('palette lists commands with shortcuts; export preview; dark theme', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await page.keyboard.press('Control+Shift+P');
  const input = page.getByRole('combobox', { name: 'Command' });
  await expect(input).toBeFocused();
  await input.fill('new');
  await expect(page.getByRole('option', { name: /New object type.*Alt.*Shift.*N/ })).toBeVisible();
  await shot(page, 'palette');
  await page.keyboard.press('Escape');
  await runCommand(page, 'Export');
  const exportDialog = page.getByRole('dialog', { name: 'Export' });
  await expect(exportDialog.getByRole('combobox', { name: 'Format' })).toHaveValue('turtle');
  await expect(exportDialog.getByLabel('Export preview')).toContainText('@prefix', { timeout: 30_000 });
  await exportDialog.getByRole('combobox', { name: 'Format' }).selectOption('graphql');
  await expect(exportDialog.getByLabel('Export preview')).toContainText('type Flight', { timeout: 30_000 });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByRole('tree', { name: 'Elements' }).getByRole('treeitem', { name: 'Flight', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Flight' })).toBeVisible();
  await shot(page, 'dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});
