/**
 * The worker's half of the `problems` stream of open docs: per doc, the ontology and its findings
 * kept up to date in proportion to each change (core/validate/incremental.ts). Main sends the doc's
 * whole state once (live-init), then only the elements changed since its previous pass, read and
 * canonicalised on main as a commit would read them (live-patch); a worker that does not know the
 * doc (it was restarted) answers LIVE_UNKNOWN and main starts again with live-init.
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
import { bucketOf } from '../../store/snapshots';
import type { FromWorker } from './protocol';

/** One changed element as main read it: canonical JSON where it is now, or null where it is gone. */
export type LiveEntity = [id: string, at: { collection: Collection; body: string } | null];

export type LiveRequest =
  | { type: 'live-init'; requestId: number; doc: string; state: Uint8Array }
  | { type: 'live-patch'; requestId: number; doc: string; header: string | undefined; entities: LiveEntity[] }
  | { type: 'live-drop'; requestId: number; doc: string };

const LIVE_TYPES: ReadonlySet<string> = new Set(['live-init', 'live-patch', 'live-drop']);

export function isLiveRequest(m: { type: string }): m is LiveRequest {
  return LIVE_TYPES.has(m.type);
}

const snapshotOrder: ElementOrder = (_c, a, b) => bucketOf(a) - bucketOf(b) || (a < b ? -1 : a > b ? 1 : 0);

const docs = new Map<string, IncrementalValidator>();

/** Answer one live request (the findings of the doc's state; none for live-drop). */
export function handleLive(m: LiveRequest): Diagnostic[] {
  if (m.type === 'live-drop') {
    docs.delete(m.doc);
    return [];
  }
  if (m.type === 'live-init') {
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, m.state);
      const v = new IncrementalValidator(docToOntology(doc), { order: snapshotOrder });
      v.prepare();
      docs.set(m.doc, v);
      return v.diagnostics;
    } finally {
      doc.destroy();
    }
  }
  const v = docs.get(m.doc);
  if (!v) throw new StudioError('LIVE_UNKNOWN', `the validation worker holds no state of doc ${m.doc}; send it whole first`);
  const changes = new Map<string, ElementPlacement | null>();
  for (const [id, at] of m.entities) changes.set(id, at && { collection: at.collection, value: JSON.parse(at.body) as unknown });
  const header = m.header === undefined ? undefined : (JSON.parse(m.header) as Record<string, unknown>);
  return v.update(changes, header).diagnostics;
}

/** Answer `m` on the worker's port (the reply shape every validator request gets). */
export function answerLive(m: LiveRequest, send: (reply: FromWorker) => void): void {
  Promise.resolve().then(() => handleLive(m)).then(
    (diagnostics) => send({ type: 'reply', requestId: m.requestId, ok: true, diagnostics }),
    (err: unknown) => send({ type: 'reply', requestId: m.requestId, ok: false, error: StudioError.toWire(err) }),
  );
}
