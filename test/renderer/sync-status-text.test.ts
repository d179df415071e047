/** The status line says a followed rename in words, and shows the server's names only when they differ. */
import { expect, it } from 'vitest';
import { SyncStatusSchema } from '../../core/contract/studio-api';
import { syncStatusText } from '../../renderer/src/features/sync/sync-status-text';

const base = { workspace: 'acme', branch: 'main', readOnly: false } as const;

it('names a followed rename, a remote name that differs, and codes other than the rename itself', () => {
  expect(syncStatusText(SyncStatusSchema.parse({ ...base, state: 'synced' }))).toBe('Sync: synced');
  expect(syncStatusText(SyncStatusSchema.parse({ ...base, state: 'synced', remote: { workspace: 'acme', branch: 'trunk' }, renamed: { from: { workspace: 'acme', branch: 'main' }, to: { workspace: 'acme', branch: 'trunk' } } }))).toBe('Sync: synced — renamed on the server to trunk');
  expect(syncStatusText(SyncStatusSchema.parse({ ...base, state: 'connecting', code: 'SYNC_RENAMED', renamed: { from: { workspace: 'acme', branch: 'main' }, to: { workspace: 'acme-2', branch: 'main' } } }))).toBe('Sync: connecting — renamed on the server to acme-2/main');
  expect(syncStatusText(SyncStatusSchema.parse({ ...base, branch: 'mine', state: 'synced', remote: { workspace: 'acme', branch: 'main' } }))).toBe('Sync: synced — on the server as main');
  expect(syncStatusText(SyncStatusSchema.parse({ ...base, state: 'error', code: 'SYNC_FORBIDDEN' }))).toBe('Sync: error (SYNC_FORBIDDEN)');
  expect(() => SyncStatusSchema.parse({ ...base, state: 'synced', renamed: { from: {}, to: {} } })).toThrow();
});
