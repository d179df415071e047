/**
 * Build the renderer if its sources are newer than the build, then start the web host on port 0
 * with a fresh temp store. Tests reach it through STUDIO_URL; teardown closes it and removes the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../main/web';
import { buildRendererIfStale } from './build-renderer';

export default async function globalSetup(): Promise<() => Promise<void>> {
  buildRendererIfStale();
  const storeDir = mkdtempSync(join(tmpdir(), 'oms-e2e-'));
  const host = await startWebHost({ storeDir, port: 0 });
  process.env.STUDIO_URL = host.url;
  return async () => {
    await host.close();
    rmSync(storeDir, { recursive: true, force: true });
  };
}
