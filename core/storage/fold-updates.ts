/**
 * The read half of compaction, shared by every DocStorage backend: snapshot + tail rows up to a
 * seq, applied to one Y.Doc in bounded chunks and re-encoded. Applying to a doc keeps compaction
 * linear; one flat Y.mergeUpdates over a long list is superlinear (TOOLCHAIN.md).
 */
import * as Y from 'yjs';

export interface UpdateRow {
  seq: number;
  data: Uint8Array;
}

/**
 * `readChunk(after)` returns the next rows with seq in (after, upTo], ascending, at most one chunk.
 * `between` runs after each chunk so a synchronous backend can yield to the event loop.
 */
export async function foldUpdates(
  snapshot: Uint8Array | null,
  from: number,
  upTo: number,
  readChunk: (after: number) => UpdateRow[] | Promise<UpdateRow[]>,
  between?: () => Promise<void>,
): Promise<Uint8Array> {
  const ydoc = new Y.Doc({ gc: true });
  try {
    if (snapshot) Y.applyUpdate(ydoc, snapshot);
    let after = from;
    while (after < upTo) {
      const rows = await readChunk(after);
      const last = rows[rows.length - 1];
      if (!last) break;
      Y.transact(ydoc, () => {
        for (const r of rows) Y.applyUpdate(ydoc, r.data);
      });
      after = last.seq;
      if (between) await between();
    }
    return Y.encodeStateAsUpdate(ydoc);
  } finally {
    ydoc.destroy();
  }
}
