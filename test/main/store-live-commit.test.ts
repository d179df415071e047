/**
 * Committing an opened (live) branch patches its base snapshot with the tracked changed entities
 * only (main/services/store/dirty-ids.ts). Each patched result is checked against the whole-state
 * path (prepareSnapshot of the whole doc): same address, hence the same header, buckets and
 * entities. Also: a doc of unknown lineage commits by one whole read and then patches again; edits
 * by another process reach the patch; v1 (whole-JSON) and v2 (Merkle) snapshot addresses are both
 * verified, and a content/address mismatch is refused.
 * OMS_LIVE_COMMIT_STEPS raises the fuzz steps per seed (default 20, bounded for CI).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryObject } from '../../core/contract/history-api';
import { OmsError } from '../../core/errors';
import { COLLECTIONS, canonicalJson, parseOntology, stableStringify, type Collection, type Ontology } from '../../core/model';
import { ORIGIN, applyOntology, applyOp, docToOntology, ontologyToDoc, setField } from '../../core/yjs';
import { validate, type Diagnostic } from '../../core/validate';
import { Workspace } from '../../main/services/store';
import { commitId } from '../../main/services/store/commit-graph';
import { merkleSnapshotHash, sha256 } from '../../main/services/store/hash';
import { migrate } from '../../main/services/store/migrations';
import { ObjectStore } from '../../main/services/store/object-store';
import { headerJson, prepareSnapshot } from '../../main/services/store/snapshots';
import { WORKSPACE_MIGRATIONS } from '../../main/services/store/workspace-schema';
import { randomEdit } from '../support/random-edits';
import { Rand } from '../support/random-ontology';
import { airline, codeOf, useTempWorkspace } from '../support/workspace-fixture';
import { spawnStoreChild } from './crash/spawn-child';

const STEPS = Math.max(1, Number(process.env.OMS_LIVE_COMMIT_STEPS ?? 20));
const wholeHash = (doc: Y.Doc): string => prepareSnapshot(docToOntology(doc)).hash;
const kills: Array<() => void> = [];
afterEach(() => kills.splice(0).forEach((k) => k()));

function describeAs(o: Ontology, id: string, description: string): Ontology {
  const next = structuredClone(o);
  (next.objectTypes[id] as { description: string }).description = description;
  return parseOntology(next);
}

/** The parent patched with what the commit changed gives the commit's address and ontology. */
function checkPatchOf(ws: Workspace, parent: string, child: string): void {
  const [a, b] = [ws.commits.get(parent).snapshot, ws.commits.get(child).snapshot];
  const { before, after } = ws.snapshots.readDifference(a, b);
  const entities = new Map<string, { collection: Collection; body: string } | null>();
  for (const c of COLLECTIONS) {
    for (const id of Object.keys(before[c])) entities.set(id, null);
    for (const [id, e] of Object.entries(after[c])) entities.set(id, { collection: c, body: stableStringify(e) });
  }
  const header = headerJson(after);
  const patch = header === headerJson(before) ? { entities } : { header, entities };
  expect(ws.snapshots.preparePatch(a, patch).hash).toBe(b);
  expect(canonicalJson(ws.snapshots.readPatched(a, patch))).toBe(canonicalJson(ws.snapshots.read(b)));
}

