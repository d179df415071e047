// Exposes exactly the typed studio API to the sandboxed renderer; nothing else crosses.
import { contextBridge, ipcRenderer } from 'electron';

const api = {
  version: (): Promise<string> => ipcRenderer.invoke('app:version') as Promise<string>,
};

export type StudioBridge = typeof api;

contextBridge.exposeInMainWorld('studio', api);
