/**
 * Where the main thread's time goes while the link type editor's "To object type" picker filters
 * every object type of a big branch: the UI bench's picker measurement (ui.bench.ts) under a V8 CPU
 * profile, read as long tasks (ui-profile-kit.ts), after the page's heap once open.
 * `npx tsx test/bench/ui-picker-profile.ts [types] [profile.cpuprofile]` (default 10000); 50k under
 * the bench lock. OMS_PICKER_SETTLE_MS: the wait after the open (default 15 s, past the first validation).
 */
import { writeFileSync } from 'node:fs';
import { openProf, printLongTasks, profileWhile, withBigBranchPage } from './ui-profile-kit';
import { pickerLatency } from './ui.bench';

async function main(): Promise<void> {
  const types = Number(process.argv[2] ?? 10000);
  const out = process.argv[3];
  await withBigBranchPage(types, {}, async (page) => {
    await openProf(page);
    await page.waitForTimeout(Number(process.env.OMS_PICKER_SETTLE_MS ?? 15_000));
    // The page's JS heap once the branch is open (the replica's Y.Doc and the model index live there).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    await cdp.detach();
    console.log(`${types} types: page heap after open and a full GC ${(heap.usedSize / 1e6).toFixed(0)} MB used of ${(heap.totalSize / 1e6).toFixed(0)} MB`);
    const { result, profile } = await profileWhile(page, 200, () => pickerLatency(page, `Type${Math.floor(types / 10) - 1}`));
    if (out) writeFileSync(out, JSON.stringify(profile));
    console.log(`${types} types: picker open ${result.pickerOpenMs.toFixed(1)} ms, filter ${result.pickerFilterMs.toFixed(1)} ms`);
    printLongTasks(profile, 16);
  });
}

await main();
