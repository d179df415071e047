import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDocStorageContract } from '../contract/doc-storage.contract';
import { loadConfig } from '../../sync-server/config';
import { openServerStorage } from '../../sync-server/storage';

// The storage exactly as `oms-sync serve` configures it (default durability, $OMS_DATA_DIR/oms-sync.db).
runDocStorageContract('oms-sync server storage (SQLite in OMS_DATA_DIR)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oms-sync-contract-'));
  const config = loadConfig({ env: { OMS_DATA_DIR: dir } });
  let storage = openServerStorage(config);
  return {
    storage,
    async reopen() {
      await storage.close();
      storage = openServerStorage(config);
      return storage;
    },
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
