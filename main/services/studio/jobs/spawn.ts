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
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './protocol';

/** Marker for "the worker from source": resolved by `spawnWorker`. */
export const SOURCE_WORKER_ENTRY = new URL('./boot.mjs', import.meta.url);

interface EsbuildLike {
  buildSync(options: Record<string, unknown>): unknown;
}

let bundled: URL | undefined;

function bundleFromSource(): URL {
  if (bundled) return bundled;
  let esbuild: EsbuildLike;
  try {
    esbuild = createRequire(import.meta.url)('esbuild') as EsbuildLike;
  } catch {
    return (bundled = SOURCE_WORKER_ENTRY);
  }
  const dir = fileURLToPath(new URL('../../../../node_modules/.cache/oms-studio/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  // Per process: two test files (or two hosts) bundling at once must not overwrite each other's file.
  const outfile = `${dir}studio-worker-${process.pid}.mjs`;
  esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node22',
    logLevel: 'error',
  });
  process.once('exit', () => rmSync(outfile, { force: true }));
  return (bundled = pathToFileURL(outfile));
}

export function spawnWorker(entry: URL | string, init: WorkerInit): Worker {
  const resolved = entry instanceof URL && entry.href === SOURCE_WORKER_ENTRY.href ? bundleFromSource() : entry;
  return new Worker(resolved, { workerData: init });
}
