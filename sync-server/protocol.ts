/**
 * The y-websocket wire protocol, server side: one message per binary frame,
 * `varUint(type) · payload` with type 0 = sync (varUint(subtype) · varUint8Array), 1 = awareness
 * (varUint8Array), 2 = auth (server → client only), 3 = query-awareness (no payload).
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { MessageKind } from './extensions/types';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** A frame that does not follow the protocol. The connection is closed with 4400 and counted. */
export class MalformedMessage extends Error {}

export interface DecodedMessage {
  kind: MessageKind;
  /** State vector (sync-step1), update (sync-step2, update) or awareness update; empty for query-awareness. */
  payload: Uint8Array;
}

export function decodeMessage(frame: Uint8Array): DecodedMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (sub === SYNC_STEP1) return { kind: 'sync-step1', payload };
        if (sub === SYNC_STEP2) return { kind: 'sync-step2', payload };
        if (sub === SYNC_UPDATE) return { kind: 'update', payload };
        throw new MalformedMessage(`unknown sync message type ${sub}`);
      }
      case MESSAGE_AWARENESS:
        return { kind: 'awareness', payload: decoding.readVarUint8Array(decoder) };
      case MESSAGE_QUERY_AWARENESS:
        return { kind: 'query-awareness', payload: new Uint8Array(0) };
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    // lib0 throws plain Errors ("Unexpected end of array", "Integer out of Range") on truncation.
    throw new MalformedMessage(`truncated or malformed frame: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_UPDATE);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}
