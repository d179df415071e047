// Exposes exactly the studio API to the sandboxed renderer as `window.studio`: invoke(method, input)
// and on(event, handler). Method and event names are checked against the contract here, inputs by
// main with the contract's zod schemas; nothing else of Electron or Node crosses.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, isApiEvent, isApiMethod, type InvokeResult, type StudioBridge } from '../core/contract/studio-api';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, msg: { event?: unknown; payload?: unknown }) => {
  if (typeof msg?.event !== 'string') return;
  for (const fn of listeners.get(msg.event) ?? []) fn(msg.payload);
});

const api: StudioBridge = {
  invoke(method: string, input: unknown): Promise<InvokeResult> {
    if (!isApiMethod(method)) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `no API method ${String(method)}` } });
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<InvokeResult>;
  },
  on(event: string, handler: (payload: unknown) => void): () => void {
    if (!isApiEvent(event) || typeof handler !== 'function') throw new TypeError(`no API event ${String(event)}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  },
};

contextBridge.exposeInMainWorld('studio', api);
