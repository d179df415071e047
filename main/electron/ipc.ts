/**
 * ipcMain ↔ the studio's one handler map. Each webContents is a StudioClient; its calls are
 * validated by dispatch (the contract's zod schemas) and accepted only from the app's own page.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type ApiEventName, type ApiEvents, type InvokeResult } from '../../core/contract/studio-api';
import { dispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import type { StudioBackend, StudioClient } from '../services/studio';
import { isAppUrl } from './hardening';

export function wireIpc(backend: StudioBackend): void {
  const handlers = createHandlers();
  const clients = new Map<number, StudioClient>();

  const clientOf = (wc: WebContents): StudioClient => {
    const known = clients.get(wc.id);
    if (known) return known;
    const client: StudioClient = {
      id: `webcontents-${wc.id}`,
      emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
        if (!wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, { event, payload });
      },
    };
    clients.set(wc.id, client);
    backend.connect(client);
    // A closed or reloaded window's doc sessions close with it.
    const drop = (): void => {
      clients.delete(wc.id);
      backend.disconnect(client).catch((err: unknown) => console.error(`closing a window's documents failed: ${(err as Error).message}`));
    };
    wc.once('destroyed', drop);
    wc.once('did-start-navigation', drop);
    return client;
  };

  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<InvokeResult> => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url) || event.senderFrame !== event.sender.mainFrame) {
      return Promise.resolve({ ok: false, error: { code: 'UNAUTHORIZED', message: 'the studio API answers only the app window' } });
    }
    return dispatch(handlers, method, input, { backend, client: clientOf(event.sender) });
  });
}
