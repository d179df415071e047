/**
 * Explorer scroll, two renderer builds side by side in one run (A/B): the same generated workspace
 * served by one web host per build, pages opened alternately, each scrolled after validation
 * settled with the mouse over the list (as when scrolling with a wheel), so box load hits both
 * builds alike. `npx tsx test/bench/ui-scroll-ab.ts <dirA> <dirB> [types] [rounds]`; prints fps
 * per round and the medians. A 50k workspace takes a minute per open: run that under the bench lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { Workspace } from '../../main/services/store';
import { startWebHost } from '../../main/web';
import { bigOntology, scrollFps } from './ui.bench';
import { CHROMIUM_LAUNCH } from '../support/chromium';

/** OMS_UI_BENCH_TRACE=1: also print where each scroll's main-thread time went (ui-trace.ts). */
async function fps(page: Page, label: string): Promise<number> {
  const { fps: rate, cost } = await scrollFps(page, label);
  if (cost) console.log(`  ${cost}`);
  return rate;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const [dirA, dirB, typesArg, roundsArg] = process.argv.slice(2);
  if (!dirA || !dirB) throw new Error('usage: ui-scroll-ab.ts <rendererDirA> <rendererDirB> [types] [rounds]');
  const types = Number(typesArg ?? 1000);
  const rounds = Number(roundsArg ?? 3);
  const stores = [mkdtempSync(join(tmpdir(), 'oms-ab-a-')), mkdtempSync(join(tmpdir(), 'oms-ab-b-'))];
  const o = bigOntology(types);
  for (const dir of stores) await (await Workspace.create(dir, 'ab', { from: o, verify: false })).close();
  const hosts = await Promise.all([dirA, dirB].map((rendererDir, i) => startWebHost({ storeDir: stores[i] as string, port: 0, rendererDir })));
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const results: number[][] = [[], []];
  try {
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const page = await browser.newPage({ viewport: { width: 1360, height: 840 } });
        await page.addInitScript('globalThis.__name = (f) => f;');
        page.setDefaultTimeout(900_000);
        await page.goto((hosts[i] as { url: string }).url);
        await page.getByRole('listitem').filter({ hasText: 'ab' }).click({ noWaitAfter: true });
        await page.getByRole('tree', { name: 'Elements' }).waitFor();
        // Settled if it settles within OMS_AB_SETTLE_MS (a 50k first validation can take minutes
        // on a loaded box; then both builds scroll next to it alike and the log says so).
        const settled = await page.getByText('checking…').waitFor({ state: 'hidden', timeout: Number(process.env.OMS_AB_SETTLE_MS ?? 600_000) }).then(() => true, () => false);
        if (!settled) console.log(`round ${r}: validation still running`);
        await page.mouse.move(140, 450);
        const runs: number[] = [];
        for (const k of [1, 2, 3]) runs.push(await fps(page, `ab-${r}-${i === 0 ? 'A' : 'B'}-${k}`));
        results[i]?.push(...runs);
        console.log(`round ${r} ${i === 0 ? 'A' : 'B'}: ${runs.map((x) => x.toFixed(1)).join(' ')} fps`);
        await page.close();
      }
    }
    console.log(`${types} types: A median ${median(results[0] as number[]).toFixed(1)} fps, B median ${median(results[1] as number[]).toFixed(1)} fps (B/A ${(median(results[1] as number[]) / median(results[0] as number[])).toFixed(2)})`);
  } finally {
    await browser.close();
    for (const h of hosts) await h.close();
    for (const d of stores) rmSync(d, { recursive: true, force: true });
  }
}

await main();
