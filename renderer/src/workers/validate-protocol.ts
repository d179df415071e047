/** The messages between the page and the validation worker (validate.worker.ts); types only, so Node-typed tests can use them. */
import type { Ontology, TopLevelKind } from '../../../core/model';
import type { Diagnostic } from '../../../core/validate';
import type { PassSizes } from '../../../core/validate/incremental';

/**
 * The first state comes in parts (init, then init-part messages, then init-end): one structured
 * clone of a 50k-type ontology is a task of seconds on the page, each part one of milliseconds.
 */
export type ValidateRequest =
  | { type: 'init'; header: Ontology; seq: number }
  | { type: 'init-part'; elements: Array<[id: string, kind: TopLevelKind, value: unknown]> }
  | { type: 'init-end'; seq: number }
  | { type: 'patch'; seq: number; changes: Array<{ id: string; kind: TopLevelKind | null; value: unknown }>; root?: { name: string; description: string } };

export interface ValidateResponse {
  seq: number;
  diagnostics: Diagnostic[];
  /** How long the pass took in the worker. */
  ms: number;
  /** What the pass judged (undefined for the whole pass at init). */
  sizes?: PassSizes;
}
