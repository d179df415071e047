/** The messages between the page and the validation worker (validate.worker.ts); types only, so Node-typed tests can use them. */
import type { Ontology, TopLevelKind } from '../../../core/model';
import type { Diagnostic } from '../../../core/validate';
import type { PassSizes } from '../../../core/validate/incremental';

/**
 * The first state comes in parts (init, then init-part messages, then init-end): one structured
 * clone of a 50k-type ontology is a task of seconds on the page, each part one of milliseconds.
 * A part's elements travel as JSON text: JSON.stringify of an element costs the page about a third
 * of what postMessage's structured clone of the same object does (~7 vs ~20 µs at 50k types), and
 * a string crosses as one copy; the worker parses it off the page's thread.
 */
export type InitElement = [id: string, kind: TopLevelKind, value: unknown];

export type ValidateRequest =
  | { type: 'init'; header: Ontology; seq: number }
  /** `json`: JSON.stringify of an InitElement[]. */
  | { type: 'init-part'; json: string }
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
