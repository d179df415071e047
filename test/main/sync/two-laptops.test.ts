/**
 * Two desktops ("laptops", each with its own real store) on one branch through the real oms-sync:
 * live convergence, offline edits merged on reconnect, then history pushed and pulled with the
 * server's compare-and-swap refusing the loser of a race.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonicalJson } from '../../../core/model';
import { docToOntology, renameElement, setField } from '../../../core/yjs';
import { applyMerge } from '../../../main/services/merge';
import { HistoryClient, HttpJson, StaticTokenProvider, SyncError } from '../../../main/services/sync';
import { connectClient, startServer, TOKEN, waitFor, type TestServer } from '../../sync-server/helpers';
import { laptop, synced, type Laptop } from './helpers';

let server: TestServer;
let a: Laptop;
let b: Laptop;

beforeEach(async () => {
  server = await startServer();
  a = await laptop('a', server.http);
  b = await laptop('b', server.http);
});

afterEach(async () => {
  await a.close();
  await b.close();
  await server.stop();
});

const apiName = (l: Laptop, id: string) => l.read().objectTypes[id]?.apiName;

describe('two laptops on one branch', () => {
  it('converge live, keep offline edits, and merge them on reconnect', async () => {
    a.sync.connect(a.ws, a.session);
    b.sync.connect(b.ws, b.session);
    await synced(a);
    await synced(b);
    await waitFor(() => canonicalJson(a.read()) === canonicalJson(b.read()), 'initial convergence');

    renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Airframe');
    await waitFor(() => apiName(b, 'ot-aircraft') === 'Airframe', 'b sees a rename');

    // b goes offline; both keep editing
    b.sync.disconnect('acme', 'main');
    renameElement(a.session.doc, { id: 'ot-flight' }, 'FlightLeg');
    setField(b.session.doc, { id: 'ot-booking' }, 'displayName', 'Reservation');
    await b.session.flush();
    // b's offline edit survives a restart of its store before it ever reaches the server
    await b.ws.close();
    const { Workspace } = await import('../../../main/services/store');
    b.ws = await Workspace.open(b.root, 'acme', { durability: 'normal' });
    b.session = await b.ws.openBranch('main');
    expect(docToOntology(b.session.doc).objectTypes['ot-booking']?.displayName).toBe('Reservation');
    expect(apiName(b, 'ot-flight')).toBe('Flight');

    b.sync.connect(b.ws, b.session);
    await waitFor(() => apiName(b, 'ot-flight') === 'FlightLeg' && a.read().objectTypes['ot-booking']?.displayName === 'Reservation', 'both edits on both sides');
    expect(canonicalJson(a.read())).toBe(canonicalJson(b.read()));
    expect(b.statuses.map((s) => s.state)).toContain('synced');
  });

  it('a stock y-websocket client in the same room sees the desktop edits', async () => {
    a.sync.connect(a.ws, a.session);
    await synced(a);
    const stock = connectClient(server.url, 'acme', 'main', TOKEN, new Y.Doc());
    try {
      await waitFor(() => stock.provider.synced, 'stock client synced');
      renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Plane');
      await waitFor(() => docToOntology(stock.doc).objectTypes['ot-aircraft']?.apiName === 'Plane', 'stock client sees the rename');
      // and the other way round
      renameElement(stock.doc, { id: 'ot-flight' }, 'Sortie');
      await waitFor(() => apiName(a, 'ot-flight') === 'Sortie', 'desktop sees the stock client');
    } finally {
      stock.destroy();
    }
  });

  it('push and pull reconcile histories; the server refuses the loser of a push race (REMOTE_MOVED)', async () => {
    // a publishes the shared root, b has it too (same template): both start level
    expect((await a.sync.push(a.ws, 'main')).status).toBe('pushed');
    expect((await b.sync.pull(b.ws, 'main')).status).toBe('up-to-date');

    renameElement(a.session.doc, { id: 'ot-aircraft' }, 'Airframe');
    await a.ws.commit('main', { message: 'a: rename aircraft', author: 'a' });
    renameElement(b.session.doc, { id: 'ot-flight' }, 'FlightLeg');
    await b.ws.commit('main', { message: 'b: rename flight', author: 'b' });

    // Race: b's push is between uploading its objects and moving the head when a's push lands.
    const http = new HttpJson(server.http);
    const racing = new HistoryClient({
      http, auth: new StaticTokenProvider(TOKEN), workspace: 'acme',
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
    await applyMerge(b.ws, { source: pulled.remoteHead, into: 'main' }, { author: 'b', message: 'Merge the server\'s main' });
    expect((await b.sync.push(b.ws, 'main')).status).toBe('pushed');

    const back = await a.sync.pull(a.ws, 'main');
    expect(back.status).toBe('fast-forward');
    expect(a.ws.getBranch('main').head).toBe(b.ws.getBranch('main').head);
    const both = a.ws.checkout('main');
    expect(both.objectTypes['ot-aircraft']?.apiName).toBe('Airframe');
    expect(both.objectTypes['ot-flight']?.apiName).toBe('FlightLeg');
    expect(apiName(a, 'ot-flight')).toBe('FlightLeg'); // a's working state followed the fast-forward
  });
});
