/**
 * Two desktops ("laptops", each with its own real store) on one branch through the real oms-sync:
 * live convergence, offline edits merged on reconnect, history pushed and pulled with the server's
 * compare-and-swap refusing the loser of a race, a stock client in the room, and a viewer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonicalJson } from '../../../core/model';
import { docToOntology, renameElement, setField } from '../../../core/yjs';
import { applyMerge } from '../../../main/services/merge';
import { Workspace } from '../../../main/services/store';
import { HistoryClient, HttpJson, StaticTokenProvider, SyncError } from '../../../main/services/sync';
import { airline } from '../../support/workspace-fixture';
import { connectClient, TOKEN, VIEWER_TOKEN, waitFor, type TestServer } from '../../sync-server/helpers';
import { cloner, synced, useTeam, type Laptop } from './helpers';

const team = useTeam();
let server: TestServer;
let a: Laptop;
let b: Laptop;
beforeEach(() => ({ server, a, b } = team));

const apiName = (l: Laptop, id: string) => l.read().objectTypes[id]?.apiName;

describe('two laptops on one branch', () => {
  it('a clone has the same commits and the same document as the publisher', () => {
    expect(b.ws.getBranch('main').head).toBe(a.ws.getBranch('main').head);
    expect(canonicalJson(b.read())).toBe(canonicalJson(a.read()));
    expect(b.sync.isLinked(b.ws, 'main')).toBe(true);
  });

  it('converge live, keep offline edits across a restart, and merge them on reconnect', async () => {
    await b.sync.connect(b.ws, b.session);
    await synced(b);
    renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Airframe');
    await waitFor(() => apiName(b, 'ot-aircraft') === 'Airframe', 'b sees a rename');

    // b goes offline; both keep editing
    b.sync.disconnect('acme', 'main');
    renameElement(a.session.doc, { id: 'ot-flight' }, 'FlightLeg');
    setField(b.session.doc, { id: 'ot-booking' }, 'displayName', 'Reservation');
    await b.session.flush();
    await b.restart(); // the offline edit is on disk before it ever reached the server
    expect(b.read().objectTypes['ot-booking']?.displayName).toBe('Reservation');
    expect(apiName(b, 'ot-flight')).toBe('Flight');

    await b.sync.connect(b.ws, b.session);
    await waitFor(() => apiName(b, 'ot-flight') === 'FlightLeg' && a.read().objectTypes['ot-booking']?.displayName === 'Reservation', 'both edits on both sides');
    expect(canonicalJson(a.read())).toBe(canonicalJson(b.read()));
    expect(b.statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['connecting', 'syncing', 'synced', 'offline']));
  });

  it('a stock y-websocket client in the same room sees the desktop edits, and the desktop its', async () => {
    const stock = connectClient(server.url, 'acme', 'main', TOKEN, new Y.Doc());
    try {
      await waitFor(() => stock.provider.synced, 'stock client synced');
      renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Plane');
      await waitFor(() => docToOntology(stock.doc).objectTypes['ot-aircraft']?.apiName === 'Plane', 'stock client sees the rename');
      renameElement(stock.doc, { id: 'ot-flight' }, 'Sortie');
      await waitFor(() => apiName(a, 'ot-flight') === 'Sortie', 'desktop sees the stock client');
    } finally {
      stock.destroy();
    }
  });

  it('push and pull reconcile histories; the server refuses the loser of a push race (REMOTE_MOVED)', async () => {
    a.sync.disconnect('acme', 'main'); // history only: each commits its own offline edit
    renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Airframe');
    await a.ws.commit('main', { message: 'a: rename aircraft', author: 'a' });
    renameElement(b.session.doc, { id: 'ot-flight' }, 'FlightLeg');
    await b.ws.commit('main', { message: 'b: rename flight', author: 'b' });

    // Race: b's push is between uploading its objects and moving the head when a's push lands.
    const racing = new HistoryClient({
      http: new HttpJson(server.http), auth: new StaticTokenProvider(TOKEN), workspace: 'acme',
      beforeHeadMove: async () => {
        expect((await a.sync.push(a.ws, 'main')).status).toBe('pushed');
      },
    });
    const err = await racing.push(b.ws, 'main').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe('REMOTE_MOVED');
    expect((err as SyncError).retryable).toBe(true);
    // Pushing again now says why: the server has a commit b lacks.
    expect(await b.sync.push(b.ws, 'main').catch((e: SyncError) => e.code)).toBe('REMOTE_DIVERGED');

    const pulled = await b.sync.pull(b.ws, 'main');
    expect(pulled.status).toBe('diverged');
    if (pulled.status !== 'diverged') throw new Error('unreachable');
    await applyMerge(b.ws, { source: pulled.remoteHead, into: 'main' }, { author: 'b', message: "Merge the server's main" });
    expect((await b.sync.push(b.ws, 'main')).status).toBe('pushed');

    const back = await a.sync.pull(a.ws, 'main');
    expect(back.status).toBe('fast-forward');
    expect(a.ws.getBranch('main').head).toBe(b.ws.getBranch('main').head);
    const both = a.ws.checkout('main');
    expect(both.objectTypes['ot-aircraft']?.apiName).toBe('Airframe');
    expect(both.objectTypes['ot-flight']?.apiName).toBe('FlightLeg');
    expect(apiName(a, 'ot-flight')).toBe('FlightLeg'); // a's working state followed the fast-forward
  });

  it('refuses to blend a separately created branch into a non-empty room (SYNC_NOT_LINKED), and adopting the server version fixes it', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'oms-laptop-c-'));
    const c = await Workspace.create(root, 'acme', { from: airline(), author: 'c' });
    try {
      const { SyncService } = await import('../../../main/services/sync');
      const sync = new SyncService({ settingsDir: join(root, 'profile') });
      await sync.signIn({ server: server.http, method: { kind: 'token', token: TOKEN } });
      const session = await c.openBranch('main');
      const refused = await sync.connect(c, session).catch((e: SyncError) => e.code);
      expect(refused).toBe('SYNC_NOT_LINKED');
      await session.close();
      renameElement(a.session.doc, { id: 'ot-aircraft' }, 'LiveOnly'); // uncommitted, only in the room
      await waitFor(() => true, 'tick');
      await sync.adoptServerVersion(c, 'main');
      const adopted = await c.openBranch('main');
      await waitFor(() => docToOntology(adopted.doc).objectTypes['ot-aircraft']?.apiName !== undefined, 'doc');
      await sync.connect(c, adopted);
      await waitFor(() => docToOntology(adopted.doc).objectTypes['ot-aircraft']?.apiName === 'LiveOnly', 'c has the room state');
      sync.close();
    } finally {
      await c.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a viewer', () => {
  it('receives edits, keeps its own local, and is told it is read-only', async () => {
    const viewer = await cloner('viewer', server.http, VIEWER_TOKEN);
    try {
      await viewer.sync.connect(viewer.ws, viewer.session);
      await synced(viewer);
      renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Airframe');
      await waitFor(() => apiName(viewer, 'ot-aircraft') === 'Airframe', 'viewer sees the editor');
      renameElement(viewer.session.doc, { id: 'ot-flight' }, 'NotAllowed');
      await waitFor(() => viewer.sync.status()[0]?.readOnly === true, 'viewer told it is read-only');
      // a marker edit after the refused one: once the viewer has it, the refused edit would have reached a too
      renameElement(a.session.doc, { id: 'ot-booking' }, 'Marker');
      await waitFor(() => apiName(viewer, 'ot-booking') === 'Marker', 'marker reached the viewer');
      expect(apiName(a, 'ot-flight')).toBe('Flight');
      expect(apiName(viewer, 'ot-flight')).toBe('NotAllowed'); // kept locally, persisted, never applied by the server
      expect(viewer.sync.status()[0]?.state).toBe('synced'); // not disconnected for trying
    } finally {
      await viewer.close();
    }
  });
});
