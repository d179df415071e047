/**
 * Where the main thread's time goes while an API name is typed right after a big branch opened: a
 * V8 CPU profile of the typing, read as long tasks (ui-profile-kit.ts: tasks of ≥ 16 ms, a frame,
 * with the functions of most self time in each), plus each keystroke's keydown → frame latency and
 * its keydown → input-handled part (React's flush of the discrete update). The steps before it are
 * the UI bench's (scroll 2 s, click Type1, type into its display name), so the typing lands where
 * the bench's does. `npx tsx test/bench/ui-key-profile.ts [types]` (default 10000); 50k under the
 * bench lock. OMS_KEY_SETTLE_MS waits before the API-name typing, OMS_KEY_TRACE=1 adds a trace's
 * split into script, layout, paint and GC, OMS_KEY_PROFILE_OUT=<file> keeps the profile.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { longTasks, openProf, printLongTasks, profileWhile, withBigBranchPage } from './ui-profile-kit';
import { TRACE_CATEGORIES, describeCost, frameCost } from './ui-trace';
import { scrollFps } from './ui.bench';

interface Probe { __lat: number[]; __proc: number[]; __t: number; addEventListener(t: string, cb: () => void, o: { capture: boolean }): void; requestAnimationFrame(cb: () => void): number }

function probe(): void {
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
}

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

const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const types = Number(process.argv[2] ?? 10000);
  await withBigBranchPage(types, {}, async (page, browser) => {
    await openProf(page);
    const opened = Date.now();
    const { fps } = await scrollFps(page, `key-profile-${types}`);
    // Back to the top, where Type1 is (the bench's searches do that).
    await page.evaluate(() => {
      const list = (globalThis as unknown as { document: { querySelector(s: string): { scrollTop: number } | null } }).document.querySelector('.explorer-list');
      if (list) list.scrollTop = 0;
    });
    await page.getByRole('tree', { name: 'Elements' }).getByRole('treeitem', { name: 'Type1', exact: true }).click();
    const display = await type(page, 'Display name', ' renamed by the benchmark');
    await page.waitForTimeout(Number(process.env.OMS_KEY_SETTLE_MS ?? 0));
    const startedAt = Date.now() - opened;
    const tracing = process.env.OMS_KEY_TRACE === '1';
    if (tracing) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const { result: api, profile } = await profileWhile(page, 200, async () => {
      await page.evaluate(() => performance.mark('oms.bench.keys.start'));
      const lat = await type(page, 'API name', 'RenamedByTheBench');
      await page.evaluate(() => performance.mark('oms.bench.keys.end'));
      return lat;
    });
    if (process.env.OMS_KEY_PROFILE_OUT) writeFileSync(process.env.OMS_KEY_PROFILE_OUT, JSON.stringify(profile));
    if (tracing) console.log(`  typing trace: ${describeCost(frameCost(await browser.stopTracing(), { fromMark: 'oms.bench.keys.start', toMark: 'oms.bench.keys.end' }), api.length)}`);
    const total = new Map<string, number>();
    for (const [n, ms] of longTasks(profile, 0).flatMap((t) => t.top)) total.set(n, (total.get(n) ?? 0) + ms);
    console.log(`  self time over the typing (top of each task): ${[...total].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}`);
    console.log(`${types} types: scroll ${fps.toFixed(0)} fps; display-name keys median ${med(display).toFixed(1)} ms; API-name typing from ${startedAt} ms after open, keys median ${med(api).toFixed(1)} ms: ${api.map((x) => x.toFixed(0)).join(' ')}`);
    printLongTasks(profile, 16);
  }, probe);
}

await main();