describe('committing a live branch', () => {
  const fx = useTempWorkspace('oms-live-commit-');

  for (const seed of [11, 13]) {
    it(`seed ${seed}: every patched commit has the whole state's address and content`, async () => {
      const r = new Rand(seed);
      const counter = { n: 0 };
      let s = await fx.ws.openBranch('main');
      let landed = 0;
      for (let step = 0; step < STEPS; step++) {
        for (let k = r.int(1, 3); k > 0; k--) {
          const e = randomEdit(s.doc, r, String(seed), counter);
          if (e.kind === 'op') applyOp(s.doc, e.op);
          else applyOntology(s.doc, e.target, ORIGIN.local);
        }
        const expected = wholeHash(s.doc);
        expect((await fx.ws.status('main')).workingHash, `step ${step}`).toBe(expected);
        if (r.bool(0.6)) {
          const out = await fx.ws.commit('main', { message: `step ${step}`, author: 'ada' }).catch((e: unknown) => e);
          if (out instanceof OmsError) {
            expect(['COMMIT_BLOCKED', 'COMMIT_EMPTY'], `step ${step}`).toContain(out.code);
            // Random deletes leave dangling references (BLOCK): go back to the head, as a user would,
            // which is itself a many-entity change for the next patch.
            if (out.code === 'COMMIT_BLOCKED') {
              applyOntology(s.doc, fx.ws.checkout('main'), ORIGIN.local);
              expect((await fx.ws.status('main')).dirty, `step ${step}`).toBe(false);
            }
          } else {
            const { commit, snapshotFrom } = out as Awaited<ReturnType<Workspace['commit']>>;
            expect(snapshotFrom, `step ${step}`).toBe('changed-entities');
            expect(commit.snapshot, `step ${step}`).toBe(expected);
            expect(canonicalJson(fx.ws.checkout(commit.id))).toBe(canonicalJson(docToOntology(s.doc)));
            checkPatchOf(fx.ws, commit.parents[0] as string, commit.id);
            landed++;
          }
        }
        if (r.bool(0.1)) {
          // A clean restart: the record written at close lets the next session patch as well.
          await fx.ws.close();
          fx.ws = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
          s = await fx.ws.openBranch('main');
        }
      }
      expect(landed).toBeGreaterThan(0);
    });
  }

  it('a patched commit writes only the changed entity and its bucket', async () => {
    const s = await fx.ws.openBranch('main');
    setField(s.doc, { id: 'ot-aircraft' }, 'displayName', 'Airframe');
    const out = await fx.ws.commit('main', { message: 'one field', author: 'ada' });
    expect(out.snapshotFrom).toBe('changed-entities');
    expect(out.newEntityRows).toBe(1);
    const parent = fx.ws.commits.get(out.commit.parents[0] as string).snapshot;
    const buckets = (h: string) => JSON.parse((fx.ws.db.prepare('SELECT buckets FROM snapshots WHERE hash = ?').get(h) as { buckets: string }).buckets) as Record<string, string>;
    const [before, after] = [buckets(parent), buckets(out.commit.snapshot)];
    expect(Object.keys(after).filter((i) => after[i] !== before[i])).toHaveLength(1);
    // Nothing changed since: an empty commit is refused by content.
    expect(await codeOf(fx.ws.commit('main', { message: 'again', author: 'ada' }))).toBe('COMMIT_EMPTY');
  });

  it('findings recorded under liveStateKey (background validation) stand for that state at commit, and only that state', async () => {
    const s = await fx.ws.openBranch('main');
    setField(s.doc, { id: 'ot-aircraft' }, 'displayName', 'Airframe');
    const key = fx.ws.liveStateKey(s);
    expect(key).toBe(wholeHash(s.doc));
    // Markers no validator would produce: they come back only if the commit took the recorded findings.
    const marker: Diagnostic = { severity: 'INFO', code: 'RECORDED', path: 'ot-aircraft', message: 'validated in the background' };
    fx.ws.recordValidation(key as string, [marker]);
    expect((await fx.ws.commit('main', { message: 'validated', author: 'ada' })).diagnostics).toEqual([marker]);
    setField(s.doc, { id: 'ot-aircraft' }, 'displayName', 'Plane');
    fx.ws.recordValidation(fx.ws.liveStateKey(s) as string, [{ ...marker, severity: 'BLOCK' }]);
    expect(await codeOf(fx.ws.commit('main', { message: 'blocked', author: 'ada' }))).toBe('COMMIT_BLOCKED');
    // A later edit is another state: the commit validates it itself.
    setField(s.doc, { id: 'ot-aircraft' }, 'displayName', 'Jet');
    const out = await fx.ws.commit('main', { message: 'own validation', author: 'ada' });
    expect(out.diagnostics).not.toContainEqual(expect.objectContaining({ code: 'RECORDED' }));
    expect(out.diagnostics).toEqual(validate(docToOntology(s.doc)));
  });

  it('a doc adopted from elsewhere commits by one whole read, then by patches again', async () => {
    await fx.ws.createBranch('b');
    const doc = ontologyToDoc(describeAs(airline(), 'ot-flight', 'from a room'));
    fx.ws.adoptLiveDoc('b', Y.encodeStateAsUpdate(doc));
    doc.destroy();
    const s = await fx.ws.openBranch('b');
    const first = await fx.ws.commit('b', { message: 'adopted', author: 'ada' });
    expect(first.snapshotFrom).toBe('whole-state');
    expect(first.commit.snapshot).toBe(wholeHash(s.doc));
    setField(s.doc, { id: 'ot-flight' }, 'displayName', 'Leg');
    const second = await fx.ws.commit('b', { message: 'edit', author: 'ada' });
    expect(second.snapshotFrom).toBe('changed-entities');
    expect(second.commit.snapshot).toBe(wholeHash(s.doc));
  });

  it('a whole-state change without a session (as the CLI applies it) keeps the record, so the next session patches', async () => {
    const s = await fx.ws.openBranch('main');
    setField(s.doc, { id: 'ot-aircraft' }, 'displayName', 'Plane');
    await s.close();
    await fx.ws.setWorking('main', describeAs(await fx.ws.readWorking('main'), 'ot-booking', 'applied from a file'));
    const again = await fx.ws.openBranch('main');
    const out = await fx.ws.commit('main', { message: 'both', author: 'ada' });
    expect(out.snapshotFrom).toBe('changed-entities');
    expect(out.commit.snapshot).toBe(wholeHash(again.doc));
    expect(fx.ws.checkout(out.commit.id).objectTypes['ot-booking']?.description).toBe('applied from a file');
    expect(fx.ws.checkout(out.commit.id).objectTypes['ot-aircraft']?.displayName).toBe('Plane');
  });

  it("another process's edit to the open branch reaches the patched commit", async () => {
    const s = await fx.ws.openBranch('main');
    setField(s.doc, { id: 'ot-aircraft' }, 'displayName', 'Mine');
    await s.flush();
    const file = join(fx.root, 'theirs.json');
    writeFileSync(file, canonicalJson(describeAs(docToOntology(s.doc), 'ot-flight', 'written by another process')));
    const child = spawnStoreChild(['apply', fx.root, 'demo', 'main', file], (k) => kills.push(k));
    await child.line(/^ready$/);
    child.p.stdin.write('go\n');
    expect(JSON.parse(await child.line(/^\{/))).toEqual({ ok: true });
    const out = await fx.ws.commit('main', { message: 'both processes', author: 'ada' });
    expect(out.snapshotFrom).toBe('changed-entities');
    expect(out.commit.snapshot).toBe(wholeHash(s.doc));
    const committed = fx.ws.checkout(out.commit.id);
    expect(committed.objectTypes['ot-flight']?.description).toBe('written by another process');
    expect(committed.objectTypes['ot-aircraft']?.displayName).toBe('Mine');
  }, 60_000);
});

describe('snapshot addresses v1 and v2', () => {
  const fx = useTempWorkspace('oms-snapshot-address-');

  function scratch(): Database.Database {
    const db = new Database(':memory:');
    migrate(db, 'workspace', WORKSPACE_MIGRATIONS);
    return db;
  }

  function history(ws: Workspace): HistoryObject[] {
    const store = new ObjectStore(ws.db);
    return store.get(store.closure([ws.getBranch('main').head], []));
  }

  type SnapshotObject = Extract<HistoryObject, { type: 'snapshot' }>;
  type CommitObject = Extract<HistoryObject, { type: 'commit' }>;
  const only = <T extends HistoryObject['type']>(objects: HistoryObject[], type: T) => objects.filter((o): o is Extract<HistoryObject, { type: T }> => o.type === type);

  /** The same history with its root snapshot re-addressed the v1 way (as commits made before v2 are). */
  function asV1(objects: HistoryObject[], o: Ontology): { objects: HistoryObject[]; root: string } {
    const snap = only(objects, 'snapshot')[0] as SnapshotObject;
    const commit = only(objects, 'commit')[0] as CommitObject;
    const v1 = sha256(canonicalJson(o));
    const fields = { parents: [], snapshot: v1, author: commit.author, message: commit.message, time: commit.time };
    const root = commitId(fields);
    return { objects: [...objects.filter((x) => x.type !== 'snapshot' && x.type !== 'commit'), { ...snap, hash: v1 }, { type: 'commit', hash: root, ...fields }], root };
  }

  it('new snapshots are v2; a store accepts v1 and v2, and refuses content that does not match its address', () => {
    const objects = history(fx.ws);
    const snap = only(objects, 'snapshot')[0] as SnapshotObject;
    expect(snap.hash).toMatch(/^merkle-sha256-/);
    expect(merkleSnapshotHash(snap.header, snap.buckets)).toBe(snap.hash);
    const plain = objects.filter((o) => o.type === 'entity' || o.type === 'bucket');
    const refused = (s: SnapshotObject): string | undefined => {
      const db = scratch();
      try {
        new ObjectStore(db).put([...plain, s]);
        return undefined;
      } catch (err) {
        return (err as OmsError).code;
      } finally {
        db.close();
      }
    };
    expect(refused(snap)).toBeUndefined();
    const v1 = asV1(objects, airline()).objects.find((o): o is SnapshotObject => o.type === 'snapshot') as SnapshotObject;
    expect(refused(v1)).toBeUndefined();
    // Same header, other address; and an address over a changed header.
    const renamed = stableStringify({ ...(JSON.parse(snap.header) as Record<string, unknown>), name: 'forged' });
    expect(refused({ ...snap, header: renamed })).toBe('OBJECT_INVALID');
    expect(refused({ ...v1, header: renamed })).toBe('OBJECT_INVALID');
    // Self-consistent Merkle hash over a header that is not canonical (keys out of order): refused,
    // or one ontology could have two addresses.
    const shuffled = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(snap.header) as Record<string, unknown>).reverse()));
    expect(shuffled).not.toBe(snap.header);
    expect(refused({ ...snap, header: shuffled, hash: merkleSnapshotHash(shuffled, snap.buckets) })).toBe('OBJECT_INVALID');
    expect(refused({ ...snap, entityCount: snap.entityCount + 1 })).toBe('OBJECT_INVALID');
    // A bucket dropped: the address no longer matches.
    const [first] = Object.keys(snap.buckets);
    const fewer = { ...snap.buckets };
    delete fewer[first as string];
    expect(refused({ ...snap, buckets: fewer })).toBe('OBJECT_INVALID');
    expect(refused({ ...snap, buckets: fewer, hash: merkleSnapshotHash(snap.header, fewer) })).toBe('OBJECT_INVALID');
  });

  it('a workspace made from a history whose root is v1 reproduces that root, and equal content compares equal across versions', async () => {
    const { objects, root } = asV1(history(fx.ws), airline());
    const clone = await Workspace.create(fx.root, 'clone', { history: { objects, root }, durability: 'normal' });
    try {
      expect(clone.getBranch('main').head).toBe(root);
      const v1 = clone.getCommit('main').snapshot;
      expect(v1).toMatch(/^sha256-/);
      expect(canonicalJson(clone.checkout('main'))).toBe(canonicalJson(airline()));
      expect((await clone.status('main')).dirty).toBe(false);
      // The same content re-written (v2) is not a change.
      await clone.setWorking('main', airline());
      expect((await clone.status('main')).dirty).toBe(false);
      expect(await codeOf(clone.commit('main', { message: 'nothing', author: 'ada' }))).toBe('COMMIT_EMPTY');
      // A live session on top of the v1 base patches it into a v2 snapshot.
      const s = await clone.openBranch('main');
      expect((await clone.status('main')).dirty).toBe(false);
      setField(s.doc, { id: 'ot-aircraft' }, 'displayName', 'Plane');
      const out = await clone.commit('main', { message: 'live', author: 'ada' });
      expect(out.snapshotFrom).toBe('changed-entities');
      expect(out.commit.snapshot).toBe(wholeHash(s.doc));
    } finally {
      await clone.close();
    }
  });
});
