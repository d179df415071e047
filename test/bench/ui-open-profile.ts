/**
 * What the page's main thread runs in each long task of an open, from a V8 CPU profile of the open
 * (click → explorer shown), plus the explorer scroll right after it. A long task is read off the
 * profile itself — a run of samples with no idle sample longer than 50 ms — so no clock has to be
 * mapped between the profile and the page; each is listed with the functions of most self time in
 * it. `npx tsx test/bench/ui-open-profile.ts [types] [rendererDir]` (default 10000 types and
 * out/renderer); 50k takes minutes: run that under the bench lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { Workspace } from '../../main/services/store';
import { startWebHost } from '../../main/web';
import { bigOntology, scrollFps } from './ui.bench';
import { CHROMIUM_LAUNCH } from '../support/chromium';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

/** Samples that are not the main thread doing work. */
const IDLE = new Set(['(idle)', '(program)']);

interface LongTask { startMs: number; durationMs: number; top: Array<[string, number]> }

export function longTasks(profile: Profile, minMs = 50): LongTask[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out: LongTask[] = [];
  let t = profile.startTime;
  let runStart = -1;
  let self = new Map<string, number>();
  const close = (end: number): void => {
    if (runStart >= 0 && (end - runStart) / 1000 >= minMs) {
      out.push({ startMs: (runStart - profile.startTime) / 1000, durationMs: (end - runStart) / 1000, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, 8) });
    }
    runStart = -1;
    self = new Map();
  };
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    const f = byId.get(id)?.callFrame;
    const name = f?.functionName || '(anonymous)';
    if (!f || IDLE.has(name)) return close(t);
    if (runStart < 0) runStart = t;
    const where = f.url ? `${name} ${f.url.split('/').at(-1) ?? ''}:${f.lineNumber + 1}` : name;
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  close(t);
  return out;
}

async function main(): Promise<void> {
  const types = Number(process.argv[2] ?? 10000);
  const rendererDir = process.argv[3];
  const storeDir = mkdtempSync(join(tmpdir(), 'oms-open-profile-'));
  await (await Workspace.create(storeDir, 'prof', { from: bigOntology(types), verify: false })).close();
  // OMS_PROFILE_BACKEND_DELAY_MS: the backend's validation delay (a huge one keeps it from validating at all: its share of the CPU).
  const delay = process.env.OMS_PROFILE_BACKEND_DELAY_MS;
  const host = await startWebHost({ storeDir, port: 0, ...(rendererDir ? { rendererDir } : {}), ...(delay ? { backend: { validateDelayMs: Number(delay) } } : {}) });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 840 } });
    await page.addInitScript('globalThis.__name = (f) => f;');
    page.setDefaultTimeout(900_000);
    await page.goto(host.url);
    await page.getByRole('list', { name: 'Workspaces' }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await page.getByRole('listitem').filter({ hasText: 'prof' }).click({ noWaitAfter: true });
    await page.getByRole('tree', { name: 'Elements' }).waitFor();
    const openMs = Date.now() - t0;
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const { fps } = await scrollFps(page, `profile-${types}`);
    const tasks = longTasks(profile);
    console.log(`${types} types: open ${openMs} ms; explorer scroll right after open ${fps.toFixed(1)} fps; ${tasks.length} long tasks, longest ${Math.max(0, ...tasks.map((t) => t.durationMs)).toFixed(0)} ms`);
    for (const task of tasks) {
      console.log(`  task at ${task.startMs.toFixed(0)} ms: ${task.durationMs.toFixed(0)} ms — ${task.top.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`);
    }
    await cdp.detach();
  } finally {
    await browser.close();
    await host.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
