/**
 * Jobs: one worker thread per job, so cancelling is terminating that thread (no cooperative checks
 * to forget inside a parser) and a crash in a job takes only the job down.
 */
import { existsSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { StudioError, type ApiEvents, type JobInfo, type JobSpec, type StudioErrorShape } from '../../../../core/contract/studio-api';
import { workspaceFile } from '../../store';
import type { FromWorker, ToWorker } from './protocol';
import { prepareWorker, spawnWorker } from './spawn';

export interface JobRunnerOptions {
  storeDir: string;
  workerEntry: URL | string;
  /** Job events go to every client: the job list is shared by all windows. */
  broadcast: <E extends 'job.progress' | 'job.done'>(event: E, payload: ApiEvents[E]) => void;
  /** Runs before the worker starts (main flushes open docs so the worker reads them). */
  prepare: (spec: JobSpec) => Promise<void>;
  /** Finished jobs kept in jobs.list (default 50). */
  keep?: number;
}

interface Job {
  info: JobInfo;
  worker: Worker | undefined;
  /** Files to remove if the job does not finish (an import's half-written workspace). */
  cleanup: string[];
}

export class JobRunner {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly options: JobRunnerOptions) {}

  async start(spec: JobSpec): Promise<string> {
    const cleanup: string[] = [];
    if (spec.kind === 'import') {
      const file = workspaceFile(this.options.storeDir, spec.name);
      if (existsSync(file)) throw new StudioError('WORKSPACE_EXISTS', `workspace "${spec.name}" already exists`, { workspace: spec.name });
      cleanup.push(file, `${file}-wal`, `${file}-shm`);
    }
    await this.options.prepare(spec);
    await prepareWorker(this.options.workerEntry);
    const jobId = randomUUID();
    const job: Job = { info: { jobId, kind: spec.kind, state: 'running', phase: 'starting', done: 0, total: 1, startedAt: Date.now() }, worker: undefined, cleanup };
    this.jobs.set(jobId, job);
    const worker = spawnWorker(this.options.workerEntry, { storeDir: this.options.storeDir });
    job.worker = worker;
    worker.on('message', (m: FromWorker) => this.onMessage(job, m));
    worker.on('error', (err) => void this.finish(job, 'failed', { code: 'JOB_FAILED', message: `job crashed: ${err.message}` }));
    worker.on('exit', (code) => void this.finish(job, 'failed', { code: 'JOB_FAILED', message: `job worker exited with code ${code}` }));
    worker.postMessage({ type: 'job', spec } satisfies ToWorker);
    return jobId;
  }

  private onMessage(job: Job, m: FromWorker): void {
    if (job.info.state !== 'running') return;
    if (m.type === 'progress') {
      Object.assign(job.info, { done: m.done, total: m.total, phase: m.phase });
      this.options.broadcast('job.progress', { jobId: job.info.jobId, done: m.done, total: m.total, phase: m.phase });
    } else if (m.type === 'job-done') {
      job.cleanup = [];
      this.options.broadcast('job.done', { jobId: job.info.jobId, ok: true, result: m.result });
      void this.finish(job, 'done');
    } else if (m.type === 'job-failed') {
      void this.finish(job, 'failed', m.error);
    }
  }

  /** Stop the worker, then remove what an unfinished job left (after the thread is gone, so it cannot write again). */
  private async finish(job: Job, state: JobInfo['state'], error?: StudioErrorShape): Promise<void> {
    if (job.info.state !== 'running') return;
    job.info.state = state;
    const worker = job.worker;
    job.worker = undefined;
    await worker?.terminate();
    for (const f of job.cleanup) rmSync(f, { force: true });
    if (error) this.options.broadcast('job.done', { jobId: job.info.jobId, ok: false, error });
    this.trim();
  }

  /** Resolves once the worker is stopped and its leftovers removed. */
  async cancel(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (!job) throw new StudioError('JOB_NOT_FOUND', `no job ${jobId}`, { jobId });
    await this.finish(job, 'cancelled', { code: 'JOB_CANCELLED', message: 'the job was cancelled' });
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  private trim(): void {
    const finished = [...this.jobs.values()].filter((j) => j.info.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - (this.options.keep ?? 50)))) this.jobs.delete(j.info.jobId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.jobs.values()].filter((j) => j.info.state === 'running').map((j) => this.cancel(j.info.jobId)));
  }
}
