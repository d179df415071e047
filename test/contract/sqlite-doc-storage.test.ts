import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocStorage } from '../../main/services/store/sqlite-doc-storage';
import { runDocStorageContract } from './doc-storage.contract';

runDocStorageContract('SqliteDocStorage (file, durability full, small compaction chunks)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oms-docstore-'));
  const file = join(dir, 'docs.sqlite');
  const open = () => new SqliteDocStorage(file, { compactChunkRows: 64 });
  let storage = open();
  return {
    storage,
    async reopen() {
      await storage.close();
      storage = open();
      return storage;
    },
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
