/** The modelling flows of issue 15, driven like a person would: keyboard, palette, roles and names. */
import { expect, test } from '@playwright/test';
import { goTo, newWorkspace, openExample, openStudio, runCommand, shot, uniqueName, validated } from './support';

test('builds the airline core from an empty workspace with only the keyboard and the palette', async ({ page }, info) => {
  const errors = await openStudio(page);
  await shot(page, 'welcome');
  const name = uniqueName(info, 'core');
  await newWorkspace(page, name);
  await expect(page.getByRole('heading', { name: 'No elements yet' })).toBeVisible();

  for (const type of ['Flight', 'Aircraft', 'Airport']) {
    await page.keyboard.press('Alt+Shift+N');
    await expect(page.getByRole('dialog').getByRole('textbox', { name: 'API name' })).toBeFocused();
    await page.keyboard.type(type);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: type })).toBeVisible();
  }
  // A property on Airport, then one on Flight (the active editor is the target).
  await page.keyboard.press('Alt+Shift+P');
  await page.keyboard.type('iataCode');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'API name of iataCode' })).toBeFocused();

  await runCommand(page, 'New value type');
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'API name' })).toBeFocused();
  await page.keyboard.type('FlightNumber');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'FlightNumber' })).toBeVisible();

  await runCommand(page, 'New interface');
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'API name' })).toBeFocused();
  await page.keyboard.type('Scheduled');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Scheduled' })).toBeVisible();

  await runCommand(page, 'New link type');
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'API name' })).toBeFocused();
  await page.keyboard.type('flightAircraft');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('combobox', { name: 'From object type' })).toBeFocused();
  await page.keyboard.type('Flight');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Aircraft');
  // Enter takes the highlighted type (the list closes); Enter again creates the link.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog').getByRole('combobox', { name: 'To object type' })).toHaveValue('Aircraft');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'flightAircraft' })).toBeVisible();
  // The editor's ends are searchable comboboxes that show the chosen type's name.
  await expect(page.getByRole('combobox', { name: 'From object type' })).toHaveValue('Flight');
  await expect(page.getByRole('combobox', { name: 'To object type' })).toHaveValue('Aircraft');

  const tree = page.getByRole('tree', { name: 'Elements' });
  await expect(tree.getByRole('treeitem', { name: 'Object types (3)' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'Link types (1)' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'Interfaces (1)' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'Value types (1)' })).toBeVisible();
  await shot(page, 'explorer-editor');

  // It is in the store, not only in this tab: a fresh page reopens it from the backend.
  await expect(page.getByRole('status', { name: 'Save state' })).toHaveText('All changes saved');
  await page.reload();
  await page.getByRole('listitem').filter({ hasText: name }).click();
  await expect(page.getByRole('tree', { name: 'Elements' }).getByRole('treeitem', { name: 'Object types (3)' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('renaming a property: references follow, because they are ids', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await goTo(page, 'Flight');
  const field = page.getByRole('textbox', { name: 'API name of tailNumber' });
  await field.fill('registration');
  await expect(page.getByRole('textbox', { name: 'API name of registration' })).toHaveValue('registration');
  // The link's foreign key and the action rule name the property by id: both show the new name.
  await goTo(page, 'flightAircraft');
  await expect(page.getByRole('combobox', { name: 'Foreign key property' }).locator('option:checked')).toHaveText('Flight.registration');
  await goTo(page, 'AssignAircraft');
  await expect(page.getByRole('table', { name: 'Values of rule 1' })).toContainText('registration');
});

test('a problem made in the editor is listed, jumps to its field and is fixed from the problems panel', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await goTo(page, 'Airport');
  await validated(page);
  await page.getByRole('textbox', { name: 'API name', exact: true }).fill('airport hub');
  // Inline, as you type.
  await expect(page.getByRole('alert').filter({ hasText: 'INVALID_API_NAME' })).toBeVisible();
  await page.keyboard.press('Control+Shift+M');
  const problems = page.getByRole('listbox', { name: 'Problem list' });
  const problem = problems.getByRole('option', { name: /INVALID_API_NAME airport hub/ });
  await expect(problem).toBeVisible();
  await shot(page, 'problems');
  // Clicking the problem focuses the field it is about.
  await page.getByRole('tab', { name: /Airport|airport hub/ }).click();
  await problem.click();
  await expect(page.getByRole('textbox', { name: 'API name', exact: true })).toBeFocused();
  await problem.getByRole('button', { name: 'Rename to AirportHub' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'AirportHub' })).toBeVisible();
  await expect(problems.getByRole('option', { name: /INVALID_API_NAME/ })).toHaveCount(0);
});

test('undo and redo across several edits, by key and by button', async ({ page }, info) => {
  await openStudio(page);
  await newWorkspace(page, uniqueName(info, 'undo'));
  const tree = page.getByRole('tree', { name: 'Elements' });
  for (const type of ['Alpha', 'Beta', 'Gamma']) {
    await page.keyboard.press('Alt+Shift+N');
    await page.keyboard.type(type);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: type })).toBeVisible();
  }
  await page.getByRole('textbox', { name: 'Display name', exact: true }).fill('Gamma rays');
  await expect(tree.getByRole('treeitem', { name: 'Gamma' })).toContainText('Gamma rays');
  await page.getByRole('main').or(page.locator('body')).first().click({ position: { x: 700, y: 600 } });

  await page.keyboard.press('Control+Z'); // the display name
  await expect(tree.getByRole('treeitem', { name: 'Gamma' })).not.toContainText('Gamma rays');
  await page.keyboard.press('Control+Z'); // Gamma
  await expect(tree.getByRole('treeitem', { name: 'Object types (2)' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click(); // Beta
  await expect(tree.getByRole('treeitem', { name: 'Object types (1)' })).toBeVisible();
  await page.keyboard.press('Control+Shift+Z');
  await expect(tree.getByRole('treeitem', { name: 'Object types (2)' })).toBeVisible();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(tree.getByRole('treeitem', { name: 'Object types (3)' })).toBeVisible();
  await page.keyboard.press('Control+Shift+Z');
  await expect(tree.getByRole('treeitem', { name: 'Gamma' })).toContainText('Gamma rays');
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
});
