/**
 * The one entry both transports (Electron IPC, the web host's WebSocket) call: look the method up,
 * validate the input with the contract's schema (BAD_ARGUMENT before any handler runs, so a bad call
 * changes nothing), run the handler, and turn any failure into the wire error shape.
 */
import type { z } from 'zod';
import { StudioError, isApiMethod, studioApi, type ApiMethod, type InvokeResult } from '../../core/contract/studio-api';
import type { CallContext, HandlerMap } from './context';

export interface DispatchOptions {
  /** Parse every output with its schema too (tests turn this on; BAD_OUTPUT names the method). */
  checkOutput?: boolean;
}

function issues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

async function call<K extends ApiMethod>(handlers: HandlerMap, method: K, raw: unknown, ctx: CallContext, options: DispatchOptions): Promise<unknown> {
  const spec = studioApi[method];
  const parsed = spec.input.safeParse(raw ?? {});
  if (!parsed.success) {
    const list = issues(parsed.error);
    throw new StudioError('BAD_ARGUMENT', `${method}: ${list.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`, { method, issues: list });
  }
  const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
  const output = await handler(parsed.data, ctx);
  if (options.checkOutput) {
    const checked = spec.output.safeParse(output);
    if (!checked.success) throw new StudioError('BAD_OUTPUT', `${method} returned a value its schema refuses: ${issues(checked.error).map((i) => `${i.path}: ${i.message}`).join('; ')}`, { method });
  }
  return output;
}

export async function dispatch(handlers: HandlerMap, method: unknown, input: unknown, ctx: CallContext, options: DispatchOptions = {}): Promise<InvokeResult> {
  if (!isApiMethod(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `no API method ${JSON.stringify(method).slice(0, 120)}` } };
  if (ctx.backend.isClosed) return { ok: false, error: { code: 'TRANSPORT_CLOSED', message: 'the studio backend is shutting down' } };
  try {
    return { ok: true, output: await call(handlers, method, input, ctx, options) };
  } catch (err) {
    return { ok: false, error: StudioError.toWire(err) };
  }
}
