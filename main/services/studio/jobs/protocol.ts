/** Messages between the backend and its worker threads (structured clone, not JSON: bytes stay bytes). */
import type { JobResult, JobSpec, StudioErrorShape } from '../../../../core/contract/studio-api';
import type { Diagnostic } from '../../../../core/validate';

export interface WorkerInit {
  storeDir: string;
}

export type ToWorker =
  | { type: 'job'; spec: JobSpec }
  | { type: 'validate-state'; requestId: number; state: Uint8Array };

export type FromWorker =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'job-done'; result: JobResult }
  | { type: 'job-failed'; error: StudioErrorShape }
  | { type: 'validated'; requestId: number; diagnostics: Diagnostic[] }
  | { type: 'validate-failed'; requestId: number; error: StudioErrorShape };
