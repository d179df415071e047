/**
 * Presence (y-protocols awareness) of one room, held by the server as the raw JSON each client sent:
 * never parsed into objects and re-stringified, so a state cannot cost more to forward than it cost
 * to receive, and a deeply nested one cannot overflow a stack when a joiner is greeted.
 *
 * Trust rules (every peer is untrusted):
 * - A client id belongs to the connection that first published it; entries for ids owned by another
 *   connection are ignored. That covers impersonation and also the stock client, which echoes every
 *   presence change it receives back to the server.
 * - Count, size and nesting are capped per connection and per room; over a cap the entry is
 *   ignored (counted), never a reason to kick a stock client.
 * - Removal deletes the entry (no null-state tombstone kept forever); a peer's entries go when it
 *   leaves, and entries not renewed within the timeout expire (the stock client renews every 15 s).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedMessage, MESSAGE_AWARENESS } from './protocol';

export interface PresenceLimits {
  maxPresencePerConnection: number;
  maxPresencePerRoom: number;
  maxPresenceStateBytes: number;
  maxPresenceRoomBytes: number;
  maxPresenceDepth: number;
  presenceTimeoutMs: number;
}

/** One awareness entry on the wire: the state is the JSON text, `null` for a removal. */
export interface PresenceChange {
  clientId: number;
  clock: number;
  state: string;
}

interface Entry<P> {
  owner: P;
  clock: number;
  state: string;
  renewedAt: number;
}

export interface ApplyResult {
  changes: PresenceChange[];
  /** Entries refused by a cap (count, size, nesting); ids owned by others are not counted. */
  refused: number;
}

const NULL_STATE = 'null';

/** Nesting depth of a JSON text, stopping early past `max` (strings skipped, escapes honoured). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export class Presence<P> {
  private readonly entries = new Map<number, Entry<P>>();
  private readonly owned = new Map<P, Set<number>>();
  /** Clock of ids removed recently, so a late echo of the old state cannot bring a ghost back. */
  private readonly removed = new Map<number, { clock: number; at: number }>();
  private bytes = 0;

  constructor(private readonly limits: PresenceLimits) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Tombstones held (bounded, expire with the timeout); for tests of memory return. */
  get tombstones(): number {
    return this.removed.size;
  }

  ownedBy(peer: P): number {
    return this.owned.get(peer)?.size ?? 0;
  }

  /** Apply one awareness update from `peer`. Throws MalformedMessage on undecodable input. */
  apply(peer: P, update: Uint8Array, now: number): ApplyResult {
    const changes: PresenceChange[] = [];
    let refused = 0;
    let decoder;
    let count;
    try {
      decoder = decoding.createDecoder(update);
      count = decoding.readVarUint(decoder);
    } catch (err) {
      throw new MalformedMessage(`bad awareness update: ${(err as Error).message}`);
    }
    for (let i = 0; i < count; i++) {
      let clientId: number;
      let clock: number;
      let state: string;
      try {
        clientId = decoding.readVarUint(decoder);
        clock = decoding.readVarUint(decoder);
        state = decoding.readVarString(decoder);
      } catch (err) {
        throw new MalformedMessage(`bad awareness update: ${(err as Error).message}`);
      }
      const entry = this.entries.get(clientId);
      if (entry && entry.owner !== peer) continue;
      if (state === NULL_STATE) {
        if (entry && clock >= entry.clock) {
          this.remove(clientId, entry);
          // The owner removed it itself: its next state has a higher clock, an echo of the old one not.
          if (this.removed.size < this.limits.maxPresencePerRoom) this.removed.set(clientId, { clock, at: now });
          changes.push({ clientId, clock, state });
        }
        continue;
      }
      if (entry ? clock <= entry.clock : clock <= (this.removed.get(clientId)?.clock ?? -1)) continue;
      if (!this.acceptable(peer, entry, state)) {
        refused++;
        continue;
      }
      if (entry) {
        this.bytes += state.length - entry.state.length;
        entry.clock = clock;
        entry.state = state;
        entry.renewedAt = now;
      } else {
        this.entries.set(clientId, { owner: peer, clock, state, renewedAt: now });
        this.bytes += state.length;
        let ids = this.owned.get(peer);
        if (!ids) this.owned.set(peer, (ids = new Set()));
        ids.add(clientId);
        this.removed.delete(clientId);
      }
      changes.push({ clientId, clock, state });
    }
    return { changes, refused };
  }

  private acceptable(peer: P, entry: Entry<P> | undefined, state: string): boolean {
    const l = this.limits;
    // String length bounds UTF-8 bytes within 3×; cap on what was received (varString is UTF-8).
    if (state.length > l.maxPresenceStateBytes) return false;
    const growth = state.length - (entry?.state.length ?? 0);
    if (this.bytes + growth > l.maxPresenceRoomBytes) return false;
    if (!entry) {
      if (this.ownedBy(peer) >= l.maxPresencePerConnection) return false;
      if (this.entries.size >= l.maxPresencePerRoom) return false;
    }
    if (jsonDepthExceeds(state, l.maxPresenceDepth)) return false;
    try {
      JSON.parse(state);
    } catch {
      // Every receiving client JSON.parses it: an invalid state would break their message handler.
      return false;
    }
    return true;
  }

  private remove(clientId: number, entry: Entry<P>): void {
    this.entries.delete(clientId);
    this.bytes -= entry.state.length;
    const ids = this.owned.get(entry.owner);
    ids?.delete(clientId);
    if (ids?.size === 0) this.owned.delete(entry.owner);
  }

  /**
   * Everything `peer` published, removed (it left). No tombstone: a stock client that reconnects
   * republishes its state with the clock it had, which must be accepted.
   */
  removeOwner(peer: P): PresenceChange[] {
    const ids = this.owned.get(peer);
    if (!ids) return [];
    const out: PresenceChange[] = [];
    for (const clientId of [...ids]) {
      const entry = this.entries.get(clientId)!;
      this.remove(clientId, entry);
      out.push({ clientId, clock: entry.clock + 1, state: NULL_STATE });
    }
    return out;
  }

  /** Expire entries not renewed within the timeout, and old tombstones. Returns the removals. */
  sweep(now: number): PresenceChange[] {
    const out: PresenceChange[] = [];
    const timeout = this.limits.presenceTimeoutMs;
    for (const [clientId, entry] of this.entries) {
      if (now - entry.renewedAt < timeout) continue;
      this.remove(clientId, entry);
      out.push({ clientId, clock: entry.clock + 1, state: NULL_STATE });
    }
    for (const [clientId, t] of this.removed) if (now - t.at >= timeout) this.removed.delete(clientId);
    return out;
  }

  /** Every current entry, as changes (the greeting of a joiner, the answer to query-awareness). */
  all(): PresenceChange[] {
    return [...this.entries].map(([clientId, e]) => ({ clientId, clock: e.clock, state: e.state }));
  }

  clear(): void {
    this.entries.clear();
    this.owned.clear();
    this.removed.clear();
    this.bytes = 0;
  }
}

/** An awareness message (type 1) carrying `changes`, in y-protocols' encoding. */
export function encodePresence(changes: readonly PresenceChange[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, changes.length);
  for (const c of changes) {
    encoding.writeVarUint(inner, c.clientId);
    encoding.writeVarUint(inner, c.clock);
    encoding.writeVarString(inner, c.state);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}
