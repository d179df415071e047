/**
 * The page's validation worker module (renderer/src/workers/validate.worker.ts) loaded under Node:
 * a stand-in `self` takes its postMessage answers and hands it requests, as the browser would.
 */
import { vi } from 'vitest';
import type { ValidateRequest, ValidateResponse } from '../../renderer/src/workers/validate-protocol';

interface WorkerScope {
  postMessage: (r: ValidateResponse) => void;
  onmessage: ((e: { data: ValidateRequest }) => void) | null;
}

/** A fresh instance of the worker module; call vi.unstubAllGlobals() when done. */
export async function loadWorker(): Promise<{ send: (m: ValidateRequest) => void; answers: ValidateResponse[] }> {
  const answers: ValidateResponse[] = [];
  const scope: WorkerScope = { postMessage: (r) => answers.push(r), onmessage: null };
  vi.stubGlobal('self', scope);
  vi.resetModules();
  // A path the type checker does not follow: the worker is typed for the web, these tests for Node.
  const worker = '../../renderer/src/workers/validate.worker';
  await import(worker);
  return { send: (m) => scope.onmessage?.({ data: m }), answers };
}
