#!/usr/bin/env node
// `npm start`: the Electron window where Electron's binary is installed, else the local web host
// (main/web), which prints the URL to open. `--web` forces the web host.
import './node-version.js';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Electron binary, if downloaded: `node_modules/electron/path.txt` names it under `dist/`.
 * Not `require('electron')`: electron 45 then tries to download the binary (a network call and a
 * stack trace on machines that cannot reach it).
 */
function electronBinary() {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
    // Same rule as electron's own index.js: an override dist directory wins.
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const binary = override ? join(override, name ?? 'electron') : name ? join(dir, 'dist', name) : undefined;
    return binary && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const electron = args.includes('--web') ? undefined : electronBinary();
if (electron) {
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
} else {
  // The bundled web host (out/bin/studio-web.mjs) starts in well under a second; tsx compiling
  // every module of main/ on each start took 3–8 s.
  const { runBuilt } = await import('./run-built.js');
  await runBuilt('studio-web.mjs', 'main/web/cli.ts');
}
