/**
 * What the page's main thread runs in each long task of an open, from a V8 CPU profile of the open
 * (click → explorer shown), plus the explorer scroll right after it; each long task (ui-profile-kit.ts)
 * is listed with the functions of most self time in it. `npx tsx test/bench/ui-open-profile.ts
 * [types] [rendererDir]` (default 10000 types and out/renderer); 50k takes minutes: run that under
 * the bench lock.
 */
import { longTasks, openProf, printLongTasks, profileWhile, withBigBranchPage } from './ui-profile-kit';
import { scrollFps } from './ui.bench';

async function main(): Promise<void> {
  const types = Number(process.argv[2] ?? 10000);
  const rendererDir = process.argv[3];
  // OMS_PROFILE_BACKEND_DELAY_MS: the backend's validation delay (a huge one keeps it from validating at all: its share of the CPU).
  const delay = process.env.OMS_PROFILE_BACKEND_DELAY_MS;
  await withBigBranchPage(types, { ...(rendererDir ? { rendererDir } : {}), ...(delay ? { backend: { validateDelayMs: Number(delay) } } : {}) }, async (page) => {
    const { result: openMs, profile } = await profileWhile(page, 500, async () => {
      const t0 = Date.now();
      await openProf(page);
      return Date.now() - t0;
    });
    const { fps } = await scrollFps(page, `profile-${types}`);
    const tasks = longTasks(profile);
    console.log(`${types} types: open ${openMs} ms; explorer scroll right after open ${fps.toFixed(1)} fps; ${tasks.length} long tasks, longest ${Math.max(0, ...tasks.map((t) => t.durationMs)).toFixed(0)} ms`);
    printLongTasks(profile, 50, 0);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
