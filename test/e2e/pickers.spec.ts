/** The element pickers of the editors (issue 15): a searchable combobox, driven by the keyboard only. */
import { expect, test } from '@playwright/test';
import { goTo, openExample, openStudio, shot } from './support';

test('the value type picker filters by name and id, picks with the keyboard, and the pick is stored', async ({ page }) => {
  const errors = await openStudio(page);
  await openExample(page);
  const workspace = (await page.getByRole('contentinfo').getByTitle('Workspace').innerText()).trim();
  await goTo(page, 'Flight');
  const picker = page.getByRole('combobox', { name: 'Value type of tailNumber' });
  // Closed, it shows the current value and no list.
  await expect(picker).toHaveValue('TailNumber');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('listbox', { name: 'Value type of tailNumber' })).toHaveCount(0);

  await picker.focus();
  await page.keyboard.press('ArrowDown');
  const list = page.getByRole('listbox', { name: 'Value type of tailNumber' });
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  // Opened on the current value, which is highlighted and marked.
  await expect(list.getByRole('option', { name: 'TailNumber', selected: true })).toBeVisible();
  await shot(page, 'combobox-open-light');

  // Type to filter: "iata" keeps the names that start with it, then the one whose display name has
  // it ("IATA delay code"); each option reads its name, then its display name. The first is highlighted.
  await page.keyboard.type('iata');
  await expect(list.getByRole('option')).toHaveText([/^IataAirlineCode/, /^IataAirportCode/, /^DelayCode/]);
  await expect(list.getByRole('option', { name: 'IataAirlineCode' })).toHaveAttribute('aria-selected', 'true');
  await expect(picker).toHaveAttribute('aria-activedescendant', (await list.getByRole('option', { name: 'IataAirlineCode' }).getAttribute('id')) ?? '');
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option', { name: 'IataAirportCode' })).toHaveAttribute('aria-selected', 'true');
  await expect(list.getByRole('option', { name: 'IataAirlineCode' })).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('Enter');
  await expect(list).toHaveCount(0);
  await expect(picker).toHaveValue('IataAirportCode');
  await expect(picker).toBeFocused();

  // By id, and Escape leaves the value as it was.
  await page.keyboard.type('vt-seat');
  await expect(list.getByRole('option')).toHaveText([/^SeatCount/]);
  await page.keyboard.press('Escape');
  await expect(list).toHaveCount(0);
  await expect(picker).toHaveValue('IataAirportCode');
  // Nothing matches: the list says so and Enter changes nothing.
  await page.keyboard.type('zzz');
  await expect(page.getByText('No match')).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(picker).toHaveValue('IataAirportCode');

  // The pick is in the document and in the backend's store: a fresh page reads it back.
  await expect(page.getByRole('status', { name: 'Save state' })).toHaveText('All changes saved');
  await page.reload();
  // By its exact name: other tests open the same example as airline-2, airline-3…
  await page.getByRole('list', { name: 'Workspaces' }).getByRole('listitem').filter({ has: page.getByText(workspace, { exact: true }) }).click();
  await expect(page.getByRole('tree', { name: 'Elements' })).toBeVisible();
  await goTo(page, 'Flight');
  await expect(page.getByRole('combobox', { name: 'Value type of tailNumber' })).toHaveValue('IataAirportCode');
  expect(errors).toEqual([]);
});

test('an id set adds with the picker (members already in it are not offered); the picker looks right in dark', async ({ page }) => {
  await openStudio(page);
  await openExample(page);
  await goTo(page, 'Flight');
  const add = page.getByRole('combobox', { name: 'Add to Implements' });
  await expect(add).toHaveValue('');
  await add.focus();
  await page.keyboard.press('ArrowDown');
  const list = page.getByRole('listbox', { name: 'Add to Implements' });
  // Flight implements Scheduled already.
  await expect(list.getByRole('option')).toHaveText([/^CrewMember/, /^Employee/, /^Person/, /^SerialTracked/]);
  await page.keyboard.type('serial');
  await page.keyboard.press('Enter');
  const chips = page.getByRole('list', { name: 'Implements' });
  await expect(chips.getByRole('listitem')).toHaveText([/Scheduled/, /SerialTracked/]);
  await expect(add).toHaveValue('');

  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await goTo(page, 'flightAircraft');
  const to = page.getByRole('combobox', { name: 'To object type' });
  await expect(to).toHaveValue('Aircraft');
  await to.click();
  await expect(page.getByRole('listbox', { name: 'To object type' }).getByRole('option', { name: 'Aircraft', exact: true })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.type('air');
  await shot(page, 'combobox-open-dark');
  // Tab after typing takes the highlighted match, as a native select's type-ahead did.
  await page.keyboard.press('Tab');
  await expect(to).toHaveValue('Aircraft');
  await to.focus();
  await page.keyboard.type('airport');
  await page.keyboard.press('Tab');
  await expect(to).toHaveValue('Airport');
});
