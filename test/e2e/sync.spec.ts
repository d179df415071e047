/**
 * The studio against a real oms-sync: a teammate's desktop (a real SyncService with its own store,
 * in this process) publishes a workspace; in the browser a person signs in with a token, clones it
 * through the Sync dialog, and sees the teammate's live edit arrive in the explorer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { renameElement } from '../../core/yjs';
import { Workspace, type BranchSession } from '../../main/services/store';
import { SyncService } from '../../main/services/sync';
import { airline } from '../support/workspace-fixture';
import { ADMIN_TOKEN, startServer, TOKEN, type TestServer } from '../sync-server/helpers';
import { openStudio, runCommand, shot } from './support';

let server: TestServer;
let teammate: { root: string; ws: Workspace; session: BranchSession; sync: SyncService };
let remote: string;

test.beforeAll(async () => {
  server = await startServer();
  remote = `acme-e2e-${Date.now().toString(36)}`; // the test token grants acme*
  const root = mkdtempSync(join(tmpdir(), 'oms-e2e-teammate-'));
  const sync = new SyncService({ settingsDir: join(root, 'profile') });
  await sync.signIn({ server: server.http, method: { kind: 'token', token: TOKEN, user: 'teammate' } });
  const ws = await Workspace.create(root, remote, { from: airline(), author: 'teammate' });
  await sync.push(ws, 'main');
  const session = await ws.openBranch('main');
  await sync.connect(ws, session);
  teammate = { root, ws, session, sync };
});

test.afterAll(async () => {
  teammate.sync.close();
  await teammate.ws.close();
  rmSync(teammate.root, { recursive: true, force: true });
  await server.stop();
});

test('sign in with a token, clone a workspace from the server, and see a teammate edit live', async ({ page }) => {
  const errors = await openStudio(page);
  await runCommand(page, 'Sync with a server');
  const dialog = page.getByRole('dialog', { name: 'Sync with a server' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Server URL' }).fill(server.http);
  await dialog.getByRole('radio', { name: 'Access token' }).click();
  await dialog.getByLabel('Access token').fill(TOKEN);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toContainText('Signed in as token');
  await dialog.getByRole('textbox', { name: 'Clone a workspace from the server' }).fill(remote);
  await shot(page, 'sync-dialog');
  await dialog.getByRole('button', { name: 'Clone' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  const explorer = page.getByRole('tree', { name: 'Elements' });
  await expect(explorer).toContainText('Aircraft', { timeout: 30_000 });

  renameElement(teammate.session.doc, { id: 'ot-aircraft' }, 'Airframe');
  await expect(explorer).toContainText('Airframe', { timeout: 30_000 });
  await shot(page, 'sync-live-edit');

  // Renamed on the server: the studio follows by the room's id and says so in the status bar.
  const renamed = await fetch(`${server.http}/api/v1/workspaces/${remote}/branches/main`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'trunk' }),
  });
  expect(renamed.status).toBe(200);
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('Sync: synced — renamed on the server to trunk', { timeout: 30_000 });
  expect(errors).toEqual([]);
});
