/**
 * Sync-protocol answers of one room, computed once per document version. Every joiner is greeted
 * with the same sync step 1 and, being new, usually asks with an empty state vector: 1,000 clients
 * joining a 2 MB document then cost one Y.encodeStateAsUpdate and one prebuilt frame, not 1,000
 * encodings blocking the event loop one after the other. Any change to the doc is a new version;
 * stale answers are dropped on the next request.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { prepareBinaryFrame } from './frame';
import { MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2 } from './protocol';

/** Distinct non-empty state vectors answered per version (reconnecting clients usually share few). */
const MAX_CACHED_DIFFS = 16;

/** A prebuilt WebSocket frame and the byte length of the message inside it. */
export type PreparedMessage = [frame: Buffer, payloadBytes: number];

function syncMessage(sub: number, payload: Uint8Array): PreparedMessage {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  const message = encoding.toUint8Array(e);
  return [prepareBinaryFrame(message), message.byteLength];
}

/** A state vector with no clients (what a new, empty client sends): `varUint(0)`. */
const isEmptyStateVector = (sv: Uint8Array): boolean => sv.byteLength === 1 && sv[0] === 0;

export class SyncAnswers {
  private version = 0;
  private cachedVersion = -1;
  private step1Answer: PreparedMessage | null = null;
  private fullState: Uint8Array | null = null;
  private fullAnswer: PreparedMessage | null = null;
  private readonly diffs = new Map<string, PreparedMessage>();
  /** Encodings actually computed (tests and benchmarks check the cache works). */
  encodings = 0;

  constructor(private readonly doc: Y.Doc) {
    doc.on('update', this.bump);
  }

  private readonly bump = (): void => {
    this.version++;
  };

  private fresh(): void {
    if (this.cachedVersion === this.version) return;
    this.cachedVersion = this.version;
    this.step1Answer = null;
    this.fullState = null;
    this.fullAnswer = null;
    this.diffs.clear();
  }

  step1(): PreparedMessage {
    this.fresh();
    return (this.step1Answer ??= syncMessage(SYNC_STEP1, Y.encodeStateVector(this.doc)));
  }

  private full(): Uint8Array {
    this.fresh();
    if (!this.fullState) {
      this.encodings++;
      this.fullState = Y.encodeStateAsUpdate(this.doc);
    }
    return this.fullState;
  }

  /** Size of the document's whole state as one update: what compaction would store. */
  fullStateBytes(): number {
    return this.full().byteLength;
  }

  /** The sync step 2 answering `sv`. Throws on a state vector Yjs cannot decode. */
  step2(sv: Uint8Array): PreparedMessage {
    if (isEmptyStateVector(sv)) {
      const state = this.full();
      return (this.fullAnswer ??= syncMessage(SYNC_STEP2, state));
    }
    this.fresh();
    const key = Buffer.from(sv.buffer, sv.byteOffset, sv.byteLength).toString('latin1');
    const cached = this.diffs.get(key);
    if (cached) return cached;
    this.encodings++;
    const answer = syncMessage(SYNC_STEP2, Y.encodeStateAsUpdate(this.doc, sv));
    if (this.diffs.size < MAX_CACHED_DIFFS) this.diffs.set(key, answer);
    return answer;
  }

  clear(): void {
    this.doc.off('update', this.bump);
    this.cachedVersion = -1;
    this.step1Answer = null;
    this.fullState = null;
    this.fullAnswer = null;
    this.diffs.clear();
  }
}
