/**
 * Entry of the studio's worker threads: runs one job, or validates live doc states on request.
 * Bundled as its own entry for Electron (out/main/studio-worker.js); from source it starts through
 * boot.mjs, which registers tsx first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StudioError } from '../../../../core/contract/studio-api';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { loadStoredState, materialise, runJob, transferable, validateState } from './tasks';

const port = parentPort;
if (!port) throw new Error('studio worker must run in a worker thread');
const { storeDir } = workerData as WorkerInit;
const send = (m: FromWorker): void => port.postMessage(m);

port.on('message', (m: ToWorker) => {
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
    const work = m.type === 'validate-state' ? Promise.resolve().then(() => validateState(m.state)) : materialise(storeDir, m.workspace, m.branch).then(() => []);
    work.then(
      (diagnostics) => send({ type: 'reply', requestId: m.requestId, ok: true, diagnostics }),
      (err: unknown) => send({ type: 'reply', requestId: m.requestId, ok: false, error: StudioError.toWire(err) }),
    );
  }
});
