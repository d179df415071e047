/**
 * core/validate off the UI thread, in proportion to each change. The worker keeps its own copy of
 * the ontology and receives only the elements that changed, so a keystroke costs one small message,
 * not a 50k-type structured clone; after one whole pass at init, each patch re-validates only the
 * elements it can affect (core/validate/incremental.ts), milliseconds where a whole pass of 50k
 * types takes seconds of a core the page needs.
 */
import { COLLECTION_OF_KIND, type Ontology } from '../../../core/model';
import { IncrementalValidator, type ElementPlacement, type PassSizes } from '../../../core/validate/incremental';
import type { InitElement, ValidateRequest, ValidateResponse } from './validate-protocol';

let validator: IncrementalValidator | null = null;
/** An init not yet validated (complete once its init-end came), and the patches that arrived after it or since the last pass. */
let initial: Ontology | null = null;
let initialComplete = false;
const pending = new Map<string, ElementPlacement | null>();
let root: { name: string; description: string } | undefined;
let scheduled = false;
let latest = 0;

self.onmessage = (e: MessageEvent<ValidateRequest>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    initial = msg.header;
    initialComplete = false;
    validator = null;
    pending.clear();
    root = undefined;
    return;
  } else if (msg.type === 'init-part') {
    if (!initial) return;
    for (const [id, kind, value] of JSON.parse(msg.json) as InitElement[]) (initial[COLLECTION_OF_KIND[kind]] as Record<string, unknown>)[id] = value;
    return;
  } else if (msg.type === 'init-end') {
    initialComplete = true;
  } else {
    // Later patches of an id replace earlier ones: only where it is now matters.
    for (const c of msg.changes) pending.set(c.id, c.kind && c.value !== null ? { collection: COLLECTION_OF_KIND[c.kind], value: c.value } : null);
    if (msg.root) root = msg.root;
  }
  // init-end repeats the init's seq, which patches sent while the parts went have passed.
  latest = Math.max(latest, msg.seq);
  // Patches that queued up while a pass ran are all applied before the next pass: one pass per burst.
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
};

function run(): void {
  scheduled = false;
  const t0 = performance.now();
  let sizes: PassSizes | undefined;
  // Patches that came while the first state was still arriving wait for its last part.
  if (initial && !initialComplete) return;
  if (initial) {
    validator = new IncrementalValidator(initial);
    initial = null;
  }
  if (!validator) return;
  if (pending.size > 0 || root) {
    const header = root ? { ...validator.headerFields(), ...root } : undefined;
    sizes = validator.update(new Map(pending), header).sizes;
    pending.clear();
    root = undefined;
  }
  const response: ValidateResponse = { seq: latest, diagnostics: validator.diagnostics, ms: performance.now() - t0, ...(sizes ? { sizes } : {}) };
  self.postMessage(response);
  // The first findings are out; the index the next patches need is built before they are read.
  validator.prepare();
}
