/** The graph's image export, dropping a file onto the window, and a value type's live example check. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { goTo, openExample, openStudio } from './support';

async function openGraph(page: Page): Promise<ReturnType<Page['getByRole']>> {
  await page.keyboard.press('Alt+Shift+G');
  const graph = page.getByRole('region', { name: 'Schema graph' });
  await expect(graph.getByText(/\d+ nodes · \d+ edges/)).toBeVisible({ timeout: 30_000 });
  return graph;
}

test('the graph exports as SVG and PNG files holding the drawn types', async ({ page }) => {
  const errors = await openStudio(page);
  await openExample(page);
  const graph = await openGraph(page);

  const [svg] = await Promise.all([page.waitForEvent('download'), graph.getByRole('button', { name: 'SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('schema-graph.svg');
  const svgText = readFileSync(await svg.path(), 'utf8');
  expect(svgText.startsWith('<svg')).toBe(true);
  expect(svgText).toContain('Airport');
  expect(svgText).toContain('Flight');

  const [png] = await Promise.all([page.waitForEvent('download'), graph.getByRole('button', { name: 'PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('schema-graph.png');
  const bytes = readFileSync(await png.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // An image of a dozen types, not an empty canvas.
  expect(bytes.length).toBeGreaterThan(10_000);
  expect(errors).toEqual([]);
});

test('dropping a Turtle file onto the window opens the import dialog with it', async ({ page }) => {
  const errors = await openStudio(page);
  const text = readFileSync(join(import.meta.dirname, 'fixtures/pets.ttl'), 'utf8');
  // Playwright cannot drag from the OS; the browser's own drag events with a real File are what the window sees.
  const transfer = await page.evaluateHandle((ttl) => {
    const dt = new DataTransfer();
    dt.items.add(new File([ttl], 'pets.ttl', { type: 'text/turtle' }));
    return dt;
  }, text);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByText('Drop to import')).toBeVisible();
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.getByText('Drop to import')).toBeHidden();
  const dialog = page.getByRole('dialog', { name: 'Import an ontology' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Format' })).toHaveValue('turtle');
  await expect(dialog).toContainText('pets.ttl');

  // Dragging something that is not a file (text from another app) does nothing.
  const plain = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'hello');
    return dt;
  });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: plain });
  await expect(page.getByText('Drop to import')).toBeHidden();
  expect(errors).toEqual([]);
});

test('a value type checks example values against its constraints as they are typed', async ({ page }) => {
  const errors = await openStudio(page);
  await openExample(page);
  await goTo(page, 'BookingReference');
  const examples = page.getByRole('textbox', { name: 'Examples, one per line' });
  await examples.fill('ABC123\nabc123\nTOOLONG1');
  const results = page.getByRole('list', { name: 'Example results' }).getByRole('listitem');
  await expect(results).toHaveCount(3);
  await expect(results.nth(0)).toHaveClass(/INFO/);
  await expect(results.nth(1)).toHaveClass(/ERROR/);
  await expect(results.nth(2)).toHaveClass(/ERROR/);
  await expect(results.nth(1)).toContainText('abc123');

  // The check follows the constraint as it is edited: widen the pattern and the lower-case one passes.
  const pattern = page.getByRole('textbox', { name: 'Pattern (regular expression)' });
  await pattern.fill('^[A-Za-z0-9]{6}$');
  await expect(results.nth(1)).toHaveClass(/INFO/);
  await expect(results.nth(2)).toHaveClass(/ERROR/);
  expect(errors).toEqual([]);
});
