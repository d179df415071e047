/**
 * A seeded in-memory network of Y.Doc replicas in the style of Yjs's TestConnector: every local
 * update is queued for every other replica, and the test decides when (and in which order) queued
 * messages arrive, so reordering and partial delivery reproduce exactly from a seed.
 */
import * as Y from 'yjs';
import { ORIGIN } from '../../core/yjs';
import type { Rand } from './random-ontology';

export class TestNetwork {
  readonly docs: Y.Doc[];
  /** inbox[i] = updates waiting to be applied to docs[i]. */
  private readonly inbox: Uint8Array[][];

  /** `count` replicas that all start from the state of `seedDoc` (same history, as after a sync). */
  constructor(seedDoc: Y.Doc, count: number) {
    const state = Y.encodeStateAsUpdate(seedDoc);
    this.docs = [];
    this.inbox = [];
    for (let i = 0; i < count; i++) {
      const doc = new Y.Doc();
      // Fixed client ids: Yjs breaks ties between concurrent writes by client id, so random ones
      // made a seed's converged state differ from run to run.
      doc.clientID = i + 1;
      Y.applyUpdate(doc, state, ORIGIN.remote);
      this.inbox.push([]);
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        // Remote updates are not re-broadcast: every replica already sends its own to everyone.
        if (origin === ORIGIN.remote) return;
        this.inbox.forEach((queue, j) => {
          if (j !== i) queue.push(update);
        });
      });
      this.docs.push(doc);
    }
  }

  pending(): number {
    return this.inbox.reduce((n, q) => n + q.length, 0);
  }

  /** Deliver up to `max` randomly chosen queued messages to replica `i`, in random order. */
  deliverSome(r: Rand, i: number, max: number): void {
    const queue = this.inbox[i] as Uint8Array[];
    for (let k = 0; k < max && queue.length > 0; k++) {
      const [update] = queue.splice(r.int(0, queue.length - 1), 1) as [Uint8Array];
      Y.applyUpdate(this.docs[i] as Y.Doc, update, ORIGIN.remote);
    }
  }

  /** Deliver everything still queued, in random order. */
  flush(r: Rand): void {
    while (this.pending() > 0) {
      const i = r.int(0, this.docs.length - 1);
      this.deliverSome(r, i, (this.inbox[i] as Uint8Array[]).length);
    }
  }
}
