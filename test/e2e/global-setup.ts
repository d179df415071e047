/**
 * Build the renderer if its sources are newer than the build, then start the web host on port 0
 * with a fresh temp store. Tests reach it through STUDIO_URL; teardown closes it and removes the store.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost } from '../../main/web';

const ROOT = resolve(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  const built = join(ROOT, 'out/renderer/index.html');
  let builtAt = 0;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    // Not built yet.
  }
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'core')));
  if (builtAt > sources && !process.env.E2E_REBUILD) return;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  buildIfStale();
  const storeDir = mkdtempSync(join(tmpdir(), 'oms-e2e-'));
  const host = await startWebHost({ storeDir, port: 0 });
  process.env.STUDIO_URL = host.url;
  return async () => {
    await host.close();
    rmSync(storeDir, { recursive: true, force: true });
  };
}
