// The only place that touches Electron: window plumbing and app lifecycle. Everything with
// behaviour lives in main/services (plain Node) so the CLI, the web host and tests share it.
import { app, BrowserWindow, safeStorage } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSecretBox } from '../ipc/sync-handlers';
import { openFromOs, StudioBackend } from '../services/studio';
import { defaultStoreRoot } from '../services/store';
import { hardenSessions, WEB_PREFERENCES } from './hardening';
import { wireIpc } from './ipc';
import { installMenu } from './menu';
import { loadWindowState, trackWindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const OPENABLE = /\.(oms\.json|oms\.sqlite|ttl|owl|rdf|jsonld|nt)$/i;

let backend: StudioBackend | undefined;
let mainWindow: BrowserWindow | undefined;
/** Files the OS asked us to open before the backend was ready. */
const queued: string[] = [];

function createWindow(): BrowserWindow {
  const state = loadWindowState(app.getPath('userData'));
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 800,
    minHeight: 500,
    title: 'OMS Studio',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: join(here, '../preload/index.cjs') },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, app.getPath('userData'));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

async function openFile(path: string): Promise<void> {
  if (!backend) {
    queued.push(path);
    return;
  }
  try {
    const opened = await openFromOs(backend, path);
    // Also remembered: a window still loading misses the event but opens lastWorkspace.
    backend.settings.update({ lastWorkspace: opened.workspace });
    backend.broadcast('app.open', opened);
    mainWindow?.focus();
  } catch (err) {
    console.error(`cannot open ${path}: ${(err as Error).message}`);
  }
}

const filesIn = (argv: readonly string[]): string[] => argv.slice(1).filter((a) => !a.startsWith('-') && OPENABLE.test(a));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (e.g. double-clicking a file) hands its arguments to this instance and exits.
  app.on('second-instance', (_e, argv) => {
    for (const f of filesIn(argv)) void openFile(f);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  // macOS delivers files through open-file, possibly before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openFile(path);
  });

  void app.whenReady().then(() => {
    hardenSessions();
    installMenu();
    if (safeStorage.isEncryptionAvailable()) {
      useSecretBox(() => ({
        kind: 'os-keychain',
        encrypt: (plain) => new Uint8Array(safeStorage.encryptString(Buffer.from(plain).toString('base64'))),
        decrypt: (sealed) => new Uint8Array(Buffer.from(safeStorage.decryptString(Buffer.from(sealed)), 'base64')),
      }));
    }
    backend = new StudioBackend({
      storeDir: process.env.OMS_HOME ?? defaultStoreRoot(),
      platform: 'electron',
      version: app.getVersion(),
      examplesDir: app.isPackaged ? join(process.resourcesPath, 'examples') : join(app.getAppPath(), 'examples'),
      workerEntry: join(here, 'studio-worker.js'),
    });
    wireIpc(backend);
    mainWindow = createWindow();
    for (const f of [...filesIn(process.argv), ...queued.splice(0)]) void openFile(f);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Flush every open document before the process goes.
  let quitting = false;
  app.on('will-quit', (event) => {
    if (quitting || !backend) return;
    event.preventDefault();
    quitting = true;
    backend.close().finally(() => app.quit());
  });
}
