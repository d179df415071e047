/**
 * The studio API: every call the renderer can make and every event it can subscribe to, as zod
 * schemas. main/ipc implements it as one handler map, preload exposes it as `window.studio`, the web
 * host bridges it over a WebSocket, and renderer/src/api derives its client types from it: adding a
 * call is one entry here plus one handler.
 *
 * Wire format (both transports): JSON; bytes as base64 strings (see studio/wire.ts).
 * - request  `{ id, method, input }`        → response `{ id, ok: true, output }` | `{ id, ok: false, error }`
 * - event    `{ event, payload }`
 * Failed calls carry a StudioError shape `{ code, message, details? }`; BAD_ARGUMENT means the input
 * failed its schema and nothing was changed.
 */
import { z } from 'zod';
import { docApi, docEvents } from './studio/doc';
import { historyApi } from './studio/history';
import { jobEvents, jobsApi } from './studio/jobs';
import { settingsApi } from './studio/settings';
import { syncApi, syncEvents } from './studio/sync';
import { workspaceApi, workspaceEvents } from './studio/workspaces';
import { IdSchema, StudioErrorSchema, type StudioErrorShape } from './studio/wire';

export * from './studio/wire';
export * from './studio/workspaces';
export * from './studio/history';
export * from './studio/doc';
export * from './studio/jobs';
export * from './studio/settings';
export * from './studio/sync';

export const studioApi = {
  ...workspaceApi,
  ...historyApi,
  ...docApi,
  ...settingsApi,
  ...jobsApi,
  ...syncApi,
} as const;

export const studioEvents = {
  ...workspaceEvents,
  ...docEvents,
  ...syncEvents,
  ...jobEvents,
} as const;

export type StudioApi = typeof studioApi;
export type ApiMethod = keyof StudioApi;
export type ApiInput<K extends ApiMethod> = z.input<StudioApi[K]['input']>;
/** What a handler receives: the input after parsing (defaults applied). */
export type ApiParsedInput<K extends ApiMethod> = z.output<StudioApi[K]['input']>;
export type ApiOutput<K extends ApiMethod> = z.output<StudioApi[K]['output']>;
export type StudioEvents = typeof studioEvents;
export type ApiEventName = keyof StudioEvents;
export type ApiEvents = { [E in ApiEventName]: z.output<StudioEvents[E]> };

export const API_METHODS = Object.keys(studioApi) as ApiMethod[];
export const API_EVENTS = Object.keys(studioEvents) as ApiEventName[];

export function isApiMethod(m: unknown): m is ApiMethod {
  return typeof m === 'string' && Object.prototype.hasOwnProperty.call(studioApi, m);
}
export function isApiEvent(e: unknown): e is ApiEventName {
  return typeof e === 'string' && Object.prototype.hasOwnProperty.call(studioEvents, e);
}

// ── envelopes of the wire protocol ───────────────────────────────────────────────────────────────

export const RequestEnvelopeSchema = z.strictObject({ id: z.number().int().nonnegative(), method: z.string().max(100), input: z.unknown() });
export const ResponseEnvelopeSchema = z.union([
  z.strictObject({ id: z.number().int().nonnegative(), ok: z.literal(true), output: z.unknown() }),
  z.strictObject({ id: z.number().int().nonnegative(), ok: z.literal(false), error: StudioErrorSchema }),
]);
export const EventEnvelopeSchema = z.strictObject({ event: z.string().max(100), payload: z.unknown() });
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;
export type ResponseEnvelope = z.infer<typeof ResponseEnvelopeSchema>;
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
/** Web host: the first message on /api must be this (the per-launch secret from the URL fragment). */
export const HelloSchema = z.strictObject({ hello: z.literal('oms-studio/1'), secret: z.string().min(16).max(200), client: IdSchema.optional() });

/** Electron IPC channel names (preload ↔ main/electron). */
export const IPC_INVOKE_CHANNEL = 'studio:invoke';
export const IPC_EVENT_CHANNEL = 'studio:event';

/** The bridge preload exposes and the web transport implements: the renderer sees only this. */
export type InvokeResult = { ok: true; output: unknown } | { ok: false; error: StudioErrorShape };
export interface StudioBridge {
  /** Never rejects for a failed call: the error comes back as data (Electron mangles thrown errors). */
  invoke(method: string, input: unknown): Promise<InvokeResult>;
  on(event: string, handler: (payload: unknown) => void): () => void;
}
