/**
 * The worker's half of the `problems` stream of open docs: per doc, the ontology and its findings
 * kept up to date in proportion to each change (core/validate/incremental.ts). The worker starts
 * from the doc's stored state, read here (live-load), or from its whole state sent by main
 * (live-init); then main sends only the elements changed since (live-patch), read and
 * canonicalised on main as a commit would read them. A worker that does not know the doc (it was
 * restarted) answers LIVE_UNKNOWN and main starts it again.
 *
 * Elements are validated in the order a snapshot lists them (bucket, then id): the findings are
 * the ones a commit of that state would compute, so they can be kept under its snapshot address.
 */
import * as Y from 'yjs';
import { StudioError } from '../../../../core/contract/studio-api';
import type { Collection } from '../../../../core/model';
import { docToOntology } from '../../../../core/yjs';
import type { Diagnostic } from '../../../../core/validate';
import { IncrementalValidator, type ElementOrder, type ElementPlacement } from '../../../../core/validate/incremental';
import type { DocKey } from '../../../../core/storage/doc-storage';
import { docFromState } from '../../store/branch-session';
import { bucketOf } from '../../store/snapshots';
import type { FromWorker } from './protocol';
import { loadStoredState } from './tasks';

/** One changed element as main read it: canonical JSON where it is now, or null where it is gone. */
export type LiveEntity = [id: string, at: { collection: Collection; body: string } | null];

export type LiveRequest =
  | { type: 'live-init'; requestId: number; doc: string; state: Uint8Array }
  /** Start from the doc's stored state, read here; the first live-patch brings what it lacks. */
  | { type: 'live-load'; requestId: number; doc: string; file: string; key: DocKey }
  /** `vector`: main's state vector, sent with the first patch after a live-load (see pendingCheck). */
  | { type: 'live-patch'; requestId: number; doc: string; header: string | undefined; entities: LiveEntity[]; vector?: Uint8Array }
  | { type: 'live-drop'; requestId: number; doc: string };

const LIVE_TYPES: ReadonlySet<string> = new Set(['live-init', 'live-load', 'live-patch', 'live-drop']);

export function isLiveRequest(m: { type: string }): m is LiveRequest {
  return LIVE_TYPES.has(m.type);
}

const snapshotOrder: ElementOrder = (_c, a, b) => bucketOf(a) - bucketOf(b) || (a < b ? -1 : a > b ? 1 : 0);

const docs = new Map<string, IncrementalValidator>();
/**
 * Docs started from stored state, with that state's vector: stored state can hold what another
 * process appended that main's doc has not caught up with yet. The first patch carries main's
 * vector; unless it covers the stored one, the doc is dropped (LIVE_AHEAD) and main sends it whole.
 */
const pendingCheck = new Map<string, Map<number, number>>();

/**
 * The doc's ontology read, then the doc let go before validating and indexing: at 50k types the
 * decoded doc is the biggest thing in this thread, and holding it with the ontology and the index
 * at once is what a worker's heap may not take.
 */
function validatorOf(doc: Y.Doc): IncrementalValidator {
  let o: ReturnType<typeof docToOntology>;
  try {
    o = docToOntology(doc);
  } finally {
    doc.destroy();
  }
  const v = new IncrementalValidator(o, { order: snapshotOrder });
  v.prepare();
  return v;
}

/** Answer one live request (the findings of the doc's state; none for live-load and live-drop). */
export async function handleLive(m: LiveRequest): Promise<Diagnostic[]> {
  if (m.type === 'live-drop') {
    docs.delete(m.doc);
    pendingCheck.delete(m.doc);
    return [];
  }
  if (m.type === 'live-init' || m.type === 'live-load') {
    const doc = m.type === 'live-init' ? new Y.Doc() : docFromState(await loadStoredState(m.file, m.key));
    let vector: Map<number, number> | undefined;
    try {
      if (m.type === 'live-init') Y.applyUpdate(doc, m.state);
      else vector = Y.decodeStateVector(Y.encodeStateVector(doc));
    } catch (err) {
      doc.destroy();
      throw err;
    }
    const v = validatorOf(doc);
    docs.set(m.doc, v);
    if (vector) pendingCheck.set(m.doc, vector);
    else pendingCheck.delete(m.doc);
    return m.type === 'live-init' ? v.diagnostics : [];
  }
  const v = docs.get(m.doc);
  if (!v) throw new StudioError('LIVE_UNKNOWN', `the validation worker holds no state of doc ${m.doc}; send it whole first`);
  const stored = pendingCheck.get(m.doc);
  if (stored) {
    const main = m.vector ? Y.decodeStateVector(m.vector) : new Map<number, number>();
    for (const [client, clock] of stored) {
      if ((main.get(client) ?? 0) < clock) {
        docs.delete(m.doc);
        pendingCheck.delete(m.doc);
        throw new StudioError('LIVE_AHEAD', `the stored state of doc ${m.doc} holds updates its open doc lacks; send it whole`);
      }
    }
    pendingCheck.delete(m.doc);
  }
  const changes = new Map<string, ElementPlacement | null>();
  for (const [id, at] of m.entities) changes.set(id, at && { collection: at.collection, value: JSON.parse(at.body) as unknown });
  const header = m.header === undefined ? undefined : (JSON.parse(m.header) as Record<string, unknown>);
  return v.update(changes, header).diagnostics;
}

/** Answer `m` on the worker's port (the reply shape every validator request gets). */
export function answerLive(m: LiveRequest, send: (reply: FromWorker) => void): void {
  handleLive(m).then(
    (diagnostics) => send({ type: 'reply', requestId: m.requestId, ok: true, diagnostics }),
    (err: unknown) => send({ type: 'reply', requestId: m.requestId, ok: false, error: StudioError.toWire(err) }),
  );
}
