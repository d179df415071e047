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
import { TRACE_CATEGORIES, describeCost, frameCost } from './ui-trace';
import { bigOntology, scrollFps } from './ui.bench';
import { CHROMIUM_LAUNCH } from '../support/chromium';

interface Probe { __lat: number[]; __proc: number[]; __t: number; addEventListener(t: string, cb: () => void, o: { capture: boolean }): void; requestAnimationFrame(cb: () => void): number }

async function type(page: Page, field: string, text: string): Promise<number[]> {
  await page.getByRole('textbox', { name: field, exact: true }).click();
  await page.keyboard.press('End');
  await page.evaluate(() => {
    const w = globalThis as unknown as Probe;
    w.__lat = [];
    w.__proc = [];
  });
  await page.keyboard.type(text, { delay: 30 });
  await page.waitForTimeout(300);
  const proc = await page.evaluate(() => (globalThis as unknown as Probe).__proc);
  console.log(`  ${field}: keydown → input handled (React flushed): ${proc.map((x) => x.toFixed(1)).join(' ')}`);
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
      w.__proc = [];
      w.addEventListener('keydown', () => {
        const t = performance.now();
        w.__t = t;
        w.requestAnimationFrame(() => w.__lat.push(performance.now() - t));
      }, { capture: true });
      // Bubbling on window runs after React's root listener has flushed the discrete update.
      w.addEventListener('input', () => { w.__proc.push(performance.now() - w.__t); }, { capture: false });
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
    // OMS_KEY_SETTLE_MS: wait this long before the API-name typing (background work done or not).
    await page.waitForTimeout(Number(process.env.OMS_KEY_SETTLE_MS ?? 0));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const startedAt = Date.now() - opened;
    // OMS_KEY_TRACE=1: also where the typing's main-thread time went (script, style+layout, paint, GC).
    const tracing = process.env.OMS_KEY_TRACE === '1';
    if (tracing) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.evaluate(() => performance.mark('oms.bench.keys.start'));
    const api = await type(page, 'API name', 'RenamedByTheBench');
    await page.evaluate(() => performance.mark('oms.bench.keys.end'));
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Parameters<typeof longTasks>[0] };
    if (process.env.OMS_KEY_PROFILE_OUT) (await import('node:fs')).writeFileSync(process.env.OMS_KEY_PROFILE_OUT, JSON.stringify(profile));
    if (tracing) console.log(`  typing trace: ${describeCost(frameCost(await browser.stopTracing(), { fromMark: 'oms.bench.keys.start', toMark: 'oms.bench.keys.end' }), api.length)}`);
    const whole = longTasks(profile, 0).flatMap((t) => t.top);
    const total = new Map<string, number>();
    for (const [n, ms] of whole) total.set(n, (total.get(n) ?? 0) + ms);
    console.log(`  self time over the typing (top of each task): ${[...total].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}`);
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
