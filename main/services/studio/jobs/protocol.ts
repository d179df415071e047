/** Messages between the backend and its worker threads (structured clone, not JSON: bytes stay bytes). */
import type { JobResult, JobSpec, StudioErrorShape } from '../../../../core/contract/studio-api';
import type { DocKey, StoredDocState } from '../../../../core/storage/doc-storage';
import type { Diagnostic } from '../../../../core/validate';
import type { LiveRequest } from './live-validation';

export interface WorkerInit {
  storeDir: string;
  /** Raise the thread's nice value by this much (Linux): background work yields the cores to the page. */
  nice?: number;
}

export type ToWorker =
  | { type: 'job'; spec: JobSpec }
  | { type: 'validate-state'; requestId: number; state: Uint8Array }
  /** Build a doc-less branch's live doc from its snapshot here, so main only loads it. */
  | { type: 'materialise'; requestId: number; workspace: string; branch: string }
  /** Read a doc's stored state from the workspace file here (a big blob is a long synchronous read). */
  | { type: 'load-state'; requestId: number; file: string; key: DocKey }
  /** `PRAGMA quick_check` of a store file on the worker's own connection. */
  | { type: 'check-file'; requestId: number; file: string }
  /** After a branch's last session closed: compact its doc if the tail is long, write its working cache. */
  | { type: 'settle'; requestId: number; workspace: string; branch: string; compactThreshold: number }
  /** An open doc's findings kept in the validation worker, in proportion to each change. */
  | LiveRequest;

export type FromWorker =
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'job-done'; result: JobResult }
  | { type: 'job-failed'; error: StudioErrorShape }
  /** Answer to validate-state (diagnostics), load-state (diagnostics none, state) or any other request (none). */
  | { type: 'reply'; requestId: number; ok: true; diagnostics: Diagnostic[]; state?: StoredDocState }
  | { type: 'reply'; requestId: number; ok: false; error: StudioErrorShape };
