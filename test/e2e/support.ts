/** Shared steps of the studio specs: open the host, make a workspace, run palette commands, screenshots. */
import { expect, type Page, type TestInfo } from '@playwright/test';

export function studioUrl(): string {
  const url = process.env.STUDIO_URL;
  if (!url) throw new Error('STUDIO_URL is not set: run through playwright.config.ts (its globalSetup starts the web host)');
  return url;
}

/** A workspace name no other test (or worker) uses. */
export function uniqueName(info: TestInfo, base: string): string {
  return `${base}-${info.workerIndex}-${Date.now().toString(36)}`;
}

/** Opens the studio; the returned list collects uncaught page errors (a test asserts it stays empty). */
export async function openStudio(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(studioUrl());
  await expect(page.getByRole('heading', { name: 'OMS Studio' })).toBeVisible({ timeout: 30_000 });
  return errors;
}

/** Run a command through the palette, keyboard only. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+K');
  const input = page.getByRole('combobox', { name: 'Command' });
  await expect(input).toBeFocused();
  await input.fill(title);
  await expect(page.getByRole('option', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') }).first()).toBeVisible();
  await page.keyboard.press('Enter');
}

export async function newWorkspace(page: Page, name: string): Promise<void> {
  await runCommand(page, 'New workspace');
  const field = page.getByRole('textbox', { name: 'Workspace name' });
  await expect(field).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Explorer' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText(name);
}

export async function openExample(page: Page, name = 'Airline'): Promise<void> {
  await page.getByRole('listitem', { name: new RegExp(`Open example ${name}`, 'i') }).click();
  await expect(page.getByRole('tree', { name: 'Elements' })).toBeVisible({ timeout: 30_000 });
}

/** Open an element by name through the palette's "Go to". */
export async function goTo(page: Page, apiName: string): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.getByRole('combobox', { name: 'Command' }).fill(apiName);
  await page.getByRole('option', { name: new RegExp(`^${apiName}\\b`) }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: apiName, exact: true })).toBeVisible();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}

/** Wait until the worker's validation has caught up with the last edit. */
export async function validated(page: Page): Promise<void> {
  await expect(page.getByRole('contentinfo')).not.toContainText('checking…');
}
