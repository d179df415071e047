/**
 * The API boundary, driven through the real web host over a real WebSocket: every malformed call
 * gets a typed error (BAD_ARGUMENT, UNKNOWN_METHOD, SESSION_NOT_FOUND…) and leaves main's state
 * exactly as it was: workspaces, branches, heads, settings and the live doc.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBytes, type StudioErrorShape } from '../../../core/contract/studio-api';
import { canonicalJson } from '../../../core/model';
import { docToOntology } from '../../../core/yjs';
import type { StudioClientApi } from '../../../renderer/src/api/client';
import type { WebSocketBridge } from '../../../renderer/src/api/web-socket-bridge';
import { openReplica, type Replica } from '../../../renderer/src/api/replica';
import { startWithAirline, type Harness } from './harness';

let h: Harness;
let studio: StudioClientApi;
let bridge: WebSocketBridge;
let replica: Replica;

beforeAll(async () => {
  ({ h, studio, bridge } = await startWithAirline());
  await studio.call('branch.create', { workspace: 'airline', name: 'feature' });
  replica = await openReplica(studio, { workspace: 'airline', branch: 'main' });
});
afterAll(async () => {
  await replica.close();
  await h.close();
});

/** Everything a bad call could have touched. */
async function snapshot(): Promise<string> {
  const fresh = await openReplica(studio, { workspace: 'airline', branch: 'main' });
  const doc = canonicalJson(docToOntology(fresh.doc));
  await fresh.close();
  return JSON.stringify({
    workspaces: (await studio.call('workspace.list', {})).workspaces.map((w) => w.name),
    branches: (await studio.call('branch.list', { workspace: 'airline' })).branches.map((b) => [b.name, b.head]),
    settings: await studio.call('settings.get', {}),
    tags: await studio.call('tag.list', { workspace: 'airline' }),
    doc,
    replica: canonicalJson(docToOntology(replica.doc)),
  });
}

async function raw(method: string, input: unknown): Promise<StudioErrorShape> {
  const r = await bridge.invoke(method, input);
  if (r.ok) throw new Error(`${method} ${JSON.stringify(input).slice(0, 80)} was accepted`);
  return r.error;
}

const garbageUpdate = encodeBytes(new Uint8Array([0, 5, 200, 1, 2, 3, 255, 255, 255, 7]));

