/**
 * Where the main thread's time goes while the link type editor's "To object type" picker filters
 * every object type of a big branch: the UI bench's picker measurement (ui.bench.ts) under a V8 CPU
 * profile, with the functions of most self and inclusive time. `npx tsx test/bench/ui-picker-profile.ts
 * [types] [profile.cpuprofile]` (default 10000); 50k under the bench lock.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { Workspace } from '../../main/services/store';
import { startWebHost } from '../../main/web';
import { longTasks } from './ui-open-profile';
import { bigOntology, pickerLatency } from './ui.bench';
import { CHROMIUM_LAUNCH } from '../support/chromium';

async function main(): Promise<void> {
  const types = Number(process.argv[2] ?? 10000);
  const out = process.argv[3];
  const storeDir = mkdtempSync(join(tmpdir(), 'oms-picker-profile-'));
  await (await Workspace.create(storeDir, 'prof', { from: bigOntology(types), verify: false })).close();
  const host = await startWebHost({ storeDir, port: 0 });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 840 } });
    await page.addInitScript('globalThis.__name = (f) => f;');
    page.setDefaultTimeout(900_000);
    await page.goto(host.url);
    await page.getByRole('list', { name: 'Workspaces' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'prof' }).click({ noWaitAfter: true });
    await page.getByRole('tree', { name: 'Elements' }).waitFor();
    // Past the first validation, as the bench's picker step mostly is.
    await page.waitForTimeout(Number(process.env.OMS_PICKER_SETTLE_MS ?? 15_000));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const { pickerOpenMs, pickerFilterMs } = await pickerLatency(page, 'Type1234');
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Parameters<typeof longTasks>[0] };
    if (out) writeFileSync(out, JSON.stringify(profile));
    console.log(`${types} types: picker open ${pickerOpenMs.toFixed(1)} ms, filter ${pickerFilterMs.toFixed(1)} ms`);
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
