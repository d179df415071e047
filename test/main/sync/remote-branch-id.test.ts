/**
 * A desktop's branch maps to exactly one room: its link records the room's id on the server, so
 * after the server renames the branch (4410) and someone re-creates the old name, reconnecting is
 * refused (4409) instead of blending the desktop's document into the stranger's room.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { CloseCode } from '../../../core/contract/sync-api';
import { ADMIN_TOKEN, connectClient, startServer, storedKey, synced as clientSynced, waitFor, type TestServer } from '../../sync-server/helpers';
import { publisher, synced, type Laptop } from './helpers';

let server: TestServer | undefined;
let a: Laptop | undefined;
afterEach(async () => {
  await a?.close();
  await server?.stop();
  a = server = undefined;
});

it('the link records the room id; a rename stops it with 4410; a re-created old name is refused with 4409, untouched', async () => {
  server = await startServer();
  a = await publisher('ada', server.http);
  await synced(a);
  const settings = JSON.parse(readFileSync(join(a.root, 'profile', 'sync.json'), 'utf8')) as { remoteBranchIds: Record<string, string> };
  expect(Object.values(settings.remoteBranchIds)).toEqual([storedKey(server.dir, 'acme', 'main').branch.slice(3)]);

  const res = await fetch(`${server.http}/api/v1/workspaces/acme/branches/main`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'trunk' }),
  });
  expect(res.status).toBe(200);
  await waitFor(() => a!.sync.status()[0]?.state === 'error', 'desktop stopped');
  expect(a.sync.status()[0]!.error).toMatchObject({ closeCode: CloseCode.BRANCH_RENAMED });

  const stranger = connectClient(server.url, 'acme', 'main');
  await clientSynced(stranger);
  stranger.doc.getText('t').insert(0, 'someone else');
  a.sync.disconnect('acme', 'main');
  a.session.doc.getText('local').insert(0, 'offline edit');
  await a.sync.connect(a.ws, a.session);
  await waitFor(() => a!.sync.status()[0]?.state === 'error', 'reconnect refused');
  expect(a.sync.status()[0]!.error).toMatchObject({ closeCode: CloseCode.BRANCH_REPLACED });
  expect(stranger.doc.getText('local').toString()).toBe('');
  stranger.destroy();
});
