/**
 * One browser tab ↔ the backend over a WebSocket. The first message must be the hello carrying the
 * launch secret; until then nothing reaches the handler map, and a wrong or late hello closes the
 * socket with 4401 (the renderer's transport does not reconnect on 44xx: the secret will not change).
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { EventEnvelopeSchema, HelloSchema, RequestEnvelopeSchema, type ApiEventName, type ApiEvents, type ResponseEnvelope } from '../../core/contract/studio-api';
import { dispatch, type DispatchOptions } from '../ipc/dispatch';
import type { HandlerMap } from '../ipc/context';
import type { StudioBackend, StudioClient } from '../services/studio';
import { secretMatches } from './guard';

export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_PROTOCOL = 4400;
const HELLO_TIMEOUT_MS = 10_000;

export interface BridgeOptions extends DispatchOptions {
  backend: StudioBackend;
  handlers: HandlerMap;
  secret: string;
}

function parseJson(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return undefined;
  }
}

export function bridgeSocket(socket: WebSocket, options: BridgeOptions): void {
  const { backend, handlers } = options;
  let client: StudioClient | undefined;
  const send = (msg: ResponseEnvelope | { event: string; payload: unknown }): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
  };
  const helloTimer = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'no hello'), HELLO_TIMEOUT_MS);

  socket.on('message', (data) => {
    const msg = parseJson(data);
    if (!client) {
      const hello = HelloSchema.safeParse(msg);
      clearTimeout(helloTimer);
      if (!hello.success || !secretMatches(options.secret, hello.data.secret)) {
        socket.close(CLOSE_UNAUTHORIZED, 'secret required');
        return;
      }
      const id = randomUUID();
      client = {
        id,
        emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
          send(EventEnvelopeSchema.parse({ event, payload }));
        },
      };
      backend.connect(client);
      socket.send(JSON.stringify({ welcome: id }));
      return;
    }
    const req = RequestEnvelopeSchema.safeParse(msg);
    if (!req.success) {
      socket.close(CLOSE_PROTOCOL, 'expected {id, method, input}');
      return;
    }
    const { id, method, input } = req.data;
    void dispatch(handlers, method, input, { backend, client }, options).then((result) => send({ id, ...result }));
  });

  socket.on('close', () => {
    clearTimeout(helloTimer);
    if (client) backend.disconnect(client).catch((err: unknown) => console.error(`closing a tab's documents failed: ${(err as Error).message}`));
  });
}
