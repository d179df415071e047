#!/usr/bin/env node
// `npm start`: the Electron window where Electron's binary is installed, else the local web host
// (main/web), which prints the URL to open. `--web` forces the web host.
import './node-version.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));

/** The `electron` package exports its binary's path, and throws when the binary was never downloaded. */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const electron = args.includes('--web') ? undefined : electronBinary();
if (electron) {
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/web/cli.ts');
}
