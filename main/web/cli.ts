/**
 * `npm start` / `node bin/studio.js` without Electron: start the web host on the user's store and
 * print the URL to open. Loopback only unless --host is given.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultStoreRoot } from '../services/store';
import { startWebHost } from './host';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    store: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
  strict: false,
});

if (values.help) {
  process.stdout.write('usage: npm start [-- --port N] [--store DIR] [--host ADDR]\n  Starts OMS Studio: the Electron window where Electron is installed, else a local web host (127.0.0.1).\n  --host binds beyond loopback only when you give it; anyone who has the printed URL can then use your store.\n');
  process.exit(0);
}

const port = typeof values.port === 'string' ? Number(values.port) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`error[USAGE]: --port must be 0-65535, got ${String(values.port)}\n`);
  process.exit(64);
}
const storeDir = resolve(typeof values.store === 'string' ? values.store : defaultStoreRoot());
const host = await startWebHost({ storeDir, port, ...(typeof values.host === 'string' ? { host: values.host } : {}) });
const firstRun = host.backend.workspaces.list().length === 0;
process.stdout.write(`OMS Studio is running (store: ${storeDir}).\nOpen: ${host.url}\n`);
if (firstRun) process.stdout.write('First run: the studio offers the bundled examples (airline, hospital) to start from.\n');
process.stdout.write('Stop with Ctrl+C.\n');

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  host.close().then(() => process.exit(0), (err: unknown) => {
    process.stderr.write(`error: closing the studio failed: ${(err as Error).message}\n`);
    process.exit(1);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
