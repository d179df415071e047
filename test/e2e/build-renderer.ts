/** Build the renderer (electron-vite) when its sources are newer than out/renderer; shared by the e2e setup and the UI bench. */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function buildRendererIfStale(): void {
  let builtAt = 0;
  try {
    builtAt = statSync(join(ROOT, 'out/renderer/index.html')).mtimeMs;
  } catch {
    // Not built yet.
  }
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'core')));
  if (builtAt > sources && !process.env.E2E_REBUILD) return;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
