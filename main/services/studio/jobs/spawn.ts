/**
 * Starting a studio worker thread. Electron passes its bundled worker (out/main/studio-worker.js).
 * From source (web host, tests) the worker is bundled once per process with esbuild into
 * node_modules/.cache (so its package imports resolve to the one copy of yjs in node_modules):
 * loading one file starts in milliseconds, where tsx compiling every core module inside each new
 * thread took seconds. Without esbuild (not installed), boot.mjs registers tsx instead.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerInit } from './protocol';

/** Marker for "the worker from source": resolved by `spawnWorker`. */
export const SOURCE_WORKER_ENTRY = new URL('./boot.mjs', import.meta.url);

interface EsbuildLike {
  buildSync(options: Record<string, unknown>): unknown;
  build(options: Record<string, unknown>): Promise<unknown>;
}

let bundled: URL | undefined;
let bundling: Promise<void> | undefined;

function loadEsbuild(): EsbuildLike | undefined {
  try {
    return createRequire(import.meta.url)('esbuild') as EsbuildLike;
  } catch {
    return undefined;
  }
}

/** Where the from-source bundle goes and how it is built (`tag`: the sync and async builds never write one file). */
function bundleTarget(tag: string): { outfile: string; options: Record<string, unknown> } {
  const dir = fileURLToPath(new URL('../../../../node_modules/.cache/oms-studio/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  // Per process: two test files (or two hosts) bundling at once must not overwrite each other's file.
  const outfile = `${dir}studio-worker-${process.pid}${tag}.mjs`;
  process.once('exit', () => rmSync(outfile, { force: true }));
  const options = { entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', target: 'node22', logLevel: 'error' };
  return { outfile, options };
}

function bundleFromSource(): URL {
  if (bundled) return bundled;
  const esbuild = loadEsbuild();
  if (!esbuild) return (bundled = SOURCE_WORKER_ENTRY);
  const { outfile, options } = bundleTarget('');
  esbuild.buildSync(options);
  return (bundled = pathToFileURL(outfile));
}

const fromSource = (entry: URL | string): boolean => entry instanceof URL && entry.href === SOURCE_WORKER_ENTRY.href;

/**
 * Bundle the from-source worker without holding the event loop (esbuild's async build runs in its
 * own process; the sync one blocked main for ~0.5-1 s at the first worker start), so a later
 * spawnWorker starts at once. Nothing to do for a prebuilt entry. A failed build is left to
 * spawnWorker's sync build, which reports it.
 */
export function prepareWorker(entry: URL | string): Promise<void> {
  if (!fromSource(entry) || bundled) return Promise.resolve();
  const esbuild = loadEsbuild();
  if (!esbuild) return Promise.resolve();
  bundling ??= Promise.resolve()
    .then(() => {
      const { outfile, options } = bundleTarget('-a');
      return esbuild.build(options).then(() => {
        bundled ??= pathToFileURL(outfile);
      });
    })
    .catch(() => {
      bundling = undefined;
    });
  return bundling;
}

export function spawnWorker(entry: URL | string, init: WorkerInit, resourceLimits?: ResourceLimits): Worker {
  const resolved = fromSource(entry) ? bundleFromSource() : entry;
  return new Worker(resolved, { workerData: init, ...(resourceLimits ? { resourceLimits } : {}) });
}
