/**
 * Entry of the studio's worker threads: runs one job, or on request validates live doc states or
 * does the store work main leaves to its store worker (store-worker.ts).
 * Bundled as its own entry for Electron (out/main/studio-worker.js); from source it starts through
 * boot.mjs, which registers tsx first.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { StudioError } from '../../../../core/contract/studio-api';
import { answerLive, isLiveRequest } from './live-validation';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { checkFile, loadStoredState, materialise, runJob, settleBranch, transferable, validateState } from './tasks';

const port = parentPort;
if (!port) throw new Error('studio worker must run in a worker thread');
const { storeDir, nice } = workerData as WorkerInit;

/**
 * Lower this thread's priority only: on Linux a thread is a task of its own, and setpriority on
 * its id (from /proc/thread-self, "<pid>/task/<tid>") leaves the process's other threads as they
 * are. Elsewhere, or if refused, the thread runs at the usual priority.
 */
function lowerThreadPriority(by: number): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, by);
  } catch {
    // Not Linux or not permitted: same priority as before this option existed.
  }
}
if (nice) lowerThreadPriority(nice);
const send = (m: FromWorker): void => port.postMessage(m);

type StoreTask = Extract<ToWorker, { type: 'materialise' | 'check-file' | 'settle' }>;

function storeTask(m: StoreTask): Promise<void> {
  if (m.type === 'materialise') return materialise(storeDir, m.workspace, m.branch);
  if (m.type === 'check-file') return checkFile(m.file);
  return settleBranch(storeDir, m.workspace, m.branch, m.compactThreshold);
}

port.on('message', (m: ToWorker) => {
  if (isLiveRequest(m)) return answerLive(m, send);
  if (m.type === 'job') {
    runJob(storeDir, m.spec, (done, total, phase) => send({ type: 'progress', done, total, phase })).then(
      (result) => send({ type: 'job-done', result }),
      (err: unknown) => send({ type: 'job-failed', error: StudioError.toWire(err) }),
    );
  } else if (m.type === 'load-state') {
    loadStoredState(m.file, m.key).then(
      (state) => port.postMessage({ type: 'reply', requestId: m.requestId, ok: true, diagnostics: [], state } satisfies FromWorker, transferable(state)),
      (err: unknown) => send({ type: 'reply', requestId: m.requestId, ok: false, error: StudioError.toWire(err) }),
    );
  } else {
    const work = m.type === 'validate-state' ? Promise.resolve().then(() => validateState(m.state)) : storeTask(m).then(() => []);
    work.then(
      (diagnostics) => send({ type: 'reply', requestId: m.requestId, ok: true, diagnostics }),
      (err: unknown) => send({ type: 'reply', requestId: m.requestId, ok: false, error: StudioError.toWire(err) }),
    );
  }
});
