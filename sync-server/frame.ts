/**
 * A server-to-client binary WebSocket frame built once per broadcast (RFC 6455 §5.2: FIN + binary
 * opcode, unmasked, 7/16/64-bit length), written to each peer's socket as a single buffer. Sending
 * one durable update to 100 peers then costs 100 socket writes, not 100 rounds of ws option
 * merging, header allocation and cork/write/write/uncork.
 *
 * Safe because permessage-deflate is off on this server: ws's Sender never queues frames, so bytes
 * written here and ws's own control frames (ping, close) reach the socket in call order.
 */
export function prepareBinaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const headerLength = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x82;
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}
