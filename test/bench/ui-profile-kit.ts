/**
 * What the UI profiling scripts (ui-open-profile.ts, ui-key-profile.ts, ui-picker-profile.ts)
 * share: a generated big branch in a fresh store behind the real web host, a Chromium page on its
 * workspace list, a V8 CPU profile of a stretch of the page's work, and that profile read as long
 * tasks. A long task is read off the profile itself — a run of samples with no idle sample longer
 * than the threshold — so no clock has to be mapped between the profile and the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { Workspace } from '../../main/services/store';
import { startWebHost, type WebHostOptions } from '../../main/web';
import { bigOntology } from './ui.bench';
import { CHROMIUM_LAUNCH } from '../support/chromium';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
export interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

/** Samples that are not the main thread doing work. */
const IDLE = new Set(['(idle)', '(program)']);

export interface LongTask { startMs: number; durationMs: number; top: Array<[string, number]> }

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


/**
 * `run(page, browser)` with a page on the workspace list of a fresh store holding workspace
 * `prof`: `types` generated object types. Everything is torn down after, also on failure.
 */
export async function withBigBranchPage(types: number, host: Omit<WebHostOptions, 'storeDir' | 'port'>, run: (page: Page, browser: Browser) => Promise<void>, initScript?: () => void): Promise<void> {
  const storeDir = mkdtempSync(join(tmpdir(), 'oms-ui-profile-'));
  await (await Workspace.create(storeDir, 'prof', { from: bigOntology(types), verify: false })).close();
  const web = await startWebHost({ storeDir, port: 0, ...host });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 840 } });
    await page.addInitScript('globalThis.__name = (f) => f;');
    if (initScript) await page.addInitScript(initScript);
    page.setDefaultTimeout(900_000);
    await page.goto(web.url);
    await page.getByRole('list', { name: 'Workspaces' }).waitFor();
    await run(page, browser);
  } finally {
    await browser.close();
    await web.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
}

/** Click workspace `prof` open and wait for its explorer (the click does not wait for the busy page). */
export async function openProf(page: Page): Promise<void> {
  await page.getByRole('listitem').filter({ hasText: 'prof' }).click({ noWaitAfter: true });
  await page.getByRole('tree', { name: 'Elements' }).waitFor();
}

/** A CPU profile of what `work` makes the page do, sampled every `intervalUs`. */
export async function profileWhile<T>(page: Page, intervalUs: number, work: () => Promise<T>): Promise<{ result: T; profile: Profile }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
    await cdp.send('Profiler.start');
    const result = await work();
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    return { result, profile };
  } finally {
    await cdp.detach();
  }
}

/** One line per task of at least `minMs`, with the functions of most self time in it. */
export function printLongTasks(profile: Profile, minMs: number, digits = 1): void {
  for (const task of longTasks(profile, minMs)) {
    console.log(`  task at ${task.startMs.toFixed(0)} ms: ${task.durationMs.toFixed(0)} ms — ${task.top.map(([n, ms]) => `${n} ${ms.toFixed(digits)}`).join(', ')}`);
  }
}
