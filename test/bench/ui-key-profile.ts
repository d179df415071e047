/**
 * Where the main thread's time goes while an API name is typed right after a big branch opened: a
 * V8 CPU profile of the typing, read as ui-open-profile.ts reads an open (tasks of ≥ 16 ms, a
 * frame, with the functions of most self time in each), plus each keystroke's keydown → frame
 * latency. The steps before it are the UI bench's (scroll 2 s, click Type1, type into its display
 * name), so the typing lands where the bench's does. `npx tsx test/bench/ui-key-profile.ts [types]`
 * (default 10000); 50k under the bench lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { Workspace } from '../../main/services/store';
import { startWebHost } from '../../main/web';
import { longTasks } from './ui-open-profile';
import { bigOntology, scrollFps } from './ui.bench';
import { CHROMIUM_LAUNCH } from '../support/chromium';

interface Probe { __lat: number[]; addEventListener(t: string, cb: () => void, o: { capture: boolean }): void; requestAnimationFrame(cb: () => void): number }

async function type(page: Page, field: string, text: string): Promise<number[]> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.keyboard.press('End');
  await page.evaluate(() => {
    const w = globalThis as unknown as Probe;
    w.__lat = [];
  });
  await page.keyboard.type(text, { delay: 30 });
  await page.waitForTimeout(300);
  return page.evaluate(() => (globalThis as unknown as Probe).__lat);
}

async function main(): Promise<void> {
  const types = Number(process.argv[2] ?? 10000);
  const storeDir = mkdtempSync(join(tmpdir(), 'oms-key-profile-'));
  await (await Workspace.create(storeDir, 'prof', { from: bigOntology(types), verify: false })).close();
  const host = await startWebHost({ storeDir, port: 0 });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 840 } });
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.addInitScript(() => {
      const w = globalThis as unknown as Probe;
      w.__lat = [];
      w.addEventListener('keydown', () => {
        const t = performance.now();
        w.requestAnimationFrame(() => w.__lat.push(performance.now() - t));
      }, { capture: true });
    });
    page.setDefaultTimeout(900_000);
    await page.goto(host.url);
    await page.getByRole('list', { name: 'Workspaces' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'prof' }).click({ noWaitAfter: true });
    await page.getByRole('tree', { name: 'Elements' }).waitFor();
    const opened = Date.now();
    const { fps } = await scrollFps(page, `key-profile-${types}`);
    // Back to the top, where Type1 is (the bench's searches do that).
    await page.evaluate(() => {
      const list = (globalThis as unknown as { document: { querySelector(s: string): { scrollTop: number } | null } }).document.querySelector('.explorer-list');
      if (list) list.scrollTop = 0;
    });
    await page.getByRole('tree', { name: 'Elements' }).getByRole('treeitem', { name: 'Type1', exact: true }).click();
    const display = await type(page, 'Display name', ' renamed by the benchmark');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const startedAt = Date.now() - opened;
    const api = await type(page, 'API name', 'RenamedByTheBench');
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Parameters<typeof longTasks>[0] };
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    console.log(`${types} types: scroll ${fps.toFixed(0)} fps; display-name keys median ${med(display).toFixed(1)} ms; API-name typing from ${startedAt} ms after open, keys median ${med(api).toFixed(1)} ms: ${api.map((x) => x.toFixed(0)).join(' ')}`);
    for (const task of longTasks(profile, 16)) {
      console.log(`  task at ${task.startMs.toFixed(0)} ms: ${task.durationMs.toFixed(0)} ms — ${task.top.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}`);
    }
    await cdp.detach();
  } finally {
    await browser.close();
    await host.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
}

await main();