describe('bad arguments at the API boundary', () => {
  it('get a typed error and change nothing', async () => {
    const before = await snapshot();
    const session = replica.session;
    const cases: Array<[string, unknown, string]> = [
      ['workspace.create', { name: '../../etc' }, 'BAD_ARGUMENT'],
      ['workspace.create', { name: '' }, 'BAD_ARGUMENT'],
      ['workspace.create', { name: 'ok', extra: 1 }, 'BAD_ARGUMENT'],
      ['workspace.create', { name: 'x'.repeat(65) }, 'BAD_ARGUMENT'],
      ['workspace.create', null, 'BAD_ARGUMENT'],
      ['workspace.create', 'airline', 'BAD_ARGUMENT'],
      ['workspace.delete', { name: 'airline/../airline' }, 'BAD_ARGUMENT'],
      ['workspace.delete', {}, 'BAD_ARGUMENT'],
      ['workspace.import', { name: 'imp', text: 42 }, 'BAD_ARGUMENT'],
      ['workspace.import', { name: 'imp', text: '{"format": "oms/1"', format: 'oms' }, 'IMPORT_PARSE_ERROR'],
      ['workspace.import', { name: 'imp', text: '{}', format: 'docx' }, 'BAD_ARGUMENT'],
      ['branch.create', { workspace: 'airline', name: 'feature' }, 'BRANCH_EXISTS'],
      ['branch.create', { workspace: 'airline', name: 'bad..name' }, 'STORE_INVALID_ARG'],
      ['branch.create', { workspace: 'airline', name: 5 }, 'BAD_ARGUMENT'],
      ['branch.rename', { workspace: 'airline', from: 'nope', to: 'x' }, 'BRANCH_NOT_FOUND'],
      ['branch.delete', { workspace: 'airline', name: 'main' }, 'BRANCH_PROTECTED'],
      ['branch.delete', { workspace: 'airline', name: 'feature', force: 'yes' }, 'BAD_ARGUMENT'],
      ['commit.create', { workspace: 'airline', branch: 'main', message: '' }, 'BAD_ARGUMENT'],
      ['commit.create', { workspace: 'airline', branch: 'main', message: 'nothing changed' }, 'COMMIT_EMPTY'],
      ['commit.log', { workspace: 'airline', ref: 'main', limit: -1 }, 'BAD_ARGUMENT'],
      ['commit.log', { workspace: 'airline', ref: 'deadbeefnope' }, 'REF_NOT_FOUND'],
      ['diff', { workspace: 'airline', from: { ref: 'main' }, to: { ref: 'main', working: 'main' } }, 'BAD_ARGUMENT'],
      ['merge.apply', { workspace: 'airline', source: 'feature', into: 'main', resolutions: { x: { pick: 'mine' } } }, 'BAD_ARGUMENT'],
      ['merge.apply', { workspace: 'airline', source: 'feature', into: 'main' }, 'MERGE_UP_TO_DATE'],
      ['revert', { workspace: 'airline', branch: 'main', ref: 'main' }, 'STORE_INVALID_ARG'],
      ['release.create', { workspace: 'airline', version: 'one' }, 'VERSION_INVALID'],
      ['settings.set', { patch: { theme: 'neon' } }, 'BAD_ARGUMENT'],
      ['settings.set', { patch: { author: { name: '' } } }, 'BAD_ARGUMENT'],
      ['settings.set', { theme: 'dark' }, 'BAD_ARGUMENT'],
      ['doc.open', { workspace: 'airline', branch: 'nope' }, 'BRANCH_NOT_FOUND'],
      ['doc.open', { workspace: 'nope', branch: 'main' }, 'WORKSPACE_NOT_FOUND'],
      ['doc.push', { session, updates: [] }, 'BAD_ARGUMENT'],
      ['doc.push', { session, updates: ['***not base64***'] }, 'BAD_ARGUMENT'],
      ['doc.push', { session, updates: [garbageUpdate] }, 'BAD_ARGUMENT'],
      ['doc.push', { session: 'someone-else', updates: [encodeBytes(Y.encodeStateAsUpdate(new Y.Doc()))] }, 'SESSION_NOT_FOUND'],
      ['doc.close', { session: 'made-up' }, 'SESSION_NOT_FOUND'],
      ['doc.read', { session: 'made-up' }, 'SESSION_NOT_FOUND'],
      ['doc.read', { session, part: 3 }, 'BAD_ARGUMENT'],
      ['jobs.start', { kind: 'format-disk' }, 'BAD_ARGUMENT'],
      ['jobs.start', { kind: 'import', name: 'airline', text: '{}' }, 'WORKSPACE_EXISTS'],
      ['jobs.cancel', { jobId: 'nope' }, 'JOB_NOT_FOUND'],
      ['examples.open', { id: '../package' }, 'BAD_ARGUMENT'],
      ['examples.open', { id: 'nope' }, 'NOT_FOUND'],
      ['examples.open', { id: 'airline' }, 'WORKSPACE_EXISTS'],
      ['no.such.method', {}, 'UNKNOWN_METHOD'],
      ['__proto__', {}, 'UNKNOWN_METHOD'],
      ['constructor', {}, 'UNKNOWN_METHOD'],
    ];
    for (const [method, input, code] of cases) {
      const error = await raw(method, input);
      expect.soft(error.code, `${method} ${JSON.stringify(input).slice(0, 100)}`).toBe(code);
      expect(typeof error.message).toBe('string');
    }
    expect(await snapshot()).toBe(before);
  });

  it('another client cannot use, push to or close my session', async () => {
    const other = await h.connect();
    const before = await snapshot();
    const update = (() => {
      const d = new Y.Doc();
      Y.applyUpdate(d, Y.encodeStateAsUpdate(replica.doc));
      const sv = Y.encodeStateVector(d);
      d.getMap('x').set('y', 1);
      return encodeBytes(Y.encodeStateAsUpdate(d, sv));
    })();
    expect((await other.bridge.invoke('doc.push', { session: replica.session, updates: [update] })).ok).toBe(false);
    expect((await other.bridge.invoke('doc.close', { session: replica.session })).ok).toBe(false);
    expect((await other.bridge.invoke('doc.read', { session: replica.session })).ok).toBe(false);
    expect(await snapshot()).toBe(before);
  });

  it('a malformed envelope closes the socket instead of reaching a handler', async () => {
    const { bridge: b } = await h.connect();
    const closed = new Promise<number>((resolve) => {
      const ws = (b as unknown as { socket: { addEventListener(t: 'close', f: (e: { code: number }) => void): void; send(s: string): void } }).socket;
      ws.addEventListener('close', (e) => resolve(e.code));
      ws.send('{"id": "one", "method": 7}');
    });
    expect(await closed).toBe(4400);
  });
});
