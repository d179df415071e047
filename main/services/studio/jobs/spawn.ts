/** Starting a studio worker thread from source (through tsx) or from the Electron bundle. */
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './protocol';

/** From source: boot.mjs registers tsx and loads worker.ts. Electron passes its bundled worker instead. */
export const SOURCE_WORKER_ENTRY = new URL('./boot.mjs', import.meta.url);

export function spawnWorker(entry: URL | string, init: WorkerInit): Worker {
  return new Worker(entry, { workerData: init });
}
