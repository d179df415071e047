/**
 * core/validate off the UI thread. The worker keeps its own copy of the ontology and receives only
 * the elements that changed, so a keystroke costs one small message, not a 50k-type structured clone.
 */
import { validate, type Diagnostic } from '../../../core/validate';
import { COLLECTION_OF_KIND, type Ontology, type TopLevelKind } from '../../../core/model';

export type ValidateRequest =
  | { type: 'init'; ontology: Ontology; seq: number }
  | { type: 'patch'; seq: number; changes: Array<{ id: string; kind: TopLevelKind | null; value: unknown }>; root?: { name: string; description: string } };

export interface ValidateResponse {
  seq: number;
  diagnostics: Diagnostic[];
  ms: number;
}

let ontology: Ontology | null = null;
const where = new Map<string, TopLevelKind>();
const ALL_KINDS = Object.keys(COLLECTION_OF_KIND) as TopLevelKind[];

self.onmessage = (e: MessageEvent<ValidateRequest>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    ontology = msg.ontology;
    where.clear();
    for (const kind of ALL_KINDS) for (const id of Object.keys(ontology[COLLECTION_OF_KIND[kind]])) where.set(id, kind);
  } else if (ontology) {
    if (msg.root) Object.assign(ontology, msg.root);
    for (const c of msg.changes) {
      const previous = where.get(c.id);
      for (const kind of previous ? [previous] : ALL_KINDS) delete (ontology[COLLECTION_OF_KIND[kind]] as Record<string, unknown>)[c.id];
      if (c.kind && c.value !== null) {
        (ontology[COLLECTION_OF_KIND[c.kind]] as Record<string, unknown>)[c.id] = c.value;
        where.set(c.id, c.kind);
      } else where.delete(c.id);
    }
  }
  latest = msg.seq;
  // Patches that queued up while a pass ran are all applied before the next pass: one pass per
  // burst, not one stale pass per message (a 50k-type pass takes seconds of a core).
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
};

let scheduled = false;
let latest = 0;

function run(): void {
  scheduled = false;
  if (!ontology) return;
  const t0 = performance.now();
  const diagnostics = validate(ontology);
  const response: ValidateResponse = { seq: latest, diagnostics, ms: performance.now() - t0 };
  self.postMessage(response);
}
